/*
 * sip_core.h - the SIP entry point of scscfd: one received message in,
 * responses and upper-layer calls out.
 *
 *   bytes -> sip_check (400/416/420/483/505/513 or drop)
 *         -> Via stamping (RFC 3581) -> server transaction match
 *         -> method: OPTIONS 200; REGISTER/SUBSCRIBE to their handlers (501
 *            until a handler is set); CANCEL 200/481; ACK absorbed; other
 *            known methods 405, unknown ones 501, both with Allow.
 *   responses -> client transactions (NOTIFY, third-party REGISTER).
 *
 * It does no I/O of its own: it sends and closes through sip_core_io_t, so
 * the daemon plugs in libuv transports and tests and fuzzers plug in a
 * buffer; its transaction layer (sip_core_txn) sends through the same
 * call, and the caller runs its timers (sip_txn_run_timers).  Everything
 * runs on the caller's (the loop's) thread.
 */
#ifndef SCSCF_SIP_CORE_H
#define SCSCF_SIP_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <osipparser2/osip_parser.h>

#include "scscf/sip/sip_config.h"
#include "scscf/sip/sip_txn.h"

typedef struct sip_core sip_core_t;

/* The transport's calls (tp is theirs: the transaction layer sends
 * through the same call) and the clock and timer's (ctx is theirs). */
typedef struct {
	sip_send_fn send;
	void (*close_conn)(void *tp, uint64_t conn_id); /* stream framing is lost */
	uint64_t (*now)(void *ctx);
	void (*timers_changed)(void *ctx);
	void *ctx;
	void *tp;
} sip_core_io_t;

/* What comes with a request besides the parsed message. */
typedef struct {
	sip_dest_t src;              /* where it came from */
	const char *authorization;   /* first Authorization value as received, or NULL */
	const char *to;              /* the To value as received, or NULL */
	const char *contacts;        /* every Contact value as received, or NULL */
} sip_req_ctx_t;

/* A request handler takes ownership of req (osip_message_free it) and
 * answers transaction txn with sip_core_reply / sip_core_respond, now or
 * later from the loop.  ctx is valid during the call only. */
typedef void (*sip_handler_fn)(void *arg, sip_core_t *core, uint64_t txn, osip_message_t *req,
			       const sip_req_ctx_t *ctx);

/* Final responses sent are counted by the request's method and status. */
typedef enum {
	SIP_CORE_M_REGISTER,
	SIP_CORE_M_SUBSCRIBE,
	SIP_CORE_M_OPTIONS,
	SIP_CORE_M_OTHER,
	SIP_CORE_M_COUNT
} sip_core_method_t;

typedef struct {
	uint64_t received, responses_received, dropped, rejected; /* rejected: answered by sip_check */
	uint64_t retransmissions, dispatched, options, not_allowed, not_implemented;
	uint64_t responses[SIP_CORE_M_COUNT][600]; /* [method][status - 100], final ones */
} sip_core_stats_t;

/* "REGISTER", "SUBSCRIBE", "OPTIONS", "other" */
const char *sip_core_method_name(sip_core_method_t m);

sip_core_t *sip_core_new(const sip_config_t *cfg, const sip_core_io_t *io);
void sip_core_free(sip_core_t *core);

/* Handlers for "REGISTER" and "SUBSCRIBE" (NULL fn removes). */
int sip_core_set_handler(sip_core_t *core, const char *method, sip_handler_fn fn, void *arg);
/* The option tags the daemon supports (a Require of others gets 420);
 * tags must stay valid.  None until set. */
void sip_core_set_supported(sip_core_t *core, const char *const *tags);

/* One whole message: a datagram, or a frame cut from a stream. */
void sip_core_receive(sip_core_t *core, const sip_dest_t *src, const char *buf, size_t len);
/* A stream whose framing failed (status 400 or 513): answer from the header
 * section when it can be parsed, then close the connection. */
void sip_core_stream_error(sip_core_t *core, const sip_dest_t *src, const char *hdr,
			   size_t hdr_len, int status, const char *reason);

/* Answer transaction txn of req with status/reason (plus optional extra
 * "Name: value\r\n" headers, may be NULL).  0 or -1. */
int sip_core_reply(sip_core_t *core, uint64_t txn, const osip_message_t *req, int status,
		   const char *reason, const char *extra_headers);
int sip_core_respond(sip_core_t *core, uint64_t txn, const osip_message_t *resp);
/* The same with a To tag of the caller's (a dialog it creates), used
 * when the request has none. */
int sip_core_reply_tagged(sip_core_t *core, uint64_t txn, const osip_message_t *req, int status,
			  const char *reason, const char *extra_headers, const char *to_tag);
/* A fresh random tag (16 hex digits) into buf (at least 17 bytes). */
void sip_core_new_tag(char *buf, size_t len);

sip_txn_layer_t *sip_core_txn(sip_core_t *core);
const sip_core_stats_t *sip_core_stats(const sip_core_t *core);

#endif
