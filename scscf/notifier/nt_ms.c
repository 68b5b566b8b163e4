/*
 * nt_ms.c - Microsoft registration notifications ([MS-SIPREGE] §2.2.1.13,
 * §4.1.3; seed 000).  A REGISTER with "Event: registration" makes an
 * implicit subscription for each binding it creates or refreshes (a
 * REGISTER without the header ends it).  When the network or policy
 * removes the binding, the registrar changes, or user services go down,
 * the endpoint gets one NOTIFY:
 *
 *   NOTIFY <its contact>          (routed through the Path of its REGISTER)
 *   From: <sip:IMPU>;tag=ours     To: the REGISTER's From (tag, epid)
 *   Call-ID: the REGISTER's       Event: registration-notify
 *   Subscription-State: terminated;expires=0 (or active;expires=N)
 *   ms-diagnostics-public: ErrorId;reason="..."
 *   [P-Preferred-Registrar: addr-spec]
 *   Content-Type: text/registration-event  body: e.g. deregistered;event=rejected
 *
 * Its own de-REGISTER and expiry send nothing: the endpoint knows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "regevent/ms_regevent.h"

void nt_ms_free(nt_ms_t *m)
{
	if (m == NULL)
		return;
	free(m->binding_id);
	free(m->set_id);
	free(m->impu);
	free(m->contact);
	free(m->call_id);
	free(m->remote);
	free(m->local_tag);
	free(m);
}

static nt_ms_t *ms_new(const rs_binding_t *b, const reg_request_t *rq, const char *from)
{
	nt_ms_t *m = calloc(1, sizeof(*m));
	char tag[24];

	if (m == NULL)
		return NULL;
	sip_core_new_tag(tag, sizeof(tag));
	m->binding_id = strdup(b->id);
	m->set_id = strdup(b->set->id);
	m->impu = strdup(rq->impu);
	m->contact = strdup(b->uri);
	m->call_id = strdup(rq->callid);
	m->remote = strdup(from);
	m->local_tag = strdup(tag);
	if (!m->binding_id || !m->set_id || !m->impu || !m->contact || !m->call_id ||
	    !m->remote || !m->local_tag) {
		nt_ms_free(m);
		return NULL;
	}
	return m;
}

/* After a 200 OK to a REGISTER: subscribe or unsubscribe its bindings. */
void nt_ms_on_registered(void *arg, const osip_message_t *req, const reg_request_t *rq,
			 const sip_req_ctx_t *ctx, const rs_set_t *set)
{
	struct notifier *n = arg;
	char *from = NULL;
	size_t i;

	(void)ctx;
	if (set == NULL)
		return; /* nothing left: the removals already ended them */
	if (rq->ms_events && (req->from == NULL || osip_from_to_str(req->from, &from) != 0))
		return;
	for (i = 0; i < rq->ncontacts; i++) {
		const rs_binding_t *b = regstore_find_binding(set, rq->contacts[i].key);
		nt_ms_t *old, *m;

		if (b == NULL)
			continue;
		old = strmap_get(&n->ms, b->id);
		if (!rq->ms_events) {
			if (old != NULL)
				nt_ms_free(strmap_del(&n->ms, b->id));
			continue;
		}
		m = ms_new(b, rq, from);
		if (m == NULL)
			continue;
		if (old != NULL) {
			/* a refresh: the dialog's tag and CSeq go on */
			free(m->local_tag);
			m->local_tag = old->local_tag;
			old->local_tag = NULL;
			m->cseq = old->cseq;
			m->sent = old->sent;
			m->failed = old->failed;
			memcpy(m->last_failure, old->last_failure, sizeof(m->last_failure));
			nt_ms_free(strmap_del(&n->ms, b->id));
		}
		m->survivable = rq->ms_survivable;
		if (strmap_put(&n->ms, b->id, m) < 0)
			nt_ms_free(m);
	}
	osip_free(from);
}

/* Build the notification for binding b and queue it. */
static void notify(struct notifier *n, nt_ms_t *m, const rs_binding_t *b, re_ms_kind_t kind)
{
	re_ms_notify_t mn;
	char from[600], extra[1024], state[64];
	nt_request_t rq;
	sip_dest_t fallback, dst;
	nt_bytes_t msg;
	uint64_t now = nt_now(n);
	size_t body_len;

	if (re_ms_notify_build(kind, n->move_target, false, &mn) < 0)
		return;
	if (strcmp(mn.subscription_state, "active") == 0)
		snprintf(state, sizeof(state), "active;expires=%llu",
			 (unsigned long long)(b->expires_at > now ? (b->expires_at - now) / 1000 : 0));
	else
		snprintf(state, sizeof(state), "%s", mn.subscription_state);
	snprintf(from, sizeof(from), "<%s>;tag=%s", m->impu, m->local_tag);
	/* "Ms-diagnostics-public": the spelling these NOTIFYs have always had */
	snprintf(extra, sizeof(extra),
		 "Event: registration-notify\r\nSubscription-State: %s\r\n"
		 "Ms-diagnostics-public: %s\r\n%s%s%s",
		 state, mn.diagnostics, mn.preferred_registrar[0] ? "P-Preferred-Registrar: " : "",
		 mn.preferred_registrar, mn.preferred_registrar[0] ? "\r\n" : "");
	body_len = strlen(mn.body);
	memset(&rq, 0, sizeof(rq));
	rq.request_uri = b->uri;
	rq.routes = (const char *const *)b->path;
	rq.nroutes = b->npath;
	rq.from = from;
	rq.to = m->remote;
	rq.call_id = m->call_id;
	rq.cseq = ++m->cseq;
	rq.extra = extra;
	rq.content_type = RE_MS_CONTENT_TYPE;
	rq.body = mn.body;
	rq.body_len = body_len;
	memset(&fallback, 0, sizeof(fallback));
	fallback.tp = (sip_tp_t)b->transport;
	fallback.addr = b->source;
	fallback.conn_id = b->conn_id;
	if (nt_resolve(b->uri, rq.routes, rq.nroutes, &fallback, &dst) < 0 ||
	    nt_build_notify(n, &rq, &dst, &msg) < 0) {
		log_info("notifier: the registration notification for %s (%s) cannot be sent",
			 m->impu, b->uri);
		m->failed++;
		return;
	}
	{
		char what[600];

		snprintf(what, sizeof(what), "registration-notify \"%s\" to %s (%s)", mn.body,
			 b->uri, m->impu);
		log_info("notifier: %s", what);
		m->sent++;
		nt_queue(n, &msg, &dst, what, re_ms_stays_registered(kind) ? m->binding_id : NULL);
	}
}

void nt_ms_binding_removed(struct notifier *n, const rs_binding_t *b, re_cause_t cause)
{
	nt_ms_t *m = strmap_del(&n->ms, b->id);
	re_ms_kind_t kind;

	if (m == NULL)
		return;
	/* being removed, a survivable endpoint cannot stay registered */
	if (re_ms_kind_for_cause(cause, false, &kind) == 0)
		notify(n, m, b, kind);
	nt_ms_free(m);
}

void nt_ms_services_down(struct notifier *n, const rs_binding_t *b)
{
	nt_ms_t *m = strmap_get(&n->ms, b->id);

	if (m == NULL || m->services_down_told)
		return;
	m->services_down_told = true;
	notify(n, m, b, RE_MS_REG_USERSERVICES);
}
