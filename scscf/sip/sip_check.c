/*
 * sip_check.c - the verdict on one SIP message: process it, answer it with
 * an error status, or drop it.  sip_check_scan.c cuts the bytes into start
 * line, fields and body; libosip2 parses the normalised copy; this file
 * owns the policy: which checks, in which order, and who gets an answer.
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
 * Every reason phrase is a constant of this file, never peer text.
 */
#include "config.h"

#include "scscf/sip/sip_check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/sip/sip_check_scan.h"
#include "scscf/sip/sip_msg.h"

/* RFC 3261 8.1.1.6; also what an absent or out-of-range value means. */
#define DEFAULT_MAX_FORWARDS 70
/* Used when the caller passes no options. */
#define DEFAULT_MAX_MESSAGE_SIZE 65535

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

static bool fail(struct check *c, int status, const char *why)
{
	c->status = status;
	c->why = why;
	return true;
}

static bool fail_field(struct check *c, const char *what, sc_hkind_t kind)
{
	const char *name = sc_hkind_name(kind);

	if (name == NULL)
		return fail(c, 400, "Invalid header field");
	snprintf(c->why_buf, sizeof(c->why_buf), "%s %s", what, name);
	return fail(c, 400, c->why_buf);
}

static const sc_field_t *first_field(const struct check *c, sc_hkind_t kind)
{
	size_t i;

	for (i = 0; i < c->scan.nfields; i++)
		if (c->scan.fields[i].kind == kind)
			return &c->scan.fields[i];
	return NULL;
}

static const char *field_text(const struct check *c, const sc_field_t *f)
{
	return c->scan.norm + f->value_off;
}

static bool method_is(const struct check *c, const char *name)
{
	size_t n = strlen(name);

	return c->start.method_len == n && memcmp(c->start.method, name, n) == 0;
}

/* ---- framing ---------------------------------------------------------- */

/* Digits only; saturates at UINT64_MAX. */
static bool parse_digits(const char *p, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			v = UINT64_MAX;
		else
			v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*out = v;
	return true;
}

/* Decide the body length.  On UDP a missing Content-Length means the rest
 * of the datagram (RFC 3261 18.3) and bytes past it are ignored (RFC 4475
 * dblreq).  On a stream Content-Length is mandatory and the framing layer
 * has already cut the message by it, so a missing, malformed, conflicting
 * or overlong value means the stream's framing is lost: close it.  The same
 * value twice frames well but is still one field too many. */
static const char *frame(struct check *c)
{
	const char *why = NULL;
	uint64_t cl = 0, n = 0;
	size_t i, seen = 0;

	c->body_len = c->scan.body_len;
	for (i = 0; i < c->scan.nfields && why == NULL; i++) {
		const sc_field_t *f = &c->scan.fields[i];

		if (f->kind != SC_H_CONTENT_LENGTH)
			continue;
		if (!parse_digits(field_text(c, f), f->value_len, &n))
			why = "Invalid Content-Length";
		else if (seen++ > 0 && n != cl)
			why = "Conflicting Content-Length";
		cl = n;
	}
	if (why == NULL && seen != c->scan.count[SC_H_CONTENT_LENGTH])
		why = "Invalid Content-Length"; /* one the scanner refused */
	if (why == NULL && seen == 0 && c->opts->is_stream)
		why = "Missing Content-Length";
	if (why == NULL && seen > 0 && cl > c->scan.body_len)
		why = "Content-Length exceeds body";
	if (why != NULL) {
		c->close = c->opts->is_stream;
		return why;
	}
	if (seen > 0)
		c->body_len = (size_t)cl;
	return seen > 1 ? "Duplicate Content-Length" : NULL;
}

/* ---- start line and header section ------------------------------------ */

