/*
 * sip_transport_udp.c - SIP over UDP: one socket per listen address, a
 * datagram is one message.  A request the S-CSCF sends leaves from the
 * socket its dialog came on (dst->conn_id k: the k-th UDP socket) or the
 * first one of the address family.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/sip/sip_msg.h"
#include "scscf/sip/sip_transport_internal.h"

typedef struct {
	uv_udp_send_t req;
	sip_transport_t *t;
	sip_dest_t dst;
	char data[];
} udp_send_t;

static void udp_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	udp_sock_t *u = h->data;

	(void)hint;
	buf->base = u->t->udp_buf;
	buf->len = sizeof(u->t->udp_buf);
}

static void udp_read(uv_udp_t *h, ssize_t n, const uv_buf_t *buf, const struct sockaddr *addr,
		     unsigned flags)
{
	udp_sock_t *u = h->data;
	sip_dest_t src;

	if (n <= 0 || addr == NULL)
		return;
	memset(&src, 0, sizeof(src));
	src.tp = SIP_TP_UDP;
	memcpy(&src.addr, addr, addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
							     : sizeof(struct sockaddr_in));
	src.conn_id = u->index + 1;
	if (flags & UV_UDP_PARTIAL) /* larger than any SIP datagram we take */
		n = (ssize_t)buf->len;
	u->t->cb.on_message(u->t->cb.arg, &src, buf->base, (size_t)n);
}

static void udp_sent(uv_udp_send_t *req, int status)
{
	udp_send_t *s = (udp_send_t *)req;
	char peer[80];

	if (status < 0)
		log_debug("udp: send to %s failed: %s", sip_peer_str(&s->dst, peer, sizeof(peer)),
			  uv_strerror(status));
	free(s);
}

static udp_sock_t *udp_for(sip_transport_t *t, const sip_dest_t *dst)
{
	unsigned i;

	if (dst->conn_id >= 1 && dst->conn_id <= t->nudp &&
	    t->udp[dst->conn_id - 1]->family == dst->addr.ss_family)
		return t->udp[dst->conn_id - 1];
	for (i = 0; i < t->nudp; i++)
		if (t->udp[i]->family == dst->addr.ss_family)
			return t->udp[i];
	return NULL;
}

int tp_udp_send(sip_transport_t *t, const sip_dest_t *dst, const char *buf, size_t len)
{
	udp_sock_t *u = udp_for(t, dst);
	uv_buf_t b = uv_buf_init((char *)buf, (unsigned)len);
	udp_send_t *s;
	int rc;

	if (u == NULL)
		return -1;
	rc = uv_udp_try_send(&u->udp, &b, 1, (const struct sockaddr *)&dst->addr);
	if (rc >= 0)
		return 0;
	if (rc != UV_EAGAIN)
		return -1;
	s = malloc(sizeof(*s) + len);
	if (s == NULL)
		return -1;
	s->t = t;
	s->dst = *dst;
	memcpy(s->data, buf, len);
	b = uv_buf_init(s->data, (unsigned)len);
	if (uv_udp_send(&s->req, &u->udp, &b, 1, (const struct sockaddr *)&dst->addr, udp_sent)) {
		free(s);
		return -1;
	}
	return 0;
}

int tp_udp_bind(sip_transport_t *t, const scscf_listen_t *l, char *err, size_t errlen)
{
	udp_sock_t *u = calloc(1, sizeof(*u));
	unsigned flags = l->addr.ss_family == AF_INET6 ? UV_UDP_IPV6ONLY : 0;
	int rc;

	if (u == NULL)
		return -1;
	u->t = t;
	u->family = l->addr.ss_family;
	u->index = t->nudp;
	uv_udp_init(t->loop, &u->udp);
	u->udp.data = u;
	t->udp[t->nudp++] = u;
	t->handles_open++;
	rc = uv_udp_bind(&u->udp, (const struct sockaddr *)&l->addr, flags);
	if (rc == 0)
		rc = uv_udp_recv_start(&u->udp, udp_alloc, udp_read);
	return tp_bound(l, rc, err, errlen);
}

static void udp_closed(uv_handle_t *h)
{
	tp_handle_released(h->data);
}

void tp_udp_close(sip_transport_t *t)
{
	unsigned i;

	for (i = 0; i < t->nudp; i++) {
		t->udp[i]->udp.data = t;
		uv_close((uv_handle_t *)&t->udp[i]->udp, udp_closed);
	}
}
