/*
 * sip_check.c - the verdict on one SIP message: process it, answer it with
 * an error status, or drop it.  sip_check_scan.c cuts the bytes into start
 * line, fields and body; sip_check_parse.c checks the message's shape and
 * has libosip2 parse the normalised copy; sip_check_fields.c checks the
 * field values and the request's role.  This file owns the policy: which
 * checks, in which order, and who gets an answer (and what it is built
 * from when libosip2 refused the message).
 *
 * Order, for a request (a response gets the same checks up to the
 * request-only ones, and is dropped instead of answered):
 *   size (513) - start line (400, 505, 416) - header section: lexical
 *   problems and the SC_MAX_* caps, Content-Length framing, duplicates,
 *   Content-Type (400) - libosip2 (400 naming the field it refuses) -
 *   mandatory fields and scalars (400) - Max-Forwards (483) -
 *   Require / Proxy-Require (420).
 * A request is answered only when it is not an ACK and its top Via parses;
 * otherwise it is dropped with the reason it would have been answered with.
 * Every reason phrase is a constant of these files, never peer text.
 */
#include "config.h"

#include "scscf/sip/sip_check.h"

#include <stdarg.h>
#include <stdlib.h>

#include "scscf/sip/sip_check_internal.h"

/* Used when the caller passes no options. */
#define DEFAULT_MAX_MESSAGE_SIZE 65535

static void quiet_trace(const char *file, int line, osip_trace_level_t level, const char *fmt,
			va_list ap)
{
	(void)file, (void)line, (void)level, (void)fmt, (void)ap;
}

void sip_check_init(void)
{
	int level;

	(void)parser_init();
	/* libosip2 writes every parse error to stdout unless a trace function
	 * is installed (it initialises itself on the first trace), which would
	 * let any peer flood the log: install a silent one, then disable all. */
	osip_trace_initialize_func(OSIP_FATAL, quiet_trace);
	for (level = 0; level < END_TRACE_LEVEL; level++)
		osip_trace_disable_level((osip_trace_level_t)level);
}

/* ---- the verdict ------------------------------------------------------ */

static void examine(struct check *c)
{
	if (c->scan.in_len == 0) {
		c->drop_only = true;
		fail(c, 0, "Empty message");
		return;
	}
	if (c->len > c->opts->max_message_size) {
		c->close = c->opts->is_stream;
		fail(c, 513, "Message Too Large");
		return;
	}
	c->framing = chk_frame(c);
	if (chk_start(c) || chk_header_section(c) || chk_body(c) || chk_parse(c) ||
	    chk_fields(c))
		return;
	if (!c->start.is_response)
		chk_role(c);
}

