/*
 * loop_clock.h - the daemon's clock (scscf/base/clock.h): the libuv loop's
 * time, and one uv_timer_t per timer.
 */
#ifndef SCSCF_LOOP_CLOCK_H
#define SCSCF_LOOP_CLOCK_H

#include <uv.h>

#include "scscf/base/clock.h"

/* The loop must outlive the clock's timers; a freed timer's handle is
 * closed (the loop finishes that on its next run). */
sclock_t loop_clock(uv_loop_t *loop);

#endif
