/*
 * sip_txn_server.c - server transactions (RFC 3261 §17.2): matching a
 * request to one (§17.2.3, or the RFC 2543 key when there is no magic
 * cookie), absorbing retransmissions and ACKs, sending and resending the
 * response, and Timers G, H, I and J.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/sip/sip_msg.h"
#include "scscf/sip/sip_txn_internal.h"

/* "z9hG4bK" followed by at least one character marks an RFC 3261 branch. */
static const char *rfc3261_branch(const osip_via_t *via)
{
	const char *b = txn_via_param(via, "branch");

	if (b != NULL && strncmp(b, "z9hG4bK", 7) == 0 && b[7] != '\0')
		return b;
	return NULL;
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
		return txn_printf("b|%s|%s:%s|%s", branch, or_empty(via->host),
				  or_empty(via->port), method);
	ftag = sip_tag(req->from);
	return txn_printf("o|%s@%s|%s|%s|%s|%s:%s|%s",
			  req->call_id ? or_empty(req->call_id->number) : "",
			  req->call_id ? or_empty(req->call_id->host) : "",
			  req->cseq ? or_empty(req->cseq->number) : "",
			  or_empty(ftag),
			  req->req_uri ? or_empty(req->req_uri->host) : "", or_empty(via->host),
			  or_empty(via->port), method);
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

static void server_free(sip_txn_layer_t *l, stxn_t *t)
{
	char ids[24];

	txn_disarm(l, &t->t_retx);
	txn_disarm(l, &t->t_end);
	txn_id_str(t->id, ids);
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

void txn_free_servers(sip_txn_layer_t *l)
{
	if (l->s_by_id.buckets)
		strmap_each(&l->s_by_id, free_server_cb, NULL);
}

static stxn_t *server_by_id(const sip_txn_layer_t *l, uint64_t id)
{
	char ids[24];

	txn_id_str(id, ids);
	return strmap_get(&l->s_by_id, ids);
}

const char *sip_txn_server_to_tag(const sip_txn_layer_t *l, uint64_t id)
{
	const stxn_t *t = server_by_id(l, id);

	return t != NULL ? t->to_tag : NULL;
}

void txn_server_timer(sip_txn_layer_t *l, stxn_t *t, bool retx)
{
	if (retx) { /* Timer G: resend the final response to the INVITE */
		if (t->state != ST_COMPLETED)
			return;
		txn_send(l, &t->reply_to, t->last, t->last_len);
		t->interval = t->interval * 2 < l->env.t2 ? t->interval * 2 : l->env.t2;
		txn_arm(l, &t->t_retx, t->interval);
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
	txn_id_str(t->id, ids);
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
			txn_disarm(l, &t->t_retx);
			txn_arm(l, &t->t_end, txn_reliable(&t->reply_to) ? 0 : l->env.t4); /* Timer I */
			return TXN_ACK_ABSORBED;
		}
		if (t->last != NULL)
			txn_send(l, &t->reply_to, t->last, t->last_len);
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
	txn_send(l, &t->reply_to, buf, len);
	if (code < 200) {
		t->state = ST_PROCEEDING;
		return 0;
	}
	t->state = ST_COMPLETED;
	if (t->invite) {
		if (!txn_reliable(&t->reply_to)) {
			t->interval = l->env.t1;
			txn_arm(l, &t->t_retx, t->interval); /* Timer G */
		}
		txn_arm(l, &t->t_end, 64ull * l->env.t1); /* Timer H */
	} else {
		txn_arm(l, &t->t_end, txn_reliable(&t->reply_to) ? 0 : 64ull * l->env.t1); /* Timer J */
	}
	if (l->env.timers_changed)
		l->env.timers_changed(l->env.ctx);
	return 0;
}
