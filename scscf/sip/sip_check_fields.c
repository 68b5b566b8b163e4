/*
 * sip_check_fields.c - the values of the fields of a parsed SIP message:
 * the mandatory ones and every Via (400), Call-ID and CSeq, From/To/Contact
 * addresses, Max-Forwards, the top Via's branch, the Request-URI's headers;
 * then the request's role: 483 on Max-Forwards 0 for what it would forward,
 * 420 for the Require / Proxy-Require option tags it does not support.
 */
#include "config.h"

#include <strings.h>

#include "scscf/sip/sip_check_internal.h"
#include "scscf/sip/sip_msg.h"

/* RFC 3261 8.1.1.6; also what an absent or out-of-range value means. */
#define DEFAULT_MAX_FORWARDS 70

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
	if (!chk_digits(p, digits, &n) || n > UINT32_MAX)
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
	if (f == NULL || !chk_digits(field_text(c, f), f->value_len, &n))
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

bool chk_fields(struct check *c)
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

bool chk_role(struct check *c)
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
