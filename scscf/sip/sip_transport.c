/*
 * sip_transport.c - see sip_transport.h: the transport's life (binding
 * every listener, closing, freeing) and its send call, which takes a
 * datagram to the UDP socket (sip_transport_udp.c) and a stream message
 * to its connection (sip_transport_tcp.c).
 */
#include "config.h"

#include "scscf/sip/sip_transport.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "scscf/base/log.h"
#include "scscf/sip/sip_transport_internal.h"

void tp_id_key(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%" PRIu64, id);
}

void tp_handle_released(sip_transport_t *t)
{
	if (--t->handles_open == 0 && t->on_closed)
		t->on_closed(t->on_closed_arg);
}

int tp_bound(const scscf_listen_t *l, int rc, char *err, size_t errlen)
{
	char name[96];

	scscf_listen_str(l, name, sizeof(name));
	if (rc != 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", name, uv_strerror(rc));
		return -1;
	}
	log_info("sip: listening on %s", name);
	return 0;
}

int sip_transport_send(void *transport, const sip_dest_t *dst, const char *buf, size_t len)
{
	if (dst->tp == SIP_TP_UDP)
		return tp_udp_send(transport, dst, buf, len);
	return tp_tcp_send(transport, dst, buf, len);
}

size_t sip_transport_connections(const sip_transport_t *t)
{
	return t->conns.count;
}

sip_transport_t *sip_transport_new(uv_loop_t *loop, const sip_config_t *cfg,
				   const sip_transport_cb_t *cb, char *err, size_t errlen)
{
	sip_transport_t *t = calloc(1, sizeof(*t));
	size_t i;

	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->loop = loop;
	t->cfg = *cfg;
	t->cb = *cb;
	if (strmap_init(&t->conns) < 0 || strmap_init(&t->by_peer) < 0) {
		snprintf(err, errlen, "out of memory");
		strmap_free(&t->conns);
		free(t);
		return NULL;
	}
	for (i = 0; i < cfg->nlisten; i++) {
		const scscf_listen_t *l = &cfg->listen[i];
		int rc = l->tp == SIP_TP_UDP ? tp_udp_bind(t, l, err, errlen)
					     : tp_tcp_bind(t, l, err, errlen);

		if (rc < 0)
			return t; /* caller sees err[0] != 0, closes and frees */
	}
	err[0] = '\0';
	return t;
}

void sip_transport_close(sip_transport_t *t, void (*done)(void *arg), void *arg)
{
	t->on_closed = done;
	t->on_closed_arg = arg;
	tp_tcp_close(t);
	tp_udp_close(t);
	if (t->handles_open == 0 && done)
		done(arg);
}

void sip_transport_free(sip_transport_t *t)
{
	unsigned i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nudp; i++)
		free(t->udp[i]);
	for (i = 0; i < t->ntcp; i++)
		free(t->tcp[i]);
	strmap_free(&t->conns);
	strmap_free(&t->by_peer);
	free(t);
}
