/*
 * sip_framing.h - cut SIP messages out of a TCP byte stream (RFC 3261
 * §18.3): the header section ends at the first empty line, the body is
 * Content-Length bytes long.  Leading CRLFs are skipped (§7.5), and a
 * double-CRLF keep-alive ping (RFC 5626 §3.5.1) is reported so the caller
 * can answer with a single CRLF pong.  Pure function: no I/O, no state.
 */
#ifndef SCSCF_SIP_FRAMING_H
#define SCSCF_SIP_FRAMING_H

#include <stddef.h>

typedef enum {
	FRAME_NEED_MORE, /* no complete message yet */
	FRAME_MESSAGE,   /* a message of msg_len bytes starts at skip */
	FRAME_PING,      /* a CRLFCRLF keep-alive: consume skip bytes, send CRLF */
	FRAME_TOO_BIG,   /* over the limit: headers (if complete) are msg_len bytes at skip */
	FRAME_ERROR,     /* framing cannot be recovered (bad Content-Length) */
} frame_status_t;

typedef struct {
	frame_status_t status;
	size_t skip;     /* bytes before the message (CRLFs), or the ping's length */
	size_t msg_len;  /* FRAME_MESSAGE: whole message; TOO_BIG/ERROR: the header
			  * section if it is complete, else 0 */
	char why[96];    /* FRAME_TOO_BIG / FRAME_ERROR: for the response or the log */
} frame_t;

/* Look at the len buffered bytes; max is the largest message accepted. */
void sip_frame(const char *buf, size_t len, size_t max, frame_t *out);

#endif
