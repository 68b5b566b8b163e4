/*
 * notifier.c - the reg-event notifier's life: the store's change events
 * turned into due NOTIFYs, the one timer that sends them and expires
 * subscriptions, the answers to NOTIFYs (RFC 6665 §4.2.2), and the
 * operator's actions.  The SUBSCRIBE handler is in subscribe.c, bodies in
 * nt_body.c, the NOTIFY itself in nt_dialog.c, Microsoft endpoints in
 * nt_ms.c.
 *
 * Coalescing: a change marks every subscription of its set dirty and, if
 * none is due yet, makes it due regevent.window ms later.  When it is due
 * and no NOTIFY of it is in flight, one NOTIFY describing the set as it is
 * then goes; changes that come meanwhile wait for that NOTIFY's answer and
 * go together in the next.  So a subscription never has two NOTIFYs in
 * flight and its versions reach the wire in order.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "regevent/ms_regevent.h"
#include "scscf/sip/sip_msg.h"

uint64_t nt_now(const struct notifier *n)
{
	return uv_now(n->loop);
}

const char *nt_watcher_name(nt_watcher_t k)
{
	static const char *const names[] = {"ue", "pcscf", "as", "ms"};

	return (unsigned)k < 4 ? names[k] : "?";
}

/* ---- sets -------------------------------------------------------------- */

nt_set_t *nt_set_get(struct notifier *n, const char *set_id, bool create)
{
	nt_set_t *ns = strmap_get(&n->sets, set_id);

	if (ns != NULL || !create)
		return ns;
	ns = calloc(1, sizeof(*ns));
	if (ns == NULL || (ns->id = strdup(set_id)) == NULL || strmap_put(&n->sets, set_id, ns) < 0) {
		if (ns != NULL)
			free(ns->id);
		free(ns);
		return NULL;
	}
	return ns;
}

static void set_free(nt_set_t *ns)
{
	while (ns->gone != NULL) {
		nt_gone_t *g = ns->gone;

		ns->gone = g->next;
		nt_gone_free(g);
	}
	while (ns->gone_impus != NULL) {
		nt_gone_impu_t *g = ns->gone_impus;

		ns->gone_impus = g->next;
		free(g->id.identity);
		free(g->id.wildcard);
		free(g);
	}
	nt_impus_free(ns->impus, ns->nimpus);
	free(ns->id);
	free(ns);
}

/* Forget the removed contacts and identities every watcher has heard of. */
static void set_trim(nt_set_t *ns)
{
	uint64_t low = ns->seq;
	const nt_sub_t *s;
	nt_gone_t **g = &ns->gone;
	nt_gone_impu_t **gi = &ns->gone_impus;

	for (s = ns->subs; s != NULL; s = s->next_in_set)
		if (s->reported_seq < low)
			low = s->reported_seq;
	while (*g != NULL) {
		if ((*g)->seq <= low) {
			nt_gone_t *dead = *g;

			*g = dead->next;
			nt_gone_free(dead);
		} else {
			g = &(*g)->next;
		}
	}
	while (*gi != NULL) {
		if ((*gi)->seq <= low) {
			nt_gone_impu_t *dead = *gi;

			*gi = dead->next;
			free(dead->id.identity);
			free(dead->id.wildcard);
			free(dead);
		} else {
			gi = &(*gi)->next;
		}
	}
}

/* A set without watchers is not kept (an ended one either). */
static void set_release_if_idle(struct notifier *n, nt_set_t *ns)
{
	if (ns->subs != NULL)
		return;
	if (!ns->ended && strmap_get(&n->sets, ns->id) == ns)
		strmap_del(&n->sets, ns->id);
	set_free(ns);
}

/* ---- subscriptions ----------------------------------------------------- */

static void dialog_key(const nt_sub_t *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s\n%s\n%s", s->call_id, s->local_tag, s->remote_tag);
}

int nt_sub_add(struct notifier *n, nt_sub_t *s, const char *set_id)
{
	nt_set_t *ns = nt_set_get(n, set_id, true);
	char key[1024];

	dialog_key(s, key, sizeof(key));
	if (ns == NULL || strmap_put(&n->dialogs, key, s) < 0) {
		if (ns != NULL)
			set_release_if_idle(n, ns);
		return -1;
	}
	s->n = n;
	s->set = ns;
	s->id = ++n->next_sub_id;
	s->reported_seq = ns->seq;
	s->next_in_set = ns->subs;
	ns->subs = s;
	ns->nsubs++;
	n->stats.subscriptions++;
	theap_set(&n->expiries, &s->expiry, s->expires_at);
	return 0;
}

