/*
 * nt_dialog.c - requests the notifier sends inside a dialog (NOTIFY), and
 * where they go.
 *
 * The request is written once, as the bytes that go on the wire, from the
 * dialog's values (each of which libosip2 already parsed and wrote back,
 * so each is one clean line; one holding a line break is refused); the
 * client transaction keeps those bytes and matches the answer by the
 * branch written here.  The Via and Contact name the listen address the
 * request leaves from.
 *
 * Destination (RFC 3261 §12.2.1.1 with loose routing, RFC 3263 without
 * DNS): the first route, else the remote target; its host must be a
 * numeric address (no name is looked up); otherwise the request goes back
 * where the dialog came from, which is where a P-CSCF or a UE on the
 * same link sits in a lab.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"
#include "scscf/base/netaddr.h"
#include "scscf/base/strbuf.h"
#include "scscf/notifier/nt_internal.h"
#include "scscf/sip/sip_txn.h"

/* ---- our address --------------------------------------------------------- */

/* The listen entry a request to dst leaves from (sip_transport picks the
 * UDP socket the same way: conn_id k is the k-th UDP listener). */
static const scscf_listen_t *local_listen(const sip_config_t *cfg, const sip_dest_t *dst)
{
	const scscf_listen_t *first = NULL;
	size_t i, k = 0;

	for (i = 0; i < cfg->nlisten; i++) {
		const scscf_listen_t *l = &cfg->listen[i];

		if (l->tp != dst->tp)
			continue;
		if (l->tp == SIP_TP_UDP && ++k == dst->conn_id &&
		    l->addr.ss_family == dst->addr.ss_family)
			return l;
		if (first == NULL && l->addr.ss_family == dst->addr.ss_family)
			first = l;
	}
	return first;
}

static void hostport(const scscf_listen_t *l, char *buf, size_t len)
{
	if (l == NULL)
		snprintf(buf, len, "127.0.0.1:5060");
	else if (strchr(l->host, ':') != NULL)
		snprintf(buf, len, "[%s]:%u", l->host, l->port);
	else
		snprintf(buf, len, "%s:%u", l->host, l->port);
}

void nt_contact(const struct notifier *n, const sip_dest_t *dst, char *buf, size_t len)
{
	char hp[96];

	hostport(local_listen(&n->sip, dst), hp, sizeof(hp));
	snprintf(buf, len, "<sip:scscf@%s%s>", hp, dst->tp == SIP_TP_TCP ? ";transport=tcp" : "");
}

/* ---- the request ---------------------------------------------------------- */

/* Whether v can be written into a header line as it is. */
static bool one_line(const char *v)
{
	return v != NULL && strpbrk(v, "\r\n") == NULL;
}

/* Whether v can stand in the request line: a URI has no blank and no
 * control character (the remote target is a Contact URI as the watcher
 * wrote it, line folds and all). */
