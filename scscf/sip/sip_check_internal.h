/*
 * sip_check_internal.h - what the three files of the message checker share:
 * the state of one check (struct check), the helpers that record a failure
 * and read a field, and the stages the verdict (sip_check.c) runs in order:
 * the message's shape and its parse (sip_check_parse.c), then the field
 * values and the request's role (sip_check_fields.c).
 *
 * Each stage returns true once something is wrong (c->status and c->why
 * say what) and false to go on.
 */
#ifndef SCSCF_SIP_CHECK_INTERNAL_H
#define SCSCF_SIP_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scscf/sip/sip_check.h"
#include "scscf/sip/sip_check_scan.h"

struct check {
	size_t len;
	const sip_check_opts_t *opts;
	sip_verdict_t *v;
	sc_scan_t scan;
	sc_start_t start;
	size_t body_len;      /* by Content-Length, or the rest of a datagram */
	const char *framing;  /* what is wrong with Content-Length, if anything */
	osip_message_t *msg;  /* the full parse, once it succeeded */
	unsigned max_forwards;
	int status;           /* 0 while nothing is wrong */
	const char *why;      /* reason phrase for status */
	char why_buf[64];
	bool drop_only;       /* nothing to answer at all */
	bool close;           /* the stream's framing is lost */
};

/* Record what is wrong; true, so that a stage can return fail(...). */
static inline bool fail(struct check *c, int status, const char *why)
{
	c->status = status;
	c->why = why;
	return true;
}

/* 400 "<what> <field name>", e.g. "Invalid CSeq". */
static inline bool fail_field(struct check *c, const char *what, sc_hkind_t kind)
{
	const char *name = sc_hkind_name(kind);

	if (name == NULL)
		return fail(c, 400, "Invalid header field");
	snprintf(c->why_buf, sizeof(c->why_buf), "%s %s", what, name);
	return fail(c, 400, c->why_buf);
}

/* The first field of a kind, or NULL; and the text of a field's value. */
static inline const sc_field_t *first_field(const struct check *c, sc_hkind_t kind)
{
	size_t i;

	for (i = 0; i < c->scan.nfields; i++)
		if (c->scan.fields[i].kind == kind)
			return &c->scan.fields[i];
	return NULL;
}

static inline const char *field_text(const struct check *c, const sc_field_t *f)
{
	return c->scan.norm + f->value_off;
}

/* Whether the request line's method is name (case-sensitive). */
static inline bool method_is(const struct check *c, const char *name)
{
	size_t n = strlen(name);

	return c->start.method_len == n && memcmp(c->start.method, name, n) == 0;
}

/* Digits only, saturating at UINT64_MAX; false when p[0..len) is empty or
 * holds anything else. */
bool chk_digits(const char *p, size_t len, uint64_t *out);

/* sip_check_parse.c: the message's shape, in this order. */
const char *chk_frame(struct check *c); /* what is wrong with Content-Length, or NULL */
bool chk_start(struct check *c);
bool chk_header_section(struct check *c);
bool chk_body(struct check *c);
bool chk_parse(struct check *c); /* sets c->msg */

/* sip_check_fields.c: on the parsed message. */
bool chk_fields(struct check *c);
bool chk_role(struct check *c); /* requests only */

#endif
