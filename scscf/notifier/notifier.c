/*
 * notifier.c - the reg-event notifier's life: made and attached to the SIP
 * core, the registrar and its store; detached and freed.  The rest is in
 * the nt_*.c files:
 *
 *   subscribe.c    SUBSCRIBE: checks, new subscriptions and refreshes
 *   nt_subs.c      the table of sets and subscriptions
 *   nt_events.c    the store's change events, coalesced into due NOTIFYs
 *   nt_timer.c     the clock and the one timer: due NOTIFYs, expiries
 *   nt_send.c      one NOTIFY sent; nt_answer.c what its answer does
 *   nt_body.c      the reginfo body; nt_dialog.c the request on the dialog
 *   nt_ms.c        Microsoft registration notifications (nt_oneshot.c
 *                  sends them)
 *   nt_actions.c   operator actions; nt_show.c introspection
 */
#include "config.h"

#include <stdlib.h>

#include "scscf/notifier/nt_internal.h"

notifier_t *notifier_new(const sclock_t *clock, sip_core_t *core, registrar_t *reg,
			 const notifier_config_t *cfg, const sip_config_t *sip,
			 unsigned reg_retry_after)
{
	struct notifier *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->clock = *clock;
	n->core = core;
	n->reg = reg;
	n->store = registrar_store(reg);
	n->cfg = *cfg;
	n->sip = *sip;
	n->retry_after = reg_retry_after;
	n->out_tail = &n->out;
	if (strmap_init(&n->sets) < 0 || strmap_init(&n->dialogs) < 0 || strmap_init(&n->ms) < 0 ||
	    nt_timer_init(n) < 0 || regstore_listen(n->store, nt_on_store_event, n) < 0) {
		nt_timer_close(n);
		strmap_free(&n->sets);
		strmap_free(&n->dialogs);
		strmap_free(&n->ms);
		free(n);
		return NULL;
	}
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

/* Every subscription (those of ended sets too): their sets go with the
 * last one. */
static void free_subs(struct notifier *n)
{
	void **all = calloc(n->dialogs.count ? n->dialogs.count : 1, sizeof(*all)), **end, **p;

	if (all == NULL)
		return;
	end = all;
	strmap_each(&n->dialogs, collect, &end);
	for (p = all; p < end; p++)
		nt_sub_free(*p);
	free(all);
}

void notifier_free(notifier_t *n)
{
	if (n == NULL)
		return;
	n->closing = true;
	sip_core_set_handler(n->core, "SUBSCRIBE", NULL, NULL);
	registrar_on_registered(n->reg, NULL, NULL);
	free_subs(n);
	strmap_each(&n->ms, free_ms, NULL);
	while (n->out != NULL) {
		nt_out_t *o = n->out;

		n->out = o->next;
		nt_out_free(o);
	}
	nt_timer_close(n);
	strmap_free(&n->sets);
	strmap_free(&n->dialogs);
	strmap_free(&n->ms);
	free(n);
}