static bool check_start(struct check *c)
{
	const sc_start_t *st = &c->start;
	static const char *const schemes[] = {"sip", "sips", "tel", NULL};
	const char *const *s;

	if (st->problem != NULL)
		return fail(c, 400, st->problem);
	if (!st->version_2_0)
		return fail(c, 505, "Version Not Supported");
	if (st->is_response)
		return false;
	for (s = schemes; *s != NULL; s++)
		if (st->scheme_len == strlen(*s) && strncasecmp(st->uri, *s, st->scheme_len) == 0)
			return false;
	return fail(c, 416, "Unsupported URI Scheme");
}

static bool check_header_section(struct check *c)
{
	int k;

	if (c->scan.problem != NULL)
		return fail(c, 400, c->scan.problem);
	if (c->framing != NULL)
		return fail(c, 400, c->framing);
	for (k = SC_H_OTHER + 1; k < SC_H_COUNT; k++)
		if (sc_hkind_single((sc_hkind_t)k) && c->scan.count[k] > 1)
			return fail_field(c, "Duplicate", (sc_hkind_t)k);
	/* RFC 3261 20.15: a non-empty body needs a Content-Type. */
	if (c->body_len > 0 && c->scan.count[SC_H_CONTENT_TYPE] == 0)
		return fail(c, 400, "Missing Content-Type");
	return false;
}

/* ---- libosip2 --------------------------------------------------------- */

static bool has_ci(const char *p, size_t len, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp(p + i, word, n) == 0)
			return true;
	return false;
}

/* libosip2 5.3 leaks the first Content-Type of a MIME part that has two
 * (osip_body_set_contenttype() overwrites it).  Its part headers end at an
 * empty line (CR, LF or CRLF ends a line), so refuse a multipart body in
 * which one run of non-empty lines says "content-type" twice: that covers
 * every part header block, whatever the boundary. */
static bool mime_headers_ok(const char *p, size_t len)
{
	size_t i = 0, seen = 0;

	while (i < len) {
		if (p[i] == '\r' || p[i] == '\n') {
			size_t run = 0;

			while (i + run < len && (p[i + run] == '\r' || p[i + run] == '\n'))
				run++;
			if (!(run == 1 || (run == 2 && p[i] == '\r' && p[i + 1] == '\n')))
				seen = 0;
			i += run;
			continue;
		}
		if (len - i >= 12 && strncasecmp(p + i, "content-type", 12) == 0 && ++seen > 1)
			return false;
		i++;
	}
	return true;
}

static bool check_body(struct check *c)
{
	const sc_field_t *ct = first_field(c, SC_H_CONTENT_TYPE);

	if (ct != NULL && has_ci(field_text(c, ct), ct->value_len, "multipart") &&
	    !mime_headers_ok(c->scan.in + c->scan.body_off, c->body_len))
		return fail(c, 400, "Malformed message body");
	return false;
}

static char *lower_copy(const char *p, size_t len)
{
	char *s = malloc(len + 1);
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		s[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] | 0x20 : p[i]);
	s[len] = '\0';
	return s;
}

/* Give one field to libosip2 on its own: 0 when it takes it. */
static int try_field(osip_message_t *m, const sc_scan_t *s, const sc_field_t *f)
{
	char *name = lower_copy(s->norm + f->name_off, f->name_len);
	char *value = f->value_len > 0 ? sc_field_value(s, f) : NULL;
	int rc = -1;

	if (name != NULL && (f->value_len == 0 || value != NULL))
		rc = osip_message_set_multiple_header(m, name, value);
	free(name);
	free(value);
	return rc;
}

static bool uri_parses(const char *p, size_t len)
{
	char *text = malloc(len + 1);
	osip_uri_t *uri = NULL;
	int rc = -1;

	if (text != NULL && osip_uri_init(&uri) == 0) {
		memcpy(text, p, len);
		text[len] = '\0';
		rc = osip_uri_parse(uri, text);
	}
	osip_uri_free(uri);
	free(text);
	return rc == 0;
}

/* libosip2 refused the message and says only that: find what it refuses
 * by giving it one field at a time, then the Request-URI. */
