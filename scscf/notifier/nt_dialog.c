/*
 * nt_dialog.c - requests the notifier sends inside a dialog (NOTIFY), and
 * where they go.
 *
 * The request is written as text from the dialog's values (each of which
 * libosip2 already parsed and wrote back, so each is one clean line) and
 * read back by libosip2, which the transaction layer wants.  The Via and
 * Contact name the listen address the request leaves from.
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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "scscf/sip/sip_msg.h"

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

typedef struct {
	char *buf;
	size_t len, cap;
	bool failed;
} text_t;

static void put(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text_t *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = true;
			return;
		}
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		{
			size_t cap = (t->cap + (size_t)n + 1) * 2;
			char *p = realloc(t->buf, cap);

			if (p == NULL) {
				t->failed = true;
				return;
			}
			t->buf = p;
			t->cap = cap;
		}
	}
}

osip_message_t *nt_build_notify(const struct notifier *n, const nt_request_t *rq,
				 const sip_dest_t *dst)
{
	text_t t = {malloc(2048), 0, 2048, false};
	osip_message_t *m = NULL;
	char hp[96], branch[48], contact[160];
	size_t i;

	if (t.buf == NULL)
		return NULL;
	hostport(local_listen(&n->sip, dst), hp, sizeof(hp));
	sip_txn_new_branch(branch, sizeof(branch));
	nt_contact(n, dst, contact, sizeof(contact));
	put(&t, "NOTIFY %s SIP/2.0\r\n", rq->request_uri);
	put(&t, "Via: SIP/2.0/%s %s;branch=%s;rport\r\n", dst->tp == SIP_TP_TCP ? "TCP" : "UDP",
	    hp, branch);
	for (i = 0; i < rq->nroutes; i++)
		put(&t, "Route: %s\r\n", rq->routes[i]);
	put(&t, "From: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %u NOTIFY\r\nContact: %s\r\n", rq->from,
	    rq->to, rq->call_id, rq->cseq, contact);
	if (rq->content_type != NULL)
		put(&t, "Content-Type: %s\r\n", rq->content_type);
	put(&t, "Content-Length: %zu\r\n\r\n", rq->content_type != NULL ? rq->body_len : 0);
	if (!t.failed && rq->content_type != NULL) {
		if (t.len + rq->body_len + 1 > t.cap) {
			char *p = realloc(t.buf, t.len + rq->body_len + 1);

			if (p == NULL)
				t.failed = true;
			else
				t.buf = p, t.cap = t.len + rq->body_len + 1;
		}
		if (!t.failed) {
			memcpy(t.buf + t.len, rq->body, rq->body_len);
			t.len += rq->body_len;
			t.buf[t.len] = '\0';
		}
	}
	/* libosip2 writes the names of headers it parsed as "Max-forwards";
	 * added ones keep the case they are given */
	if (!t.failed && osip_message_init(&m) == 0 &&
	    (osip_message_parse(m, t.buf, t.len) != 0 ||
	     sip_add_header(m, "Max-Forwards", "70") < 0 || sip_add_header_lines(m, rq->extra) < 0)) {
		log_warn("notifier: a NOTIFY to %s could not be built", rq->request_uri);
		osip_message_free(m);
		m = NULL;
	}
	free(t.buf);
	return m;
}

/* ---- where it goes ---------------------------------------------------------- */

static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;

		return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		       memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) == 0;
	}
	return false;
}

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
	    (out->tp == SIP_TP_UDP || same_addr(&out->addr, &fallback->addr)))
		out->conn_id = fallback->conn_id;
	return 0;
}
