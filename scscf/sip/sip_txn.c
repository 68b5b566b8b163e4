/*
 * sip_txn.c - see sip_txn.h.  Each transaction has two timer slots in the
 * layer's heap: "retx" (Timer E for clients, Timer G for INVITE servers) and
 * "end" (F, H, I, J, K: the timer that ends or times out the transaction).
 */
#include "config.h"

#include "scscf/sip/sip_txn.h"

#include <inttypes.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "scscf/base/log.h"
#include "scscf/base/macros.h"
#include "scscf/base/netaddr.h"
#include "scscf/sip/sip_msg.h"
#include "scscf/base/strmap.h"
#include "scscf/base/theap.h"

enum { ST_TRYING, ST_PROCEEDING, ST_COMPLETED, ST_CONFIRMED };

typedef struct tslot {
	theap_node_t node;
	void *owner;
	unsigned char server; /* owner is a server transaction */
	unsigned char retx;   /* the retx slot (else the end slot) */
} tslot_t;

typedef struct stxn {
	uint64_t id;
	char *key;  /* in by_key */
	char *bkey; /* in by_branch (not for CANCEL), or NULL */
	bool invite;
	int state;
	sip_dest_t reply_to;
	char *last; /* last response sent, or NULL */
	size_t last_len;
	char *to_tag; /* the To tag of last, or NULL */
	unsigned interval; /* Timer G */
	tslot_t t_retx, t_end;
} stxn_t;

typedef struct ctxn {
	uint64_t id;
	char *key;
	int state;
	sip_dest_t dst;
	char *req;
	size_t req_len;
	unsigned interval; /* Timer E */
	sip_txn_client_cb cb;
	void *arg;
	tslot_t t_retx, t_end;
} ctxn_t;

struct sip_txn_layer {
	sip_txn_env_t env;
	theap_t timers;
	strmap_t s_by_key, s_by_branch, s_by_id;
	strmap_t c_by_key, c_by_id;
	uint64_t next_id;
};

/* ---- helpers --------------------------------------------------------- */

static uint64_t now(const sip_txn_layer_t *l)
{
	return l->env.now(l->env.ctx);
}

static bool reliable(const sip_dest_t *d)
{
	return d->tp == SIP_TP_TCP;
}

static void id_str(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%" PRIu64, id);
}

static void arm(sip_txn_layer_t *l, tslot_t *s, uint64_t delay)
{
	if (theap_set(&l->timers, &s->node, now(l) + delay) < 0)
		log_error("txn: out of memory arming a timer");
}

static void disarm(sip_txn_layer_t *l, tslot_t *s)
{
	theap_remove(&l->timers, &s->node);
}

static const char *param(const osip_via_t *via, const char *name)
{
	osip_generic_param_t *p = NULL;

	if (osip_via_param_get_byname((osip_via_t *)via, (char *)name, &p) != 0 || p == NULL)
		return NULL;
	return p->gvalue;
}

