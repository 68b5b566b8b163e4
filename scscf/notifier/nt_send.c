/*
 * nt_send.c - one reg-event NOTIFY, when it is due: its body (nt_body.c),
 * its Subscription-State, the request on the subscription's dialog
 * (nt_dialog.c), and the client transaction that carries it.  The answer
 * comes back to nt_answer.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "scscf/sip/sip_txn.h"

void nt_fail(nt_sub_t *s, const char *why)
{
	s->failed++;
	s->n->stats.notify_failed++;
	snprintf(s->last_failure, sizeof(s->last_failure), "%s", why);
}

/* The NOTIFY went: s has told its watcher everything up to now. */
static void sent(nt_sub_t *s)
{
	s->n->stats.notify_sent++;
	s->sent++;
	s->version++;
	s->reported_seq = s->set->seq;
	s->dirty = false;
	if (s->final_pending) {
		s->final_pending = false;
		s->final_sent = true;
	}
	nt_set_trim(s->set);
}

bool nt_send(nt_sub_t *s)
{
	struct notifier *n = s->n;
	uint64_t now = nt_now(n);
	char *body = NULL, from[1200], extra[256], state[96];
	const char *routes[NT_MAX_ROUTES];
	nt_request_t rq;
	nt_bytes_t w = {NULL, 0, ""};
	sip_dest_t dst;
	size_t len = 0, i;

	if (nt_body(n, s, &body, &len) < 0) {
		nt_fail(s, "the body could not be built");
		log_warn("notifier: no NOTIFY for %s (%s): body not built", s->impu, s->watcher);
		if (s->final_pending) {
			nt_sub_free(s);
			return false;
		}
		return true;
	}
	if (s->final_pending)
		snprintf(state, sizeof(state), "terminated;reason=%s", s->final_reason);
	else
		snprintf(state, sizeof(state), "active;expires=%llu",
			 (unsigned long long)(s->expires_at > now ? (s->expires_at - now) / 1000 : 0));
	snprintf(extra, sizeof(extra), "Event: reg%s%s\r\nSubscription-State: %s\r\n",
		 s->event_id ? ";id=" : "", s->event_id ? s->event_id : "", state);
	snprintf(from, sizeof(from), "%s;tag=%s", s->local_uri, s->local_tag);
	for (i = 0; i < s->nroutes; i++)
		routes[i] = s->routes[i];
	memset(&rq, 0, sizeof(rq));
	rq.request_uri = s->remote_target;
	rq.routes = routes;
	rq.nroutes = s->nroutes;
	rq.from = from;
	rq.to = s->remote_uri;
	rq.call_id = s->call_id;
	rq.cseq = ++s->local_cseq;
	rq.extra = extra;
	rq.content_type = "application/reginfo+xml";
	rq.body = body;
	rq.body_len = len;
	if (nt_resolve(s->remote_target, routes, s->nroutes, &s->src, &dst) == 0 &&
	    nt_build_notify(n, &rq, &dst, &w) == 0) {
		sip_txn_request_t tr = {w.buf, w.len, w.branch, "NOTIFY"};

		s->txn = sip_txn_client_send(sip_core_txn(n->core), &tr, &dst, nt_on_notify_done, s);
	}
	free(body);
	if (s->txn == 0) {
		nt_fail(s, "the NOTIFY could not be sent");
		log_info("notifier: subscription of %s to %s removed: the NOTIFY could not be sent",
			 s->watcher, s->impu);
		nt_sub_free(s);
		return false;
	}
	sent(s);
	return true;
}
