/*
 * sip_core.c - see sip_core.h.
 */
#include "config.h"

#include "scscf/sip/sip_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "scscf/base/hex.h"
#include "scscf/base/log.h"
#include "scscf/sip/sip_check.h"
#include "scscf/sip/sip_msg.h"

#define SERVER_HEADER PACKAGE_NAME "/" PACKAGE_VERSION

/* Bodies this element understands in requests it serves. */
#define ACCEPT_VALUE "application/reginfo+xml, text/registration-event"

/* RFC 3261 methods and the common extensions: known but not served -> 405. */
static const char *const known_methods[] = {
	"INVITE", "BYE", "INFO", "MESSAGE", "NOTIFY", "PRACK", "PUBLISH", "REFER", "UPDATE", NULL,
};

struct sip_core {
	sip_config_t cfg;
	sip_core_io_t io;
	sip_txn_layer_t *txn;
	sip_check_opts_t check;
	sip_handler_fn on_register, on_subscribe;
	char supported_value[128]; /* the option tags, for OPTIONS */
	void *register_arg, *subscribe_arg;
	sip_core_stats_t stats;
	/* per-message log lines (drops, rejections): at most LOG_BURST a second */
	uint64_t log_second;
	unsigned log_lines, log_suppressed;
};

#define LOG_BURST 10

sip_core_t *sip_core_new(const sip_config_t *cfg, const sip_core_io_t *io)
{
	sip_core_t *c = calloc(1, sizeof(*c));
	sip_txn_env_t env;

	if (c == NULL)
		return NULL;
	c->cfg = *cfg;
	c->io = *io;
	env.now = io->now;
	env.send = io->send;
	env.send_ctx = io->tp;
	env.timers_changed = io->timers_changed;
	env.ctx = io->ctx;
	env.t1 = cfg->t1;
	env.t2 = cfg->t2;
	env.t4 = cfg->t4;
	env.max_server = cfg->max_transactions;
	c->txn = sip_txn_layer_new(&env);
	if (c->txn == NULL) {
		free(c);
		return NULL;
	}
	c->check.max_message_size = cfg->max_message_size;
	c->check.supported = NULL; /* no option tags yet: the registrar adds path etc. */
	sip_check_init();
	return c;
}

void sip_core_free(sip_core_t *c)
{
	if (c == NULL)
		return;
	sip_txn_layer_free(c->txn);
	free(c);
}

void sip_core_set_supported(sip_core_t *c, const char *const *tags)
{
	size_t n = 0;

	c->check.supported = tags;
	c->supported_value[0] = '\0';
	for (; tags != NULL && *tags != NULL; tags++) {
		int w = snprintf(c->supported_value + n, sizeof(c->supported_value) - n, "%s%s",
				 n > 0 ? ", " : "", *tags);

		if (w < 0 || (size_t)w >= sizeof(c->supported_value) - n)
			break;
		n += (size_t)w;
	}
}

int sip_core_set_handler(sip_core_t *c, const char *method, sip_handler_fn fn, void *arg)
{
	if (strcmp(method, "REGISTER") == 0) {
		c->on_register = fn;
		c->register_arg = arg;
	} else if (strcmp(method, "SUBSCRIBE") == 0) {
		c->on_subscribe = fn;
		c->subscribe_arg = arg;
	} else {
		return -1;
	}
	return 0;
}

sip_txn_layer_t *sip_core_txn(sip_core_t *c)
{
	return c->txn;
}

const sip_core_stats_t *sip_core_stats(const sip_core_t *c)
{
	return &c->stats;
}

/* ---- responses ---------------------------------------------------------- */

/* Up to 16 random hex digits, as many as fit in len with the NUL. */
static void new_tag(char *buf, size_t len)
{
	uint8_t r[8];
	size_t n = len > 0 ? (len - 1) / 2 : 0;

	if (len == 0)
		return;
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		memset(r, 0x5a, sizeof(r));
	hex_encode(r, n < sizeof(r) ? n : sizeof(r), buf);
}

