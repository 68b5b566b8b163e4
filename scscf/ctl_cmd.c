/*
 * ctl_cmd.c - the control commands (ctl_cmd.h): the grammar check, the
 * operator actions (deregister, user-services, move, log-level) and stats.
 * The show commands are in ctl_show.c.
 */
#include "config.h"

#include "ctl_cmd.h"

#include <stdio.h>
#include <string.h>

#include "ctl_req.h"
#include "log.h"
#include "regevent/notify_policy.h"
#include "regstore.h"

char *ctl_cmd_error(const char *kind, const char *message, size_t *len)
{
	jw_t w;
	char *doc;

	jw_init(&w);
	jw_obj(&w);
	jw_kbool(&w, "ok", false);
	jw_kstr(&w, "error", message);
	jw_kstr(&w, "kind", kind);
	jw_end(&w);
	return jw_done(&w, &doc, len) == 0 ? doc : NULL;
}

static re_cause_t reason_cause(const char *reason)
{
	if (strcmp(reason, "probation") == 0)
		return RE_CAUSE_ADMIN_PROBATION;
	if (strcmp(reason, "disabled") == 0)
		return RE_CAUSE_USER_DISABLED;
	return RE_CAUSE_ADMIN;
}

/* The actions: 0, or -1 with kind and message set. */
typedef struct {
	const char *kind;
	char msg[256];
} fail_t;

static int not_registered(fail_t *f, const char *impu)
{
	f->kind = "not-registered";
	snprintf(f->msg, sizeof(f->msg), "IMPU not registered: %.200s", impu);
	return -1;
}

static int do_deregister(const ctl_env_t *env, const ctl_cmd_t *c, jw_t *w, fail_t *f)
{
	rs_set_t *set = regstore_find_impu(registrar_store(env->registrar), c->target);
	size_t n = set != NULL ? set->nbindings : 0;
	re_cause_t cause = reason_cause(c->value);

	if (registrar_remove(env->registrar, c->target, cause) < 0)
		return not_registered(f, c->target);
	log_info("control: deregister %s (%s): %zu binding(s) removed", c->target, c->value, n);
	jw_kstr(w, "impu", c->target);
	jw_kstr(w, "reason", c->value);
	jw_kstr(w, "cause", re_cause_name(cause));
	jw_ku64(w, "bindings_removed", n);
	return 0;
}

static int do_user_services(const ctl_env_t *env, const ctl_cmd_t *c, jw_t *w, fail_t *f)
{
	bool up = strcmp(c->value, "up") == 0;

	if (notifier_user_services(env->notifier, c->target, up) < 0)
		return not_registered(f, c->target);
	log_info("control: user services of %s %s", c->target, c->value);
	jw_kstr(w, "impu", c->target);
	jw_kstr(w, "user_services", c->value);
	return 0;
}

static int do_move(const ctl_env_t *env, const ctl_cmd_t *c, jw_t *w, fail_t *f)
{
	int rc = notifier_move(env->notifier, c->target, c->value);

	if (rc == -1)
		return not_registered(f, c->target);
	if (rc < 0) {
		f->kind = "bad-uri";
		snprintf(f->msg, sizeof(f->msg), "not a registrar URI: %.200s", c->value);
		return -1;
	}
	log_info("control: %s moved to %s", c->target, c->value);
	jw_kstr(w, "impu", c->target);
	jw_kstr(w, "registrar", c->value);
	return 0;
}

static void do_log_level(const ctl_cmd_t *c, jw_t *w)
{
	slog_level_t old = slog_get_level(), lv = old;

	if (c->value != NULL && slog_level_from_name(c->value, &lv) == 0 && lv != old) {
		log_info("control: log level %s (was %s)", slog_level_name(lv),
			 slog_level_name(old));
		slog_set_level(lv);
	}
	jw_kstr(w, "level", slog_level_name(lv));
	jw_kstr(w, "previous", slog_level_name(old));
}

/* One group of counters: names lists the members, blank-separated, in the
 * order of values. */
static void group(jw_t *w, const char *name, const char *names, const uint64_t *values,
		  size_t n)
{
	char key[40];
	size_t i, len;

	jw_key(w, name);
	jw_obj(w);
	for (i = 0; i < n && *names != '\0'; i++) {
		len = strcspn(names, " ");
		snprintf(key, sizeof(key), "%.*s", (int)len, names);
		jw_ku64(w, key, values[i]);
		names += len + (names[len] == ' ');
	}
	jw_end(w);
}

#define GROUP(w, name, names, values) \
	group(w, name, names, values, sizeof(values) / sizeof(values[0]))

