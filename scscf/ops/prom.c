/*
 * prom.c - see prom.h.
 */
#include "config.h"

#include "scscf/ops/prom.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void prom_init(prom_t *p)
{
	memset(p, 0, sizeof(*p));
}

/* s with backslash and newline escaped, and double quotes too when quoted
 * (label values; HELP text leaves them). */
static void escaped(prom_t *p, const char *s, bool quoted)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			sb_puts(&p->sb, "\\\\");
		else if (*s == '\n')
			sb_puts(&p->sb, "\\n");
		else if (*s == '"' && quoted)
			sb_puts(&p->sb, "\\\"");
		else
			sb_put(&p->sb, s, 1);
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
		sb_puts(&p->sb, "# HELP ");
		sb_puts(&p->sb, name);
		sb_puts(&p->sb, " ");
		escaped(p, s->help, false);
		sb_puts(&p->sb, "\n# TYPE ");
		sb_puts(&p->sb, name);
		sb_puts(&p->sb, s->kind == STAT_COUNTER ? " counter\n" : " gauge\n");
	}
	sb_puts(&p->sb, name);
	for (i = 0; i < 2 && s->label[i] != NULL; i++) {
		sb_puts(&p->sb, i == 0 ? "{" : ",");
		sb_puts(&p->sb, s->label[i]);
		sb_puts(&p->sb, "=\"");
		escaped(p, s->value_of[i], true);
		sb_puts(&p->sb, "\"");
	}
	if (i > 0)
		sb_puts(&p->sb, "}");
	snprintf(num, sizeof(num), " %" PRIu64 "\n", s->value);
	sb_puts(&p->sb, num);
}

char *prom_done(prom_t *p, size_t *len)
{
	char *out = sb_take(&p->sb, len);

	prom_init(p);
	return out;
}