static void allow_value(const sip_core_t *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%sOPTIONS, ACK, CANCEL", c->on_register ? "REGISTER, " : "",
		 c->on_subscribe ? "SUBSCRIBE, " : "");
}

/* A response to req; verify as for sip_make_response. */
static osip_message_t *build(const osip_message_t *req, int status, const char *reason,
			     const char *extra, bool verify, const char *to_tag)
{
	char tag[24];
	osip_message_t *r;

	new_tag(tag, sizeof(tag));
	r = sip_make_response(req, status, reason, to_tag != NULL ? to_tag : tag, verify);
	if (r == NULL)
		return NULL;
	if (sip_add_header(r, "Server", SERVER_HEADER) < 0 || sip_add_header_lines(r, extra) < 0) {
		osip_message_free(r);
		return NULL;
	}
	return r;
}

const char *sip_core_method_name(sip_core_method_t m)
{
	static const char *const names[] = {"REGISTER", "SUBSCRIBE", "OPTIONS", "other"};

	return (unsigned)m < SIP_CORE_M_COUNT ? names[m] : "other";
}

/* One more final response to a method (from its CSeq) with status. */
static void count_response(sip_core_t *c, const osip_message_t *resp)
{
	const char *m = resp->cseq != NULL ? resp->cseq->method : NULL;
	int status = resp->status_code;
	sip_core_method_t k = SIP_CORE_M_OTHER;

	if (status < 200 || status > 699)
		return;
	if (m != NULL && strcmp(m, "REGISTER") == 0)
		k = SIP_CORE_M_REGISTER;
	else if (m != NULL && strcmp(m, "SUBSCRIBE") == 0)
		k = SIP_CORE_M_SUBSCRIBE;
	else if (m != NULL && strcmp(m, "OPTIONS") == 0)
		k = SIP_CORE_M_OPTIONS;
	c->stats.responses[k][status - 100]++;
}

int sip_core_respond(sip_core_t *c, uint64_t txn, const osip_message_t *resp)
{
	int rc = sip_txn_server_respond(c->txn, txn, resp);

	if (rc == 0)
		count_response(c, resp);
	return rc;
}

void sip_core_new_tag(char *buf, size_t len)
{
	new_tag(buf, len);
}

int sip_core_reply(sip_core_t *c, uint64_t txn, const osip_message_t *req, int status,
		   const char *reason, const char *extra)
{
	return sip_core_reply_tagged(c, txn, req, status, reason, extra, NULL);
}

int sip_core_reply_tagged(sip_core_t *c, uint64_t txn, const osip_message_t *req, int status,
			  const char *reason, const char *extra, const char *to_tag)
{
	osip_message_t *r = build(req, status, reason, extra, false, to_tag);
	int rc;

	if (r == NULL)
		return -1;
	rc = sip_core_respond(c, txn, r);
	osip_message_free(r);
	return rc;
}

/* Whether one more per-message line may be logged now; a flood of bad
 * messages costs LOG_BURST lines a second plus one summary line. */
static bool may_log(sip_core_t *c)
{
	uint64_t second = c->io.now(c->io.ctx) / 1000;

	if (second != c->log_second) {
		if (c->log_suppressed > 0)
			log_warn("sip: %u more dropped or rejected messages not logged",
				 c->log_suppressed);
		c->log_second = second;
		c->log_lines = c->log_suppressed = 0;
	}
	if (c->log_lines < LOG_BURST) {
		c->log_lines++;
		return true;
	}
	c->log_suppressed++;
	return false;
}

static void drop(sip_core_t *c, const sip_dest_t *src, const char *why)
{
	char peer[80];

	c->stats.dropped++;
	if (may_log(c))
		log_info("sip: dropped a message from %s: %s",
			 sip_peer_str(src, peer, sizeof(peer)), why);
}

