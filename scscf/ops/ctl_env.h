/*
 * ctl_env.h - what the operator's interfaces (the control socket's
 * commands, the figures, the metrics endpoint) see of the daemon: its
 * loop, registrar, notifier, SIP stack, Cx client and loop-lag probe.
 */
#ifndef SCSCF_CTL_ENV_H
#define SCSCF_CTL_ENV_H

#include <stdint.h>
#include <time.h>

#include <uv.h>

#include "diameter/cx/cx_client.h"
#include "scscf/notifier/notifier.h"
#include "scscf/ops/loop_lag.h"
#include "scscf/registrar/registrar.h"
#include "scscf/sip/sip_stack.h"

/* What the operator's interfaces (the control socket, the metrics
 * endpoint) see of the daemon; filled once by main. */
typedef struct {
	uv_loop_t *loop;
	registrar_t *registrar;
	notifier_t *notifier;
	sip_stack_t *sip;
	cx_client_t *cx;       /* NULL without [diameter] */
	const loop_lag_t *lag; /* NULL when not measured */
	uint64_t started_ms;   /* uv_now() when the daemon started */
	time_t started_at;     /* the wall clock then */
} ctl_env_t;

#endif
