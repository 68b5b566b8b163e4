/*
 * cx_client.c - see cx_client.h.  Loop-thread state: the requests in
 * flight (by id), the RTR/PPR not yet answered, the HSS per IMPI.  The
 * freeDiameter callbacks at the top of the file run on freeDiameter's
 * threads and touch nothing but the hand-off queue (and, when no loop is
 * attached, answer an RTR/PPR themselves with DIAMETER_UNABLE_TO_COMPLY).
 */
#include "config.h"

#include "diameter/cx/cx_client.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdcore.h>

#include "diameter/cx/cx_handoff.h"
#include "scscf/base/log.h"
#include "scscf/base/strmap.h"

#define SWEEP_MS 1000
#define SWEEP_GRACE_MS 2000 /* after its timeout, freeDiameter should have told us */

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

/* The dictionary for the freeDiameter-thread fallback answer. */
static cx_dict_t fallback_dict;

/* ---- freeDiameter threads ---- */

static void fd_on_answer(void *data, struct msg **msg)
{
	if (cx_handoff_put(HO_ANSWER, (uint64_t)(uintptr_t)data, msg) != 0) {
		fd_msg_free(*msg);
		*msg = NULL;
	}
}

static void fd_on_expire(void *data, DiamId_t sentto, size_t senttolen, struct msg **req)
{
	(void)sentto, (void)senttolen;
	if (cx_handoff_put(HO_EXPIRED, (uint64_t)(uintptr_t)data, req) != 0) {
		fd_msg_free(*req);
		*req = NULL;
	}
}

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

static char *dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

static void id_key(uint64_t id, char key[24])
{
	snprintf(key, 24, "%" PRIu64, id);
}

static void pending_free(struct pending *p)
{
	free(p->impi);
	free(p->impu);
	free(p->scheme);
	memset(p->resync, 0, sizeof(p->resync));
	free(p);
}

/* The HSS an IMPI's requests go to: the one that answered last, else the
 * configured one. */
static void destination(const cx_client_t *c, const char *impi, const char **realm,
			const char **host)
{
	const struct hss *h = impi != NULL ? strmap_get(&c->hss, impi) : NULL;

	*realm = h != NULL && h->realm != NULL ? h->realm : c->dest_realm;
	*host = h != NULL ? h->host : c->dest_host;
}

/* The HSS of a successful answer only: an error answer may come from a
 * relay or from this node's own freeDiameter (3002 with no route, its own
 * Origin-Host), and remembering that host would send the user's next
 * requests nowhere. */
static void remember_hss(cx_client_t *c, const char *impi, const cx_status_t *st,
			 const char *host, const char *realm)
{
	struct hss *h;

	if (!cx_status_ok(st) || impi == NULL || host == NULL || c->dest_host != NULL)
		return;
	h = strmap_get(&c->hss, impi);
	if (h != NULL && h->host != NULL && strcmp(h->host, host) == 0)
		return;
	if (h == NULL) {
		h = calloc(1, sizeof(*h));
		if (h == NULL || strmap_put(&c->hss, impi, h) < 0) {
			free(h);
			return;
		}
	}
	free(h->host);
	free(h->realm);
	h->host = strdup(host);
	h->realm = dup_or_null(realm);
}

const char *cx_client_hss_for(const cx_client_t *c, const char *impi)
{
	const struct hss *h = strmap_get(&c->hss, impi);

	return h != NULL ? h->host : NULL;
}

