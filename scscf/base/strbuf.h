/*
 * strbuf.h - a growing text buffer for answers built in one go (the
 * control socket's JSON, the metrics endpoint's Prometheus text, the
 * headers of the registrar's 200 OK).  The
 * text stays NUL-terminated; running out of memory is sticky: every later
 * append does nothing and sb_take() reports it.
 */
#ifndef SCSCF_STRBUF_H
#define SCSCF_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *buf;
	size_t len, cap;
	bool failed; /* out of memory */
} strbuf_t;

/* Append n bytes / a C string. */
void sb_put(strbuf_t *b, const char *p, size_t n);
void sb_puts(strbuf_t *b, const char *s);
/* Append printf-style text. */
void sb_printf(strbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The text (the caller frees it) and its length, or NULL when memory ran
 * out or nothing was written; b is empty again either way. */
char *sb_take(strbuf_t *b, size_t *len);
/* The same, cut to its length: for text that is kept (a NOTIFY held for
 * retransmission), so that it costs no more than its bytes. */
char *sb_take_fit(strbuf_t *b, size_t *len);

void sb_free(strbuf_t *b);

#endif
