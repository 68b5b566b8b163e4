/*
 * wildcard_internal.h - the two ERE helpers that wildcard.c (compiling a
 * wildcard) and wildcard_forms.c (its TS 23.003 form, a URI it covers)
 * share: escaping literal text and finding a bracket expression's end.
 */
#ifndef UD_WILDCARD_INTERNAL_H
#define UD_WILDCARD_INTERNAL_H

#include <stddef.h>

/* Append s[0..n) to out with every ERE special character escaped; the
 * end of what was written.  out needs room for 2 * n bytes. */
char *ud_wc_put_literal(char *out, const char *s, size_t n);

/* The bracket expression starting at re[i] == '[': the index of its
 * closing ']', or n when it has none. */
size_t ud_wc_skip_bracket(const char *re, size_t n, size_t i);

#endif