void nt_sub_free(nt_sub_t *s)
{
	struct notifier *n = s->n;
	size_t i;

	if (n != NULL) {
		nt_set_t *ns = s->set;
		nt_sub_t **p;
		char key[1024];

		dialog_key(s, key, sizeof(key));
		if (strmap_get(&n->dialogs, key) == s)
			strmap_del(&n->dialogs, key);
		theap_remove(&n->expiries, &s->expiry);
		theap_remove(&n->sends, &s->send_at);
		if (s->txn != 0)
			sip_txn_client_abandon(sip_core_txn(n->core), s->txn);
		for (p = &ns->subs; *p != NULL; p = &(*p)->next_in_set) {
			if (*p == s) {
				*p = s->next_in_set;
				ns->nsubs--;
				break;
			}
		}
		n->stats.subscriptions--;
		set_trim(ns);
		set_release_if_idle(n, ns);
	}
	free(s->impu);
	free(s->watcher);
	free(s->event_id);
	free(s->call_id);
	free(s->local_tag);
	free(s->remote_tag);
	free(s->local_uri);
	free(s->remote_uri);
	free(s->remote_target);
	for (i = 0; i < s->nroutes; i++)
		free(s->routes[i]);
	free(s);
}

/* Due in delay ms unless due sooner already; sent when due and nothing of
 * it is in flight. */
void nt_sub_schedule(nt_sub_t *s, uint64_t delay_ms)
{
	uint64_t due = nt_now(s->n) + delay_ms;

	if (!theap_armed(&s->send_at) || s->send_at.due > due)
		theap_set(&s->n->sends, &s->send_at, due);
	nt_arm(s->n);
}

static void mark(struct notifier *n, nt_set_t *ns)
{
	nt_sub_t *s;

	for (s = ns->subs; s != NULL; s = s->next_in_set) {
		s->dirty = true;
		nt_sub_schedule(s, n->cfg.ev_window);
	}
}

/* The set lost its last binding: every watcher gets a final NOTIFY. */
static const char *end_reason(re_cause_t cause)
{
	switch (cause) {
	case RE_CAUSE_RTR_PERMANENT:
	case RE_CAUSE_USER_DISABLED:
		return "rejected";
	case RE_CAUSE_RTR_REMOVE_SCSCF:
		return "noresource";
	case RE_CAUSE_ADMIN_PROBATION:
		return "probation";
	default:
		return "deactivated";
	}
}

static void end_set(struct notifier *n, nt_set_t *ns, const rs_set_t *set, re_cause_t cause)
{
	nt_sub_t *s;

	if (ns->ended)
		return;
	if (nt_impus_snapshot(set, &ns->impus, &ns->nimpus) < 0) {
		ns->impus = NULL;
		ns->nimpus = 0;
	}
	ns->ended = true;
	ns->end_cause = cause;
	if (strmap_get(&n->sets, ns->id) == ns)
		strmap_del(&n->sets, ns->id);
	for (s = ns->subs; s != NULL; s = s->next_in_set) {
		if (!s->final_pending && !s->final_sent) {
			s->final_pending = true;
			s->final_reason = end_reason(cause);
		}
	}
	ns->seq++;
	mark(n, ns);
}

/* ---- the store's events -------------------------------------------------- */

