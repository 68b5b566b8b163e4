/*
 * sim_clock.h - a simulated clock (scscf/base/clock.h) for unit tests:
 * time stands still until the test moves it, and due timers fire, in
 * deadline order, only when the test asks (sim_clock_fire_due), as a loop
 * turn would.
 */
#ifndef TESTS_SIM_CLOCK_H
#define TESTS_SIM_CLOCK_H

#include <stdint.h>

#include "scscf/base/clock.h"

typedef struct sim_clock sim_clock_t;

/* Starts at start_ms (not 0, so that 0 never passes for "unset"). */
sim_clock_t *sim_clock_new(uint64_t start_ms);
/* Every timer made from it must be freed first. */
void sim_clock_free(sim_clock_t *s);

/* The clock interface of s (valid while s lives). */
const sclock_t *sim_clock_iface(sim_clock_t *s);

uint64_t sim_clock_now(const sim_clock_t *s);
/* Moves the time to t (never backwards); fires nothing. */
void sim_clock_set(sim_clock_t *s, uint64_t t);
/* The earliest armed deadline, or SCLOCK_NEVER. */
uint64_t sim_clock_next(const sim_clock_t *s);
/* Fires every timer due at the current time, also those armed by the
 * timers it fires when they are due too; returns how many fired. */
unsigned sim_clock_fire_due(sim_clock_t *s);

#endif
