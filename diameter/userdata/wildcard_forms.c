/*
 * wildcard_forms.c - a wildcard written another way: a FHoSS glob in the
 * TS 23.003 "!regex!" form (what <ere:wildcardedIdentity> carries), and a
 * concrete URI a wildcard covers (what the aor of its <registration>
 * holds when the HSS lists none).
 */
#include "config.h"

#include "diameter/userdata/wildcard.h"
#include "diameter/userdata/wildcard_internal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/macros.h"

#define UD_WC_EXAMPLE_MAX 512

/* ---- the TS 23.003 form of a glob ------------------------------------- */

static bool is_glob_char(char c)
{
	return c == '*' || c == '?' || c == '!';
}

/*
 * The region from the first to the last glob character becomes the
 * regular expression between the '!'s: '*' is ".*", '?' is ".", a literal
 * character is escaped when ERE gives it a meaning (and a '!' FHoSS allowed
 * as a literal is kept inside, so the delimiters stay the first and last
 * '!').  Text around the region stays literal.
 */
char *ud_wildcard_ts23003(const char *pattern)
{
	size_t n = strlen(pattern), a = 0, b = n, i;
	char *out, *o;

	if (ud_wildcard_kind(pattern) != UD_WC_GLOB)
		return strdup(pattern);
	while (a < n && !is_glob_char(pattern[a]))
		a++;
	while (b > a && !is_glob_char(pattern[b - 1]))
		b--;
	out = malloc(2 * n + 3);
	if (out == NULL)
		return NULL;
	memcpy(out, pattern, a);
	o = out + a;
	*o++ = '!';
	for (i = a; i < b; i++) {
		if (pattern[i] == '*' || pattern[i] == '?') {
			memcpy(o, pattern[i] == '*' ? ".*" : ".", pattern[i] == '*' ? 2 : 1);
			o += pattern[i] == '*' ? 2 : 1;
			continue;
		}
		o = ud_wc_put_literal(o, pattern + i, 1);
	}
	*o++ = '!';
	memcpy(o, pattern + b, n - b + 1);
	return out;
}

/* ---- a URI the wildcard covers --------------------------------------- */

typedef struct {
	const char *re; /* the expression, n bytes */
	size_t n, i;
	char out[UD_WC_EXAMPLE_MAX];
	size_t len;
	unsigned extra; /* copies of an atom under '*', '?' (at most 1) and past '+' */
	char fill;      /* what '.' stands for */
	bool bad;       /* out of room, or a construct not understood */
} gen_t;

static void put(gen_t *g, char c)
{
	if (g->len + 1 >= sizeof(g->out)) {
		g->bad = true;
		return;
	}
	g->out[g->len++] = c;
}

/* Does class name (e.g. "digit") hold c? */
static bool in_class(const char *name, size_t len, char c)
{
	static const struct {
		const char *name;
		int (*fn)(int);
	} classes[] = {{"digit", isdigit}, {"alpha", isalpha}, {"alnum", isalnum},
		       {"lower", islower}, {"upper", isupper}, {"xdigit", isxdigit},
		       {"punct", ispunct}, {"graph", isgraph}, {"print", isprint}};
	size_t k;

	for (k = 0; k < ARRAY_LEN(classes); k++)
		if (strlen(classes[k].name) == len && strncmp(classes[k].name, name, len) == 0)
			return classes[k].fn((unsigned char)c) != 0;
	return false;
}

/* Does the bracket expression body b[0..n) (without '[', '^' and ']')
 * hold c? */
static bool bracket_holds(const char *b, size_t n, char c)
{
	size_t i = 0;

	while (i < n) {
		if (b[i] == '[' && i + 1 < n && strchr(":=.", b[i + 1]) != NULL) {
			const char *end = strchr(b + i + 2, b[i + 1]);
			size_t len = end != NULL ? (size_t)(end - (b + i + 2)) : 0;

			if (end == NULL || (size_t)(end - b) + 1 >= n + 1)
				return false;
			if (b[i + 1] == ':' ? in_class(b + i + 2, len, c) : len == 1 && b[i + 2] == c)
				return true;
			i = (size_t)(end - b) + 2;
		} else if (i + 2 < n && b[i + 1] == '-') {
			if (c >= b[i] && c <= b[i + 2])
				return true;
			i += 3;
		} else {
			if (b[i] == c)
				return true;
			i++;
		}
	}
	return false;
}

/* The bracket expression at g->i ('['): one character it allows, from a
 * list of characters a URI user part can hold. */
static void gen_bracket(gen_t *g)
{
	static const char cand[] = "0123456789abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.~";
	size_t start = g->i + 1, end;
	bool neg = false;
	size_t k;

	if (start < g->n && g->re[start] == '^') {
		neg = true;
		start++;
	}
	end = ud_wc_skip_bracket(g->re, g->n, g->i);
	if (end >= g->n) {
		g->bad = true;
		return;
	}
	g->i = end + 1;
	for (k = 0; cand[k] != '\0'; k++) {
		if (bracket_holds(g->re + start, end - start, cand[k]) != neg) {
			put(g, cand[k]);
			return;
		}
	}
	g->bad = true;
}

