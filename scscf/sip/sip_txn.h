/*
 * sip_txn.h - SIP transactions (RFC 3261 §17) for a registrar/notifier:
 *   - non-INVITE server transactions: a retransmitted request gets the last
 *     response again and never reaches the upper layer twice (Timer J);
 *   - INVITE server transactions for the only answers this element gives an
 *     INVITE (final non-2xx: 405/4xx/5xx), with Timer G/H/I and ACK absorption;
 *   - non-INVITE client transactions for the requests the S-CSCF sends
 *     (NOTIFY, third-party REGISTER): Timer E retransmission on unreliable
 *     transports, Timer F timeout, Timer K, and one completion callback.
 *
 * The layer keeps serialized messages and sends them through env->send,
 * the transport's own call; time comes from env->now, and all timers live
 * in one heap whose earliest deadline the loop arms a single uv timer for
 * (sip_txn_next_deadline).
 * Tests drive it with a fake clock.
 *
 * libosip2 also ships transaction state machines, but they read the wall
 * clock themselves and need their own event pumping, so simulated-time tests
 * and the single-timer loop design would not be possible with them.
 */
#ifndef SCSCF_SIP_TXN_H
#define SCSCF_SIP_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <osipparser2/osip_parser.h>

#include "scscf/sip/sip_dest.h"

typedef struct {
	uint64_t (*now)(void *ctx);  /* milliseconds, monotonic */
	sip_send_fn send;            /* called with send_ctx: the transport */
	void (*timers_changed)(void *ctx); /* the earliest deadline may have moved */
	void *ctx;                   /* of now and timers_changed */
	unsigned t1, t2, t4; /* ms */
	size_t max_server; /* live server transactions at most (0: no limit) */
	void *send_ctx;
} sip_txn_env_t;

typedef struct sip_txn_layer sip_txn_layer_t;

sip_txn_layer_t *sip_txn_layer_new(const sip_txn_env_t *env);
/* Frees every transaction; client callbacks are not called. */
void sip_txn_layer_free(sip_txn_layer_t *l);

/* Earliest timer deadline (UINT64_MAX when none); run the due timers. */
uint64_t sip_txn_next_deadline(const sip_txn_layer_t *l);
void sip_txn_run_timers(sip_txn_layer_t *l);

size_t sip_txn_count_server(const sip_txn_layer_t *l);
size_t sip_txn_count_client(const sip_txn_layer_t *l);

/* ---- server side ---- */

typedef enum {
	TXN_NEW,            /* a new transaction: the upper layer must answer it */
	TXN_RETRANSMISSION, /* handled here (last response resent, or nothing yet) */
	TXN_ACK_ABSORBED,   /* an ACK for one of our INVITE rejections */
	TXN_NO_MATCH,       /* ACK or CANCEL matching no transaction */
	TXN_OVERLOAD,       /* env.max_server transactions live: answer 503 statelessly */
	TXN_ERROR,          /* out of memory: answer statelessly or drop */
} sip_txn_match_t;

/* Match an incoming request (not taken over: the caller keeps req).  On
 * TXN_NEW, *id names the new transaction; reply_to is where its responses
 * go.  For a CANCEL, *cancelled is set to the id of the transaction it
 * targets (0 if none) - the CANCEL itself is a TXN_NEW to answer. */
sip_txn_match_t sip_txn_server_request(sip_txn_layer_t *l, const osip_message_t *req,
				       const sip_dest_t *reply_to, uint64_t *id,
				       uint64_t *cancelled);

/* Send a response on server transaction id (serializes resp; the caller
 * keeps it).  A 1xx keeps the transaction open, a final one completes it.
 * -1 when the transaction is gone or already completed, or on error. */
int sip_txn_server_respond(sip_txn_layer_t *l, uint64_t id, const osip_message_t *resp);

/* The To tag of the last response sent on server transaction id, or NULL
 * (no such transaction, nothing sent yet, or a response without a tag).
 * Valid until the next call on the layer.  A CANCEL's answer carries it
 * (RFC 3261 9.2). */
const char *sip_txn_server_to_tag(const sip_txn_layer_t *l, uint64_t id);

/* ---- client side ---- */

typedef enum {
	TXN_RESULT_RESPONSE,  /* final response in resp */
	TXN_RESULT_TIMEOUT,   /* Timer F */
	TXN_RESULT_TRANSPORT, /* the transport could not send */
} sip_txn_result_kind_t;

typedef struct {
	sip_txn_result_kind_t kind;
	const osip_message_t *resp; /* TXN_RESULT_RESPONSE only; valid during the call */
} sip_txn_result_t;

typedef void (*sip_txn_client_cb)(void *arg, const sip_txn_result_t *res);

/* A request built as bytes, and what its responses are matched by
 * (RFC 3261 §17.1.3): the branch of its top Via and its CSeq method. */
typedef struct {
	char *buf;          /* the whole request, malloc'd: the transaction takes it */
	size_t len;
	const char *branch; /* z9hG4bK..., unique to this request */
	const char *method; /* e.g. "NOTIFY" */
} sip_txn_request_t;

/* Send rq->buf to dst and keep it for retransmission; rq->buf is taken
 * over (freed) whatever happens.  cb is called exactly once, unless
 * abandoned.  Returns the transaction id, or 0 when it could not start
 * (cb not called): out of memory, or the branch is in use. */
uint64_t sip_txn_client_send(sip_txn_layer_t *l, const sip_txn_request_t *rq,
			     const sip_dest_t *dst, sip_txn_client_cb cb, void *arg);
/* The owner is going away: never call its callback. */
void sip_txn_client_abandon(sip_txn_layer_t *l, uint64_t id);

/* The transport could not deliver to dst (connect failed, connection
 * lost): every client transaction still waiting there completes with
 * TXN_RESULT_TRANSPORT from the next timer run. */
void sip_txn_transport_failed(sip_txn_layer_t *l, const sip_dest_t *dst);

/* Offer an incoming response; true when a client transaction took it. */
bool sip_txn_client_response(sip_txn_layer_t *l, const osip_message_t *resp);

/* A new branch parameter value (z9hG4bK + 20 random characters). */
void sip_txn_new_branch(char *buf, size_t len);

#endif