static void do_stats(const ctl_env_t *env, const ctl_counters_t *cnt, jw_t *w)
{
	const registrar_stats_t *r = registrar_stats(env->registrar);
	const regstore_t *st = registrar_store(env->registrar);
	const notifier_stats_t *n = notifier_stats(env->notifier);
	sip_core_t *core = sip_stack_core(env->sip);
	const sip_core_stats_t *s = sip_core_stats(core);
	uint64_t now = uv_now(env->loop);
	const uint64_t reg[] = {r->registers, r->challenges, r->registered, r->deregistered,
				r->auth_failures, r->rejected, r->hss_errors, r->expired,
				r->rtr, r->ppr};
	const uint64_t store[] = {regstore_nsets(st), regstore_nbindings(st), regstore_nimpus(st)};
	const uint64_t nt[] = {n->subscriptions, n->ms_subscriptions, n->subscribe_ok,
			       n->subscribe_refreshed, n->subscribe_ended, n->subscribe_rejected,
			       n->notify_sent, n->notify_ok, n->notify_failed, n->notify_retried,
			       n->ms_notify_sent};
	const uint64_t sip[] = {s->received, s->responses_received, s->dropped, s->rejected,
				s->retransmissions, s->dispatched, s->options, s->not_allowed,
				s->not_implemented, sip_txn_count_server(sip_core_txn(core)),
				sip_txn_count_client(sip_core_txn(core)),
				sip_transport_connections(sip_stack_transport(env->sip))};
	const uint64_t ctl[] = {cnt->clients, cnt->requests, cnt->errors, cnt->refused,
				cnt->timeouts};

	jw_ku64(w, "uptime", now > cnt->started_ms ? (now - cnt->started_ms) / 1000 : 0);
	jw_ku64(w, "started_at", (uint64_t)cnt->started_at);
	GROUP(w, "registrar", "registers challenges registered deregistered auth_failures "
			      "rejected hss_errors expired rtr ppr", reg);
	GROUP(w, "store", "sets bindings impus", store);
	GROUP(w, "notifier", "subscriptions ms_subscriptions subscribe_ok subscribe_refreshed "
			     "subscribe_ended subscribe_rejected notify_sent notify_ok "
			     "notify_failed notify_retried ms_notify_sent", nt);
	GROUP(w, "sip", "received responses_received dropped rejected retransmissions "
			"dispatched options not_allowed not_implemented server_transactions "
			"client_transactions tcp_connections", sip);
	GROUP(w, "control", "clients requests errors refused timeouts", ctl);
}

/* Members of an ok answer; 0, or -1 with f set. */
static int run(const ctl_env_t *env, const ctl_counters_t *cnt, const ctl_cmd_t *c, jw_t *w,
	       fail_t *f)
{
	switch (c->op) {
	case CTL_SHOW_REGISTRATION:
		if (ctl_show_registration(env, c->target, w) == 0)
			return 0;
		f->kind = "not-registered";
		snprintf(f->msg, sizeof(f->msg), "nothing registered for %.200s", c->target);
		return -1;
	case CTL_SHOW_SUBSCRIPTION:
		ctl_show_subscriptions(env, c->target, w);
		return 0;
	case CTL_DEREGISTER:
		return do_deregister(env, c, w, f);
	case CTL_USER_SERVICES:
		return do_user_services(env, c, w, f);
	case CTL_MOVE:
		return do_move(env, c, w, f);
	case CTL_STATS:
		do_stats(env, cnt, w);
		return 0;
	case CTL_LOG_LEVEL:
		do_log_level(c, w);
		return 0;
	}
	f->kind = "internal";
	snprintf(f->msg, sizeof(f->msg), "unknown operation");
	return -1;
}

char *ctl_cmd_run(const ctl_env_t *env, const ctl_counters_t *cnt, int argc, char **argv,
		  size_t *len)
{
	fail_t f = {"usage", ""};
	ctl_cmd_t c;
	jw_t w;
	char *doc;
	int rc;

	if (ctl_cmd_parse(argc, argv, &c, f.msg, sizeof(f.msg)) < 0)
		return ctl_cmd_error(f.kind, f.msg, len);
	jw_init(&w);
	jw_obj(&w);
	jw_kbool(&w, "ok", true);
	rc = run(env, cnt, &c, &w, &f);
	/* an action may have queued SIP requests (NOTIFYs): arm the timer */
	if (c.op != CTL_SHOW_REGISTRATION && c.op != CTL_SHOW_SUBSCRIPTION && c.op != CTL_STATS)
		sip_stack_kick(env->sip);
	if (rc < 0) {
		jw_free(&w);
		return ctl_cmd_error(f.kind, f.msg, len);
	}
	jw_end(&w);
	return jw_done(&w, &doc, len) == 0 ? doc : NULL;
}
