/*
 * cx_port.h - the registrar's HSS port (scscf/registrar/hss_port.h) over
 * the Cx client: each call passes straight to cx_client_*.
 */
#ifndef SCSCF_CX_PORT_H
#define SCSCF_CX_PORT_H

#include "diameter/cx/cx_client.h"
#include "scscf/registrar/hss_port.h"

typedef struct {
	hss_port_t port;
	cx_client_t *client;
	hss_rtr_fn rtr; /* the registrar's handlers */
	hss_ppr_fn ppr;
	void *arg;
} cx_port_t;

/* Fills p (which, like c, must outlive the registrar using it) and
 * returns its port. */
const hss_port_t *cx_port_init(cx_port_t *p, cx_client_t *c);

#endif