/* A NUL-terminated copy that libosip2 may own and free. */
static char *osip_copy(const char *p, size_t n)
{
	char *s = osip_malloc(n + 1);

	if (s != NULL) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

/* Add the Via values of one field, in order, until one does not parse;
 * true once one did not (no later Via may be taken then).  A top Via that
 * libosip2 refuses is retried without its parameters, so that a request
 * whose only fault is its Via parameters (RFC 4475 badinv01) can still be
 * answered at its sent-by. */
static bool salvage_vias(osip_message_t *m, const char *value)
{
	const char *p = value;

	while (osip_list_size(&m->vias) < SC_MAX_VALUES) {
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		char *one = osip_copy(p, n);
		int rc = one != NULL ? osip_message_set_via(m, one) : -1;

		if (rc != 0 && one != NULL && osip_list_size(&m->vias) == 0) {
			char *semi = strchr(one, ';');

			if (semi != NULL) {
				*semi = '\0';
				osip_message_set_via(m, one);
			}
		}
		osip_free(one);
		if (rc != 0)
			return true;
		if (comma == NULL)
			return false;
		p = comma + 1;
	}
	return true;
}

/* libosip2 refused the whole message: build one holding what a response
 * needs (Via, From, To, Call-ID, CSeq), from the fields that parse. */
static osip_message_t *salvage(const struct check *c)
{
	bool vias_done = false;
	osip_message_t *m;
	size_t i;

	if (osip_message_init(&m) != 0)
		return NULL;
	if (sc_is_token(c->start.method, c->start.method_len))
		osip_message_set_method(m, osip_copy(c->start.method, c->start.method_len));
	osip_message_set_version(m, osip_strdup("SIP/2.0"));
	for (i = 0; i < c->scan.nfields; i++) {
		const sc_field_t *f = &c->scan.fields[i];
		char *value;

		if (f->kind != SC_H_VIA && f->kind != SC_H_FROM && f->kind != SC_H_TO &&
		    f->kind != SC_H_CALL_ID && f->kind != SC_H_CSEQ)
			continue;
		if ((f->kind == SC_H_VIA && vias_done) || f->value_len == 0)
			continue;
		value = sc_field_value(&c->scan, f);
		if (value == NULL)
			continue;
		if (f->kind == SC_H_VIA)
			vias_done = salvage_vias(m, value);
		else if (f->kind == SC_H_FROM && m->from == NULL)
			osip_message_set_from(m, value);
		else if (f->kind == SC_H_TO && m->to == NULL)
			osip_message_set_to(m, value);
		else if (f->kind == SC_H_CALL_ID && m->call_id == NULL)
			osip_message_set_call_id(m, value);
		else if (f->kind == SC_H_CSEQ && m->cseq == NULL)
			osip_message_set_cseq(m, value);
		free(value);
	}
	return m;
}

static bool answerable(const osip_message_t *m)
{
	const osip_via_t *via = m != NULL ? osip_list_get(&m->vias, 0) : NULL;

	return via != NULL && via->host != NULL && via->host[0] != '\0';
}

static void drop(struct check *c, const char *context)
{
	sip_verdict_t *v = c->v;

	v->action = SIP_ACT_DROP;
	v->status = 0;
	if (context != NULL)
		snprintf(v->reason, sizeof(v->reason), "%s (%s)", c->why, context);
	else
		snprintf(v->reason, sizeof(v->reason), "%s", c->why);
	v->unsupported[0] = '\0';
}

/* Every field of a kind, as received, joined with ", "; NULL when none. */
static char *join_fields(const struct check *c, sc_hkind_t kind)
{
	size_t i, n = 0, at = 0;
	char *out;

	for (i = 0; i < c->scan.nfields; i++)
		if (c->scan.fields[i].kind == kind)
			n += c->scan.fields[i].value_len + 2;
	if (n == 0 || (out = osip_malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < c->scan.nfields; i++) {
		const sc_field_t *f = &c->scan.fields[i];

		if (f->kind != kind)
			continue;
		if (at > 0) {
			memcpy(out + at, ", ", 2);
			at += 2;
		}
		memcpy(out + at, field_text(c, f), f->value_len);
		at += f->value_len;
	}
	out[at] = '\0';
	return out;
}

static void conclude(struct check *c)
{
	sip_verdict_t *v = c->v;
	osip_message_t *m;

	v->close_stream = c->close;
	if (c->status == 0 && !c->drop_only) {
		const sc_field_t *auth = first_field(c, SC_H_AUTHORIZATION);

		v->action = SIP_ACT_PROCESS;
		v->msg = c->msg;
		c->msg = NULL;
		const sc_field_t *to = first_field(c, SC_H_TO);

		/* only the handlers' methods get them: not every OPTIONS pays */
		bool handled = method_is(c, "REGISTER") || method_is(c, "SUBSCRIBE");

		if (auth != NULL && handled)
			v->authorization = osip_copy(field_text(c, auth), auth->value_len);
		if (to != NULL && handled)
			v->to = osip_copy(field_text(c, to), to->value_len);
		if (handled)
			v->contacts = join_fields(c, SC_H_CONTACT);
		return;
	}
	if (c->drop_only) {
		drop(c, NULL);
		return;
	}
	if (c->start.is_response) {
		drop(c, "response");
		return;
	}
	if (method_is(c, "ACK")) {
		drop(c, "ACK is never answered");
		return;
	}
	m = c->msg != NULL ? c->msg : salvage(c);
	c->msg = NULL;
	if (!answerable(m)) {
		if (m != NULL)
			osip_message_free(m);
		drop(c, "no usable Via to answer");
		return;
	}
	v->action = SIP_ACT_RESPOND;
	v->status = c->status;
	snprintf(v->reason, sizeof(v->reason), "%s", c->why);
	v->msg = m;
}

sip_action_t sip_check_message(const char *buf, size_t len, const sip_check_opts_t *opts,
			       sip_verdict_t *v)
{
	static const sip_check_opts_t defaults = {.max_message_size = DEFAULT_MAX_MESSAGE_SIZE};
	struct check c;

	memset(v, 0, sizeof(*v));
	memset(&c, 0, sizeof(c));
	c.len = buf != NULL ? len : 0;
	c.opts = opts != NULL ? opts : &defaults;
	c.v = v;
	if (sc_scan(&c.scan, buf != NULL ? buf : "", c.len) < 0) {
		v->action = SIP_ACT_DROP;
		snprintf(v->reason, sizeof(v->reason), "Out of memory");
		return v->action;
	}
	sc_parse_start(&c.scan, &c.start);
	examine(&c);
	conclude(&c);
	if (c.msg != NULL)
		osip_message_free(c.msg);
	sc_scan_free(&c.scan);
	return v->action;
}

void sip_verdict_clear(sip_verdict_t *v)
{
	if (v->msg != NULL)
		osip_message_free(v->msg);
	v->msg = NULL;
	osip_free(v->authorization);
	v->authorization = NULL;
	osip_free(v->to);
	v->to = NULL;
	osip_free(v->contacts);
	v->contacts = NULL;
}
