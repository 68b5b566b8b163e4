/*
 * reg_reply.c - the registrar's final answers to a REGISTER: the 401
 * challenge, the 200 OK (TS 24.229 §5.4.1.2.2F: Contact with the remaining
 * expiries, P-Associated-URI, Service-Route, Path, Require: outbound, GRUUs,
 * Date), the HSS failures mapped to SIP, and any other status.  Each ends
 * the job.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "scscf/base/hex.h"
#include "scscf/base/log.h"
#include "scscf/registrar/reg_internal.h"

/* A growing header block; on overflow the block is marked failed. */
struct block {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void add(struct block *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct block *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	while (!b->failed) {
		size_t cap;
		char *p;

		va_start(ap, fmt);
		n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		cap = b->cap * 2 + (size_t)n;
		p = cap <= (1u << 20) ? realloc(b->buf, cap) : NULL;
		if (p == NULL) {
			b->failed = true; /* b->buf stays valid for the caller to free */
			return;
		}
		b->buf = p;
		b->cap = cap;
	}
}

static void job_end(struct reg_job *j)
{
	registrar_t *r = j->r;

	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		r->jobs = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	osip_message_free(j->req);
	reg_request_clear(&j->rq);
	free(j);
}

bool reg_job_resume(struct reg_job *j)
{
	if (j->orphan) {
		free(j);
		return false;
	}
	j->waiting_cx = false;
	return true;
}

/* Shutdown: every REGISTER gets 500; one still waiting for Cx is kept
 * (orphaned) until its callback comes, which frees it. */
void reg_job_orphan_all(registrar_t *r)
{
	while (r->jobs != NULL) {
		struct reg_job *j = r->jobs;
		bool waiting = j->waiting_cx;

		if (!waiting) {
			reg_job_reply(j, 500, "Server Internal Error: shutting down", NULL);
			continue;
		}
		sip_core_reply(r->core, j->txn, j->req, 500, "Server Internal Error: shutting down",
			       NULL);
		r->jobs = j->next;
		if (r->jobs != NULL)
			r->jobs->prev = NULL;
		osip_message_free(j->req);
		reg_request_clear(&j->rq);
		j->req = NULL;
		j->orphan = true;
	}
}

void reg_job_reply(struct reg_job *j, int status, const char *reason, const char *extra)
{
	if (sip_core_reply(j->r->core, j->txn, j->req, status, reason, extra) != 0)
		log_debug("registrar: the %d to a REGISTER could not be sent (transaction gone)",
			  status);
	job_end(j);
}

void reg_job_challenge(struct reg_job *j, const ra_challenge_t *c)
{
	char www[1024], extra[1100], ik[33], ck[33];
	bool aka = c->kind == RA_AKA;

	if (aka) {
		hex_encode(c->ik, 16, ik);
		hex_encode(c->ck, 16, ck);
	}
	if (auth_challenge_format(www, sizeof(www), c->realm, c->nonce, c->algorithm,
				  aka ? ik : NULL, aka ? ck : NULL, j->stale) < 0) {
		reg_job_reply(j, 500, "Server Internal Error: unusable challenge", NULL);
		return;
	}
	snprintf(extra, sizeof(extra), "WWW-Authenticate: %s", www);
	j->r->stats.challenges++;
	reg_job_reply(j, 401, "Unauthorized", extra);
}

/* TS 24.229 §5.4.1.2.2F / RFC 3261 §10.3 step 8, and the HSS's failures
 * (REFERENCE §3.7) in SIP terms. */
void reg_job_hss_error(struct reg_job *j, const cx_status_t *s)
{
	registrar_t *r = j->r;
	char buf[128], extra[64];

	r->stats.hss_errors++;
	log_warn("registrar: REGISTER of %s (IMPI %s): HSS: %s", j->rq.impu, j->rq.impi,
		 cx_status_str(s, buf, sizeof(buf)));
	if (s->local == CX_LOCAL_NONE && s->experimental) {
		switch (s->code) {
		case CX_ERROR_USER_UNKNOWN:
			reg_job_reply(j, (int)r->cfg.reg_unknown_user,
				      r->cfg.reg_unknown_user == 404 ? "Not Found"
								     : "Forbidden: unknown user",
				      NULL);
			return;
		case CX_ERROR_IDENTITIES_DONT_MATCH:
			reg_job_reply(j, 403, "Forbidden: identities do not match", NULL);
			return;
		case CX_ERROR_AUTH_SCHEME_NOT_SUPPORTED:
			reg_job_reply(j, 403, "Forbidden: authentication scheme not supported", NULL);
			return;
		case CX_ERROR_ROAMING_NOT_ALLOWED:
			reg_job_reply(j, 403, "Forbidden: roaming not allowed", NULL);
			return;
		case CX_ERROR_TOO_MUCH_DATA:
			reg_job_reply(j, 500, "Server Internal Error: user profile too big", NULL);
			return;
		default:
			break;
		}
	}
	if (s->local == CX_LOCAL_NONE && !s->experimental &&
	    s->code == CX_DIAMETER_AUTHORIZATION_REJECTED) {
		reg_job_reply(j, 403, "Forbidden", NULL);
		return;
	}
	/* unreachable, timeout, busy, or an answer we cannot act on: try later */
	snprintf(extra, sizeof(extra), "Retry-After: %u", r->cfg.reg_retry_after);
	reg_job_reply(j, 500, "Server Internal Error: HSS unavailable", extra);
}

/* The Contact parameters as stored, expires replaced by what remains. */
static void add_contact(struct block *h, const rs_binding_t *b, uint64_t now)
{
	uint64_t left = b->expires_at > now ? (b->expires_at - now + 999) / 1000 : 0;
	size_t i;

	add(h, "Contact: <%s>", b->uri);
	for (i = 0; i < b->nparams; i++) {
		if (strcasecmp(b->params[i].name, "expires") == 0)
			continue;
		if (b->params[i].value != NULL)
			add(h, ";%s=%s", b->params[i].name, b->params[i].value);
		else
			add(h, ";%s", b->params[i].name);
	}
	if (b->pub_gruu != NULL)
		add(h, ";pub-gruu=\"%s\"", b->pub_gruu);
	if (b->temp_gruu != NULL)
		add(h, ";temp-gruu=\"%s\"", b->temp_gruu);
	add(h, ";expires=%llu\r\n", (unsigned long long)left);
}

/* RFC 5626 §6: the UE asked for outbound (reg-id + instance) and the
 * first Path URI carries ;ob. */
static bool outbound_applies(const reg_request_t *rq)
{
	size_t i;

	if (rq->npath == 0 || strstr(rq->path[0], ";ob") == NULL)
		return false;
	for (i = 0; i < rq->ncontacts; i++)
		if (rq->contacts[i].has_reg_id && rq->contacts[i].instance != NULL)
			return true;
	return false;
}

void reg_job_ok(struct reg_job *j, const rs_set_t *set)
{
	registrar_t *r = j->r;
	struct block h = {malloc(1024), 0, 1024, false};
	uint64_t now = reg_now(r);
	char date[64];
	time_t t = time(NULL);
	struct tm tm;
	size_t i, n = 0;

	if (h.buf == NULL) {
		reg_job_reply(j, 500, "Server Internal Error: out of memory", NULL);
		return;
	}
	h.buf[0] = '\0';
	for (i = 0; set != NULL && i < set->nbindings; i++)
		add_contact(&h, set->bindings[i], now);
	if (set != NULL) {
		const char *const *pau = ud_pau(set->profile, &n);

		for (i = 0; i < n; i++)
			add(&h, "%s<%s>", i == 0 ? "P-Associated-URI: " : ", ", pau[i]);
		if (n > 0)
			add(&h, "\r\n");
		add(&h, "Service-Route: %s\r\n", r->service_route);
	}
	for (i = 0; i < j->rq.npath; i++)
		add(&h, "Path: %s\r\n", j->rq.path[i]);
	if (set != NULL && outbound_applies(&j->rq))
		add(&h, "Require: outbound\r\n");
	add(&h, "Supported: path, outbound, gruu\r\n");
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	add(&h, "Date: %s", date);
	if (h.failed) {
		free(h.buf);
		reg_job_reply(j, 500, "Server Internal Error: answer too big", NULL);
		return;
	}
	if (r->on_registered != NULL)
		r->on_registered(r->on_registered_arg, j->req, &j->rq, &j->ctx, set);
	reg_job_reply(j, 200, "OK", h.buf);
	free(h.buf);
}
