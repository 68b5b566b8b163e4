/*
 * cx_tally.c - see cx_tally.h.
 */
#include "config.h"

#include "diameter/cx/cx_tally.h"

#include <stdio.h>
#include <string.h>

const char *cx_tally_cmd_name(cx_tally_cmd_t cmd)
{
	static const char *const names[] = {"MAR", "SAR", "RTR", "PPR"};

	return (unsigned)cmd < 4 ? names[cmd] : "?";
}

static const char *code_label(bool experimental, unsigned code, char *buf, size_t len)
{
	cx_status_t s = {.local = CX_LOCAL_NONE, .experimental = experimental, .code = code};
	char text[128];
	const char *name;

	/* cx_status_str: "<kind> <code> <name>", the name empty when unknown */
	cx_status_str(&s, text, sizeof(text));
	name = strchr(text, ' ');
	name = name != NULL ? strchr(name + 1, ' ') : NULL;
	if (name != NULL && name[1] != '\0')
		snprintf(buf, len, "%s", name + 1);
	else
		snprintf(buf, len, "%s-%u", experimental ? "Experimental-Result" : "Result-Code",
			 code);
	return buf;
}

const char *cx_status_label(const cx_status_t *s, char *buf, size_t len)
{
	switch (s->local) {
	case CX_LOCAL_TIMEOUT: snprintf(buf, len, "timeout"); return buf;
	case CX_LOCAL_SEND: snprintf(buf, len, "not-sent"); return buf;
	case CX_LOCAL_SHUTDOWN: snprintf(buf, len, "shutdown"); return buf;
	case CX_LOCAL_BAD_ANSWER: snprintf(buf, len, "bad-answer"); return buf;
	case CX_LOCAL_NONE: break;
	}
	return code_label(s->experimental, s->code, buf, len);
}

const char *cx_result_label(const cx_result_t *r, char *buf, size_t len)
{
	return code_label(r->experimental, r->code, buf, len);
}

void cx_tally_add(cx_tally_t *t, cx_tally_cmd_t cmd, int reason, const char *result)
{
	cx_tally_row_t *row;
	size_t i;

	for (i = 0; i < t->n; i++) {
		row = &t->rows[i];
		if (row->cmd == cmd && row->reason == reason && strcmp(row->result, result) == 0) {
			row->count++;
			return;
		}
	}
	if (t->n == CX_TALLY_MAX) { /* full: the command's overflow row */
		row = &t->other[(unsigned)cmd % 4];
		row->cmd = cmd;
		row->reason = -1;
		snprintf(row->result, sizeof(row->result), "other");
		row->count++;
		return;
	}
	row = &t->rows[t->n++];
	row->cmd = cmd;
	row->reason = reason;
	snprintf(row->result, sizeof(row->result), "%s", result);
	row->count = 1;
}

void cx_tally_each(const cx_tally_t *t, void (*fn)(void *arg, const cx_tally_row_t *row),
		   void *arg)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		fn(arg, &t->rows[i]);
	for (i = 0; i < 4; i++)
		if (t->other[i].count > 0)
			fn(arg, &t->other[i]);
}
