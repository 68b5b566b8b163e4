/*
 * cx_client_internal.h - the state the three files of the Cx client share
 * (all of it touched on the loop thread only): the client, a MAR/SAR in
 * flight, an HSS remembered per IMPI, an RTR/PPR not answered yet; and
 * what each file offers the others.
 *   cx_client.c  - life cycle, the hand-off from freeDiameter's threads,
 *                  the sweep of requests freeDiameter never answered
 *   cx_mar_sar.c - the requests to the HSS (MAR, SAR) and their answers
 *   cx_rtr_ppr.c - the requests from the HSS (RTR, PPR) and their answers
 */
#ifndef DIAMETER_CX_CLIENT_INTERNAL_H
#define DIAMETER_CX_CLIENT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdcore.h>

#include "diameter/cx/cx_client.h"
#include "scscf/base/strmap.h"

typedef enum { P_MAR, P_SAR } pkind_t;

struct pending {
	uint64_t id;
	pkind_t kind;
	uint64_t deadline; /* loop time (ms) after which the sweep fails it */
	union {
		cx_maa_cb maa;
		cx_saa_cb saa;
	} cb;
	void *arg;
	char *impi;
	/* a MAR kept for the one retry with scheme Unknown */
	char *impu, *scheme;
	unsigned items;
	bool has_resync;
	uint8_t resync[CX_RESYNC_LEN];
};

struct cx_incoming {
	cx_client_t *client;
	struct msg *msg;
	cx_tally_cmd_t cmd; /* RTR or PPR */
	int reason;         /* RTR: its Reason-Code, -1 until read */
	struct cx_incoming *prev, *next;
};

struct hss {
	char *host, *realm;
};

struct cx_client {
	uv_loop_t *loop;
	cx_dict_t dict;
	unsigned timeout_ms;
	char *server_name, *dest_realm, *dest_host;
	uv_timer_t sweep;
	uint64_t next_id;
	strmap_t pending; /* decimal id -> struct pending */
	strmap_t hss;     /* IMPI -> struct hss */
	struct cx_incoming *incoming;
	struct disp_hdl *rtr_hdl, *ppr_hdl;
	cx_rtr_handler on_rtr;
	void *rtr_arg;
	cx_ppr_handler on_ppr;
	void *ppr_arg;
	cx_tally_t tally;
};

/* cx_client.c */
char *cxc_dup_or_null(const char *s); /* NULL for NULL or "" */
void cxc_id_key(uint64_t id, char key[24]); /* the key of c->pending */

/* cx_mar_sar.c: end a request in flight (already out of c->pending) with
 * its answer, or with local when answer is NULL; frees p. */
void cxc_finish(cx_client_t *c, struct pending *p, struct msg *answer, cx_local_t local);

/* cx_rtr_ppr.c: an RTR or PPR from the hand-off queue (anything else is
 * dropped); and, at close, drop every one not answered yet. */
void cxc_on_request(cx_client_t *c, struct msg *m);
void cxc_drop_incoming(cx_client_t *c);

#endif
