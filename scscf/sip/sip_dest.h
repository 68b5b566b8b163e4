/*
 * sip_dest.h - where a SIP message goes or came from: the transport and
 * the peer's address (and, on a stream, the connection).  Shared by the
 * transactions, the message helpers, the transports and the core.
 */
#ifndef SCSCF_SIP_DEST_H
#define SCSCF_SIP_DEST_H

#include <stdint.h>
#include <sys/socket.h>

typedef enum { SIP_TP_UDP, SIP_TP_TCP } sip_tp_t;

/* Where a message goes, or came from. */
typedef struct {
	sip_tp_t tp;
	struct sockaddr_storage addr;
	uint64_t conn_id; /* stream: the connection to use (0: any / open one) */
} sip_dest_t;

#endif
