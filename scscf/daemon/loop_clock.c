/*
 * loop_clock.c - see loop_clock.h: the clock interface over a libuv loop.
 */
#include "config.h"

#include "scscf/daemon/loop_clock.h"

#include <stdlib.h>

struct sclock_timer {
	uv_timer_t handle;
	sclock_fire_fn fire;
	void *arg;
};

static uint64_t loop_now(void *ctx)
{
	return uv_now(ctx);
}

static void on_timer(uv_timer_t *h)
{
	sclock_timer_t *t = h->data;

	t->fire(t->arg);
}

static sclock_timer_t *loop_timer_new(void *ctx, sclock_fire_fn fire, void *arg)
{
	sclock_timer_t *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	if (uv_timer_init(ctx, &t->handle) != 0) {
		free(t);
		return NULL;
	}
	t->handle.data = t;
	t->fire = fire;
	t->arg = arg;
	return t;
}

static void loop_arm(sclock_timer_t *t, uint64_t deadline)
{
	uint64_t now = uv_now(t->handle.loop);

	if (deadline == SCLOCK_NEVER) {
		uv_timer_stop(&t->handle);
		return;
	}
	uv_timer_start(&t->handle, on_timer, deadline > now ? deadline - now : 0, 0);
}

static void closed(uv_handle_t *h)
{
	free(h->data);
}

static void loop_timer_free(sclock_timer_t *t)
{
	if (t == NULL)
		return;
	uv_timer_stop(&t->handle);
	uv_close((uv_handle_t *)&t->handle, closed);
}

sclock_t loop_clock(uv_loop_t *loop)
{
	const sclock_t c = {loop_now, loop_timer_new, loop_arm, loop_timer_free, loop};

	return c;
}
