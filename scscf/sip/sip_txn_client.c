/*
 * sip_txn_client.c - non-INVITE client transactions (RFC 3261 §17.1.2) for
 * the requests the S-CSCF sends: the request's bytes are sent and kept,
 * resent on Timer E over unreliable transports, and the transaction ends
 * with its final response, Timer F or a transport error; Timer K absorbs
 * retransmitted answers.  Answers are matched by branch and CSeq method.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "scscf/base/netaddr.h"
#include "scscf/sip/sip_txn_internal.h"

/* The key of a client transaction: our branch and the CSeq method. */
static char *client_key(const char *branch, const char *method)
{
	return txn_printf("%s|%s", branch, method);
}

/* The key of the client transaction a response answers, or NULL. */
static char *response_key(const osip_message_t *msg)
{
	const osip_via_t *via = osip_list_get(&msg->vias, 0);
	const char *branch = via ? txn_via_param(via, "branch") : NULL;

	if (branch == NULL || msg->cseq == NULL || msg->cseq->method == NULL)
		return NULL;
	return client_key(branch, msg->cseq->method);
}

static void client_free(sip_txn_layer_t *l, ctxn_t *t)
{
	char ids[24];

	txn_disarm(l, &t->t_retx);
	txn_disarm(l, &t->t_end);
	txn_id_str(t->id, ids);
	strmap_del(&l->c_by_id, ids);
	strmap_del(&l->c_by_key, t->key);
	free(t->key);
	free(t->req);
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

void txn_free_clients(sip_txn_layer_t *l)
{
	if (l->c_by_id.buckets)
		strmap_each(&l->c_by_id, free_client_cb, NULL);
}

static void client_finish(ctxn_t *t, sip_txn_result_kind_t kind,
			  const osip_message_t *resp)
{
	sip_txn_client_cb cb = t->cb;
	sip_txn_result_t res = {kind, resp};

	t->cb = NULL;
	if (cb != NULL)
		cb(t->arg, &res);
}

void txn_client_timer(sip_txn_layer_t *l, ctxn_t *t, bool retx)
{
	if (t->state < 0) { /* the initial send failed, or the transport since */
		client_finish(t, TXN_RESULT_TRANSPORT, NULL);
		client_free(l, t);
		return;
	}
	if (retx) { /* Timer E */
		if (t->state >= ST_COMPLETED)
			return;
		txn_send(l, &t->dst, t->req, t->req_len);
		if (t->state == ST_PROCEEDING)
			t->interval = l->env.t2;
		else
			t->interval = t->interval * 2 < l->env.t2 ? t->interval * 2 : l->env.t2;
		txn_arm(l, &t->t_retx, t->interval);
		return;
	}
	if (t->state < ST_COMPLETED) /* Timer F */
		client_finish(t, TXN_RESULT_TIMEOUT, NULL);
	client_free(l, t); /* Timer F or K */
}

uint64_t sip_txn_client_send(sip_txn_layer_t *l, const sip_txn_request_t *rq,
			     const sip_dest_t *dst, sip_txn_client_cb cb, void *arg)
{
	ctxn_t *t = calloc(1, sizeof(*t));
	char ids[24];

	if (t == NULL || (t->key = client_key(rq->branch, rq->method)) == NULL ||
	    strmap_get(&l->c_by_key, t->key) != NULL) {
		if (t != NULL)
			free(t->key);
		free(t);
		free(rq->buf);
		return 0;
	}
	t->req = rq->buf;
	t->req_len = rq->len;
	t->id = l->next_id++;
	t->state = ST_TRYING;
	t->dst = *dst;
	t->cb = cb;
	t->arg = arg;
	t->t_retx.owner = t->t_end.owner = t;
	t->t_retx.retx = 1;
	txn_id_str(t->id, ids);
	if (strmap_put(&l->c_by_key, t->key, t) < 0 || strmap_put(&l->c_by_id, ids, t) < 0) {
		t->cb = NULL;
		client_free(l, t);
		return 0;
	}
	if (l->env.send(l->env.send_ctx, dst, t->req, t->req_len) < 0) {
		/* reported from the next timer run, never from inside this call */
		t->state = -1;
		txn_arm(l, &t->t_end, 0);
	} else {
		if (!txn_reliable(dst)) {
			t->interval = l->env.t1;
			txn_arm(l, &t->t_retx, t->interval);
		}
		txn_arm(l, &t->t_end, 64ull * l->env.t1);
	}
	if (l->env.timers_changed)
		l->env.timers_changed(l->env.ctx);
	return t->id;
}

void sip_txn_client_abandon(sip_txn_layer_t *l, uint64_t id)
{
	char ids[24];
	ctxn_t *t;

	txn_id_str(id, ids);
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
		txn_disarm(f->l, &t->t_retx);
		txn_arm(f->l, &t->t_end, 0);
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
	char *key = response_key(resp);
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
	txn_disarm(l, &t->t_retx);
	txn_arm(l, &t->t_end, txn_reliable(&t->dst) ? 0 : l->env.t4); /* Timer K */
	client_finish(t, TXN_RESULT_RESPONSE, resp);
	if (l->env.timers_changed)
		l->env.timers_changed(l->env.ctx);
	return true;
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
