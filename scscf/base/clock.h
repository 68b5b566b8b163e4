/*
 * clock.h - the time a module reads and the timers it arms, as a small
 * function table, so a module never asks the event loop itself.  The
 * daemon's clock is its libuv loop (scscf/daemon/loop_clock.c); unit tests
 * give a simulated clock that fires due timers when the test advances it.
 *
 * Time is in milliseconds on one monotonic scale.  A timer calls its
 * function once per arming, from the clock's owner (the loop), never from
 * inside sclock_arm().
 */
#ifndef SCSCF_CLOCK_H
#define SCSCF_CLOCK_H

#include <stddef.h>
#include <stdint.h>

typedef struct sclock_timer sclock_timer_t; /* defined by each clock */
typedef void (*sclock_fire_fn)(void *arg);

typedef struct {
	uint64_t (*now)(void *ctx);
	/* A disarmed timer that calls fire(arg); NULL when memory runs out. */
	sclock_timer_t *(*timer_new)(void *ctx, sclock_fire_fn fire, void *arg);
	/* Fire at deadline (at once, on the next turn, when it has passed);
	 * replaces an earlier arming.  SCLOCK_NEVER disarms. */
	void (*arm)(sclock_timer_t *t, uint64_t deadline);
	/* Disarms and frees; fire is not called any more. */
	void (*timer_free)(sclock_timer_t *t);
	void *ctx;
} sclock_t;

#define SCLOCK_NEVER UINT64_MAX

static inline uint64_t sclock_now(const sclock_t *c)
{
	return c->now(c->ctx);
}

static inline sclock_timer_t *sclock_timer_new(const sclock_t *c, sclock_fire_fn fire, void *arg)
{
	return c->timer_new(c->ctx, fire, arg);
}

static inline void sclock_arm(const sclock_t *c, sclock_timer_t *t, uint64_t deadline)
{
	c->arm(t, deadline);
}

static inline void sclock_timer_free(const sclock_t *c, sclock_timer_t *t)
{
	if (t != NULL)
		c->timer_free(t);
}

#endif
