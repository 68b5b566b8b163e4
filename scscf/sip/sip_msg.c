/*
 * sip_msg.c - see sip_msg.h.
 */
#include "config.h"

#include "scscf/sip/sip_msg.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_port.h>

#include "scscf/base/netaddr.h"

/* Header values are echoed into responses only when libosip2 can read back
 * what it writes for them: a request that sip_check answers 400 may hold a
 * half-parsed header, and echoing it would make the response unreadable.
 * Each *_ok() serializes the header and parses the text again. */
#define ROUND_TRIP(name, type)                                                        \
	static bool name##_ok(const type##_t *h)                                      \
	{                                                                             \
		type##_t *back = NULL;                                                \
		char *text = NULL;                                                    \
		bool ok = false;                                                      \
                                                                                      \
		if (type##_to_str((type##_t *)h, &text) == 0 && text != NULL &&     \
		    type##_init(&back) == 0)                                          \
			ok = type##_parse(back, text) == 0;                           \
		type##_free(back);                                                    \
		osip_free(text);                                                      \
		return ok;                                                            \
	}
ROUND_TRIP(via, osip_via)
ROUND_TRIP(from, osip_from)
ROUND_TRIP(call_id, osip_call_id)
ROUND_TRIP(cseq, osip_cseq)
#undef ROUND_TRIP

bool sip_from_echoes(const osip_from_t *h)
{
	return h != NULL && from_ok(h);
}

osip_message_t *sip_make_response(const osip_message_t *req, int status, const char *reason,
				  const char *to_tag, bool verify_echo)
{
	const bool v = verify_echo;
	osip_message_t *r = NULL;
	int pos;

	if (osip_message_init(&r) != 0)
		return NULL;
	osip_message_set_version(r, osip_strdup("SIP/2.0"));
	osip_message_set_status_code(r, status);
	osip_message_set_reason_phrase(r, osip_strdup(reason));
	for (pos = 0; pos < osip_list_size(&req->vias); pos++) {
		osip_via_t *via = osip_list_get(&req->vias, pos), *copy = NULL;

		/* a response that cannot be routed back is none; below the top
		 * Via, the copy stops at the first one that cannot be read back */
		if (v && !via_ok(via)) {
			if (pos == 0)
				goto fail;
			break;
		}
		if (osip_via_clone(via, &copy) != 0 || osip_list_add(&r->vias, copy, -1) < 0)
			goto fail;
	}
	if ((req->from && (!v || from_ok(req->from)) &&
	     osip_from_clone(req->from, &r->from) != 0) ||
	    (req->to && (!v || from_ok(req->to)) && osip_to_clone(req->to, &r->to) != 0) ||
	    (req->call_id && (!v || call_id_ok(req->call_id)) &&
	     osip_call_id_clone(req->call_id, &r->call_id) != 0) ||
	    (req->cseq && (!v || cseq_ok(req->cseq)) &&
	     osip_cseq_clone(req->cseq, &r->cseq) != 0))
		goto fail;
	if (r->to != NULL && status > 100 && to_tag != NULL) {
		if (sip_tag(r->to) == NULL &&
		    osip_to_set_tag(r->to, osip_strdup(to_tag)) != 0)
			goto fail;
	}
	return r;
fail:
	osip_message_free(r);
	return NULL;
}

const char *sip_tag(const osip_from_t *h)
{
	osip_generic_param_t *p = NULL;

	if (h == NULL ||
	    osip_generic_param_get_byname((osip_list_t *)&h->gen_params, (char *)"tag", &p) != 0 ||
	    p == NULL)
		return NULL;
	return p->gvalue;
}

int sip_add_header(osip_message_t *m, const char *name, const char *value)
{
	return osip_message_set_header(m, name, value) == 0 ? 0 : -1;
}

static void set_port(struct sockaddr_storage *ss, unsigned port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
}

const char *sip_peer_str(const sip_dest_t *d, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	int v6 = d->addr.ss_family == AF_INET6;

	netaddr_host((const struct sockaddr *)&d->addr, a, sizeof(a));
	snprintf(buf, len, "%s %s%s%s:%u", d->tp == SIP_TP_TCP ? "tcp" : "udp", v6 ? "[" : "", a,
		 v6 ? "]" : "", netaddr_port((const struct sockaddr *)&d->addr));
	return buf;
}

static osip_generic_param_t *via_param(osip_via_t *via, const char *name)
{
	osip_generic_param_t *p = NULL;

	if (osip_via_param_get_byname(via, (char *)name, &p) != 0)
		return NULL;
	return p;
}

void sip_via_stamp(osip_message_t *req, const struct sockaddr *src, bool force_rport)
{
	osip_via_t *via = osip_list_get(&req->vias, 0);
	osip_generic_param_t *rport;
	char addr[INET6_ADDRSTRLEN], port[8];

	if (via == NULL)
		return;
	netaddr_host(src, addr, sizeof(addr));
	rport = via_param(via, "rport");
	if (rport == NULL && force_rport) {
		osip_via_param_add(via, osip_strdup("rport"), NULL);
		rport = via_param(via, "rport");
	}
	if ((via->host == NULL || strcmp(via->host, addr) != 0) &&
	    via_param(via, "received") == NULL)
		osip_via_set_received(via, osip_strdup(addr));
	if (rport != NULL && (rport->gvalue == NULL || rport->gvalue[0] == '\0')) {
		snprintf(port, sizeof(port), "%u", netaddr_port(src));
		osip_free(rport->gvalue);
		rport->gvalue = osip_strdup(port);
		if (via_param(via, "received") == NULL)
			osip_via_set_received(via, osip_strdup(addr));
	}
}

void sip_reply_dest(const osip_message_t *req, const sip_dest_t *src, sip_dest_t *out)
{
	osip_via_t *via = osip_list_get(&req->vias, 0);
	osip_generic_param_t *rport = via ? via_param(via, "rport") : NULL;
	long port;

	*out = *src;
	if (src->tp == SIP_TP_TCP || via == NULL || rport != NULL)
		return;
	port = via->port ? strtol(via->port, NULL, 10) : 5060;
	if (port > 0 && port < 65536)
		set_port(&out->addr, (unsigned)port);
}

char *sip_to_string(const osip_message_t *m, size_t *len)
{
	char *s = NULL, *out;

	if (osip_message_to_str((osip_message_t *)m, &s, len) != 0 || s == NULL)
		return NULL;
	out = malloc(*len + 1);
	if (out != NULL) {
		memcpy(out, s, *len);
		out[*len] = '\0';
	}
	osip_free(s);
	return out;
}

int sip_add_header_lines(osip_message_t *m, const char *extra)
{
	while (extra != NULL && *extra) {
		const char *eol = strstr(extra, "\r\n"), *colon;
		size_t n = eol ? (size_t)(eol - extra) : strlen(extra);
		char name[64], value[1024];

		colon = memchr(extra, ':', n);
		if (colon == NULL || (size_t)(colon - extra) >= sizeof(name) ||
		    n - (size_t)(colon - extra) >= sizeof(value))
			return -1;
		memcpy(name, extra, (size_t)(colon - extra));
		name[colon - extra] = '\0';
		colon++;
		while (*colon == ' ')
			colon++;
		memcpy(value, colon, n - (size_t)(colon - extra));
		value[n - (size_t)(colon - extra)] = '\0';
		if (sip_add_header(m, name, value) < 0)
			return -1;
		extra += n + (eol ? 2 : 0);
	}
	return 0;
}

int sip_route_to(const char *uri, const char *user, char *buf, size_t len)
{
	osip_uri_t *u = NULL;
	osip_uri_param_t *tp = NULL;
	int rc = -1, n;
	bool v6;

	if (osip_uri_init(&u) != 0)
		return -1;
	if (osip_uri_parse(u, uri) != 0 || u->scheme == NULL || u->host == NULL ||
	    u->host[0] == '\0' ||
	    (osip_strcasecmp(u->scheme, "sip") != 0 && osip_strcasecmp(u->scheme, "sips") != 0))
		goto out;
	if (strpbrk(u->host, "<>\"; \t@") != NULL ||
	    (u->port != NULL && strspn(u->port, "0123456789") != strlen(u->port)))
		goto out;
	osip_uri_uparam_get_byname(u, (char *)"transport", &tp);
	if (tp != NULL && (tp->gvalue == NULL || strpbrk(tp->gvalue, "<>\"; \t") != NULL))
		tp = NULL;
	v6 = strchr(u->host, ':') != NULL;
	n = snprintf(buf, len, "<%s:%s@%s%s%s%s%s;lr%s%s>",
		     osip_strcasecmp(u->scheme, "sips") == 0 ? "sips" : "sip", user, v6 ? "[" : "",
		     u->host, v6 ? "]" : "", u->port != NULL ? ":" : "",
		     u->port != NULL ? u->port : "", tp != NULL ? ";transport=" : "",
		     tp != NULL ? tp->gvalue : "");
	rc = n > 0 && (size_t)n < len ? 0 : -1;
out:
	osip_uri_free(u);
	return rc;
}
