/*
 * cfg_set.c - the generic half of the key table (cfg_key.h): finding a
 * key's row, and setting a value of each generic type, with the error
 * messages users and tests know.
 */
#include "config.h"

#include "scscf/daemon/cfg_key.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cfg_bad(const cfg_where_t *w, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(w->err, w->errlen, "%s:%u: ", w->name, w->line);

	if (n < 0 || (size_t)n >= w->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(w->err + n, w->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- finding a row ---- */

/* "notify.EVENT": the length of "notify." when the last part is a name in
 * capitals (a pattern), else 0. */
static size_t pattern_prefix(const char *key)
{
	const char *dot = strrchr(key, '.');
	const char *p;

	if (dot == NULL || dot[1] == '\0')
		return 0;
	for (p = dot + 1; *p != '\0'; p++)
		if (!isupper((unsigned char)*p))
			return 0;
	return (size_t)(dot + 1 - key);
}

/* The part of a row's name after its section, or NULL when the section
 * is not section. */
static const char *row_key(const cfg_key_t *k, const char *section)
{
	size_t n = strlen(section);

	if (strncmp(k->name, section, n) != 0 || k->name[n] != '.')
		return NULL;
	return k->name + n + 1;
}

const cfg_key_t *cfg_key_find(const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < cfg_nkeys; i++) {
		const char *rk = row_key(&cfg_keys[i], section);
		size_t prefix;

		if (rk == NULL)
			continue;
		prefix = pattern_prefix(rk);
		if (prefix > 0 ? strncmp(key, rk, prefix) == 0 : strcmp(key, rk) == 0)
			return &cfg_keys[i];
	}
	return NULL;
}

bool cfg_section_known(const char *section)
{
	size_t i;

	for (i = 0; i < cfg_nkeys; i++)
		if (row_key(&cfg_keys[i], section) != NULL)
			return true;
	return false;
}

/* ---- the generic types ---- */

static void store_number(const cfg_key_t *k, scscf_config_t *c, unsigned long n)
{
	void *at = (char *)c + k->off;

	switch (k->store) {
	case CFG_AS_BOOL: *(bool *)at = n != 0; break;
	case CFG_AS_UINT: *(unsigned *)at = (unsigned)n; break;
	case CFG_AS_ULONG: *(unsigned long *)at = n; break;
	case CFG_AS_ULLONG: *(unsigned long long *)at = n; break;
	case CFG_AS_OTHER: break;
	}
}

static int set_uint(const cfg_where_t *w, const cfg_key_t *k, const char *v, scscf_config_t *c)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || end == v || v[0] == '-' || n < k->min || n > k->max)
		return cfg_bad(w, "%s must be a whole number from %lu to %lu, not \"%s\"", k->name,
			       k->min, k->max, v);
	store_number(k, c, n);
	return 0;
}

/* "KEY "v" is not a, b or c" */
static int not_a_word(const cfg_where_t *w, const cfg_key_t *k, const char *v)
{
	char list[160] = "";
	size_t i, len = 0;

	for (i = 0; k->words[i].word != NULL && len < sizeof(list); i++) {
		const char *sep = i == 0 ? "" : k->words[i + 1].word == NULL ? " or " : ", ";

		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", sep,
					k->words[i].word);
	}
	return cfg_bad(w, "%s \"%s\" is not %s", k->name, v, list);
}

static int set_enum(const cfg_where_t *w, const cfg_key_t *k, const char *v, scscf_config_t *c)
{
	size_t i;

	for (i = 0; k->words[i].word != NULL; i++)
		if (strcmp(v, k->words[i].word) == 0) {
			store_number(k, c, k->words[i].value);
			return 0;
		}
	return not_a_word(w, k, v);
}

/* Copies a string value that must fit and hold no blank. */
int cfg_word(const cfg_where_t *w, const char *full, const char *v, char *dst, size_t cap)
{
	if (v[0] == '\0' || strlen(v) >= cap || strpbrk(v, " \t\"") != NULL)
		return cfg_bad(w, "%s \"%s\" is empty, too long or has a blank", full, v);
	snprintf(dst, cap, "%s", v);
	return 0;
}

bool cfg_numeric_address(const char *v)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, v, buf) == 1 || inet_pton(AF_INET6, v, buf) == 1;
}

/* One more line of a list: the cap, then the form, then the entry. */
static int add_to_list(const cfg_where_t *w, const cfg_key_t *k, const char *v,
		       scscf_config_t *c)
{
	size_t *count = (size_t *)(void *)((char *)c + k->count_off);
	char *entry = (char *)c + k->off + *count * k->size;

	if (*count == k->max)
		return cfg_bad(w, "more than %lu %s lines", k->max, k->name);
	if (k->type == CFG_ADDRS && !cfg_numeric_address(v))
		return cfg_bad(w, "%s \"%s\" is not a numeric address", k->name, v);
	if (k->type == CFG_HOSTS && strpbrk(v, ":;<>@") != NULL && !cfg_numeric_address(v))
		return cfg_bad(w, "%s \"%s\" is not a host name or address", k->name, v);
	if (cfg_word(w, k->name, v, entry, k->size) < 0)
		return -1;
	(*count)++;
	return 0;
}

int cfg_key_set(const cfg_where_t *w, const cfg_key_t *k, const char *full, const char *v,
		scscf_config_t *c)
{
	switch (k->type) {
	case CFG_UINT: return set_uint(w, k, v, c);
	case CFG_ENUM: return set_enum(w, k, v, c);
	case CFG_WORD: return cfg_word(w, k->name, v, (char *)c + k->off, k->size);
	case CFG_ADDRS:
	case CFG_HOSTS: return add_to_list(w, k, v, c);
	case CFG_SPECIAL: return k->parse(w, full, v, c);
	}
	return -1;
}
