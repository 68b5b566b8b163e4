/*
 * ud_parse.c - element helpers of the User-Data parser: error messages with
 * line numbers, child iteration through any depth of Extension, bounded
 * text, tBool and integers, and bounded array growth.
 */
#include "config.h"

#include "diameter/userdata/ud_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/xml_strict.h"

int ud_fail(ud_ctx_t *c, const xmlNode *at, const char *fmt, ...)
{
	va_list ap;
	int off = 0;

	if (c->err == NULL || c->errlen == 0)
		return -1;
	if (c->err[0] != '\0')
		return -1; /* keep the first message */
	if (at != NULL)
		off = snprintf(c->err, c->errlen, "line %ld: ", xmlGetLineNo(at));
	if (off < 0 || (size_t)off >= c->errlen)
		off = 0;
	va_start(ap, fmt);
	vsnprintf(c->err + off, c->errlen - (size_t)off, fmt, ap);
	va_end(ap);
	if (c->err[0] == '\0')
		snprintf(c->err, c->errlen, "?");
	return -1;
}

bool ud_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static bool is_blank(const xmlChar *s)
{
	for (; s != NULL && *s; s++)
		if (!is_space(*s))
			return false;
	return true;
}

int ud_each_child(ud_ctx_t *c, const xmlNode *e, unsigned ext, ud_child_fn fn, void *arg)
{
	const xmlNode *k;

	for (k = e->children; k != NULL; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			if (!is_blank(k->content))
				return ud_fail(c, k, "text is not allowed inside <%s>", e->name);
		} else if (k->type == XML_ENTITY_REF_NODE) {
			return ud_fail(c, k, "entity references are not allowed");
		} else if (k->type != XML_ELEMENT_NODE) {
			continue;
		} else if (ud_is(k, "Extension")) {
			if (ud_each_child(c, k, ext + 1, fn, arg) < 0)
				return -1;
		} else if (fn(c, k, ext, arg) < 0) {
			return -1;
		}
	}
	return 0;
}

int ud_text(ud_ctx_t *c, const xmlNode *e, bool trim_it, char **dst)
{
	if (*dst != NULL)
		return ud_fail(c, e, "<%s> appears twice", e->name);
	*dst = xml_strict_text(e, c->lim->max_text, trim_it, c->err, c->errlen);
	return *dst != NULL ? 0 : -1;
}

/* Parse the trimmed text of e as 0..max; -2 when it is no such number. */
static int text_uint(ud_ctx_t *c, const xmlNode *e, unsigned max, unsigned *out, char **text)
{
	unsigned long v = 0;
	const char *q;

	*text = NULL;
	if (ud_text(c, e, true, text) < 0)
		return -1;
	q = *text;
	if (*q == '+')
		q++;
	if (*q == '\0')
		return -2;
	for (; *q >= '0' && *q <= '9'; q++) {
		v = v * 10 + (unsigned long)(*q - '0');
		if (v > max)
			return -2;
	}
	if (*q != '\0')
		return -2;
	*out = (unsigned)v;
	return 0;
}

int ud_uint(ud_ctx_t *c, const xmlNode *e, unsigned max, unsigned *out, bool *seen)
{
	char *text;
	int rc;

	if (*seen)
		return ud_fail(c, e, "<%s> appears twice", e->name);
	rc = text_uint(c, e, max, out, &text);
	if (rc == -2)
		ud_fail(c, e, "<%s> has value \"%.40s\", expected an integer from 0 to %u", e->name,
			text, max);
	free(text);
	*seen = true;
	return rc < 0 ? -1 : 0;
}

int ud_bool(ud_ctx_t *c, const xmlNode *e, bool *out, bool *seen)
{
	char *text = NULL;
	int rc = 0;

	if (*seen)
		return ud_fail(c, e, "<%s> appears twice", e->name);
	if (ud_text(c, e, true, &text) < 0)
		return -1;
	if (strcmp(text, "1") == 0 || strcmp(text, "true") == 0)
		*out = true;
	else if (strcmp(text, "0") == 0 || strcmp(text, "false") == 0)
		*out = false;
	else
		rc = ud_fail(c, e, "<%s> has value \"%.40s\", expected 0, 1, false or true",
			     e->name, text);
	free(text);
	*seen = true;
	return rc;
}

void *ud_push(ud_ctx_t *c, const xmlNode *at, void *arr, size_t *n, size_t size, size_t limit,
	      const char *what)
{
	void *old, *grown;
	char *slot;

	if (*n >= limit) {
		ud_fail(c, at, "more than %zu %s", limit, what);
		return NULL;
	}
	memcpy(&old, arr, sizeof(old));
	grown = realloc(old, (*n + 1) * size);
	if (grown == NULL) {
		ud_fail(c, at, "out of memory");
		return NULL;
	}
	memcpy(arr, &grown, sizeof(grown));
	slot = (char *)grown + *n * size;
	memset(slot, 0, size);
	(*n)++;
	return slot;
}