static void on_store_event(void *arg, const rs_event_t *ev)
{
	struct notifier *n = arg;
	nt_set_t *ns = nt_set_get(n, ev->set->id, false);
	const re_policy_t *p = &n->cfg.ev_policy;
	re_event_t rev;
	size_t i;

	if (ev->kind == RS_EV_BINDING_REMOVED)
		nt_ms_binding_removed(n, ev->binding, ev->cause);
	if (ns == NULL)
		return;
	switch (ev->kind) {
	case RS_EV_BINDING_ADDED:
	case RS_EV_BINDING_UPDATED:
		if (re_policy_event_for_cause(p, ev->cause) == RE_EV_NONE)
			return;
		ns->seq++;
		mark(n, ns);
		return;
	case RS_EV_BINDING_REMOVED:
		rev = re_policy_event_for_cause(p, ev->cause);
		if (rev != RE_EV_NONE) {
			nt_gone_t *g = nt_gone_new(ev->binding, rev, ns->seq + 1, nt_now(n));

			if (g == NULL) {
				log_warn("notifier: out of memory: the removal of %s is not reported",
					 ev->binding->uri);
			} else {
				g->next = ns->gone;
				ns->gone = g;
			}
			ns->seq++;
			mark(n, ns);
		}
		if (ev->set->nbindings == 0)
			end_set(n, ns, ev->set, ev->cause);
		return;
	case RS_EV_SET_REMOVED:
		end_set(n, ns, ev->set, ev->cause);
		return;
	case RS_EV_SET_PROFILE:
		if (ev->nadded == 0 && ev->nremoved == 0)
			return;
		ns->seq++;
		for (i = 0; i < ev->nremoved; i++) {
			nt_gone_impu_t *g = calloc(1, sizeof(*g));

			if (g == NULL || (g->id.identity = strdup(ev->removed[i])) == NULL) {
				free(g);
				continue;
			}
			g->seq = ns->seq;
			g->next = ns->gone_impus;
			ns->gone_impus = g;
		}
		mark(n, ns);
		return;
	case RS_EV_SET_ADDED:
		return;
	}
}

/* ---- sending ------------------------------------------------------------- */

static void on_notify_done(void *arg, const sip_txn_result_t *res);

static void fail(nt_sub_t *s, const char *why)
{
	s->failed++;
	s->n->stats.notify_failed++;
	snprintf(s->last_failure, sizeof(s->last_failure), "%s", why);
}