/* A response sent outside any transaction (requests sip_check rejected). */
static void reply_stateless(sip_core_t *c, const osip_message_t *req, const sip_dest_t *src,
			    int status, const char *reason, const char *extra)
{
	osip_message_t *r = build(req, status, reason, extra, true, NULL);
	sip_dest_t dst;
	char *buf;
	size_t len;

	if (r == NULL) {
		drop(c, src, "no readable response can be built (unreadable Via)");
		return;
	}
	sip_via_stamp(r, (const struct sockaddr *)&src->addr, c->cfg.force_rport);
	sip_reply_dest(r, src, &dst);
	buf = sip_to_string(r, &len);
	if (buf != NULL) {
		c->io.send(c->io.tp, &dst, buf, len);
		count_response(c, r);
	}
	free(buf);
	osip_message_free(r);
}

/* ---- dispatch ----------------------------------------------------------- */

static bool is_known(const char *method)
{
	int i;

	for (i = 0; known_methods[i] != NULL; i++)
		if (strcmp(known_methods[i], method) == 0)
			return true;
	return false;
}

static void dispatch(sip_core_t *c, uint64_t txn, uint64_t cancelled, osip_message_t *req,
		     const sip_dest_t *src, const sip_verdict_t *v)
{
	sip_req_ctx_t ctx;
	const char *m = req->sip_method;
	char allow[96], extra[512];

	allow_value(c, allow, sizeof(allow));
	if (strcmp(m, "OPTIONS") == 0) {
		c->stats.options++;
		snprintf(extra, sizeof(extra), "Allow: %s\r\nAccept: %s\r\nSupported: %s", allow,
			 ACCEPT_VALUE, c->supported_value);
		sip_core_reply(c, txn, req, 200, "OK", extra);
	} else if (strcmp(m, "REGISTER") == 0 && c->on_register) {
		c->stats.dispatched++;
		log_debug("sip: REGISTER transaction %llu to the registrar", (unsigned long long)txn);
		ctx.src = *src;
		ctx.authorization = v->authorization;
		ctx.to = v->to;
		ctx.contacts = v->contacts;
		c->on_register(c->register_arg, c, txn, req, &ctx);
		return; /* the handler owns req */
	} else if (strcmp(m, "SUBSCRIBE") == 0 && c->on_subscribe) {
		c->stats.dispatched++;
		ctx.src = *src;
		ctx.authorization = v->authorization;
		ctx.to = v->to;
		ctx.contacts = v->contacts;
		c->on_subscribe(c->subscribe_arg, c, txn, req, &ctx);
		return;
	} else if (strcmp(m, "CANCEL") == 0) {
		/* A non-INVITE transaction is not affected by CANCEL (RFC 3261
		 * §9.2), and our INVITE transactions are final at once.  The 200
		 * carries the To tag of the original's answer when there is one
		 * (§9.2: SHOULD be the same). */
		if (cancelled != 0)
			sip_core_reply_tagged(c, txn, req, 200, "OK", NULL,
					      sip_txn_server_to_tag(c->txn, cancelled));
		else
			sip_core_reply(c, txn, req, 481, "Call/Transaction Does Not Exist", NULL);
	} else if (strcmp(m, "REGISTER") == 0 || strcmp(m, "SUBSCRIBE") == 0) {
		c->stats.not_implemented++;
		log_info("sip: %s answered 501: no handler configured", m);
		snprintf(extra, sizeof(extra), "Allow: %s", allow);
		sip_core_reply(c, txn, req, 501, "Not Implemented", extra);
	} else if (is_known(m)) {
		c->stats.not_allowed++;
		snprintf(extra, sizeof(extra), "Allow: %s", allow);
		sip_core_reply(c, txn, req, 405, "Method Not Allowed", extra);
	} else {
		c->stats.not_implemented++;
		snprintf(extra, sizeof(extra), "Allow: %s", allow);
		sip_core_reply(c, txn, req, 501, "Not Implemented", extra);
	}
	osip_message_free(req);
}

