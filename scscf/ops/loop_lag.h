/*
 * loop_lag.h - how late the daemon's libuv loop runs its timers: a timer
 * due every interval measures, with the monotonic clock, how long after its
 * due time it actually ran.  A loop that something blocks (a long callback,
 * a slow disk write) shows it here before anything else.  The timer is
 * unreferenced: it never keeps the loop alive.
 */
#ifndef SCSCF_LOOP_LAG_H
#define SCSCF_LOOP_LAG_H

#include <stdint.h>

#include <uv.h>

typedef struct {
	uv_timer_t timer;
	uint64_t interval_ms;
	uint64_t due_ns;   /* uv_hrtime() when the timer is due */
	uint64_t last_us;  /* lag of the last sample */
	uint64_t max_us;   /* largest lag seen */
	uint64_t samples;
} loop_lag_t;

/* Start sampling every interval_ms (> 0). */
void loop_lag_start(loop_lag_t *l, uv_loop_t *loop, unsigned interval_ms);
/* Close the timer; l must stay valid until the loop has run once more. */
void loop_lag_stop(loop_lag_t *l);

#endif