/* Build and send the NOTIFY s is due for.  Returns false when s is gone. */
static bool send_notify(nt_sub_t *s)
{
	struct notifier *n = s->n;
	uint64_t now = nt_now(n);
	char *body = NULL, from[1200], extra[256], state[96];
	const char *routes[NT_MAX_ROUTES];
	nt_request_t rq;
	osip_message_t *m;
	sip_dest_t dst;
	size_t len = 0, i;

	if (nt_body(n, s, &body, &len) < 0) {
		fail(s, "the body could not be built");
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
	m = NULL;
	if (nt_resolve(s->remote_target, routes, s->nroutes, &s->src, &dst) == 0)
		m = nt_build_notify(n, &rq, &dst);
	free(body);
	if (m != NULL)
		s->txn = sip_txn_client_send(sip_core_txn(n->core), m, &dst, on_notify_done, s);
	osip_message_free(m);
	if (s->txn == 0) {
		fail(s, "the NOTIFY could not be sent");
		log_info("notifier: subscription of %s to %s removed: the NOTIFY could not be sent",
			 s->watcher, s->impu);
		nt_sub_free(s);
		return false;
	}
	n->stats.notify_sent++;
	s->sent++;
	s->version++;
	s->reported_seq = s->set->seq;
	s->dirty = false;
	if (s->final_pending) {
		s->final_pending = false;
		s->final_sent = true;
	}
	set_trim(s->set);
	return true;
}

/* RFC 6665 §4.2.2: these answers end the subscription. */
static bool removes(int status)
{
	return status == 404 || status == 405 || status == 410 || status == 416 ||
	       (status >= 480 && status <= 485) || status == 489 || status == 501 || status == 604;
}

static uint64_t retry_after(const osip_message_t *resp)
{
	osip_header_t *h = NULL;

	if (osip_message_header_get_byname(resp, "retry-after", 0, &h) < 0 || h->hvalue == NULL)
		return 0;
	return strtoull(h->hvalue, NULL, 10);
}

static void on_notify_done(void *arg, const sip_txn_result_t *res)
{
	nt_sub_t *s = arg;
	struct notifier *n = s->n;
	int status = res->kind == TXN_RESULT_RESPONSE ? res->resp->status_code : 0;
	char why[96];

	s->txn = 0;
	if (status >= 200 && status < 300) {
		n->stats.notify_ok++;
		s->retried_503 = false;
		if (s->final_sent) {
			log_info("notifier: subscription of %s to %s ended (%s)", s->watcher, s->impu,
				 s->final_reason);
			n->stats.subscribe_ended++;
			nt_sub_free(s);
		} else if (s->dirty) {
			nt_sub_schedule(s, 0);
		}
		return;
	}
	if (res->kind == TXN_RESULT_TIMEOUT)
		snprintf(why, sizeof(why), "no answer (Timer F)");
	else if (res->kind == TXN_RESULT_TRANSPORT)
		snprintf(why, sizeof(why), "transport error");
	else
		snprintf(why, sizeof(why), "%d %s", status,
			 res->resp->reason_phrase ? res->resp->reason_phrase : "");
	fail(s, why);
	if (status == 503 && !s->retried_503 && !s->final_sent && retry_after(res->resp) > 0) {
		uint64_t after = retry_after(res->resp);

		s->retried_503 = true;
		s->dirty = true;
		n->stats.notify_retried++;
		log_info("notifier: NOTIFY to %s (%s) got %s: retried in %llu s", s->watcher,
			 s->impu, why, (unsigned long long)after);
		theap_remove(&n->sends, &s->send_at);
		nt_sub_schedule(s, (after > 3600 ? 3600 : after) * 1000);
		return;
	}
	if (s->final_sent || removes(status) || status == 0 || status == 503) {
		log_info("notifier: subscription of %s to %s %s: NOTIFY got %s", s->watcher, s->impu,
			 s->final_sent ? "ended" : "removed", why);
		n->stats.subscribe_ended++;
		nt_sub_free(s);
		return;
	}
	log_info("notifier: NOTIFY to %s (%s) got %s; the subscription stays", s->watcher, s->impu,
		 why);
	if (s->dirty)
		nt_sub_schedule(s, 0);
}

/* ---- the timer ------------------------------------------------------------- */

static void expire(struct notifier *n, nt_sub_t *s)
{
	log_info("notifier: subscription of %s to %s expired", s->watcher, s->impu);
	s->final_pending = true;
	s->final_reason = "timeout";
	s->dirty = true;
	nt_sub_schedule(s, 0);
	(void)n;
}

static void on_timer(uv_timer_t *t)
{
	struct notifier *n = t->data;
	uint64_t now = nt_now(n);
	theap_node_t *node;

	while ((node = theap_pop_due(&n->expiries, now)) != NULL) {
		nt_sub_t *s = (nt_sub_t *)((char *)node - offsetof(nt_sub_t, expiry));

		if (!s->final_sent && !s->final_pending)
			expire(n, s);
	}
	while ((node = theap_pop_due(&n->sends, now)) != NULL) {
		nt_sub_t *s = (nt_sub_t *)((char *)node - offsetof(nt_sub_t, send_at));

		if (s->txn != 0 || s->final_sent)
			continue; /* the answer reschedules it */
		if (!s->dirty && !s->final_pending)
			continue;
		send_notify(s);
	}
	nt_arm(n);
}

void nt_arm(struct notifier *n)
{
	const theap_node_t *a = theap_min(&n->sends), *b = theap_min(&n->expiries);
	uint64_t due = UINT64_MAX, now = nt_now(n);

	if (n->closing)
		return;
	if (a != NULL)
		due = a->due;
	if (b != NULL && b->due < due)
		due = b->due;
	if (due == UINT64_MAX) {
		uv_timer_stop(&n->timer);
		return;
	}
	uv_timer_start(&n->timer, on_timer, due > now ? due - now : 0, 0);
}

/* ---- one-shot NOTIFYs (Microsoft) -------------------------------------------- */

static void on_out_done(void *arg, const sip_txn_result_t *res)
{
	nt_out_t *o = arg;
	struct notifier *n = o->n;
	nt_ms_t *ms = o->ms_binding != NULL ? strmap_get(&n->ms, o->ms_binding) : NULL;
	int status = res->kind == TXN_RESULT_RESPONSE ? res->resp->status_code : 0;

	if (status < 200 || status >= 300) {
		n->stats.notify_failed++;
		log_info("notifier: %s got %s", o->what,
			 res->kind == TXN_RESULT_TIMEOUT	 ? "no answer (Timer F)"
			 : res->kind == TXN_RESULT_TRANSPORT ? "a transport error"
							     : "a failure response");
		if (ms != NULL) {
			ms->failed++;
			snprintf(ms->last_failure, sizeof(ms->last_failure), "%d", status);
		}
	} else {
		n->stats.notify_ok++;
	}
	free(o->what);
	free(o->ms_binding);
	free(o);
}

static void flush_out(uv_idle_t *h)
{
	struct notifier *n = h->data;

	uv_idle_stop(h);
	while (n->out != NULL) {
		nt_out_t *o = n->out;

		n->out = o->next;
		if (n->out == NULL)
			n->out_tail = &n->out;
		if (sip_txn_client_send(sip_core_txn(n->core), o->msg, &o->dst, on_out_done, o) ==
		    0) {
			log_info("notifier: %s could not be sent", o->what);
			n->stats.notify_failed++;
			osip_message_free(o->msg);
			free(o->what);
			free(o->ms_binding);
			free(o);
			continue;
		}
		n->stats.notify_sent++;
		n->stats.ms_notify_sent++;
		osip_message_free(o->msg);
		o->msg = NULL;
	}
}

/* Send msg after the current callback (so after the answer to the request
 * that caused it). */
void nt_queue(struct notifier *n, osip_message_t *msg, const sip_dest_t *dst, const char *what,
	      const char *ms_binding)
{
	nt_out_t *o = calloc(1, sizeof(*o));

	if (o == NULL || (o->what = strdup(what)) == NULL ||
	    (ms_binding != NULL && (o->ms_binding = strdup(ms_binding)) == NULL)) {
		if (o != NULL)
			free(o->what);
		free(o);
		osip_message_free(msg);
		return;
	}
	o->n = n;
	o->msg = msg;
	o->dst = *dst;
	*n->out_tail = o;
	n->out_tail = &o->next;
	if (!n->closing)
		uv_idle_start(&n->idle, flush_out);
}

/* ---- life ---------------------------------------------------------------- */

notifier_t *notifier_new(uv_loop_t *loop, sip_core_t *core, registrar_t *reg,
			 const notifier_config_t *cfg, const sip_config_t *sip,
			 unsigned reg_retry_after)
{
	struct notifier *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->loop = loop;
	n->core = core;
	n->reg = reg;
	n->store = registrar_store(reg);
	n->cfg = *cfg;
	n->sip = *sip;
	n->retry_after = reg_retry_after;
	n->out_tail = &n->out;
	if (strmap_init(&n->sets) < 0 || strmap_init(&n->dialogs) < 0 || strmap_init(&n->ms) < 0 ||
	    regstore_listen(n->store, on_store_event, n) < 0) {
		strmap_free(&n->sets);
		strmap_free(&n->dialogs);
		strmap_free(&n->ms);
		free(n);
		return NULL;
	}
	theap_init(&n->sends);
	theap_init(&n->expiries);
	uv_timer_init(loop, &n->timer);
	n->timer.data = n;
	uv_idle_init(loop, &n->idle);
	n->idle.data = n;
	sip_core_set_handler(core, "SUBSCRIBE", nt_on_subscribe, n);
	registrar_on_registered(reg, nt_ms_on_registered, n);
	return n;
}

/* strmap_each callback: the values into an array. */
static void collect(const char *key, void *value, void *arg)
{
	void ***v = arg;

	(void)key;
	*(*v)++ = value;
}

static void free_ms(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	nt_ms_free(value);
}

static void closed(uv_handle_t *h)
{
	struct notifier *n = h->data;

	if (--n->open_handles > 0)
		return; /* the other one is still closing */
	theap_free(&n->sends);
	theap_free(&n->expiries);
	strmap_free(&n->sets);
	strmap_free(&n->dialogs);
	strmap_free(&n->ms);
	free(n);
}

void notifier_free(notifier_t *n)
{
	void **all, **end, **p;

	if (n == NULL)
		return;
	n->closing = true;
	sip_core_set_handler(n->core, "SUBSCRIBE", NULL, NULL);
	registrar_on_registered(n->reg, NULL, NULL);
	/* every subscription (those of ended sets too): their sets go with
	 * the last one */
	all = calloc(n->dialogs.count ? n->dialogs.count : 1, sizeof(*all));
	if (all != NULL) {
		end = all;
		strmap_each(&n->dialogs, collect, &end);
		for (p = all; p < end; p++)
			nt_sub_free(*p);
		free(all);
	}
	strmap_each(&n->ms, free_ms, NULL);
	while (n->out != NULL) {
		nt_out_t *o = n->out;

		n->out = o->next;
		osip_message_free(o->msg);
		free(o->what);
		free(o->ms_binding);
		free(o);
	}
	uv_timer_stop(&n->timer);
	uv_idle_stop(&n->idle);
	n->open_handles = 2;
	uv_close((uv_handle_t *)&n->timer, closed);
	uv_close((uv_handle_t *)&n->idle, closed);
}

/* ---- operator actions ----------------------------------------------------- */

int notifier_user_services(notifier_t *n, const char *impu, bool available)
{
	rs_set_t *set = regstore_find_impu(n->store, impu);
	size_t i = 0;

	if (set == NULL || set->state != RS_SET_REGISTERED)
		return -1;
	if (available) {
		for (i = 0; i < set->nbindings; i++) {
			nt_ms_t *ms = strmap_get(&n->ms, set->bindings[i]->id);

			if (ms != NULL)
				ms->services_down_told = false;
		}
		log_info("notifier: user services of %s available again", impu);
		return 0;
	}
	log_info("notifier: user services of %s unavailable", impu);
	/* survivable endpoints are told and stay; the others are deregistered */
	while (set != NULL && i < set->nbindings) {
		rs_binding_t *b = set->bindings[i];
		nt_ms_t *ms = strmap_get(&n->ms, b->id);
		bool last = set->nbindings == 1;

		if (ms == NULL) {
			i++;
			continue;
		}
		if (ms->survivable) {
			nt_ms_services_down(n, b);
			i++;
			continue;
		}
		registrar_unbind(n->reg, b, RE_CAUSE_USER_SERVICES_DOWN);
		if (last)
			set = NULL;
	}
	return 0;
}

int notifier_move(notifier_t *n, const char *impu, const char *registrar_uri)
{
	re_ms_notify_t probe;
	int rc;

	if (re_ms_notify_build(RE_MS_DEREG_REGISTRAR_CHANGE, registrar_uri, false, &probe) < 0)
		return -2;
	n->move_target = registrar_uri;
	rc = registrar_remove(n->reg, impu, RE_CAUSE_REGISTRAR_CHANGE);
	n->move_target = NULL;
	if (rc == 0)
		log_info("notifier: %s moved to %s", impu, registrar_uri);
	return rc;
}

/* ---- introspection --------------------------------------------------------- */

typedef struct {
	const struct notifier *n;
	void (*fn)(void *arg, const nt_sub_info_t *s);
	void *arg;
} each_t;

static void each_dialog(const char *key, void *value, void *arg)
{
	const each_t *e = arg;
	const nt_sub_t *s = value;
	uint64_t now = nt_now(e->n);
	nt_sub_info_t i = {
		s->kind,	  s->impu,	  s->watcher, s->call_id, s->local_tag, s->remote_tag,
		s->set->id,	  0,		  s->version, s->sent,	  s->failed,	s->last_failure,
		s->txn != 0,
	};

	(void)key;
	i.expires_in = s->expires_at > now ? (s->expires_at - now) / 1000 : 0;
	e->fn(e->arg, &i);
}

static void each_ms(const char *key, void *value, void *arg)
{
	const each_t *e = arg;
	const nt_ms_t *m = value;
	const rs_set_t *set = regstore_find_set(e->n->store, m->set_id);
	const rs_binding_t *b = NULL;
	uint64_t now = nt_now(e->n);
	size_t k;
	nt_sub_info_t i;

	(void)key;
	for (k = 0; set != NULL && k < set->nbindings; k++)
		if (strcmp(set->bindings[k]->id, m->binding_id) == 0)
			b = set->bindings[k];
	memset(&i, 0, sizeof(i));
	i.kind = NT_WATCHER_MS;
	i.impu = m->impu;
	i.watcher = m->contact;
	i.call_id = m->call_id;
	i.local_tag = m->local_tag;
	i.remote_tag = "";
	i.set_id = m->set_id;
	i.expires_in = b != NULL && b->expires_at > now ? (b->expires_at - now) / 1000 : 0;
	i.sent = m->sent;
	i.failed = m->failed;
	i.last_failure = m->last_failure;
	e->fn(e->arg, &i);
}

void notifier_each(const notifier_t *n, void (*fn)(void *arg, const nt_sub_info_t *s), void *arg)
{
	each_t e = {n, fn, arg};

	strmap_each(&n->dialogs, each_dialog, &e);
	strmap_each(&n->ms, each_ms, &e);
}

const notifier_stats_t *notifier_stats(const notifier_t *n)
{
	((struct notifier *)n)->stats.ms_subscriptions = n->ms.count;
	return &n->stats;
}
