/*
 * cx_port.c - see cx_port.h.  The port's hss_request_t is the client's
 * cx_incoming_t under another name: the registrar only hands it back.
 */
#include "config.h"

#include "scscf/daemon/cx_port.h"

#include <string.h>

static int port_mar(void *ctx, const cx_mar_t *req, hss_maa_fn done, void *arg)
{
	cx_port_t *p = ctx;

	return cx_client_mar(p->client, req, done, arg);
}

static int port_sar(void *ctx, const cx_sar_t *req, hss_saa_fn done, void *arg)
{
	cx_port_t *p = ctx;

	return cx_client_sar(p->client, req, done, arg);
}

static void on_rtr(void *arg, cx_incoming_t *in, const cx_rtr_t *rtr)
{
	cx_port_t *p = arg;

	p->rtr(p->arg, (hss_request_t *)in, rtr);
}

static void on_ppr(void *arg, cx_incoming_t *in, const cx_ppr_t *ppr)
{
	cx_port_t *p = arg;

	p->ppr(p->arg, (hss_request_t *)in, ppr);
}

static void port_listen(void *ctx, hss_rtr_fn rtr, hss_ppr_fn ppr, void *arg)
{
	cx_port_t *p = ctx;

	p->rtr = rtr;
	p->ppr = ppr;
	p->arg = arg;
	cx_client_on_rtr(p->client, rtr != NULL ? on_rtr : NULL, rtr != NULL ? p : NULL);
	cx_client_on_ppr(p->client, ppr != NULL ? on_ppr : NULL, ppr != NULL ? p : NULL);
}

static void port_answer_rtr(void *ctx, hss_request_t *in, const cx_result_t *res,
			    const char *const *assoc, size_t nassoc)
{
	(void)ctx;
	cx_client_answer_rtr((cx_incoming_t *)in, res, assoc, nassoc);
}

static void port_answer_ppr(void *ctx, hss_request_t *in, const cx_result_t *res)
{
	(void)ctx;
	cx_client_answer_ppr((cx_incoming_t *)in, res);
}

const hss_port_t *cx_port_init(cx_port_t *p, cx_client_t *c)
{
	memset(p, 0, sizeof(*p));
	p->client = c;
	p->port.mar = port_mar;
	p->port.sar = port_sar;
	p->port.listen = port_listen;
	p->port.answer_rtr = port_answer_rtr;
	p->port.answer_ppr = port_answer_ppr;
	p->port.ctx = p;
	return &p->port;
}
