/*
 * sip_stack.h - a SIP stack on a libuv loop: the core (checks, transactions,
 * dispatch) wired to the transports and to one uv timer for every
 * transaction timer.  scscfd runs one; tests run several in one loop.
 */
#ifndef SCSCF_SIP_STACK_H
#define SCSCF_SIP_STACK_H

#include <stddef.h>

#include <uv.h>

#include "scscf/sip/sip_config.h"
#include "scscf/sip/sip_core.h"
#include "scscf/sip/sip_transport.h"

typedef struct sip_stack sip_stack_t;

/* Bind every listener of cfg on loop.  NULL with err set on failure (what
 * was opened is closed again before returning). */
sip_stack_t *sip_stack_new(uv_loop_t *loop, const sip_config_t *cfg, char *err,
			   size_t errlen);

sip_core_t *sip_stack_core(sip_stack_t *s);
sip_transport_t *sip_stack_transport(sip_stack_t *s);

/* Re-arm the timer after work done outside a callback of the stack (e.g.
 * a request sent from a handler of another component). */
void sip_stack_kick(sip_stack_t *s);

/* Close every handle; the loop then runs out; sip_stack_free afterwards. */
void sip_stack_close(sip_stack_t *s);
void sip_stack_free(sip_stack_t *s);

#endif
