/*
 * ctl_print.c - scscfctl's tables (ctl_print.h).  Columns are as wide as
 * their widest cell; a missing or null value prints as "-".
 */
#include "config.h"

#include "scscf/ctl/ctl_print.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COLS 10

typedef struct {
	size_t ncols, nrows, cap;
	const char **cells; /* nrows * ncols, row-major; the first row is the heading */
	size_t width[MAX_COLS];
	int failed;
} table_t;

static const char *text(const jv_t *v)
{
	const char *t = jv_text(v);

	return t != NULL ? t : "-";
}

static void row(table_t *t, const char *const *cells)
{
	size_t i;

	if (t->failed)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		const char **nc = realloc(t->cells, cap * t->ncols * sizeof(*nc));

		if (nc == NULL) {
			t->failed = 1;
			return;
		}
		t->cells = nc;
		t->cap = cap;
	}
	for (i = 0; i < t->ncols; i++) {
		size_t w = strlen(cells[i]);

		t->cells[t->nrows * t->ncols + i] = cells[i];
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->nrows++;
}

static void table_print(FILE *out, table_t *t, const char *indent)
{
	size_t r, i;

	for (r = 0; !t->failed && r < t->nrows; r++) {
		fputs(indent, out);
		for (i = 0; i < t->ncols; i++) {
			const char *c = t->cells[r * t->ncols + i];

			if (i + 1 == t->ncols)
				fprintf(out, "%s\n", c);
			else
				fprintf(out, "%-*s  ", (int)t->width[i], c);
		}
	}
	if (t->failed)
		fprintf(out, "%s(out of memory)\n", indent);
	free(t->cells);
}

static void field(FILE *out, const char *name, const char *value)
{
	fprintf(out, "    %-12s %s\n", name, value);
}

static void print_impus(FILE *out, const jv_t *impus)
{
	table_t t = {.ncols = 3};
	static const char *const head[] = {"IMPU", "FLAGS", "WILDCARD"};
	static const char *const flags[] = {"", "default", "barred", "default,barred"};
	size_t i;

	row(&t, head);
	for (i = 0; impus != NULL && impus->type == JV_ARRAY && i < impus->n; i++) {
		const jv_t *id = impus->items[i];
		const char *cells[3];
		int f = (jv_true(jv_get(id, "default")) ? 1 : 0) | (jv_true(jv_get(id, "barred")) ? 2 : 0);

		cells[0] = text(jv_get(id, "impu"));
		cells[1] = f != 0 ? flags[f] : "-";
		cells[2] = text(jv_get(id, "wildcard"));
		row(&t, cells);
	}
	table_print(out, &t, "  ");
}

static void print_binding(FILE *out, size_t n, const jv_t *b)
{
	const jv_t *rcv = jv_get(b, "received"), *path = jv_get(b, "path");
	char buf[256];
	size_t i;

	fprintf(out, "  binding %zu: %s\n", n, text(jv_get(b, "contact")));
	snprintf(buf, sizeof(buf), "%s s", text(jv_get(b, "expires_in")));
	field(out, "expires in", buf);
	snprintf(buf, sizeof(buf), "%s %s port %s", text(jv_get(rcv, "transport")),
		 text(jv_get(rcv, "address")), text(jv_get(rcv, "port")));
	field(out, "received", buf);
	field(out, "impi", text(jv_get(b, "impi")));
	if (jv_text(jv_get(b, "instance")) != NULL)
		field(out, "instance", text(jv_get(b, "instance")));
	if (jv_text(jv_get(b, "reg_id")) != NULL)
		field(out, "reg-id", text(jv_get(b, "reg_id")));
	if (jv_text(jv_get(b, "pub_gruu")) != NULL)
		field(out, "pub-gruu", text(jv_get(b, "pub_gruu")));
	if (jv_text(jv_get(b, "temp_gruu")) != NULL)
		field(out, "temp-gruu", text(jv_get(b, "temp_gruu")));
	for (i = 0; path != NULL && path->type == JV_ARRAY && i < path->n; i++)
		field(out, "path", text(path->items[i]));
	if (jv_text(jv_get(b, "user_agent")) != NULL)
		field(out, "user-agent", text(jv_get(b, "user_agent")));
	field(out, "call-id", text(jv_get(b, "call_id")));
	field(out, "cseq", text(jv_get(b, "cseq")));
}

