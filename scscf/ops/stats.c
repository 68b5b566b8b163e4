/*
 * stats.c - see stats.h.  The order here is the order of the output.
 */
#include "config.h"

#include "scscf/ops/stats.h"

#include <stdio.h>
#include <string.h>

#include "diameter/cx/diam_boot.h"
#include "scscf/store/regstore.h"

typedef struct {
	stat_fn fn;
	void *arg;
	const char *group;
} out_t;

static void one(out_t *o, const char *name, stat_kind_t kind, uint64_t v, const char *help)
{
	stat_t s = {o->group, name, help, kind, {NULL, NULL}, {NULL, NULL}, v};

	o->fn(o->arg, &s);
}

static void labelled(out_t *o, const char *name, stat_kind_t kind, const char *l0,
		     const char *v0, const char *l1, const char *v1, uint64_t v, const char *help)
{
	stat_t s = {o->group, name, help, kind, {l0, l1}, {v0, v1}, v};

	o->fn(o->arg, &s);
}

#define COUNTER(o, name, v, help) one(o, name, STAT_COUNTER, v, help)
#define GAUGE(o, name, v, help) one(o, name, STAT_GAUGE, v, help)

static void daemon_figures(out_t *o, const ctl_env_t *env)
{
	uint64_t now = uv_now(env->loop);

	o->group = NULL;
	GAUGE(o, "uptime", now > env->started_ms ? (now - env->started_ms) / 1000 : 0,
	      "Seconds since scscfd started.");
	GAUGE(o, "started_at", (uint64_t)env->started_at,
	      "When scscfd started, in seconds since the Unix epoch.");
}

static void registrar_figures(out_t *o, const ctl_env_t *env)
{
	const registrar_stats_t *r = registrar_stats(env->registrar);

	o->group = "registrar";
	COUNTER(o, "registers", r->registers, "REGISTER requests handled by the registrar.");
	COUNTER(o, "challenges", r->challenges, "401 challenges sent.");
	COUNTER(o, "registered", r->registered, "REGISTERs that ended in 200 OK with bindings.");
	COUNTER(o, "deregistered", r->deregistered, "De-REGISTERs answered 200 OK.");
	COUNTER(o, "auth_failures", r->auth_failures, "REGISTERs with wrong credentials (403).");
	COUNTER(o, "rejected", r->rejected, "REGISTERs refused before authentication.");
	COUNTER(o, "hss_errors", r->hss_errors, "REGISTERs answered with an error because of Cx.");
	COUNTER(o, "expired", r->expired, "Bindings that expired.");
	COUNTER(o, "rtr", r->rtr, "Registration-Termination requests handled.");
	COUNTER(o, "ppr", r->ppr, "Push-Profile requests handled.");
}

static void store_figures(out_t *o, const ctl_env_t *env)
{
	const regstore_t *st = registrar_store(env->registrar);

	o->group = "store";
	GAUGE(o, "sets", regstore_nsets(st), "Registered implicit registration sets.");
	GAUGE(o, "bindings", regstore_nbindings(st), "Active bindings (contacts).");
	GAUGE(o, "impus", regstore_nimpus(st), "Registered public identities.");
}

static void notifier_figures(out_t *o, const ctl_env_t *env)
{
	const notifier_stats_t *n = notifier_stats(env->notifier);

	o->group = "notifier";
	GAUGE(o, "subscriptions", n->subscriptions, "Active reg-event subscriptions.");
	GAUGE(o, "ms_subscriptions", n->ms_subscriptions,
	      "Active Microsoft registration-notify subscriptions.");
	COUNTER(o, "subscribe_ok", n->subscribe_ok, "SUBSCRIBEs that created a subscription.");
	COUNTER(o, "subscribe_refreshed", n->subscribe_refreshed, "SUBSCRIBE refreshes accepted.");
	COUNTER(o, "subscribe_ended", n->subscribe_ended, "Subscriptions that ended.");
	COUNTER(o, "subscribe_rejected", n->subscribe_rejected, "SUBSCRIBEs refused.");
	COUNTER(o, "notify_sent", n->notify_sent, "NOTIFY requests sent (retransmissions not counted).");
	COUNTER(o, "notify_ok", n->notify_ok, "NOTIFYs answered 2xx.");
	COUNTER(o, "notify_failed", n->notify_failed, "NOTIFYs answered with an error or not at all.");
	COUNTER(o, "notify_retried", n->notify_retried, "NOTIFYs sent again after 503 Retry-After.");
	COUNTER(o, "ms_notify_sent", n->ms_notify_sent, "Microsoft registration-notify NOTIFYs sent.");
}

