/*
 * wildcard.c - compile and match wildcarded identities: the TS 23.003
 * "!regex!" form through POSIX regcomp (extended, anchored, no
 * back-references) and the FHoSS glob through a small linear matcher.
 */
#include "config.h"

#include "diameter/userdata/wildcard.h"
#include "diameter/userdata/wildcard_internal.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ud_wildcard {
	ud_wc_kind_t kind;
	char *pattern;
	regex_t re; /* UD_WC_REGEX only */
};

ud_wc_kind_t ud_wildcard_kind(const char *pattern)
{
	const char *first = strchr(pattern, '!');

	if (first != NULL && strrchr(pattern, '!') != first)
		return UD_WC_REGEX;
	if (strpbrk(pattern, "*?") != NULL)
		return UD_WC_GLOB;
	return UD_WC_LITERAL;
}

char *ud_wc_put_literal(char *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr(".[]()*+?{}|^$\\", s[i]) != NULL)
			*out++ = '\\';
		*out++ = s[i];
	}
	return out;
}

static int has_backreference(const char *re, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (re[i] != '\\')
			continue;
		if (re[i + 1] >= '1' && re[i + 1] <= '9')
			return 1;
		i++; /* skip the escaped character */
	}
	return 0;
}

/*
 * glibc's regcomp copies the sub-tree under "+" once and under "{m,n}"
 * max(m,n) times, so stacked or nested repetitions ("a*++++", "((a+)+)+",
 * "a{1,32767}") cost exponential or huge time, and so do long runs of
 * starred groups ("(a*)*(a*)*...").  Refuse stacked repetition operators
 * and more than UD_WC_MAX_QGROUPS repeated groups, and estimate the size of
 * the expanded tree, group by group, against a budget.
 */
#define UD_WC_MAX_NODES 1000
#define UD_WC_MAX_GROUPS 32
#define UD_WC_MAX_QGROUPS 8

typedef struct {
	unsigned long total; /* nodes of the group so far */
	unsigned long last;  /* nodes of its last atom, what a quantifier copies */
} re_frame_t;

size_t ud_wc_skip_bracket(const char *re, size_t n, size_t i)
{
	i++;
	if (i < n && re[i] == '^')
		i++;
	if (i < n && re[i] == ']')
		i++;
	for (; i < n && re[i] != ']'; i++) {
		if (re[i] == '[' && i + 1 < n && strchr(":=.", re[i + 1]) != NULL) {
			const char *end = strchr(re + i + 2, re[i + 1]);

			/* "[:alpha:]": skip to the closing ":]" */
			while (end != NULL && (size_t)(end - re) + 1 < n && end[1] != ']')
				end = strchr(end + 1, re[i + 1]);
			if (end == NULL || (size_t)(end - re) + 1 >= n)
				return n;
			i = (size_t)(end - re) + 1;
		}
	}
	return i;
}

/* The count of "{m}", "{m,}" or "{m,n}" at re[i] (the '{'): the larger
 * bound, with *i left on the '}'. */
static unsigned long repeat_count(const char *re, size_t n, size_t *i)
{
	unsigned long bound = 1, cur = 0;
	size_t k;

	for (k = *i + 1; k < n && re[k] != '}'; k++) {
		if (re[k] == ',') {
			cur = 0;
		} else if (re[k] >= '0' && re[k] <= '9') {
			cur = cur * 10 + (unsigned long)(re[k] - '0');
			if (cur > UD_WC_MAX_NODES)
				return UD_WC_MAX_NODES + 1;
			if (cur > bound)
				bound = cur;
		} else {
			return 1; /* not a count: regcomp decides */
		}
	}
	*i = k;
	return bound;
}

/* 1 when the expression is too costly for regcomp, 2 when its parentheses
 * do not balance (the "(re)" wrapper below depends on them: an unmatched
 * ')' would close it and hide what follows from this analysis); *why says
 * how. */
