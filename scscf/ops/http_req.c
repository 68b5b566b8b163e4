/*
 * http_req.c - see http_req.h.
 */
#include "config.h"

#include "scscf/ops/http_req.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static http_req_status_t bad(http_req_t *r, int status, const char *why)
{
	r->status = status;
	r->why = why;
	return HTTP_REQ_BAD;
}

/* The end of the line starting at p (before its CR LF or LF), or NULL when
 * the line is not complete within end. */
static const char *line_end(const char *p, const char *end, const char **next)
{
	const char *lf = memchr(p, '\n', (size_t)(end - p));

	if (lf == NULL)
		return NULL;
	*next = lf + 1;
	return lf > p && lf[-1] == '\r' ? lf - 1 : lf;
}

static http_req_status_t request_line(const char *p, const char *e, http_req_t *r)
{
	const char *sp1, *sp2, *q;
	size_t n;

	for (q = p; q < e; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
			return bad(r, 400, "control or non-ASCII byte in the request line");
	sp1 = memchr(p, ' ', (size_t)(e - p));
	if (sp1 == NULL || sp1 == p)
		return bad(r, 400, "no method");
	n = (size_t)(sp1 - p);
	if (n >= sizeof(r->method))
		return bad(r, 400, "method too long");
	for (q = p; q < sp1; q++)
		if (!is_tchar((unsigned char)*q))
			return bad(r, 400, "method is not a token");
	memcpy(r->method, p, n);
	r->method[n] = '\0';
	sp2 = memchr(sp1 + 1, ' ', (size_t)(e - sp1 - 1));
	if (sp2 == NULL || sp2 == sp1 + 1 || sp1[1] != '/')
		return bad(r, 400, "target is not an absolute path");
	for (q = sp1 + 1; q < sp2 && *q != '?'; q++)
		;
	n = (size_t)(q - sp1 - 1);
	if (n >= sizeof(r->path))
		return bad(r, 414, "target too long");
	memcpy(r->path, sp1 + 1, n);
	r->path[n] = '\0';
	n = (size_t)(e - sp2 - 1);
	if (n != 8 || memcmp(sp2 + 1, "HTTP/1.", 7) != 0)
		return bad(r, n >= 5 && memcmp(sp2 + 1, "HTTP/", 5) == 0 ? 505 : 400,
			   "not HTTP/1.0 or HTTP/1.1");
	if (sp2[8] != '0' && sp2[8] != '1')
		return bad(r, 505, "not HTTP/1.0 or HTTP/1.1");
	r->minor = sp2[8] - '0';
	return HTTP_REQ_OK;
}

/* Whether v..e (blanks after it allowed) is "0", "00", ... */
static bool all_zeros(const char *v, const char *e)
{
	const char *q = v;

	while (q < e && *q == '0')
		q++;
	if (q == v)
		return false;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	return q == e;
}

/* One header line p..e: "name: value".  Counts Host; refuses a body. */
static http_req_status_t header_line(const char *p, const char *e, http_req_t *r,
				     unsigned *hosts)
{
	const char *colon = memchr(p, ':', (size_t)(e - p)), *q, *v;
	size_t n;

	if (*p == ' ' || *p == '\t')
		return bad(r, 400, "folded header line");
	if (colon == NULL || colon == p)
		return bad(r, 400, "header line without a name and a colon");
	for (q = p; q < colon; q++)
		if (!is_tchar((unsigned char)*q))
			return bad(r, 400, "header name is not a token");
	for (q = colon + 1; q < e; q++)
		if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
			return bad(r, 400, "control byte in a header value");
	n = (size_t)(colon - p);
	for (v = colon + 1; v < e && (*v == ' ' || *v == '\t'); v++)
		;
	if (n == 4 && strncasecmp(p, "Host", 4) == 0)
		(*hosts)++;
	else if (n == 17 && strncasecmp(p, "Transfer-Encoding", 17) == 0)
		return bad(r, 400, "a request body is not accepted");
	else if (n == 14 && strncasecmp(p, "Content-Length", 14) == 0 && !all_zeros(v, e))
		return bad(r, 400, "a request body is not accepted");
	return HTTP_REQ_OK;
}

http_req_status_t http_req_parse(const char *buf, size_t len, size_t max_head,
				 http_req_t *r)
{
	const char *end = buf + len, *p = buf, *e, *next;
	unsigned hosts = 0;
	http_req_status_t st;

	memset(r, 0, sizeof(*r));
	if (memchr(buf, '\0', len) != NULL)
		return bad(r, 400, "NUL byte");
	if (len > max_head)
		end = buf + max_head;
	e = line_end(p, end, &next);
	if (e == NULL)
		return len >= max_head ? bad(r, 414, "request line too long") : HTTP_REQ_INCOMPLETE;
	st = request_line(p, e, r);
	if (st != HTTP_REQ_OK)
		return st;
	for (p = next;; p = next) {
		e = line_end(p, end, &next);
		if (e == NULL)
			return len >= max_head ? bad(r, 431, "header section too large")
					       : HTTP_REQ_INCOMPLETE;
		if (e == p)
			break;
		st = header_line(p, e, r, &hosts);
		if (st != HTTP_REQ_OK)
			return st;
	}
	if (r->minor == 1 && hosts != 1)
		return bad(r, 400, "an HTTP/1.1 request needs exactly one Host header");
	r->head_len = (size_t)(next - buf);
	return HTTP_REQ_OK;
}
