/*
 * strbuf.c - see strbuf.h.
 */
#include "config.h"

#include "scscf/base/strbuf.h"

#include <stdlib.h>
#include <string.h>

void sb_put(strbuf_t *b, const char *p, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *nb;

		while (cap < b->len + n + 1)
			cap *= 2;
		nb = realloc(b->buf, cap);
		if (nb == NULL) {
			b->failed = true;
			return;
		}
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void sb_puts(strbuf_t *b, const char *s)
{
	sb_put(b, s, strlen(s));
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

void sb_free(strbuf_t *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}
