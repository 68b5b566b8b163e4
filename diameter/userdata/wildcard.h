/*
 * wildcard.h - wildcarded public identities as an HSS sends them.
 *
 * Two syntaxes are understood:
 *  - TS 23.003 "!regex!": the text between the first and the last '!' is a
 *    POSIX extended regular expression, the text around it is literal, and
 *    the whole identity must match (anchored at both ends);
 *  - the FHoSS glob: '*' stands for any run of characters, '?' for exactly
 *    one, everything else is literal, and again the whole identity must
 *    match.
 * A pattern with neither form matches only itself.  Matching compares bytes
 * exactly: URI normalisation is the caller's business.
 */
#ifndef DIAMETER_WILDCARD_H
#define DIAMETER_WILDCARD_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	UD_WC_LITERAL, /* no wildcard syntax: an exact string */
	UD_WC_REGEX,   /* sip:user!.*!@host */
	UD_WC_GLOB,    /* sip:user*@host, sip:u?er@host */
} ud_wc_kind_t;

typedef struct ud_wildcard ud_wildcard_t;

/* Which syntax pattern uses (the '!' form wins over glob characters). */
ud_wc_kind_t ud_wildcard_kind(const char *pattern);

/* Compile pattern once.  Patterns longer than max_len bytes, regular
 * expressions with back-references, and expressions regcomp() refuses are
 * errors, and so are expressions glibc would take long to compile:
 * stacked repetitions ("a*+", "a**"), more than 8 repeated groups, and
 * repetitions that expand to over 1000 nodes ("a{1,32767}",
 * "((a+)+)+..."): NULL with a message in err.  Free with ud_wildcard_free(). */
ud_wildcard_t *ud_wildcard_compile(const char *pattern, size_t max_len, char *err,
				   size_t errlen);

/* Does the whole of s match? */
bool ud_wildcard_match(const ud_wildcard_t *w, const char *s);

/* The pattern exactly as given to ud_wildcard_compile(). */
const char *ud_wildcard_pattern(const ud_wildcard_t *w);
ud_wc_kind_t ud_wildcard_get_kind(const ud_wildcard_t *w);

void ud_wildcard_free(ud_wildcard_t *w);

/* The TS 23.003 "!regex!" form of pattern (malloc'd; NULL on OOM): a
 * glob's span from its first to its last '*', '?' or '!' becomes the
 * expression ('*' ".*", '?' ".", ERE metacharacters escaped), the text
 * around it stays literal ("sip:psi-*@h" -> "sip:psi-!.*!@h"); any other
 * pattern is copied as it is. */
char *ud_wildcard_ts23003(const char *pattern);

/* A URI w matches, its wildcard part written out short: one copy of what
 * '*', '?' and '+' repeat (a glob's '*' and '?' are one character), the
 * least "{m,n}" allows, '0' for '.', a bracket's first allowed character
 * of [0-9a-zA-Z-_.~], the first branch of an alternation
 * ("sip:ann!.*!@h" -> "sip:ann0@h", "sip:psi-*@h" -> "sip:psi-0@h").
 * Until w matches the result and usable (may be NULL) accepts it, tried
 * again with no copies, then with other fill characters and two copies.
 * malloc'd, or NULL when none of these is usable. */
char *ud_wildcard_example(const ud_wildcard_t *w, bool (*usable)(void *arg, const char *uri),
			  void *arg);

#endif
