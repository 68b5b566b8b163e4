/*
 * loop_lag.c - see loop_lag.h.
 */
#include "config.h"

#include "scscf/ops/loop_lag.h"

static void arm(loop_lag_t *l);

static void on_tick(uv_timer_t *t)
{
	loop_lag_t *l = t->data;
	uint64_t now = uv_hrtime();
	uint64_t lag_us = now > l->due_ns ? (now - l->due_ns) / 1000 : 0;

	l->last_us = lag_us;
	if (lag_us > l->max_us)
		l->max_us = lag_us;
	l->samples++;
	arm(l);
}

static void arm(loop_lag_t *l)
{
	/* the timer is due when libuv's cached loop time (milliseconds of
	 * the same monotonic clock as uv_hrtime) reaches this */
	l->due_ns = (uv_now(l->timer.loop) + l->interval_ms) * 1000000;
	uv_timer_start(&l->timer, on_tick, l->interval_ms, 0);
}

void loop_lag_start(loop_lag_t *l, uv_loop_t *loop, unsigned interval_ms)
{
	l->interval_ms = interval_ms > 0 ? interval_ms : 1;
	l->last_us = l->max_us = l->samples = 0;
	uv_timer_init(loop, &l->timer);
	l->timer.data = l;
	uv_unref((uv_handle_t *)&l->timer);
	arm(l);
}

void loop_lag_stop(loop_lag_t *l)
{
	uv_timer_stop(&l->timer);
	uv_close((uv_handle_t *)&l->timer, NULL);
}
