/*
 * hss_port.h - what the registrar needs from the HSS, as a function table:
 * send a MAR or a SAR and get its answer later, hear the HSS's own
 * requests (RTR, PPR) and answer each of them.  The messages are the plain
 * values of diameter/cx/cx_msg.h.  The daemon's port is the Cx client
 * (scscf/daemon/cx_port.c); unit tests plug in a fake HSS.
 *
 * Every MAR and SAR that mar()/sar() accepted (returned 0) ends in exactly
 * one call of its done function, later, from the loop: with the answer, or
 * with a local failure in answer->status (timeout, shutdown, ...).  done may
 * take strings from the answer (setting them to NULL); the port clears the
 * rest after it returns.  Every RTR or PPR given to a handler is answered
 * exactly once with answer_rtr / answer_ppr, at once or later.
 */
#ifndef SCSCF_HSS_PORT_H
#define SCSCF_HSS_PORT_H

#include <stddef.h>

#include "diameter/cx/cx_msg.h"

/* An RTR or PPR waiting for its answer; what it holds is the port's. */
typedef struct hss_request hss_request_t;

typedef void (*hss_maa_fn)(void *arg, cx_maa_t *answer);
typedef void (*hss_saa_fn)(void *arg, cx_saa_t *answer);
typedef void (*hss_rtr_fn)(void *arg, hss_request_t *in, const cx_rtr_t *rtr);
typedef void (*hss_ppr_fn)(void *arg, hss_request_t *in, const cx_ppr_t *ppr);

typedef struct {
	/* 0, or -1 when the request cannot be sent (done is then not called). */
	int (*mar)(void *ctx, const cx_mar_t *req, hss_maa_fn done, void *arg);
	int (*sar)(void *ctx, const cx_sar_t *req, hss_saa_fn done, void *arg);
	/* The handlers of the HSS's requests; NULLs detach them. */
	void (*listen)(void *ctx, hss_rtr_fn rtr, hss_ppr_fn ppr, void *arg);
	/* assoc: the IMPIs to echo in the RTA's Associated-Identities. */
	void (*answer_rtr)(void *ctx, hss_request_t *in, const cx_result_t *res,
			   const char *const *assoc, size_t nassoc);
	void (*answer_ppr)(void *ctx, hss_request_t *in, const cx_result_t *res);
	void *ctx;
} hss_port_t;

#endif
