/*
 * cx_client.c - see cx_client.h.  The client's life cycle, the hand-off of
 * what freeDiameter's threads receive to the loop thread, and the sweep
 * that fails a request freeDiameter never called back on.  The requests
 * to the HSS are in cx_mar_sar.c, those from the HSS in cx_rtr_ppr.c;
 * the state they share in cx_client_internal.h.  fd_on_request, at the
 * top, runs on freeDiameter's threads and touches nothing but the hand-off
 * queue (and, when no loop is attached, answers an RTR/PPR itself with
 * DIAMETER_UNABLE_TO_COMPLY).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/cx/cx_client_internal.h"
#include "diameter/cx/cx_handoff.h"
#include "scscf/base/log.h"

#define SWEEP_MS 1000

/* The dictionary for the freeDiameter-thread fallback answer. */
static cx_dict_t fallback_dict;

/* ---- freeDiameter threads ---- */

static int fd_on_request(struct msg **msg, struct avp *avp, struct session *sess, void *opaque,
			 enum disp_action *act)
{
	static const cx_result_t busy = {.code = CX_DIAMETER_UNABLE_TO_COMPLY,
					 .why = "the S-CSCF is not ready"};

	(void)avp, (void)sess, (void)opaque;
	*act = DISP_ACT_CONT;
	if (cx_handoff_put(HO_REQUEST, 0, msg) == 0)
		return 0;
	/* no loop to hand it to: answer here, touching no loop state */
	if (cx_make_answer(&fallback_dict, msg, &busy, NULL, 0) == 0)
		fd_msg_send(msg, NULL, NULL);
	if (*msg != NULL) {
		fd_msg_free(*msg);
		*msg = NULL;
	}
	return 0;
}

/* ---- the loop thread from here on ---- */

char *cxc_dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

void cxc_id_key(uint64_t id, char key[24])
{
	snprintf(key, 24, "%" PRIu64, id);
}

/* ---- delivery from the hand-off queue ---- */

static void deliver(void *arg, ho_kind_t kind, uint64_t id, struct msg *m)
{
	cx_client_t *c = arg;
	struct pending *p;
	char key[24];

	if (kind == HO_REQUEST) {
		cxc_on_request(c, m);
		return;
	}
	cxc_id_key(id, key);
	p = strmap_del(&c->pending, key);
	if (p == NULL) { /* already failed by the sweep */
		fd_msg_free(m);
		return;
	}
	if (kind == HO_EXPIRED) {
		fd_msg_free(m);
		cxc_finish(c, p, NULL, CX_LOCAL_TIMEOUT);
	} else {
		cxc_finish(c, p, m, CX_LOCAL_NONE);
	}
}

struct sweep_ctx {
	uint64_t now;
	struct pending *due[64];
	size_t n;
};

static void collect_due(const char *key, void *value, void *arg)
{
	struct sweep_ctx *s = arg;
	struct pending *p = value;

	(void)key;
	if (p->deadline <= s->now && s->n < sizeof(s->due) / sizeof(s->due[0]))
		s->due[s->n++] = p;
}

/* A safety net: freeDiameter calls back on every request it accepted, but
 * a request must never wait forever if it did not. */
static void on_sweep(uv_timer_t *t)
{
	cx_client_t *c = t->data;
	struct sweep_ctx s = {.now = uv_now(c->loop)};
	size_t i;
	char key[24];

	strmap_each(&c->pending, collect_due, &s);
	for (i = 0; i < s.n; i++) {
		cxc_id_key(s.due[i]->id, key);
		strmap_del(&c->pending, key);
		log_warn("cx: no word from freeDiameter on request %" PRIu64, s.due[i]->id);
		cxc_finish(c, s.due[i], NULL, CX_LOCAL_TIMEOUT);
	}
}

/* ---- life cycle ---- */