static int send_request(cx_client_t *c, struct msg *m, struct pending *p)
{
	struct timespec ts;
	char key[24];

	p->id = ++c->next_id;
	p->deadline = uv_now(c->loop) + c->timeout_ms + SWEEP_GRACE_MS;
	id_key(p->id, key);
	if (strmap_put(&c->pending, key, p) < 0) {
		fd_msg_free(m);
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += c->timeout_ms / 1000;
	ts.tv_nsec += (long)(c->timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	if (fd_msg_send_timeout(&m, fd_on_answer, (void *)(uintptr_t)p->id, fd_on_expire, &ts) !=
	    0) {
		if (m != NULL)
			fd_msg_free(m);
		strmap_del(&c->pending, key);
		return -1;
	}
	return 0;
}

static int send_mar(cx_client_t *c, struct pending *p)
{
	cx_mar_t r = {.impi = p->impi, .impu = p->impu, .scheme = p->scheme,
		      .items = p->items, .resync = p->has_resync ? p->resync : NULL,
		      .server_name = c->server_name};
	struct msg *m;

	destination(c, p->impi, &r.dest_realm, &r.dest_host);
	m = cx_build_mar(&c->dict, &r);
	return m != NULL ? send_request(c, m, p) : -1;
}

int cx_client_mar(cx_client_t *c, const cx_mar_t *req, cx_maa_cb cb, void *arg)
{
	struct pending *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return -1;
	p->kind = P_MAR;
	p->cb.maa = cb;
	p->arg = arg;
	p->impi = strdup(req->impi);
	p->impu = strdup(req->impu);
	p->scheme = strdup(req->scheme);
	p->items = req->items;
	if (req->resync != NULL) {
		p->has_resync = true;
		memcpy(p->resync, req->resync, CX_RESYNC_LEN);
	}
	if (p->impi == NULL || p->impu == NULL || p->scheme == NULL || send_mar(c, p) != 0) {
		pending_free(p);
		return -1;
	}
	return 0;
}

int cx_client_sar(cx_client_t *c, const cx_sar_t *req, cx_saa_cb cb, void *arg)
{
	struct pending *p = calloc(1, sizeof(*p));
	cx_sar_t r = *req;
	struct msg *m;

	if (p == NULL)
		return -1;
	p->kind = P_SAR;
	p->cb.saa = cb;
	p->arg = arg;
	p->impi = dup_or_null(req->impi);
	r.server_name = c->server_name;
	destination(c, req->impi, &r.dest_realm, &r.dest_host);
	m = cx_build_sar(&c->dict, &r);
	if (m == NULL || send_request(c, m, p) != 0) {
		pending_free(p);
		return -1;
	}
	return 0;
}

static void log_outcome(const char *what, const struct pending *p, const cx_status_t *s)
{
	char buf[128];

	if (cx_status_ok(s))
		log_debug("cx: %s for %s: %s", what, p->impi ? p->impi : "-",
			  cx_status_str(s, buf, sizeof(buf)));
	else
		log_warn("cx: %s for %s: %s", what, p->impi ? p->impi : "-",
			 cx_status_str(s, buf, sizeof(buf)));
}

static void count(cx_client_t *c, cx_tally_cmd_t cmd, const cx_status_t *s)
{
	char label[48];

	cx_tally_add(&c->tally, cmd, -1, cx_status_label(s, label, sizeof(label)));
}

static void finish_mar(cx_client_t *c, struct pending *p, struct msg *answer,
		       cx_local_t local)
{
	cx_maa_t maa;

	memset(&maa, 0, sizeof(maa));
	if (answer != NULL) {
		cx_read_maa(&c->dict, answer, &maa);
		fd_msg_free(answer);
		remember_hss(c, p->impi, &maa.status, maa.origin_host, maa.origin_realm);
		/* TS 29.228 §6.3: a scheme the HSS does not support for this user;
		 * "Unknown" lets it pick the user's own */
		if (maa.status.experimental &&
		    maa.status.code == CX_ERROR_AUTH_SCHEME_NOT_SUPPORTED &&
		    strcmp(p->scheme, CX_SCHEME_UNKNOWN) != 0) {
			char *unknown = strdup(CX_SCHEME_UNKNOWN);

			if (unknown != NULL) {
				log_info("cx: HSS refused scheme %s for %s; asking again with "
					 "Unknown",
					 p->scheme, p->impi);
				free(p->scheme);
				p->scheme = unknown;
				if (send_mar(c, p) == 0) {
					cx_maa_clear(&maa);
					return;
				}
			}
		}
	} else {
		maa.status.local = local;
	}
	log_outcome("MAR", p, &maa.status);
	count(c, CX_TALLY_MAR, &maa.status);
	if (maa.nskipped > 0)
		log_warn("cx: MAA for %s: %zu SIP-Auth-Data-Item(s) left out (malformed or of an "
			 "unsupported scheme)",
			 p->impi, maa.nskipped);
	p->cb.maa(p->arg, &maa);
	cx_maa_clear(&maa);
	pending_free(p);
}

static void finish_sar(cx_client_t *c, struct pending *p, struct msg *answer,
		       cx_local_t local)
{
	cx_saa_t saa;

	memset(&saa, 0, sizeof(saa));
	if (answer != NULL) {
		cx_read_saa(&c->dict, answer, &saa);
		fd_msg_free(answer);
		remember_hss(c, p->impi, &saa.status, saa.origin_host, saa.origin_realm);
	} else {
		saa.status.local = local;
	}
	log_outcome("SAR", p, &saa.status);
	count(c, CX_TALLY_SAR, &saa.status);
	p->cb.saa(p->arg, &saa);
	cx_saa_clear(&saa);
	pending_free(p);
}

static void finish(cx_client_t *c, struct pending *p, struct msg *answer, cx_local_t local)
{
	if (p->kind == P_MAR)
		finish_mar(c, p, answer, local);
	else
		finish_sar(c, p, answer, local);
}

/* ---- RTR / PPR ---- */

static void incoming_unlink(struct cx_incoming *in)
{
	cx_client_t *c = in->client;

	if (in->prev != NULL)
		in->prev->next = in->next;
	else
		c->incoming = in->next;
	if (in->next != NULL)
		in->next->prev = in->prev;
}

static void send_answer(const cx_dict_t *d, struct msg **req, const cx_result_t *res,
			const char *const *assoc, size_t nassoc)
{
	if (cx_make_answer(d, req, res, assoc, nassoc) != 0 || fd_msg_send(req, NULL, NULL) != 0)
		log_error("cx: could not send an answer to an HSS request");
	if (*req != NULL) {
		fd_msg_free(*req);
		*req = NULL;
	}
}

static void answer_incoming(cx_incoming_t *in, const cx_result_t *res,
			    const char *const *assoc, size_t nassoc)
{
	char label[48];

	cx_tally_add(&in->client->tally, in->cmd, in->reason,
		     cx_result_label(res, label, sizeof(label)));
	incoming_unlink(in);
	send_answer(&in->client->dict, &in->msg, res, assoc, nassoc);
	free(in);
}

void cx_client_answer_rtr(cx_incoming_t *in, const cx_result_t *res, const char *const *assoc,
			  size_t nassoc)
{
	answer_incoming(in, res, assoc, nassoc);
}

void cx_client_answer_ppr(cx_incoming_t *in, const cx_result_t *res)
{
	answer_incoming(in, res, NULL, 0);
}

static void default_rtr(void *arg, cx_incoming_t *in, const cx_rtr_t *r)
{
	static const cx_result_t ok = {.code = CX_DIAMETER_SUCCESS};
	const char **assoc = malloc((r->nassoc + 1) * sizeof(char *));
	size_t i;

	(void)arg;
	log_info("cx: RTR %s for %s (%zu Public-Identity, %zu associated IMPI): no registrar, "
		 "nothing to remove",
		 cx_reason_name(r->reason_code), r->user_name, r->nimpus, r->nassoc);
	for (i = 0; assoc != NULL && i < r->nassoc; i++)
		assoc[i] = r->assoc[i];
	cx_client_answer_rtr(in, &ok, assoc, assoc != NULL ? r->nassoc : 0);
	free(assoc);
}

static void default_ppr(void *arg, cx_incoming_t *in, const cx_ppr_t *p)
{
	static const cx_result_t ok = {.code = CX_DIAMETER_SUCCESS};

	(void)arg;
	log_info("cx: PPR for %s (%s%s): no registrar, nothing to update", p->user_name,
		 p->user_data != NULL ? "User-Data" : "",
		 p->has_auth_item ? " SIP-Auth-Data-Item" : "");
	cx_client_answer_ppr(in, &ok);
}

static void on_request(cx_client_t *c, struct msg *m)
{
	struct msg_hdr *h = NULL;
	struct cx_incoming *in;
	cx_result_t refuse;

	if (fd_msg_hdr(m, &h) != 0 || (h->msg_code != CX_CMD_RTR && h->msg_code != CX_CMD_PPR)) {
		fd_msg_free(m);
		return;
	}
	in = calloc(1, sizeof(*in));
	if (in == NULL) {
		static const cx_result_t busy = {.code = CX_DIAMETER_UNABLE_TO_COMPLY};

		send_answer(&c->dict, &m, &busy, NULL, 0);
		return;
	}
	in->client = c;
	in->msg = m;
	in->cmd = h->msg_code == CX_CMD_RTR ? CX_TALLY_RTR : CX_TALLY_PPR;
	in->reason = -1;
	in->next = c->incoming;
	if (c->incoming != NULL)
		c->incoming->prev = in;
	c->incoming = in;
	if (h->msg_code == CX_CMD_RTR) {
		cx_rtr_t r;

		if (!cx_read_rtr(&c->dict, m, &r, &refuse)) {
			log_warn("cx: refusing an RTR: %s", refuse.why);
			answer_incoming(in, &refuse, NULL, 0);
			return;
		}
		in->reason = r.reason_code;
		(c->on_rtr ? c->on_rtr : default_rtr)(c->rtr_arg, in, &r);
		cx_rtr_clear(&r);
	} else {
		cx_ppr_t p;

		if (!cx_read_ppr(&c->dict, m, &p, &refuse)) {
			log_warn("cx: refusing a PPR: %s", refuse.why);
			answer_incoming(in, &refuse, NULL, 0);
			return;
		}
		(c->on_ppr ? c->on_ppr : default_ppr)(c->ppr_arg, in, &p);
		cx_ppr_clear(&p);
	}
}

/* ---- delivery from the hand-off queue ---- */

static void deliver(void *arg, ho_kind_t kind, uint64_t id, struct msg *m)
{
	cx_client_t *c = arg;
	struct pending *p;
	char key[24];

	if (kind == HO_REQUEST) {
		on_request(c, m);
		return;
	}
	id_key(id, key);
	p = strmap_del(&c->pending, key);
	if (p == NULL) { /* already failed by the sweep */
		fd_msg_free(m);
		return;
	}
	if (kind == HO_EXPIRED) {
		fd_msg_free(m);
		finish(c, p, NULL, CX_LOCAL_TIMEOUT);
	} else {
		finish(c, p, m, CX_LOCAL_NONE);
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
		id_key(s.due[i]->id, key);
		strmap_del(&c->pending, key);
		log_warn("cx: no word from freeDiameter on request %" PRIu64, s.due[i]->id);
		finish(c, s.due[i], NULL, CX_LOCAL_TIMEOUT);
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
	c->dest_host = dup_or_null(cfg->dest_host);
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

			id_key(all[i]->id, key);
			strmap_del(&c->pending, key);
			finish(c, all[i], NULL, CX_LOCAL_SHUTDOWN);
		}
		free(all);
	}
	/* HSS requests not answered by now cannot be: the core is stopping */
	while (c->incoming != NULL) {
		struct cx_incoming *in = c->incoming;

		incoming_unlink(in);
		log_warn("cx: an HSS request left unanswered at shutdown");
		fd_msg_free(in->msg);
		free(in);
	}
	strmap_free(&c->pending);
	strmap_each(&c->hss, free_hss, NULL);
	strmap_free(&c->hss);
	uv_timer_stop(&c->sweep);
	uv_close((uv_handle_t *)&c->sweep, free_client);
}