static void print_sets(FILE *out, const jv_t *sets)
{
	size_t i, j;

	if (sets == NULL || sets->type != JV_ARRAY || sets->n == 0) {
		fprintf(out, "no registrations\n");
		return;
	}
	for (i = 0; i < sets->n; i++) {
		const jv_t *s = sets->items[i], *hss = jv_get(s, "hss");
		const jv_t *b = jv_get(s, "bindings");

		if (i > 0)
			fputc('\n', out);
		fprintf(out, "implicit set %s: impi %s, %s, HSS %s (realm %s)\n",
			text(jv_get(s, "id")), text(jv_get(s, "impi")), text(jv_get(s, "state")),
			text(jv_get(hss, "host")), text(jv_get(hss, "realm")));
		if (jv_text(jv_get(s, "wildcard")) != NULL)
			fprintf(out, "  registered through the wildcard %s\n",
				text(jv_get(s, "wildcard")));
		print_impus(out, jv_get(s, "impus"));
		for (j = 0; b != NULL && b->type == JV_ARRAY && j < b->n; j++)
			print_binding(out, j + 1, b->items[j]);
	}
}

static void print_subscriptions(FILE *out, const jv_t *subs)
{
	static const char *const head[] = {"KIND", "IMPU", "WATCHER", "EXPIRES", "VERSION",
					   "SENT", "FAILED", "IN-FLIGHT", "CALL-ID",
					   "LAST-FAILURE"};
	static const char *const keys[] = {"kind", "impu", "watcher", "expires_in", "version",
					   "notify_sent", "notify_failed", "in_flight",
					   "call_id", "last_failure"};
	table_t t = {.ncols = 10};
	size_t i, k;

	if (subs == NULL || subs->type != JV_ARRAY || subs->n == 0) {
		fprintf(out, "no subscriptions\n");
		return;
	}
	row(&t, head);
	for (i = 0; i < subs->n; i++) {
		const char *cells[10];

		for (k = 0; k < 10; k++)
			cells[k] = text(jv_get(subs->items[i], keys[k]));
		row(&t, cells);
	}
	table_print(out, &t, "");
}

/* Every member but "ok", nested objects as indented groups. */
static void print_members(FILE *out, const jv_t *obj, int indent)
{
	size_t i;

	for (i = 0; obj != NULL && obj->type == JV_OBJECT && i < obj->n; i++) {
		if (indent == 0 && strcmp(obj->keys[i], "ok") == 0)
			continue;
		if (obj->items[i]->type == JV_OBJECT) {
			fprintf(out, "%*s%s\n", indent, "", obj->keys[i]);
			print_members(out, obj->items[i], indent + 2);
		} else {
			fprintf(out, "%*s%-*s %s\n", indent, "", 24 - indent, obj->keys[i],
				text(obj->items[i]));
		}
	}
}

void ctl_print(FILE *out, ctl_op_t op, const jv_t *doc)
{
	switch (op) {
	case CTL_SHOW_REGISTRATION:
		print_sets(out, jv_get(doc, "sets"));
		return;
	case CTL_SHOW_SUBSCRIPTION:
		print_subscriptions(out, jv_get(doc, "subscriptions"));
		return;
	case CTL_DEREGISTER:
		fprintf(out, "%s deregistered (reason %s, %s binding(s) removed)\n",
			text(jv_get(doc, "impu")), text(jv_get(doc, "reason")),
			text(jv_get(doc, "bindings_removed")));
		return;
	case CTL_USER_SERVICES:
		fprintf(out, "user services of %s: %s\n", text(jv_get(doc, "impu")),
			text(jv_get(doc, "user_services")));
		return;
	case CTL_MOVE:
		fprintf(out, "%s moved to %s\n", text(jv_get(doc, "impu")),
			text(jv_get(doc, "registrar")));
		return;
	case CTL_LOG_LEVEL:
		fprintf(out, "log level %s (was %s)\n", text(jv_get(doc, "level")),
			text(jv_get(doc, "previous")));
		return;
	case CTL_STATS:
		print_members(out, doc, 0);
		return;
	}
}
