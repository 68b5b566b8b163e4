/*
 * prom.c - see prom.h.
 */
#include "config.h"

#include "prom.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void prom_init(prom_t *p)
{
	memset(p, 0, sizeof(*p));
}

static void grow(prom_t *p, size_t more)
{
	size_t cap = p->cap ? p->cap : 4096;
	char *nb;

	while (cap < p->len + more + 1)
		cap *= 2;
	if (cap == p->cap)
		return;
	nb = realloc(p->buf, cap);
	if (nb == NULL) {
		p->failed = true;
		return;
	}
	p->buf = nb;
	p->cap = cap;
}

static void put(prom_t *p, const char *s, size_t n)
{
	if (p->failed)
		return;
	grow(p, n);
	if (p->failed)
		return;
	memcpy(p->buf + p->len, s, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

static void puts_(prom_t *p, const char *s)
{
	put(p, s, strlen(s));
}

/* s with backslash and newline escaped, and double quotes too when quoted
 * (label values; HELP text leaves them). */
static void escaped(prom_t *p, const char *s, bool quoted)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			puts_(p, "\\\\");
		else if (*s == '\n')
			puts_(p, "\\n");
		else if (*s == '"' && quoted)
			puts_(p, "\\\"");
		else
			put(p, s, 1);
	}
}

void prom_add(void *arg, const stat_t *s)
{
	prom_t *p = arg;
	char name[128], num[24];
	int i;

	snprintf(name, sizeof(name), "scscf_%s%s%s%s", s->group ? s->group : "",
		 s->group ? "_" : "", s->name, s->kind == STAT_COUNTER ? "_total" : "");
	if (strcmp(name, p->last) != 0) {
		snprintf(p->last, sizeof(p->last), "%s", name);
		puts_(p, "# HELP ");
		puts_(p, name);
		puts_(p, " ");
		escaped(p, s->help, false);
		puts_(p, "\n# TYPE ");
		puts_(p, name);
		puts_(p, s->kind == STAT_COUNTER ? " counter\n" : " gauge\n");
	}
	puts_(p, name);
	for (i = 0; i < 2 && s->label[i] != NULL; i++) {
		puts_(p, i == 0 ? "{" : ",");
		puts_(p, s->label[i]);
		puts_(p, "=\"");
		escaped(p, s->value_of[i], true);
		puts_(p, "\"");
	}
	if (i > 0)
		puts_(p, "}");
	snprintf(num, sizeof(num), " %" PRIu64 "\n", s->value);
	puts_(p, num);
}

char *prom_done(prom_t *p, size_t *len)
{
	char *out = p->buf;

	if (p->failed || out == NULL) {
		free(p->buf);
		prom_init(p);
		return NULL;
	}
	*len = p->len;
	prom_init(p);
	return out;
}
