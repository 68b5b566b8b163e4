/*
 * sip_transport.h - SIP over UDP and TCP on the libuv loop.
 *
 * UDP: one socket per listen address; a datagram is one message.
 * TCP: listeners plus a connection table (incoming and outgoing), each
 * connection framed by sip_framing, closed after tcp.idle_timeout seconds
 * without traffic, at most tcp.max_connections open.  Requests the S-CSCF
 * sends open a connection on demand, or reuse one to the same address;
 * responses go back on the connection their request came on.
 */
#ifndef SCSCF_SIP_TRANSPORT_H
#define SCSCF_SIP_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "scscf/sip/sip_config.h"
#include "scscf/sip/sip_dest.h"

typedef struct sip_transport sip_transport_t;

typedef struct {
	void (*on_message)(void *arg, const sip_dest_t *src, const char *buf, size_t len);
	void (*on_stream_error)(void *arg, const sip_dest_t *src, const char *hdr,
				size_t hdr_len, int status, const char *reason);
	void (*on_send_failed)(void *arg, const sip_dest_t *dst);
	void *arg;
} sip_transport_cb_t;

/* Bind every listener of cfg.  NULL with err set when one cannot be bound. */
sip_transport_t *sip_transport_new(uv_loop_t *loop, const sip_config_t *cfg,
				   const sip_transport_cb_t *cb, char *err, size_t errlen);

/* Queue len bytes to dst (copied).  0, or -1 when it cannot even be queued.
 * A sip_send_fn: transport is the sip_transport_t, so the transaction
 * layer and the core call it directly. */
int sip_transport_send(void *transport, const sip_dest_t *dst, const char *buf, size_t len);
/* Close stream connection conn_id (its framing is lost); transport as above. */
void sip_transport_close_conn(void *transport, uint64_t conn_id);

size_t sip_transport_connections(const sip_transport_t *t);

/* Close every handle; done(arg) runs once all are closed; then free. */
void sip_transport_close(sip_transport_t *t, void (*done)(void *arg), void *arg);
void sip_transport_free(sip_transport_t *t);

#endif
