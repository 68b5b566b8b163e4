/*
 * ctl_jw.c - the JSON writer of ctl_json.h: commas, nesting, string
 * escaping and the UTF-8 check of every string written.
 */
#include "config.h"

#include "scscf/ctl/ctl_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jw_init(jw_t *w)
{
	memset(w, 0, sizeof(*w));
	w->first[0] = true;
}

void jw_free(jw_t *w)
{
	sb_free(&w->sb);
}

int jw_done(jw_t *w, char **buf, size_t *len)
{
	if (w->failed || w->depth != 0) {
		jw_free(w);
		return -1;
	}
	*buf = sb_take(&w->sb, len);
	return *buf != NULL ? 0 : -1;
}

static void put(jw_t *w, const char *p, size_t n)
{
	if (!w->failed)
		sb_put(&w->sb, p, n);
}

/* Before any value: the comma that separates it from the one before. */
static void sep(jw_t *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		put(w, ",", 1);
	w->first[w->depth] = false;
}

static void open(jw_t *w, char opener, char closer)
{
	sep(w);
	if (w->depth == JW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	put(w, &opener, 1);
	w->depth++;
	w->first[w->depth] = true;
	w->closer[w->depth] = closer;
}

void jw_obj(jw_t *w)
{
	open(w, '{', '}');
}

void jw_arr(jw_t *w)
{
	open(w, '[', ']');
}

void jw_end(jw_t *w)
{
	if (w->depth == 0) {
		w->failed = true;
		return;
	}
	put(w, &w->closer[w->depth], 1);
	w->depth--;
}

static void put_string(jw_t *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, run = 0, len;
	char esc[8];

	put(w, "\"", 1);
	while (i < n) {
		len = jv_utf8_len(p + i, n - i);
		if (len > 1 || (len == 1 && p[i] >= 0x20 && p[i] != '"' && p[i] != '\\' &&
				p[i] != 0x7f)) {
			i += len;
			run += len;
			continue;
		}
		put(w, s + i - run, run);
		run = 0;
		if (len == 0)
			put(w, "\xef\xbf\xbd", 3); /* U+FFFD for a byte that is not UTF-8 */
		else if (p[i] == '"' || p[i] == '\\') {
			esc[0] = '\\';
			esc[1] = (char)p[i];
			put(w, esc, 2);
		} else {
			snprintf(esc, sizeof(esc), "\\u%04x", p[i]);
			put(w, esc, 6);
		}
		i++;
	}
	put(w, s + i - run, run);
	put(w, "\"", 1);
}

void jw_key(jw_t *w, const char *key)
{
	sep(w);
	put_string(w, key);
	put(w, ":", 1);
	w->after_key = true;
}

void jw_str(jw_t *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	sep(w);
	put_string(w, s);
}

void jw_u64(jw_t *w, uint64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%" PRIu64, v);

	sep(w);
	put(w, num, (size_t)n);
}

void jw_bool(jw_t *w, bool v)
{
	sep(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(jw_t *w)
{
	sep(w);
	put(w, "null", 4);
}

void jw_kstr(jw_t *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_ku64(jw_t *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_u64(w, v);
}

void jw_kbool(jw_t *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}
