/*
 * nt_timer.c - the notifier's clock and its one timer (scscf/base/clock.h).  Two heaps of
 * deadlines share the timer: when a subscription's NOTIFY is due
 * (n->sends) and when the subscription expires (n->expiries); the timer is
 * armed for the earlier of their earliest.  Everything that reads the time
 * or arms the timer is here.
 */
#include "config.h"

#include "scscf/base/log.h"
#include "scscf/base/macros.h"
#include "scscf/notifier/nt_internal.h"

uint64_t nt_now(const struct notifier *n)
{
	return sclock_now(&n->clock);
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

static void expire(nt_sub_t *s)
{
	log_info("notifier: subscription of %s to %s expired", s->watcher, s->impu);
	s->final_pending = true;
	s->final_reason = "timeout";
	s->dirty = true;
	nt_sub_schedule(s, 0);
}

static void on_timer(void *arg)
{
	struct notifier *n = arg;
	uint64_t now = nt_now(n);
	theap_node_t *node;

	while ((node = theap_pop_due(&n->expiries, now)) != NULL) {
		nt_sub_t *s = container_of(node, nt_sub_t, expiry);

		if (!s->final_sent && !s->final_pending)
			expire(s);
	}
	while ((node = theap_pop_due(&n->sends, now)) != NULL) {
		nt_sub_t *s = container_of(node, nt_sub_t, send_at);

		if (s->txn != 0 || s->final_sent)
			continue; /* the answer reschedules it */
		if (!s->dirty && !s->final_pending)
			continue;
		nt_send(s);
	}
	nt_arm(n);
}

void nt_arm(struct notifier *n)
{
	const theap_node_t *a = theap_min(&n->sends), *b = theap_min(&n->expiries);
	uint64_t due = UINT64_MAX;

	if (n->closing)
		return;
	if (a != NULL)
		due = a->due;
	if (b != NULL && b->due < due)
		due = b->due;
	sclock_arm(&n->clock, n->timer, due == UINT64_MAX ? SCLOCK_NEVER : due);
}

/* The one timer, and the one-shot NOTIFYs' flush (nt_oneshot.c). */
int nt_timer_init(struct notifier *n)
{
	theap_init(&n->sends);
	theap_init(&n->expiries);
	n->timer = sclock_timer_new(&n->clock, on_timer, n);
	n->flush = sclock_timer_new(&n->clock, nt_flush_out, n);
	if (n->timer == NULL || n->flush == NULL) {
		nt_timer_close(n);
		return -1;
	}
	return 0;
}

void nt_timer_close(struct notifier *n)
{
	sclock_timer_free(&n->clock, n->timer);
	sclock_timer_free(&n->clock, n->flush);
	n->timer = n->flush = NULL;
	theap_free(&n->sends);
	theap_free(&n->expiries);
}
