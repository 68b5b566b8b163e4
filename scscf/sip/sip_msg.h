/*
 * sip_msg.h - building and addressing SIP messages with libosip2: responses
 * to a request (RFC 3261 §8.2.6), the RFC 3581 received/rport parameters,
 * where a response goes (§18.2.2), and small header helpers.
 */
#ifndef SCSCF_SIP_MSG_H
#define SCSCF_SIP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include <osipparser2/osip_parser.h>

#include "scscf/sip/sip_dest.h"

/* A response to req with the request's Via list, From, To (a To-tag is
 * added for status > 100 when the request had none), Call-ID and CSeq.
 * Works on partial requests: a header that is missing is left out.
 * verify_echo is for requests sip_check rejected, whose headers may be
 * half-parsed: each echoed header is then written and read back first, one
 * libosip2 cannot read back is left out, and an unreadable Via gives NULL
 * (the response could not be routed).  Requests sip_check accepted need no
 * such check.  NULL also on OOM. */
osip_message_t *sip_make_response(const osip_message_t *req, int status, const char *reason,
				  const char *to_tag, bool verify_echo);

/* The tag parameter of a From or To header (osip_from_t and osip_to_t
 * are the same type), or NULL. */
const char *sip_tag(const osip_from_t *h);

/* Whether libosip2 can read back what it writes for this From or To: it
 * accepts "From: sip:c" but not the "<sip:c>" it makes of it. */
bool sip_from_echoes(const osip_from_t *h);

/* Add a header (name: value) to m; 0 or -1. */
int sip_add_header(osip_message_t *m, const char *name, const char *value);
/* Add "Name: value\r\n" lines (the last CRLF optional; NULL adds none);
 * names keep their case.  0, or -1 for a line without ':' or too long. */
int sip_add_header_lines(osip_message_t *m, const char *lines);

/* RFC 3581 / RFC 3261 §18.2.1: stamp the top Via of a received request with
 * received=<source address> when it differs from sent-by, and fill an empty
 * rport with the source port (and add received).  force_rport treats every
 * request as if it had asked for rport (for clients behind NAT). */
void sip_via_stamp(osip_message_t *req, const struct sockaddr *src, bool force_rport);

/* Where responses to req go (RFC 3261 §18.2.2, RFC 3581): stream: the
 * connection it came on; datagram: the source address, at the rport or the
 * sent-by port (5060 when absent) unless rport was asked for. */
void sip_reply_dest(const osip_message_t *req, const sip_dest_t *src, sip_dest_t *out);

/* "udp 192.0.2.1:5060" / "tcp [::1]:5061" for logs. */
const char *sip_peer_str(const sip_dest_t *d, char *buf, size_t len);

/* Serialize m; a malloc'd buffer (free()) or NULL. */
char *sip_to_string(const osip_message_t *m, size_t *len);

/* A loose route (Route/Service-Route value) to the element a SIP or SIPS
 * URI names: the same scheme, host (IPv6 in brackets), port and transport,
 * the user part user, and "lr"; any other user part or parameter of uri is
 * left out.  E.g. sip:scscf.open-ims.test:6060 with user "orig" gives
 * <sip:orig@scscf.open-ims.test:6060;lr>.  0, or -1 when uri is not such a
 * URI (or buf is too small). */
int sip_route_to(const char *uri, const char *user, char *buf, size_t len);

#endif