static bool one_token(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	if (v == NULL || *p == '\0')
		return false;
	for (; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}

static bool values_fit(const nt_request_t *rq)
{
	size_t i;

	for (i = 0; i < rq->nroutes; i++)
		if (!one_line(rq->routes[i]))
			return false;
	return one_token(rq->request_uri) && one_line(rq->from) && one_line(rq->to) &&
	       one_line(rq->call_id) && (rq->content_type == NULL || one_line(rq->content_type));
}

static void put_header(strbuf_t *b, const char *name, const char *value)
{
	sb_puts(b, name);
	sb_puts(b, ": ");
	sb_puts(b, value);
	sb_puts(b, "\r\n");
}

/* Content-Length as NOTIFYs have always carried it: 0 without a body;
 * with one, its length right-aligned in five columns after "Content-Length: "
 * (842 comes after three spaces), a longer number right after the colon. */
static void put_content_length(strbuf_t *b, size_t len)
{
	char num[64];

	if (len == 0)
		snprintf(num, sizeof(num), "Content-Length: 0\r\n\r\n");
	else if (len <= 99999)
		snprintf(num, sizeof(num), "Content-Length: %5zu\r\n\r\n", len);
	else
		snprintf(num, sizeof(num), "Content-Length:%zu\r\n\r\n", len);
	sb_puts(b, num);
}

/* The headers in the order the NOTIFYs have always had them: Via, Route,
 * From, To, Call-ID, CSeq, Contact, Content-Type, Max-Forwards, then the
 * extra lines. */
int nt_build_notify(const struct notifier *n, const nt_request_t *rq, const sip_dest_t *dst,
		    nt_bytes_t *out)
{
	strbuf_t b = {NULL, 0, 0, false};
	char hp[96], contact[160], cseq[32];
	size_t i, body_len = rq->content_type != NULL ? rq->body_len : 0;

	out->buf = NULL;
	if (!values_fit(rq)) {
		log_warn("notifier: a NOTIFY to %s could not be built: a value holds a line break "
			 "(or the Request-URI a blank)",
			 one_line(rq->request_uri) ? rq->request_uri : "(unreadable)");
		return -1;
	}
	hostport(local_listen(&n->sip, dst), hp, sizeof(hp));
	sip_txn_new_branch(out->branch, sizeof(out->branch));
	nt_contact(n, dst, contact, sizeof(contact));
	snprintf(cseq, sizeof(cseq), "%u NOTIFY", rq->cseq);
	sb_puts(&b, "NOTIFY ");
	sb_puts(&b, rq->request_uri);
	sb_puts(&b, " SIP/2.0\r\nVia: SIP/2.0/");
	sb_puts(&b, dst->tp == SIP_TP_TCP ? "TCP " : "UDP ");
	sb_puts(&b, hp);
	sb_puts(&b, ";branch=");
	sb_puts(&b, out->branch);
	sb_puts(&b, ";rport\r\n");
	for (i = 0; i < rq->nroutes; i++)
		put_header(&b, "Route", rq->routes[i]);
	put_header(&b, "From", rq->from);
	put_header(&b, "To", rq->to);
	put_header(&b, "Call-ID", rq->call_id);
	put_header(&b, "CSeq", cseq);
	put_header(&b, "Contact", contact);
	if (rq->content_type != NULL)
		put_header(&b, "Content-Type", rq->content_type);
	sb_puts(&b, "Max-Forwards: 70\r\n");
	if (rq->extra != NULL)
		sb_puts(&b, rq->extra);
	put_content_length(&b, body_len);
	if (body_len > 0)
		sb_put(&b, rq->body, body_len);
	out->buf = sb_take_fit(&b, &out->len);
	if (out->buf == NULL) {
		log_warn("notifier: a NOTIFY to %s could not be built: out of memory",
			 rq->request_uri);
		return -1;
	}
	return 0;
}

/* ---- where it goes ---------------------------------------------------------- */

/* uri (a bare URI or a name-addr) to an address; -1 when its host is not
 * numeric or it cannot be read. */
static int uri_dest(const char *text, sip_tp_t default_tp, sip_dest_t *out)
{
	osip_from_t *na = NULL;
	osip_uri_param_t *tp = NULL;
	const osip_uri_t *u;
	char host[64];
	long port = 5060;
	int rc = -1;

	if (osip_from_init(&na) != 0)
		return -1;
	if (osip_from_parse(na, text) != 0 || (u = na->url) == NULL || u->host == NULL)
		goto out;
	snprintf(host, sizeof(host), "%s", u->host);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host) - 2);
		host[strlen(host) - 2] = '\0';
	}
	if (u->port != NULL) {
		char *end;

		port = strtol(u->port, &end, 10);
		if (*end != '\0' || port <= 0 || port > 65535)
			goto out;
	}
	memset(out, 0, sizeof(*out));
	out->tp = default_tp;
	if (osip_uri_param_get_byname(&((osip_uri_t *)u)->url_params, (char *)"transport", &tp) == 0 && tp != NULL &&
	    tp->gvalue != NULL)
		out->tp = strcasecmp(tp->gvalue, "tcp") == 0 ? SIP_TP_TCP : SIP_TP_UDP;
	if (strchr(host, ':') != NULL) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&out->addr;

		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto out;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&out->addr;

		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto out;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
	}
	rc = 0;
out:
	osip_from_free(na);
	return rc;
}

int nt_resolve(const char *target, const char *const *routes, size_t nroutes,
	       const sip_dest_t *fallback, sip_dest_t *out)
{
	const char *next = nroutes > 0 ? routes[0] : target;

	if (next == NULL || uri_dest(next, fallback->tp, out) < 0) {
		if (fallback->addr.ss_family != AF_INET && fallback->addr.ss_family != AF_INET6)
			return -1;
		*out = *fallback;
		return 0;
	}
	/* reuse the connection (TCP) or the socket (UDP) the dialog came on */
	if (out->tp == fallback->tp &&
	    (out->tp == SIP_TP_UDP || netaddr_equal(&out->addr, &fallback->addr)))
		out->conn_id = fallback->conn_id;
	return 0;
}
