/*
 * sip_dest.h - where a SIP message goes or came from (the transport and
 * the peer's address, and on a stream the connection), and the one call
 * that puts a message's bytes on the wire.  The transport implements it
 * (sip_transport_send); tests and fuzzers plug in a buffer.  Every part of
 * the SIP layer that sends holds this call and its context, and calls it
 * itself: no layer passes a send along.
 */
#ifndef SCSCF_SIP_DEST_H
#define SCSCF_SIP_DEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef enum { SIP_TP_UDP, SIP_TP_TCP } sip_tp_t;

/* Where a message goes, or came from. */
typedef struct {
	sip_tp_t tp;
	struct sockaddr_storage addr;
	uint64_t conn_id; /* stream: the connection to use (0: any / open one) */
} sip_dest_t;

/* Send len bytes to dst: 0 when handed to the transport, -1 on a
 * transport error.  ctx is the transport (or the test's sink). */
typedef int (*sip_send_fn)(void *ctx, const sip_dest_t *dst, const char *buf, size_t len);

#endif
