/*
 * sim_clock.c - see sim_clock.h.  A few timers at most: a plain list,
 * searched for the earliest deadline.
 */
#include "config.h"

#include "sim_clock.h"

#include <stdlib.h>

struct sclock_timer {
	sim_clock_t *s;
	sclock_fire_fn fire;
	void *arg;
	uint64_t deadline; /* SCLOCK_NEVER: disarmed */
	struct sclock_timer *next;
};

struct sim_clock {
	sclock_t iface;
	uint64_t now;
	struct sclock_timer *timers;
};

static uint64_t sim_now(void *ctx)
{
	return ((sim_clock_t *)ctx)->now;
}

static sclock_timer_t *sim_timer_new(void *ctx, sclock_fire_fn fire, void *arg)
{
	sim_clock_t *s = ctx;
	sclock_timer_t *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->s = s;
	t->fire = fire;
	t->arg = arg;
	t->deadline = SCLOCK_NEVER;
	t->next = s->timers;
	s->timers = t;
	return t;
}

static void sim_arm(sclock_timer_t *t, uint64_t deadline)
{
	t->deadline = deadline;
}

static void sim_timer_free(sclock_timer_t *t)
{
	sclock_timer_t **p = &t->s->timers;

	while (*p != t)
		p = &(*p)->next;
	*p = t->next;
	free(t);
}

sim_clock_t *sim_clock_new(uint64_t start_ms)
{
	sim_clock_t *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->now = start_ms;
	s->iface = (sclock_t){sim_now, sim_timer_new, sim_arm, sim_timer_free, s};
	return s;
}

void sim_clock_free(sim_clock_t *s)
{
	free(s);
}

const sclock_t *sim_clock_iface(sim_clock_t *s)
{
	return &s->iface;
}

uint64_t sim_clock_now(const sim_clock_t *s)
{
	return s->now;
}

void sim_clock_set(sim_clock_t *s, uint64_t t)
{
	if (t > s->now)
		s->now = t;
}

static sclock_timer_t *earliest(const sim_clock_t *s)
{
	sclock_timer_t *t, *best = NULL;

	for (t = s->timers; t != NULL; t = t->next)
		if (t->deadline != SCLOCK_NEVER && (best == NULL || t->deadline < best->deadline))
			best = t;
	return best;
}

uint64_t sim_clock_next(const sim_clock_t *s)
{
	const sclock_timer_t *t = earliest(s);

	return t != NULL ? t->deadline : SCLOCK_NEVER;
}

unsigned sim_clock_fire_due(sim_clock_t *s)
{
	unsigned n = 0;
	sclock_timer_t *t;

	while ((t = earliest(s)) != NULL && t->deadline <= s->now && n < 100000) {
		t->deadline = SCLOCK_NEVER; /* one call per arming */
		t->fire(t->arg);
		n++;
	}
	return n;
}
