/*
 * ctl_cmd.c - the control commands (ctl_cmd.h): the grammar check, the
 * operator actions (deregister, user-services, move, log-level) and stats.
 * The show commands are in ctl_show.c.
 */
#include "config.h"

#include "scscf/ops/ctl_cmd.h"

#include <stdio.h>
#include <string.h>

#include "scscf/ctl/ctl_req.h"
#include "scscf/base/log.h"
#include "regevent/notify_policy.h"
#include "scscf/store/regstore.h"
#include "scscf/ops/stats.h"

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
	int removed;

	if (c->impi != NULL) {
		removed = registrar_remove_impi(env->registrar, c->target, c->impi, cause);
		if (removed < 0) {
			f->kind = "not-registered";
			snprintf(f->msg, sizeof(f->msg), "IMPU %.100s not registered by IMPI %.100s",
				 c->target, c->impi);
			return -1;
		}
		n = (size_t)removed;
	} else if (registrar_remove(env->registrar, c->target, cause) < 0) {
		return not_registered(f, c->target);
	}
	log_info("control: deregister %s%s%s (%s): %zu binding(s) removed", c->target,
		 c->impi != NULL ? " of IMPI " : "", c->impi != NULL ? c->impi : "", c->value, n);
	jw_kstr(w, "impu", c->target);
	if (c->impi != NULL)
		jw_kstr(w, "impi", c->impi);
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

/* stats: the figures of stats.c as nested objects.  A figure's path is
 * its group, then (labelled) its name, then (two labels) its first label's
 * value; its key is the last of name and label values.  Figures come
 * grouped, so only the levels that differ from the last figure's are
 * closed and opened. */
typedef struct {
	jw_t *w;
	char open[3][64];
	size_t nopen;
} jstats_t;

static void jstats_add(void *arg, const stat_t *s)
{
	jstats_t *j = arg;
	const char *path[3], *leaf = s->name;
	size_t n = 0, k = 0;

	if (s->group != NULL)
		path[n++] = s->group;
	if (s->label[0] != NULL) {
		path[n++] = s->name;
		leaf = s->value_of[0];
		if (s->label[1] != NULL) {
			path[n++] = s->value_of[0];
			leaf = s->value_of[1];
		}
	}
	while (k < n && k < j->nopen && strcmp(j->open[k], path[k]) == 0)
		k++;
	for (; j->nopen > k; j->nopen--)
		jw_end(j->w);
	for (; j->nopen < n; j->nopen++) {
		snprintf(j->open[j->nopen], sizeof(j->open[0]), "%s", path[j->nopen]);
		jw_key(j->w, path[j->nopen]);
		jw_obj(j->w);
	}
	jw_ku64(j->w, leaf, s->value);
}

static void do_stats(const ctl_env_t *env, const ctl_counters_t *cnt, jw_t *w)
{
	jstats_t j = {.w = w};

	stats_collect(env, jstats_add, &j);
	for (; j.nopen > 0; j.nopen--)
		jw_end(w);
	jw_key(w, "control");
	jw_obj(w);
	jw_ku64(w, "clients", cnt->clients);
	jw_ku64(w, "requests", cnt->requests);
	jw_ku64(w, "errors", cnt->errors);
	jw_ku64(w, "refused", cnt->refused);
	jw_ku64(w, "timeouts", cnt->timeouts);
	jw_end(w);
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