static void gen_branch(gen_t *g, unsigned depth);

/* Skip to the ')' closing the current group (or the end), past brackets
 * and escapes: the branches after the first are not taken. */
static void skip_rest(gen_t *g)
{
	unsigned depth = 0;

	for (; g->i < g->n; g->i++) {
		char c = g->re[g->i];

		if (c == '\\') {
			g->i++;
		} else if (c == '[') {
			g->i = ud_wc_skip_bracket(g->re, g->n, g->i);
			if (g->i >= g->n)
				return; /* no closing ']': nothing after it to skip to */
		} else if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth-- == 0)
				return;
		}
	}
}

/* One atom at g->i, written once. */
static void gen_atom(gen_t *g, unsigned depth)
{
	char c = g->re[g->i];

	if (c == '(') {
		g->i++;
		gen_branch(g, depth + 1);
		if (g->i >= g->n || g->re[g->i] != ')')
			g->bad = true;
		g->i++;
	} else if (c == '[') {
		gen_bracket(g);
	} else if (c == '\\' && g->i + 1 < g->n) {
		put(g, g->re[g->i + 1]);
		g->i += 2;
	} else {
		if (c == '.')
			put(g, g->fill);
		else if (c != '^' && c != '$')
			put(g, c);
		g->i++;
	}
}

/* How many times the atom just written is to appear, from the quantifier
 * at g->i (consumed); 1 without one. */
static unsigned repeat(gen_t *g)
{
	unsigned m = 0, extra = g->extra;
	char c = g->i < g->n ? g->re[g->i] : '\0';

	if (c == '*' || c == '?' || c == '+') {
		g->i++;
		return c == '*' ? extra : c == '?' ? (extra > 0) : 1 + extra;
	}
	if (c != '{')
		return 1;
	for (g->i++; g->i < g->n && isdigit((unsigned char)g->re[g->i]); g->i++)
		m = m * 10 + (unsigned)(g->re[g->i] - '0');
	while (g->i < g->n && g->re[g->i] != '}')
		g->i++;
	g->i++;
	return m > 0 ? m : extra > 0;
}

/* A sequence of atoms up to '|' (then the rest of the group is skipped),
 * ')' or the end. */
static void gen_branch(gen_t *g, unsigned depth)
{
	while (g->i < g->n && !g->bad && g->re[g->i] != ')') {
		size_t start = g->len, one, k;
		unsigned times;

		if (g->re[g->i] == '|') {
			skip_rest(g);
			return;
		}
		gen_atom(g, depth);
		one = g->len - start;
		times = repeat(g);
		if (times == 0)
			g->len = start;
		for (k = 1; k < times && !g->bad; k++) {
			if (g->len + one + 1 >= sizeof(g->out)) {
				g->bad = true;
				break;
			}
			memmove(g->out + g->len, g->out + start, one);
			g->len += one;
		}
	}
	if (depth == 0 && g->i < g->n)
		g->bad = true; /* an unmatched ')' */
}

/* A glob with '*' written as extra fills and '?' as one. */
static char *glob_out(gen_t *g, const char *pattern)
{
	const char *p;
	unsigned k;

	for (p = pattern; *p != '\0'; p++) {
		if (*p != '*' && *p != '?')
			put(g, *p);
		for (k = 0; k < (*p == '?' ? 1 : *p == '*' ? g->extra : 0); k++)
			put(g, g->fill);
	}
	return g->bad ? NULL : strndup(g->out, g->len);
}

/* The text of pattern with the wildcard part written out; NULL when it
 * cannot be. */
static char *write_out(const char *pattern, unsigned extra, char fill)
{
	const char *a = strchr(pattern, '!'), *b = strrchr(pattern, '!');
	gen_t g = {.extra = extra, .fill = fill};
	size_t pre;
	char *out;

	if (ud_wildcard_kind(pattern) != UD_WC_REGEX)
		return glob_out(&g, pattern);
	g.re = a + 1;
	g.n = (size_t)(b - a) - 1;
	gen_branch(&g, 0);
	if (g.bad)
		return NULL;
	pre = (size_t)(a - pattern);
	out = malloc(pre + g.len + strlen(b + 1) + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, pattern, pre);
	memcpy(out + pre, g.out, g.len);
	strcpy(out + pre + g.len, b + 1);
	return out;
}

char *ud_wildcard_example(const ud_wildcard_t *w, bool (*usable)(void *arg, const char *uri),
			  void *arg)
{
	static const struct {
		unsigned extra;
		char fill;
	} tries[] = {{1, '0'}, {0, '0'}, {1, 'a'}, {2, '1'}, {2, 'b'}};
	size_t k;

	for (k = 0; k < ARRAY_LEN(tries); k++) {
		char *uri = write_out(ud_wildcard_pattern(w), tries[k].extra, tries[k].fill);

		if (uri != NULL && ud_wildcard_match(w, uri) && (usable == NULL || usable(arg, uri)))
			return uri;
		free(uri);
	}
	return NULL;
}
