/*
 * sip_transport_internal.h - what the transport's files share
 * (sip_transport.c: the transport's life and its one send call;
 * sip_transport_udp.c: the UDP sockets; sip_transport_tcp.c: listeners
 * and connections).  Not for use outside these three files.
 *
 * Lifetimes: a connection owns a uv_tcp_t and a uv_timer_t; it is removed
 * from the table when its close starts and freed when both handles report
 * closed.  Writes copy their bytes; a write request frees itself.
 */
#ifndef SCSCF_SIP_TRANSPORT_INTERNAL_H
#define SCSCF_SIP_TRANSPORT_INTERNAL_H

#include "scscf/base/strmap.h"
#include "scscf/sip/sip_transport.h"

#define UDP_BUF 65536

typedef struct pending {
	struct pending *next;
	size_t len;
	char data[];
} pending_t;

typedef struct conn {
	uv_tcp_t tcp;
	uv_timer_t timer; /* idle timeout, or connect timeout while connecting */
	uv_connect_t connect_req;
	sip_transport_t *t;
	uint64_t id;
	sip_dest_t peer;
	char peer_key[64];
	char *buf;
	size_t len, cap;
	pending_t *queue, **queue_tail; /* writes waiting for the connect */
	int connecting, closing, handles_open;
} conn_t;

typedef struct {
	uv_udp_t udp;
	sip_transport_t *t;
	int family;
	unsigned index;
} udp_sock_t;

typedef struct {
	uv_tcp_t tcp;
	sip_transport_t *t;
} tcp_listener_t;

struct sip_transport {
	uv_loop_t *loop;
	sip_config_t cfg;
	sip_transport_cb_t cb;
	udp_sock_t *udp[SCSCF_MAX_LISTEN];
	tcp_listener_t *tcp[SCSCF_MAX_LISTEN];
	unsigned nudp, ntcp;
	strmap_t conns;   /* id -> conn */
	strmap_t by_peer; /* "addr:port" -> conn (the most recent one) */
	uint64_t next_conn;
	char udp_buf[UDP_BUF];
	unsigned handles_open;
	void (*on_closed)(void *);
	void *on_closed_arg;
	int refused_logged;
};

/* sip_transport.c */
void tp_id_key(uint64_t id, char buf[24]);
/* One counted handle (or connection) of t is closed: done when none is left. */
void tp_handle_released(sip_transport_t *t);
/* Report how binding listener l went (rc from libuv); 0 or -1 with err set. */
int tp_bound(const scscf_listen_t *l, int rc, char *err, size_t errlen);

/* sip_transport_udp.c */
int tp_udp_bind(sip_transport_t *t, const scscf_listen_t *l, char *err, size_t errlen);
int tp_udp_send(sip_transport_t *t, const sip_dest_t *dst, const char *buf, size_t len);
void tp_udp_close(sip_transport_t *t);

/* sip_transport_tcp.c */
int tp_tcp_bind(sip_transport_t *t, const scscf_listen_t *l, char *err, size_t errlen);
/* On the connection dst names, else one to its address, else a new one. */
int tp_tcp_send(sip_transport_t *t, const sip_dest_t *dst, const char *buf, size_t len);
/* Every connection and listener. */
void tp_tcp_close(sip_transport_t *t);

#endif