static bool diagnose(struct check *c)
{
	osip_message_t *m;
	size_t i;

	if (osip_message_init(&m) != 0)
		return fail(c, 400, "Malformed message");
	for (i = 0; i < c->scan.nfields; i++) {
		if (try_field(m, &c->scan, &c->scan.fields[i]) != 0) {
			osip_message_free(m);
			return fail_field(c, "Invalid", c->scan.fields[i].kind);
		}
	}
	osip_message_free(m);
	if (!c->start.is_response && !uri_parses(c->start.uri, c->start.uri_len))
		return fail(c, 400, "Invalid Request-URI");
	return fail(c, 400, "Malformed message body");
}

static bool parse(struct check *c)
{
	osip_message_t *m;

	if (sc_scan_finish(&c->scan, c->body_len) < 0 || osip_message_init(&m) != 0) {
		c->drop_only = true;
		return fail(c, 0, "Out of memory");
	}
	if (osip_message_parse(m, c->scan.norm, c->scan.norm_len) != 0) {
		osip_message_free(m);
		return diagnose(c);
	}
	c->msg = m;
	return false;
}

/* ---- fields ----------------------------------------------------------- */

static bool word_char(unsigned char ch)
{
	return sc_is_token_char(ch) || (ch != '\0' && strchr("()<>:\\\"/[]?{}", ch) != NULL);
}

/* Call-ID = word [ "@" word ] (RFC 3261 25.1); libosip2 takes anything. */
static bool call_id_ok(const char *p, size_t len)
{
	size_t i, at = 0, words = 1, run = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == '@' && at++ == 0 && run > 0) {
			words++;
			run = 0;
		} else if (word_char((unsigned char)p[i])) {
			run++;
		} else {
			return false;
		}
	}
	return at <= 1 && run > 0 && words == at + 1;
}

/* CSeq = 1*DIGIT LWS Method, the number below 2**32 (RFC 3261 8.1.1.5). */
static bool cseq_ok(const char *p, size_t len, const char **method, size_t *method_len)
{
	size_t i = 0, digits;
	uint64_t n;

	while (i < len && p[i] >= '0' && p[i] <= '9')
		i++;
	digits = i;
	if (!parse_digits(p, digits, &n) || n > UINT32_MAX)
		return false;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == digits)
		return false;
	*method = p + i;
	*method_len = len - i;
	return sc_is_token(*method, *method_len);
}

/* From, To and Contact: an addr-spec outside <> must not hold a '?' (nor,
 * for From and To, a ','): RFC 3261 20.10 requires name-addr then. */
static bool addr_ok(const char *p, size_t len, bool list)
{
	bool quoted = false, escaped = false;
	int angle = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char ch = p[i];

		if (escaped) {
			escaped = false;
		} else if (quoted) {
			if (ch == '\\')
				escaped = true;
			else if (ch == '"')
				quoted = false;
		} else if (ch == '"') {
			quoted = true;
		} else if (ch == '<') {
			angle++;
		} else if (ch == '>' && angle > 0) {
			angle--;
		} else if (angle == 0 && (ch == '?' || (ch == ',' && !list))) {
			return false;
		}
	}
	return true;
}

static bool check_addresses(struct check *c)
{
	size_t i;

	for (i = 0; i < c->scan.nfields; i++) {
		const sc_field_t *f = &c->scan.fields[i];

		if ((f->kind == SC_H_FROM || f->kind == SC_H_TO || f->kind == SC_H_CONTACT) &&
		    !addr_ok(field_text(c, f), f->value_len, f->kind == SC_H_CONTACT))
			return fail_field(c, "Invalid", f->kind);
	}
	return false;
}

/* From and To are copied into every response: a value libosip2 parses but
 * cannot read back once it has written it would make the answer unreadable. */
static bool check_echoes(struct check *c)
{
	if (!sip_from_echoes(c->msg->from))
		return fail_field(c, "Invalid", SC_H_FROM);
	if (!sip_from_echoes(c->msg->to))
		return fail_field(c, "Invalid", SC_H_TO);
	return false;
}