static void on_request(sip_core_t *c, osip_message_t *req, const sip_dest_t *src,
		       const sip_verdict_t *v)
{
	sip_dest_t reply_to;
	uint64_t txn = 0, cancelled = 0;

	sip_via_stamp(req, (const struct sockaddr *)&src->addr, c->cfg.force_rport);
	sip_reply_dest(req, src, &reply_to);
	switch (sip_txn_server_request(c->txn, req, &reply_to, &txn, &cancelled)) {
	case TXN_NEW:
		dispatch(c, txn, cancelled, req, src, v);
		return;
	case TXN_RETRANSMISSION:
		c->stats.retransmissions++;
		log_debug("sip: %s retransmission absorbed", req->sip_method);
		break;
	case TXN_ACK_ABSORBED:
	case TXN_NO_MATCH:
		break;
	case TXN_OVERLOAD:
		c->stats.rejected++;
		if (may_log(c))
			log_warn("sip: %zu transactions live (sip.max_transactions): %s answered 503",
				 sip_txn_count_server(c->txn), req->sip_method);
		if (strcmp(req->sip_method, "ACK") != 0)
			reply_stateless(c, req, src, 503, "Service Unavailable", "Retry-After: 5");
		break;
	case TXN_ERROR:
		drop(c, src, "out of memory for a transaction");
		break;
	}
	osip_message_free(req);
}

void sip_core_receive(sip_core_t *c, const sip_dest_t *src, const char *buf, size_t len)
{
	sip_check_opts_t opts = c->check;
	sip_verdict_t v;

	c->stats.received++;
	opts.is_stream = src->tp == SIP_TP_TCP;
	switch (sip_check_message(buf, len, &opts, &v)) {
	case SIP_ACT_PROCESS:
		if (MSG_IS_RESPONSE(v.msg)) {
			c->stats.responses_received++;
			if (!sip_txn_client_response(c->txn, v.msg))
				log_debug("sip: response %d matches no transaction",
					  v.msg->status_code);
			break;
		}
		on_request(c, v.msg, src, &v);
		v.msg = NULL;
		break;
	case SIP_ACT_RESPOND:
		if (v.msg == NULL || osip_list_size(&v.msg->vias) == 0) {
			drop(c, src, v.reason);
			break;
		}
		c->stats.rejected++;
		if (may_log(c)) {
			char peer[80];

			log_info("sip: %s from %s answered %d %s",
				 v.msg->sip_method ? v.msg->sip_method : "request",
				 sip_peer_str(src, peer, sizeof(peer)), v.status, v.reason);
		}
		if (v.status == 420) {
			char extra[300];

			snprintf(extra, sizeof(extra), "Unsupported: %s", v.unsupported);
			reply_stateless(c, v.msg, src, v.status, v.reason, extra);
		} else {
			reply_stateless(c, v.msg, src, v.status, v.reason, NULL);
		}
		break;
	case SIP_ACT_DROP:
		drop(c, src, v.reason);
		break;
	}
	if (v.close_stream && src->tp == SIP_TP_TCP && c->io.close_conn)
		c->io.close_conn(c->io.tp, src->conn_id);
	sip_verdict_clear(&v);
}

void sip_core_stream_error(sip_core_t *c, const sip_dest_t *src, const char *hdr,
			   size_t hdr_len, int status, const char *reason)
{
	sip_check_opts_t opts = c->check;
	sip_verdict_t v;

	opts.is_stream = true;
	opts.max_message_size = hdr_len + 1;
	sip_check_message(hdr, hdr_len, &opts, &v);
	if (v.msg != NULL && MSG_IS_REQUEST(v.msg) && osip_list_size(&v.msg->vias) > 0) {
		c->stats.rejected++;
		if (may_log(c)) {
			char peer[80];

			log_info("sip: stream from %s answered %d %s and closed",
				 sip_peer_str(src, peer, sizeof(peer)), status, reason);
		}
		reply_stateless(c, v.msg, src, status, reason, NULL);
	} else {
		drop(c, src, reason);
	}
	sip_verdict_clear(&v);
	if (c->io.close_conn)
		c->io.close_conn(c->io.tp, src->conn_id);
}
