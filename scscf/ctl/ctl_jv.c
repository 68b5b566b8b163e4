/*
 * ctl_jv.c - the bounded JSON reader of ctl_json.h: recursive descent over
 * an explicit length (NUL bytes are just bytes that make the text
 * invalid), depth and item counts checked before anything is allocated.
 */
#include "config.h"

#include "scscf/ctl/ctl_json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const unsigned char *p, *end;
	const jv_limits_t *lim;
	size_t items;
	char *err;
	size_t errlen;
	bool failed;
} rd_t;

static void fail(rd_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(rd_t *r, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;
	r->failed = true;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
}

static void blanks(rd_t *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

void jv_free(jv_t *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		jv_free(v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static jv_t *node(rd_t *r, jv_type_t t)
{
	jv_t *v;

	if (++r->items > r->lim->max_items) {
		fail(r, "more than %zu values", r->lim->max_items);
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		fail(r, "out of memory");
	else
		v->type = t;
	return v;
}

static int hex4(rd_t *r, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (r->end - r->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		unsigned c = r->p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	r->p += 4;
	*out = v;
	return 0;
}

static size_t put_utf8(unsigned char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* One \u escape (the "\u" already read), a surrogate pair taken whole. */
static int unicode_escape(rd_t *r, unsigned *cp)
{
	unsigned lo;

	if (hex4(r, cp) < 0)
		return -1;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return -1;
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
			return -1;
		r->p += 2;
		if (hex4(r, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	return *cp == 0 ? -1 : 0;
}

size_t jv_utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	uint32_t cp;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* A string (the opening quote is at r->p); the decoded text is never
 * longer than the quoted one. */
static char *string(rd_t *r)
{
	const unsigned char *start = ++r->p;
	unsigned char *out, *o;
	unsigned cp;
	size_t len;

	while (r->p < r->end && *r->p != '"')
		r->p += *r->p == '\\' && r->p + 1 < r->end ? 2 : 1;
	if (r->p >= r->end) {
		fail(r, "unterminated string");
		return NULL;
	}
	out = o = malloc((size_t)(r->p - start) + 1);
	if (out == NULL) {
		fail(r, "out of memory");
		return NULL;
	}
	r->end = r->p; /* decode the span, then restore */
	r->p = start;
	while (r->p < r->end) {
		unsigned c = *r->p;

		if (c < 0x20) {
			fail(r, "control character in a string");
			break;
		}
		if (c >= 0x80) {
			len = jv_utf8_len(r->p, (size_t)(r->end - r->p));
			if (len == 0) {
				fail(r, "string is not UTF-8");
				break;
			}
			memcpy(o, r->p, len);
			o += len;
			r->p += len;
			continue;
		}
		r->p++;
		if (c != '\\') {
			*o++ = (unsigned char)c;
			continue;
		}
		c = *r->p++;
		switch (c) {
		case '"': case '\\': case '/': *o++ = (unsigned char)c; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (unicode_escape(r, &cp) == 0) {
				o += put_utf8(o, cp);
				break;
			}
			/* fall through */
		default:
			fail(r, "bad escape in a string");
			break;
		}
		if (r->failed)
			break;
	}
	*o = '\0';
	return (char *)out; /* r->p is at the closing quote */
}

static jv_t *value(rd_t *r, unsigned depth);

/* Restores r->end after string() narrowed it: callers keep the real end. */
static char *string_at(rd_t *r)
{
	const unsigned char *end = r->end;
	char *s = string(r);

	r->end = end;
	if (r->failed) {
		free(s);
		return NULL;
	}
	r->p++; /* the closing quote */
	return s;
}

static jv_t *number(rd_t *r)
{
	const unsigned char *s = r->p;
	jv_t *v;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p < r->end && *r->p == '0')
		r->p++;
	else if (r->p < r->end && *r->p >= '1' && *r->p <= '9')
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	else
		goto bad;
	if (r->p < r->end && *r->p == '.') {
		if (++r->p >= r->end || *r->p < '0' || *r->p > '9')
			goto bad;
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			goto bad;
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	v = node(r, JV_NUMBER);
	if (v == NULL)
		return NULL;
	v->str = strndup((const char *)s, (size_t)(r->p - s));
	if (v->str == NULL) {
		fail(r, "out of memory");
		jv_free(v);
		return NULL;
	}
	return v;
bad:
	fail(r, "bad number");
	return NULL;
}

static jv_t *word(rd_t *r, const char *w, jv_type_t t, bool b)
{
	size_t n = strlen(w);
	jv_t *v;

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0) {
		fail(r, "unexpected character");
		return NULL;
	}
	r->p += n;
	v = node(r, t);
	if (v != NULL)
		v->boolean = b;
	return v;
}

static int append(rd_t *r, jv_t *c, jv_t *item, char *key)
{
	jv_t **items = realloc(c->items, (c->n + 1) * sizeof(*items));

	if (items != NULL)
		c->items = items;
	if (items != NULL && c->type == JV_OBJECT) {
		char **keys = realloc(c->keys, (c->n + 1) * sizeof(*keys));

		if (keys == NULL)
			items = NULL;
		else
			c->keys = keys;
	}
	if (items == NULL) {
		fail(r, "out of memory");
		jv_free(item);
		free(key);
		return -1;
	}
	c->items[c->n] = item;
	if (c->keys != NULL)
		c->keys[c->n] = key;
	c->n++;
	return 0;
}

/* An array or an object (the opener is at r->p). */
static jv_t *container(rd_t *r, unsigned depth)
{
	bool obj = *r->p == '{';
	char close = obj ? '}' : ']';
	jv_t *c, *item;
	char *key = NULL;

	if (depth >= r->lim->max_depth) {
		fail(r, "nested deeper than %u", r->lim->max_depth);
		return NULL;
	}
	c = node(r, obj ? JV_OBJECT : JV_ARRAY);
	if (c == NULL)
		return NULL;
	r->p++;
	blanks(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return c;
	}
	for (;;) {
		blanks(r);
		if (obj) {
			if (r->p >= r->end || *r->p != '"') {
				fail(r, "expected a member name");
				break;
			}
			key = string_at(r);
			if (key == NULL)
				break;
			blanks(r);
			if (r->p >= r->end || *r->p != ':') {
				fail(r, "expected ':'");
				free(key);
				break;
			}
			r->p++;
		}
		item = value(r, depth + 1);
		if (item == NULL) {
			free(key);
			break;
		}
		if (append(r, c, item, key) < 0)
			break;
		key = NULL;
		blanks(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return c;
		}
		fail(r, "expected ',' or '%c'", close);
		break;
	}
	jv_free(c);
	return NULL;
}

static jv_t *value(rd_t *r, unsigned depth)
{
	jv_t *v;
	char *s;

	blanks(r);
	if (r->p >= r->end) {
		fail(r, "unexpected end");
		return NULL;
	}
	switch (*r->p) {
	case '{':
	case '[':
		return container(r, depth);
	case '"':
		s = string_at(r);
		if (s == NULL)
			return NULL;
		v = node(r, JV_STRING);
		if (v == NULL)
			free(s);
		else
			v->str = s;
		return v;
	case 't': return word(r, "true", JV_BOOL, true);
	case 'f': return word(r, "false", JV_BOOL, false);
	case 'n': return word(r, "null", JV_NULL, false);
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return number(r);
		fail(r, "unexpected character");
		return NULL;
	}
}

jv_t *jv_parse(const char *text, size_t len, const jv_limits_t *limits, char *err,
	       size_t errlen)
{
	rd_t r = {(const unsigned char *)text, (const unsigned char *)text + len, limits, 0,
		  err, errlen, false};
	jv_t *v;

	if (len > limits->max_bytes) {
		snprintf(err, errlen, "longer than %zu bytes", limits->max_bytes);
		return NULL;
	}
	v = value(&r, 0);
	if (v != NULL) {
		blanks(&r);
		if (r.p != r.end) {
			fail(&r, "text after the value");
			jv_free(v);
			v = NULL;
		}
	}
	return v;
}

const jv_t *jv_get(const jv_t *obj, const char *key)
{
	size_t i;

	if (obj == NULL || obj->type != JV_OBJECT)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const char *jv_string(const jv_t *v)
{
	return v != NULL && v->type == JV_STRING ? v->str : NULL;
}

const char *jv_text(const jv_t *v)
{
	if (v == NULL)
		return NULL;
	if (v->type == JV_BOOL)
		return v->boolean ? "true" : "false";
	if (v->type == JV_STRING || v->type == JV_NUMBER)
		return v->str;
	return NULL;
}

bool jv_true(const jv_t *v)
{
	return v != NULL && v->type == JV_BOOL && v->boolean;
}