static int too_costly(const char *re, size_t n, const char **why)
{
	re_frame_t st[UD_WC_MAX_GROUPS + 1] = {{0, 0}};
	unsigned depth = 0, quantified_groups = 0;
	bool after_quantifier = false, after_group = false;
	unsigned long k, size;
	size_t i;

	*why = "its repetitions expand to too many nodes";
	for (i = 0; i < n; i++) {
		re_frame_t *f = &st[depth];
		bool quantifier = strchr("*?+{", re[i]) != NULL;

		if (quantifier && after_quantifier) {
			*why = "repetition operators follow each other";
			return 1;
		}
		if (quantifier && after_group && ++quantified_groups > UD_WC_MAX_QGROUPS) {
			*why = "too many repeated groups";
			return 1;
		}
		after_quantifier = quantifier;
		after_group = re[i] == ')';
		switch (re[i]) {
		case '(':
			if (++depth > UD_WC_MAX_GROUPS) {
				*why = "groups nest too deep";
				return 1;
			}
			st[depth].total = st[depth].last = 0;
			continue;
		case ')':
			/* The expression is wrapped as "(re)": an unmatched ')' would
			 * close the wrapper and escape this analysis. */
			if (depth == 0) {
				*why = "its parentheses do not balance";
				return 2;
			}
			size = st[depth--].total + 1;
			st[depth].last = size;
			st[depth].total += size;
			break;
		case '|':
			f->last = 0;
			continue;
		case '*':
		case '?':
			continue;
		case '+':
			f->total += f->last;
			f->last *= 2;
			break;
		case '{':
			k = repeat_count(re, n, &i);
			f->total += f->last * (k - 1);
			f->last *= k;
			break;
		case '[':
			i = ud_wc_skip_bracket(re, n, i);
			f->last = 1;
			f->total++;
			break;
		case '\\':
			i++;
			/* fall through */
		default:
			f->last = 1;
			f->total++;
			break;
		}
		if (st[depth].total > UD_WC_MAX_NODES || st[depth].last > UD_WC_MAX_NODES)
			return 1;
	}
	if (depth != 0) {
		*why = "its parentheses do not balance";
		return 2;
	}
	return 0;
}

/* "pre!re!post" becomes "^pre(re)post$" with pre and post escaped. */
static int compile_regex(ud_wildcard_t *w, char *err, size_t errlen)
{
	const char *p = w->pattern, *a = strchr(p, '!'), *b = strrchr(p, '!');
	size_t len = strlen(p), relen = (size_t)(b - a) - 1;
	char *src, *o, why[128];
	const char *cost;
	int rc, verdict;

	if (has_backreference(a + 1, relen)) {
		snprintf(err, errlen, "wildcard \"%s\": back-references are not allowed", p);
		return -1;
	}
	verdict = too_costly(a + 1, relen, &cost);
	if (verdict == 2) {
		snprintf(err, errlen, "wildcard \"%s\" is not a valid regular expression: %s", p,
			 cost);
		return -1;
	}
	if (verdict == 1) {
		snprintf(err, errlen, "wildcard \"%s\": the regular expression is too costly "
			 "(%s)", p, cost);
		return -1;
	}
	src = malloc(2 * len + 8);
	if (src == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	o = src;
	*o++ = '^';
	o = ud_wc_put_literal(o, p, (size_t)(a - p));
	*o++ = '(';
	memcpy(o, a + 1, relen);
	o += relen;
	*o++ = ')';
	o = ud_wc_put_literal(o, b + 1, strlen(b + 1));
	*o++ = '$';
	*o = '\0';
	rc = regcomp(&w->re, src, REG_EXTENDED | REG_NOSUB);
	free(src);
	if (rc != 0) {
		regerror(rc, &w->re, why, sizeof(why));
		snprintf(err, errlen, "wildcard \"%s\" is not a valid regular expression: %s", p,
			 why);
		return -1;
	}
	return 0;
}

ud_wildcard_t *ud_wildcard_compile(const char *pattern, size_t max_len, char *err,
				   size_t errlen)
{
	ud_wildcard_t *w;
	char dummy[1];

	if (err == NULL || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	if (strlen(pattern) > max_len) {
		snprintf(err, errlen, "wildcard of %zu bytes is over the %zu-byte limit",
			 strlen(pattern), max_len);
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL || (w->pattern = strdup(pattern)) == NULL) {
		free(w);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->kind = ud_wildcard_kind(pattern);
	if (w->kind == UD_WC_REGEX && compile_regex(w, err, errlen) < 0) {
		free(w->pattern);
		free(w);
		return NULL;
	}
	return w;
}

/* Glob with one back-tracking point: the last '*' seen.  O(len(p) * len(s)). */
static bool glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p != '\0' && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

bool ud_wildcard_match(const ud_wildcard_t *w, const char *s)
{
	if (w == NULL || s == NULL)
		return false;
	switch (w->kind) {
	case UD_WC_REGEX:
		return regexec(&w->re, s, 0, NULL, 0) == 0;
	case UD_WC_GLOB:
		return glob_match(w->pattern, s);
	case UD_WC_LITERAL:
		break;
	}
	return strcmp(w->pattern, s) == 0;
}

const char *ud_wildcard_pattern(const ud_wildcard_t *w)
{
	return w->pattern;
}

ud_wc_kind_t ud_wildcard_get_kind(const ud_wildcard_t *w)
{
	return w->kind;
}

void ud_wildcard_free(ud_wildcard_t *w)
{
	if (w == NULL)
		return;
	if (w->kind == UD_WC_REGEX)
		regfree(&w->re);
	free(w->pattern);
	free(w);
}