static bool check_mandatory(struct check *c)
{
	static const sc_hkind_t need[] = {SC_H_VIA, SC_H_FROM, SC_H_TO, SC_H_CALL_ID, SC_H_CSEQ};
	const osip_message_t *m = c->msg;
	const osip_via_t *via = osip_list_get(&m->vias, 0);
	const bool parsed[] = {via != NULL && via->host != NULL, m->from != NULL, m->to != NULL,
			       m->call_id != NULL, m->cseq != NULL};
	size_t i;

	int pos;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (c->scan.count[need[i]] == 0)
			return fail_field(c, "Missing", need[i]);
		if (!parsed[i])
			return fail_field(c, "Invalid", need[i]);
	}
	/* every Via is echoed in the response: each needs a transport and a
	 * host (libosip2 accepts "SIP/2.0/example.com" with an empty host) */
	for (pos = 0; pos < osip_list_size(&m->vias); pos++) {
		const osip_via_t *v = osip_list_get(&m->vias, pos);

		if (v == NULL || v->host == NULL || v->host[0] == '\0' || v->protocol == NULL ||
		    v->protocol[0] == '\0')
			return fail_field(c, "Invalid", SC_H_VIA);
	}
	return false;
}

static bool check_scalars(struct check *c)
{
	const sc_field_t *cid = first_field(c, SC_H_CALL_ID);
	const sc_field_t *cseq = first_field(c, SC_H_CSEQ);
	const char *method;
	size_t method_len;

	if (cid == NULL || !call_id_ok(field_text(c, cid), cid->value_len))
		return fail(c, 400, "Invalid Call-ID");
	if (cseq == NULL || !cseq_ok(field_text(c, cseq), cseq->value_len, &method, &method_len))
		return fail(c, 400, "Invalid CSeq");
	/* RFC 4475 mismatch02: the same 400 for an unknown method (501
	 * would be the dispatcher's answer, but the message is malformed
	 * whatever its method). */
	if (!c->start.is_response &&
	    (method_len != c->start.method_len || memcmp(method, c->start.method, method_len) != 0))
		return fail(c, 400, "CSeq method mismatch");
	return false;
}

/* Max-Forwards = 1*DIGIT.  Absent, or above 255 (RFC 4475 scalar02: may be
 * treated as absent), it counts as 70: RFC 2543 requests lack it
 * (RFC 4475 inv2543). */
static bool check_max_forwards(struct check *c)
{
	const sc_field_t *f = first_field(c, SC_H_MAX_FORWARDS);
	uint64_t n;

	c->max_forwards = DEFAULT_MAX_FORWARDS;
	if (c->scan.count[SC_H_MAX_FORWARDS] == 0)
		return false;
	if (f == NULL || !parse_digits(field_text(c, f), f->value_len, &n))
		return fail(c, 400, "Invalid Max-Forwards");
	if (n <= 255)
		c->max_forwards = (unsigned)n;
	return false;
}

/* The top Via's branch: "z9hG4bK" alone claims RFC 3261 matching with no
 * identifier (RFC 4475 badbranch), and "branch" needs a value.  No branch
 * at all is an RFC 2543 client (inv2543) and is fine. */
static bool check_branch(struct check *c)
{
	osip_via_t *via = osip_list_get(&c->msg->vias, 0);
	osip_generic_param_t *branch = NULL;
	char name[] = "branch";

	osip_via_param_get_byname(via, name, &branch);
	if (branch == NULL)
		return false;
	if (branch->gvalue == NULL || branch->gvalue[0] == '\0' ||
	    strcmp(branch->gvalue, "z9hG4bK") == 0)
		return fail(c, 400, "Invalid Via branch");
	return false;
}

static bool check_fields(struct check *c)
{
	if (check_mandatory(c) || check_scalars(c) || check_addresses(c) || check_echoes(c))
		return true;
	if (c->start.is_response)
		return false;
	if (check_max_forwards(c))
		return true;
	/* RFC 3261 19.1.1: no headers component in a Request-URI (escruri). */
	if (c->msg->req_uri == NULL || osip_list_size(&c->msg->req_uri->url_headers) > 0)
		return fail(c, 400, "Invalid Request-URI");
	return check_branch(c);
}