/* "z9hG4bK" followed by at least one character marks an RFC 3261 branch. */
static const char *rfc3261_branch(const osip_via_t *via)
{
	const char *b = param(via, "branch");

	if (b != NULL && strncmp(b, "z9hG4bK", 7) == 0 && b[7] != '\0')
		return b;
	return NULL;
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *dup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The key of a server transaction for req (RFC 3261 §17.2.3, or the RFC
 * 2543 fall-back when there is no magic cookie).  with_method false gives
 * the key a CANCEL uses to find its target.  NULL on OOM or no Via. */
static char *server_key(const osip_message_t *req, bool with_method)
{
	const osip_via_t *via = osip_list_get(&req->vias, 0);
	const char *method = req->sip_method, *branch, *ftag;

	if (via == NULL || method == NULL)
		return NULL;
	if (strcmp(method, "ACK") == 0)
		method = "INVITE";
	if (!with_method)
		method = "*";
	branch = rfc3261_branch(via);
	if (branch != NULL)
		return dup_printf("b|%s|%s:%s|%s", branch, or_empty(via->host),
				  or_empty(via->port), method);
	ftag = sip_tag(req->from);
	return dup_printf("o|%s@%s|%s|%s|%s|%s:%s|%s",
			  req->call_id ? or_empty(req->call_id->number) : "",
			  req->call_id ? or_empty(req->call_id->host) : "",
			  req->cseq ? or_empty(req->cseq->number) : "",
			  or_empty(ftag),
			  req->req_uri ? or_empty(req->req_uri->host) : "", or_empty(via->host),
			  or_empty(via->port), method);
}

/* The key of a client transaction: our branch and the CSeq method. */
static char *client_key(const osip_message_t *msg)
{
	const osip_via_t *via = osip_list_get(&msg->vias, 0);
	const char *branch = via ? param(via, "branch") : NULL;

	if (branch == NULL || msg->cseq == NULL || msg->cseq->method == NULL)
		return NULL;
	return dup_printf("%s|%s", branch, msg->cseq->method);
}

static int serialize(const osip_message_t *m, char **buf, size_t *len)
{
	char *s = NULL;

	if (osip_message_to_str((osip_message_t *)m, &s, len) != 0 || s == NULL)
		return -1;
	*buf = malloc(*len);
	if (*buf == NULL) {
		osip_free(s);
		return -1;
	}
	memcpy(*buf, s, *len);
	osip_free(s);
	return 0;
}

/* ---- layer ------------------------------------------------------------ */

sip_txn_layer_t *sip_txn_layer_new(const sip_txn_env_t *env)
{
	sip_txn_layer_t *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->env = *env;
	l->next_id = 1;
	theap_init(&l->timers);
	if (strmap_init(&l->s_by_key) || strmap_init(&l->s_by_branch) ||
	    strmap_init(&l->s_by_id) || strmap_init(&l->c_by_key) || strmap_init(&l->c_by_id)) {
		sip_txn_layer_free(l);
		return NULL;
	}
	return l;
}

static void server_free(sip_txn_layer_t *l, stxn_t *t)
{
	char ids[24];

	disarm(l, &t->t_retx);
	disarm(l, &t->t_end);
	id_str(t->id, ids);
	strmap_del(&l->s_by_id, ids);
	strmap_del(&l->s_by_key, t->key);
	if (t->bkey != NULL && strmap_get(&l->s_by_branch, t->bkey) == t)
		strmap_del(&l->s_by_branch, t->bkey);
	free(t->key);
	free(t->bkey);
	free(t->last);
	free(t->to_tag);
	free(t);
}

static void client_free(sip_txn_layer_t *l, ctxn_t *t)
{
	char ids[24];

	disarm(l, &t->t_retx);
	disarm(l, &t->t_end);
	id_str(t->id, ids);
	strmap_del(&l->c_by_id, ids);
	strmap_del(&l->c_by_key, t->key);
	free(t->key);
	free(t->req);
	free(t);
}

static void free_server_cb(const char *key, void *value, void *arg)
{
	stxn_t *t = value;

	(void)key, (void)arg;
	free(t->key);
	free(t->bkey);
	free(t->last);
	free(t->to_tag);
	free(t);
}

static void free_client_cb(const char *key, void *value, void *arg)
{
	ctxn_t *t = value;

	(void)key, (void)arg;
	free(t->key);
	free(t->req);
	free(t);
}

void sip_txn_layer_free(sip_txn_layer_t *l)
{
	if (l == NULL)
		return;
	theap_free(&l->timers); /* first: it touches the nodes inside the transactions */
	if (l->s_by_id.buckets)
		strmap_each(&l->s_by_id, free_server_cb, NULL);
	if (l->c_by_id.buckets)
		strmap_each(&l->c_by_id, free_client_cb, NULL);
	strmap_free(&l->s_by_key);
	strmap_free(&l->s_by_branch);
	strmap_free(&l->s_by_id);
	strmap_free(&l->c_by_key);
	strmap_free(&l->c_by_id);
	free(l);
}

uint64_t sip_txn_next_deadline(const sip_txn_layer_t *l)
{
	const theap_node_t *n = theap_min(&l->timers);

	return n ? n->due : UINT64_MAX;
}

size_t sip_txn_count_server(const sip_txn_layer_t *l)
{
	return l->s_by_id.count;
}

size_t sip_txn_count_client(const sip_txn_layer_t *l)
{
	return l->c_by_id.count;
}

static void send_to(sip_txn_layer_t *l, const sip_dest_t *d, const char *buf, size_t len)
{
	if (l->env.send(l->env.ctx, d, buf, len) < 0)
		log_debug("txn: transport error resending %zu bytes", len);
}

/* ---- server transactions ---------------------------------------------- */

static stxn_t *server_by_id(const sip_txn_layer_t *l, uint64_t id)
{
	char ids[24];

	id_str(id, ids);
	return strmap_get(&l->s_by_id, ids);
}

const char *sip_txn_server_to_tag(const sip_txn_layer_t *l, uint64_t id)
{
	const stxn_t *t = server_by_id(l, id);

	return t != NULL ? t->to_tag : NULL;
}

static void server_timer(sip_txn_layer_t *l, stxn_t *t, bool retx)
{
	if (retx) { /* Timer G: resend the final response to the INVITE */
		if (t->state != ST_COMPLETED)
			return;
		send_to(l, &t->reply_to, t->last, t->last_len);
		t->interval = t->interval * 2 < l->env.t2 ? t->interval * 2 : l->env.t2;
		arm(l, &t->t_retx, t->interval);
		return;
	}
	if (t->invite && t->state == ST_COMPLETED)
		log_info("txn: no ACK for the final response to an INVITE (Timer H)");
	server_free(l, t); /* Timer J, H or I */
}

static stxn_t *server_new(sip_txn_layer_t *l, const osip_message_t *req, char *key,
			  const sip_dest_t *reply_to)
{
	stxn_t *t = calloc(1, sizeof(*t));
	char ids[24];

	if (t == NULL)
		return NULL;
	t->id = l->next_id++;
	t->key = key;
	t->invite = strcmp(req->sip_method, "INVITE") == 0;
	t->state = ST_TRYING;
	t->reply_to = *reply_to;
	t->t_retx.owner = t->t_end.owner = t;
	t->t_retx.server = t->t_end.server = 1;
	t->t_retx.retx = 1;
	id_str(t->id, ids);
	if (strcmp(req->sip_method, "CANCEL") != 0)
		t->bkey = server_key(req, false);
	if (strmap_put(&l->s_by_key, key, t) < 0 || strmap_put(&l->s_by_id, ids, t) < 0 ||
	    (t->bkey != NULL && strmap_put(&l->s_by_branch, t->bkey, t) < 0)) {
		server_free(l, t);
		return NULL;
	}
	return t;
}

sip_txn_match_t sip_txn_server_request(sip_txn_layer_t *l, const osip_message_t *req,
				       const sip_dest_t *reply_to, uint64_t *id,
				       uint64_t *cancelled)
{
	char *key = server_key(req, true);
	bool ack = strcmp(req->sip_method, "ACK") == 0;
	stxn_t *t;

	*id = 0;
	if (cancelled != NULL)
		*cancelled = 0;
	if (key == NULL)
		return TXN_ERROR;
	t = strmap_get(&l->s_by_key, key);
	if (t != NULL) {
		free(key);
		if (ack) {
			if (!t->invite || t->state != ST_COMPLETED)
				return TXN_ACK_ABSORBED; /* duplicate ACK */
			t->state = ST_CONFIRMED;
			disarm(l, &t->t_retx);
			arm(l, &t->t_end, reliable(&t->reply_to) ? 0 : l->env.t4); /* Timer I */
			return TXN_ACK_ABSORBED;
		}
		if (t->last != NULL)
			send_to(l, &t->reply_to, t->last, t->last_len);
		return TXN_RETRANSMISSION;
	}
	if (ack) {
		free(key);
		return TXN_NO_MATCH; /* an ACK for a 2xx, or for nothing: never answered */
	}
	if (strcmp(req->sip_method, "CANCEL") == 0 && cancelled != NULL) {
		char *bkey = server_key(req, false);
		stxn_t *target = bkey ? strmap_get(&l->s_by_branch, bkey) : NULL;

		free(bkey);
		*cancelled = target ? target->id : 0;
	}
	if (l->env.max_server != 0 && l->s_by_id.count >= l->env.max_server) {
		free(key);
		return TXN_OVERLOAD;
	}
	t = server_new(l, req, key, reply_to);
	if (t == NULL)
		return TXN_ERROR;
	*id = t->id;
	return TXN_NEW;
}

int sip_txn_server_respond(sip_txn_layer_t *l, uint64_t id, const osip_message_t *resp)
{
	stxn_t *t = server_by_id(l, id);
	int code = resp->status_code;
	char *buf;
	size_t len;

	if (t == NULL || t->state >= ST_COMPLETED || code < 100 || code > 699)
		return -1;
	if (t->invite && code >= 200 && code < 300) {
		log_error("txn: refusing to send a 2xx to an INVITE (no dialog support)");
		return -1;
	}
	if (serialize(resp, &buf, &len) < 0)
		return -1;
	free(t->last);
	t->last = buf;
	t->last_len = len;
	free(t->to_tag);
	t->to_tag = sip_tag(resp->to) != NULL ? strdup(sip_tag(resp->to)) : NULL;
	send_to(l, &t->reply_to, buf, len);
	if (code < 200) {
		t->state = ST_PROCEEDING;
		return 0;
	}
	t->state = ST_COMPLETED;
	if (t->invite) {
		if (!reliable(&t->reply_to)) {
			t->interval = l->env.t1;
			arm(l, &t->t_retx, t->interval); /* Timer G */
		}
		arm(l, &t->t_end, 64ull * l->env.t1); /* Timer H */
	} else {
		arm(l, &t->t_end, reliable(&t->reply_to) ? 0 : 64ull * l->env.t1); /* Timer J */
	}
	if (l->env.timers_changed)
		l->env.timers_changed(l->env.ctx);
	return 0;
}

/* ---- client transactions ---------------------------------------------- */

static void client_finish(ctxn_t *t, sip_txn_result_kind_t kind,
			  const osip_message_t *resp)
{
	sip_txn_client_cb cb = t->cb;
	sip_txn_result_t res = {kind, resp};

	t->cb = NULL;
	if (cb != NULL)
		cb(t->arg, &res);
}

static void client_timer(sip_txn_layer_t *l, ctxn_t *t, bool retx)
{
	if (retx) { /* Timer E */
		if (t->state >= ST_COMPLETED)
			return;
		send_to(l, &t->dst, t->req, t->req_len);
		if (t->state == ST_PROCEEDING)
			t->interval = l->env.t2;
		else
			t->interval = t->interval * 2 < l->env.t2 ? t->interval * 2 : l->env.t2;
		arm(l, &t->t_retx, t->interval);
		return;
	}
	if (t->state < ST_COMPLETED) /* Timer F */
		client_finish(t, TXN_RESULT_TIMEOUT, NULL);
	client_free(l, t); /* Timer F or K */
}

uint64_t sip_txn_client_send(sip_txn_layer_t *l, const osip_message_t *req, const sip_dest_t *dst,
			     sip_txn_client_cb cb, void *arg)
{
	ctxn_t *t = calloc(1, sizeof(*t));
	char ids[24];

	if (t == NULL)
		return 0;
	t->key = client_key(req);
	if (t->key == NULL || strmap_get(&l->c_by_key, t->key) != NULL ||
	    serialize(req, &t->req, &t->req_len) < 0) {
		free(t->key);
		free(t);
		return 0;
	}
	t->id = l->next_id++;
	t->state = ST_TRYING;
	t->dst = *dst;
	t->cb = cb;
	t->arg = arg;
	t->t_retx.owner = t->t_end.owner = t;
	t->t_retx.retx = 1;
	id_str(t->id, ids);
	if (strmap_put(&l->c_by_key, t->key, t) < 0 || strmap_put(&l->c_by_id, ids, t) < 0) {
		t->cb = NULL;
		client_free(l, t);
		return 0;
	}
	if (l->env.send(l->env.ctx, dst, t->req, t->req_len) < 0) {
		/* reported from the next timer run, never from inside this call */
		t->state = -1;
		arm(l, &t->t_end, 0);
	} else {
		if (!reliable(dst)) {
			t->interval = l->env.t1;
			arm(l, &t->t_retx, t->interval);
		}
		arm(l, &t->t_end, 64ull * l->env.t1);
	}
	if (l->env.timers_changed)
		l->env.timers_changed(l->env.ctx);
	return t->id;
}

void sip_txn_client_abandon(sip_txn_layer_t *l, uint64_t id)
{
	char ids[24];
	ctxn_t *t;

	id_str(id, ids);
	t = strmap_get(&l->c_by_id, ids);
	if (t != NULL)
		t->cb = NULL;
}

static bool same_dest(const sip_dest_t *a, const sip_dest_t *b)
{
	return a->tp == b->tp && netaddr_equal(&a->addr, &b->addr);
}

typedef struct {
	sip_txn_layer_t *l;
	const sip_dest_t *dst;
} fail_ctx_t;

static void mark_failed(const char *key, void *value, void *arg)
{
	fail_ctx_t *f = arg;
	ctxn_t *t = value;

	(void)key;
	if (t->state >= ST_TRYING && t->state < ST_COMPLETED && same_dest(&t->dst, f->dst)) {
		t->state = -1;
		disarm(f->l, &t->t_retx);
		arm(f->l, &t->t_end, 0);
	}
}

void sip_txn_transport_failed(sip_txn_layer_t *l, const sip_dest_t *dst)
{
	fail_ctx_t f = {l, dst};

	strmap_each(&l->c_by_id, mark_failed, &f);
	if (l->env.timers_changed)
		l->env.timers_changed(l->env.ctx);
}

bool sip_txn_client_response(sip_txn_layer_t *l, const osip_message_t *resp)
{
	char *key = client_key(resp);
	ctxn_t *t = key ? strmap_get(&l->c_by_key, key) : NULL;
	int code = resp->status_code;

	free(key);
	if (t == NULL)
		return false;
	if (t->state >= ST_COMPLETED || t->state < 0)
		return true; /* retransmitted final: absorbed (Timer K) */
	if (code < 200) {
		t->state = ST_PROCEEDING;
		return true;
	}
	t->state = ST_COMPLETED;
	disarm(l, &t->t_retx);
	arm(l, &t->t_end, reliable(&t->dst) ? 0 : l->env.t4); /* Timer K */
	client_finish(t, TXN_RESULT_RESPONSE, resp);
	if (l->env.timers_changed)
		l->env.timers_changed(l->env.ctx);
	return true;
}

/* ---- timers --------------------------------------------------------------- */

void sip_txn_run_timers(sip_txn_layer_t *l)
{
	uint64_t t_now = now(l);
	theap_node_t *n;

	while ((n = theap_pop_due(&l->timers, t_now)) != NULL) {
		tslot_t *s = container_of(n, tslot_t, node);

		if (s->server) {
			server_timer(l, s->owner, s->retx);
		} else {
			ctxn_t *t = s->owner;

			if (t->state < 0) { /* the initial send failed */
				client_finish(t, TXN_RESULT_TRANSPORT, NULL);
				client_free(l, t);
			} else {
				client_timer(l, t, s->retx);
			}
		}
	}
}

void sip_txn_new_branch(char *buf, size_t len)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[20];
	size_t i;

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		uint64_t x = (uint64_t)(uintptr_t)buf ^ (uint64_t)clock();

		for (i = 0; i < sizeof(rnd); i++, x = x * 6364136223846793005ull + 1)
			rnd[i] = (unsigned char)(x >> 33);
	}
	if (len < 8)
		return;
	memcpy(buf, "z9hG4bK", 7);
	for (i = 0; i < sizeof(rnd) && 7 + i + 1 < len; i++)
		buf[7 + i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
	buf[7 + i] = '\0';
}