cx_client_t *cx_client_new(uv_loop_t *loop, const cx_dict_t *dict, const cx_client_cfg_t *cfg)
{
	cx_client_t *c = calloc(1, sizeof(*c));
	struct disp_when when;

	if (c == NULL)
		return NULL;
	c->loop = loop;
	c->dict = *dict;
	fallback_dict = *dict;
	c->timeout_ms = cfg->timeout_ms != 0 ? cfg->timeout_ms : 5000;
	c->server_name = strdup(cfg->server_name);
	c->dest_realm = strdup(cfg->dest_realm);
	c->dest_host = cxc_dup_or_null(cfg->dest_host);
	if (c->server_name == NULL || c->dest_realm == NULL || strmap_init(&c->pending) != 0)
		goto fail_early;
	if (strmap_init(&c->hss) != 0) {
		strmap_free(&c->pending);
		goto fail_early;
	}
	uv_timer_init(loop, &c->sweep);
	c->sweep.data = c;
	uv_timer_start(&c->sweep, on_sweep, SWEEP_MS, SWEEP_MS);
	uv_unref((uv_handle_t *)&c->sweep);
	if (cx_handoff_open(loop, deliver, c) != 0) {
		cx_client_close(c);
		return NULL;
	}
	memset(&when, 0, sizeof(when));
	when.app = dict->app;
	when.command = dict->rtr;
	if (fd_disp_register(fd_on_request, DISP_HOW_CC, &when, NULL, &c->rtr_hdl) != 0) {
		cx_client_close(c);
		return NULL;
	}
	when.command = dict->ppr;
	if (fd_disp_register(fd_on_request, DISP_HOW_CC, &when, NULL, &c->ppr_hdl) != 0) {
		cx_client_close(c);
		return NULL;
	}
	return c;
fail_early:
	free(c->server_name);
	free(c->dest_realm);
	free(c->dest_host);
	free(c);
	return NULL;
}

void cx_client_on_rtr(cx_client_t *c, cx_rtr_handler h, void *arg)
{
	c->on_rtr = h;
	c->rtr_arg = arg;
}

void cx_client_on_ppr(cx_client_t *c, cx_ppr_handler h, void *arg)
{
	c->on_ppr = h;
	c->ppr_arg = arg;
}

const cx_tally_t *cx_client_tally(const cx_client_t *c)
{
	return &c->tally;
}

size_t cx_client_pending(const cx_client_t *c)
{
	return c->pending.count;
}

static void collect_all(const char *key, void *value, void *arg)
{
	struct pending ***out = arg;

	(void)key;
	*(*out)++ = value;
}

static void free_hss(const char *key, void *value, void *arg)
{
	struct hss *h = value;

	(void)key, (void)arg;
	free(h->host);
	free(h->realm);
	free(h);
}

static void free_client(uv_handle_t *h)
{
	cx_client_t *c = h->data;

	free(c->server_name);
	free(c->dest_realm);
	free(c->dest_host);
	free(c);
}

void cx_client_close(cx_client_t *c)
{
	struct pending **all, **end;
	size_t n, i;

	if (c->rtr_hdl != NULL)
		fd_disp_unregister(&c->rtr_hdl, NULL);
	if (c->ppr_hdl != NULL)
		fd_disp_unregister(&c->ppr_hdl, NULL);
	cx_handoff_close();
	/* what is in flight ends now, each with its callback */
	n = c->pending.count;
	all = end = calloc(n + 1, sizeof(*all));
	if (all != NULL) {
		strmap_each(&c->pending, collect_all, &end);
		for (i = 0; i < n; i++) {
			char key[24];

			cxc_id_key(all[i]->id, key);
			strmap_del(&c->pending, key);
			cxc_finish(c, all[i], NULL, CX_LOCAL_SHUTDOWN);
		}
		free(all);
	}
	/* HSS requests not answered by now cannot be: the core is stopping */
	cxc_drop_incoming(c);
	strmap_free(&c->pending);
	strmap_each(&c->hss, free_hss, NULL);
	strmap_free(&c->hss);
	uv_timer_stop(&c->sweep);
	uv_close((uv_handle_t *)&c->sweep, free_client);
}