/* ---- the request's role ----------------------------------------------- */

/* Methods this S-CSCF ends itself, as registrar (REGISTER), reg-event
 * notifier (SUBSCRIBE), keep-alive target (OPTIONS) and for the hop-by-hop
 * ACK and CANCEL of its own transactions.  Everything else, unknown methods
 * included, it would forward as a proxy: those get 483 on Max-Forwards 0
 * (RFC 3261 16.3 step 3) and have Proxy-Require checked (step 6), while
 * these get Require checked (8.2.2.3) and Max-Forwards 0 processed
 * normally, as RFC 4475 zeromf asks of a UAS.  NOTIFY is forwarded: this
 * daemon sends NOTIFYs but subscribes to nothing. */
static bool ends_here(const struct check *c)
{
	static const char *const uas[] = {"REGISTER", "SUBSCRIBE", "OPTIONS", "ACK", "CANCEL",
					  NULL};
	const char *const *m;

	for (m = uas; *m != NULL; m++)
		if (method_is(c, *m))
			return true;
	return false;
}

static bool supported(const struct check *c, const char *tag, size_t len)
{
	const char *const *s;

	for (s = c->opts->supported; s != NULL && *s != NULL; s++)
		if (strlen(*s) == len && strncasecmp(*s, tag, len) == 0)
			return true;
	return false;
}

/* Whole tags only: one that does not fit in v->unsupported is left out. */
static void add_unsupported(sip_verdict_t *v, const char *tag, size_t len)
{
	size_t used = strlen(v->unsupported), sep = used > 0 ? 2 : 0;

	if (used + sep + len >= sizeof(v->unsupported))
		return;
	memcpy(v->unsupported + used, ", ", sep);
	memcpy(v->unsupported + used + sep, tag, len);
	v->unsupported[used + sep + len] = '\0';
}

/* Collect the option tags of every field of kind that we do not support.
 * -1 when a value is not a list of tokens. */
static int collect_unsupported(struct check *c, sc_hkind_t kind)
{
	int found = 0;
	size_t i;

	for (i = 0; i < c->scan.nfields; i++) {
		const sc_field_t *f = &c->scan.fields[i];
		const char *p = field_text(c, f), *end = p + f->value_len;

		if (f->kind != kind)
			continue;
		for (;;) {
			const char *comma = memchr(p, ',', (size_t)(end - p));
			const char *q = comma != NULL ? comma : end;

			while (p < q && (*p == ' ' || *p == '\t'))
				p++;
			while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
				q--;
			if (!sc_is_token(p, (size_t)(q - p)))
				return -1;
			if (!supported(c, p, (size_t)(q - p))) {
				add_unsupported(c->v, p, (size_t)(q - p));
				found = 1;
			}
			if (comma == NULL)
				break;
			p = comma + 1;
		}
	}
	return found;
}

static bool check_role(struct check *c)
{
	bool uas = ends_here(c);
	sc_hkind_t kind = uas ? SC_H_REQUIRE : SC_H_PROXY_REQUIRE;
	int rc;

	if (!uas && c->max_forwards == 0)
		return fail(c, 483, "Too Many Hops");
	/* RFC 3261 8.2.2.3: a UAS does not reject ACK or CANCEL over Require
	 * (ACK gets no answer, CANCEL must reach its INVITE). */
	if (method_is(c, "ACK") || method_is(c, "CANCEL"))
		return false;
	rc = collect_unsupported(c, kind);
	if (rc < 0) {
		c->v->unsupported[0] = '\0';
		return fail_field(c, "Invalid", kind);
	}
	if (rc > 0)
		return fail(c, 420, "Bad Extension");
	return false;
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
	c->framing = frame(c);
	if (check_start(c) || check_header_section(c) || check_body(c) || parse(c) ||
	    check_fields(c))
		return;
	if (!c->start.is_response)
		check_role(c);
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
