/*
 * http_req.h - the one HTTP/1.x request the metrics endpoint reads
 * (RFC 9112): the request line and the header section, strictly.
 *
 * Accepted: "METHOD SP origin-form SP HTTP/1.0|HTTP/1.1" then header lines
 * "name: value", each ended by CRLF (a bare LF is tolerated), then an empty
 * line.  Refused as bad: a NUL or other control byte outside the line
 * ends, a method that is not a token, a target that does not start with
 * "/" or holds a blank or a non-ASCII byte, another version, a header line
 * without a token name and a colon, a folded header line (obsolete
 * folding), a request line or header section over the caller's limit, and
 * an HTTP/1.1 request without exactly one Host header.  A body is never
 * read: a request announcing one (Content-Length other than 0, or
 * Transfer-Encoding) is refused as well, since the endpoint only serves GET
 * and HEAD.  Pure: no I/O, no allocation.
 */
#ifndef SCSCF_HTTP_REQ_H
#define SCSCF_HTTP_REQ_H

#include <stddef.h>

typedef enum {
	HTTP_REQ_INCOMPLETE, /* no empty line yet: read more */
	HTTP_REQ_OK,
	HTTP_REQ_BAD,
} http_req_status_t;

typedef struct {
	char method[16];  /* as sent (case matters in HTTP) */
	char path[256];   /* the target up to '?' */
	int minor;        /* HTTP/1.minor */
	size_t head_len;  /* bytes of the request line and headers, empty line included */
	const char *why;  /* HTTP_REQ_BAD: a short reason */
	int status;       /* HTTP_REQ_BAD: the answer it calls for (400, 414, 431, 505) */
} http_req_t;

/* Read buf[0..len).  max_head bounds the whole header section. */
http_req_status_t http_req_parse(const char *buf, size_t len, size_t max_head,
				 http_req_t *out);

#endif
