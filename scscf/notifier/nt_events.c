/*
 * nt_events.c - the registration store's change events, as the notifier
 * takes them in: which changes the policy reports, the contacts and
 * identities that left a set, and the end of a set.
 *
 * Coalescing: a change marks every subscription of its set dirty and, if
 * none is due yet, makes it due regevent.window ms later.  When it is due
 * and no NOTIFY of it is in flight, one NOTIFY describing the set as it is
 * then goes (nt_send.c); changes that come meanwhile wait for that
 * NOTIFY's answer and go together in the next.  So a subscription never
 * has two NOTIFYs in flight and its versions reach the wire in order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"

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

static void binding_removed(struct notifier *n, nt_set_t *ns, const rs_event_t *ev)
{
	re_event_t rev = re_policy_event_for_cause(&n->cfg.ev_policy, ev->cause);

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
}

/* PPR: identities left the set (or came). */
static void profile_changed(struct notifier *n, nt_set_t *ns, const rs_event_t *ev)
{
	size_t i;

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
}

void nt_on_store_event(void *arg, const rs_event_t *ev)
{
	struct notifier *n = arg;
	nt_set_t *ns = nt_set_get(n, ev->set->id, false);

	if (ev->kind == RS_EV_BINDING_REMOVED)
		nt_ms_binding_removed(n, ev->binding, ev->cause);
	if (ns == NULL)
		return;
	switch (ev->kind) {
	case RS_EV_BINDING_ADDED:
	case RS_EV_BINDING_UPDATED:
		if (re_policy_event_for_cause(&n->cfg.ev_policy, ev->cause) == RE_EV_NONE)
			return;
		ns->seq++;
		if (ev->cause == RE_CAUSE_REAUTH && nt_set_shortened(ns, ev->binding->id) < 0)
			log_warn("notifier: out of memory: the shortening of %s is reported "
				 "as a refresh", ev->binding->uri);
		mark(n, ns);
		return;
	case RS_EV_BINDING_REMOVED:
		binding_removed(n, ns, ev);
		return;
	case RS_EV_SET_REMOVED:
		end_set(n, ns, ev->set, ev->cause);
		return;
	case RS_EV_SET_PROFILE:
		profile_changed(n, ns, ev);
		return;
	case RS_EV_SET_ADDED:
		return;
	}
}
