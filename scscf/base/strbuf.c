/*
 * strbuf.c - see strbuf.h.
 */
#include "config.h"

#include "scscf/base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the NUL; false (and failed) when memory runs
 * out. */
static bool reserve(strbuf_t *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 1024;
	char *nb;

	if (b->failed)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	while (cap < b->len + n + 1)
		cap *= 2;
	nb = realloc(b->buf, cap);
	if (nb == NULL) {
		b->failed = true;
		return false;
	}
	b->buf = nb;
	b->cap = cap;
	return true;
}

void sb_put(strbuf_t *b, const char *p, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void sb_puts(strbuf_t *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

void sb_printf(strbuf_t *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *sb_take(strbuf_t *b, size_t *len)
{
	char *out = b->buf;

	if (b->failed || out == NULL) {
		sb_free(b);
		return NULL;
	}
	*len = b->len;
	memset(b, 0, sizeof(*b));
	return out;
}

char *sb_take_fit(strbuf_t *b, size_t *len)
{
	size_t cap = b->cap;
	char *out = sb_take(b, len);

	if (out != NULL && cap > *len + 1) { /* give back the last doubling's slack */
		char *fit = realloc(out, *len + 1);

		if (fit != NULL)
			out = fit;
	}
	return out;
}

void sb_free(strbuf_t *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}