static void sip_figures(out_t *o, const ctl_env_t *env)
{
	sip_core_t *core = sip_stack_core(env->sip);
	const sip_core_stats_t *s = sip_core_stats(core);
	unsigned m, code;
	char num[8];

	o->group = "sip";
	COUNTER(o, "received", s->received, "SIP messages received.");
	COUNTER(o, "responses_received", s->responses_received, "SIP responses received.");
	COUNTER(o, "dropped", s->dropped, "Messages dropped unanswered.");
	COUNTER(o, "rejected", s->rejected, "Malformed requests answered with an error.");
	COUNTER(o, "retransmissions", s->retransmissions, "Request retransmissions absorbed.");
	COUNTER(o, "dispatched", s->dispatched, "Requests handed to the registrar or notifier.");
	COUNTER(o, "options", s->options, "OPTIONS answered.");
	COUNTER(o, "not_allowed", s->not_allowed, "Requests answered 405.");
	COUNTER(o, "not_implemented", s->not_implemented, "Requests answered 501.");
	GAUGE(o, "server_transactions", sip_txn_count_server(sip_core_txn(core)),
	      "Live server transactions.");
	GAUGE(o, "client_transactions", sip_txn_count_client(sip_core_txn(core)),
	      "Live client transactions.");
	GAUGE(o, "tcp_connections", sip_transport_connections(sip_stack_transport(env->sip)),
	      "Open TCP connections.");
	for (m = 0; m < SIP_CORE_M_COUNT; m++)
		for (code = 0; code < 600; code++) {
			if (s->responses[m][code] == 0)
				continue;
			snprintf(num, sizeof(num), "%u", code + 100);
			labelled(o, "responses", STAT_COUNTER, "method",
				 sip_core_method_name((sip_core_method_t)m), "code", num,
				 s->responses[m][code],
				 "Final responses sent, by the request's method and the status.");
		}
}

typedef struct {
	out_t *o;
	cx_tally_cmd_t cmd;
} cx_walk_t;

static void cx_row(void *arg, const cx_tally_row_t *row)
{
	static const char *const names[] = {"mar", "sar", "rtr", "ppr"};
	static const char *const help[] = {
		"Multimedia-Auth requests, by outcome.",
		"Server-Assignment requests, by outcome.",
		"Registration-Termination requests from the HSS, by Reason-Code and answer.",
		"Push-Profile requests from the HSS, by answer."};
	cx_walk_t *w = arg;
	char reason[24];

	if (row->cmd != w->cmd)
		return;
	if (row->cmd == CX_TALLY_RTR) {
		if (row->reason < 0)
			snprintf(reason, sizeof(reason), "unread");
		else
			snprintf(reason, sizeof(reason), "%s", cx_reason_name(row->reason));
		labelled(w->o, names[row->cmd], STAT_COUNTER, "reason", reason, "result",
			 row->result, row->count, help[row->cmd]);
	} else {
		labelled(w->o, names[row->cmd], STAT_COUNTER, "result", row->result, NULL, NULL,
			 row->count, help[row->cmd]);
	}
}

static void peer_up(void *arg, const char *identity, const char *state)
{
	labelled(arg, "peer_up", STAT_GAUGE, "peer", identity, NULL, NULL,
		 strcmp(state, "STATE_OPEN") == 0,
		 "1 while the Diameter connection to the peer is open.");
}

static void peer_state(void *arg, const char *identity, const char *state)
{
	labelled(arg, "peer_state", STAT_GAUGE, "peer", identity, "state", state, 1,
		 "The Diameter peer's state machine state (freeDiameter's name).");
}

static void cx_figures(out_t *o, const ctl_env_t *env)
{
	cx_walk_t w = {o, CX_TALLY_MAR};

	if (env->cx == NULL)
		return;
	o->group = "cx";
	GAUGE(o, "pending", cx_client_pending(env->cx), "MAR/SAR requests awaiting an answer.");
	for (w.cmd = CX_TALLY_MAR; w.cmd <= CX_TALLY_PPR; w.cmd++)
		cx_tally_each(cx_client_tally(env->cx), cx_row, &w);
	o->group = "diameter";
	diam_boot_each_peer(peer_up, o);
	diam_boot_each_peer(peer_state, o);
}

static void loop_figures(out_t *o, const ctl_env_t *env)
{
	if (env->lag == NULL)
		return;
	o->group = "loop";
	GAUGE(o, "lag_us", env->lag->last_us,
	      "How late the event loop ran its last lag-probe timer, in microseconds.");
	GAUGE(o, "lag_max_us", env->lag->max_us,
	      "The largest such delay since start, in microseconds.");
}

void stats_collect(const ctl_env_t *env, stat_fn fn, void *arg)
{
	out_t o = {fn, arg, NULL};

	daemon_figures(&o, env);
	registrar_figures(&o, env);
	store_figures(&o, env);
	notifier_figures(&o, env);
	sip_figures(&o, env);
	cx_figures(&o, env);
	loop_figures(&o, env);
}
