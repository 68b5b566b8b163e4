/*
 * sip_transport.c - see sip_transport.h.
 *
 * Lifetimes: a connection owns a uv_tcp_t and a uv_timer_t; it is removed
 * from the table when its close starts and freed when both handles report
 * closed.  Writes copy their bytes; a write request frees itself.
 */
#include "config.h"

#include "scscf/sip/sip_transport.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/sip/sip_framing.h"
#include "scscf/sip/sip_msg.h"
#include "scscf/base/strmap.h"

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

typedef struct {
	uv_write_t req;
	conn_t *c;
	uv_buf_t buf;
} write_req_t;

typedef struct {
	uv_udp_send_t req;
	sip_transport_t *t;
	sip_dest_t dst;
	char data[];
} udp_send_t;

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

static void id_key(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%" PRIu64, id);
}

static void peer_key(const struct sockaddr_storage *a, char *buf, size_t len)
{
	sip_dest_t d = {SIP_TP_TCP, *a, 0};

	sip_peer_str(&d, buf, len);
}

static void handle_closed(uv_handle_t *h)
{
	sip_transport_t *t = h->data;

	if (--t->handles_open == 0 && t->on_closed)
		t->on_closed(t->on_closed_arg);
}

/* ---- connections -------------------------------------------------------- */

static void conn_handle_closed(uv_handle_t *h)
{
	conn_t *c = h->data;
	sip_transport_t *t = c->t;

	if (--c->handles_open > 0)
		return;
	while (c->queue != NULL) {
		pending_t *p = c->queue;

		c->queue = p->next;
		free(p);
	}
	free(c->buf);
	free(c);
	if (--t->handles_open == 0 && t->on_closed)
		t->on_closed(t->on_closed_arg);
}

static void conn_close(conn_t *c, const char *why)
{
	sip_transport_t *t = c->t;
	char key[24], peer[80];

	if (c->closing)
		return;
	c->closing = 1;
	id_key(c->id, key);
	strmap_del(&t->conns, key);
	if (strmap_get(&t->by_peer, c->peer_key) == c)
		strmap_del(&t->by_peer, c->peer_key);
	log_debug("tcp: closing connection %" PRIu64 " with %s: %s", c->id,
		  sip_peer_str(&c->peer, peer, sizeof(peer)), why);
	uv_close((uv_handle_t *)&c->timer, conn_handle_closed);
	uv_close((uv_handle_t *)&c->tcp, conn_handle_closed);
}

static void idle_expired(uv_timer_t *timer)
{
	conn_t *c = timer->data;

	if (c->connecting) {
		c->t->cb.on_send_failed(c->t->cb.arg, &c->peer);
		conn_close(c, "connect timed out");
	} else {
		conn_close(c, "idle");
	}
}

static void touch(conn_t *c)
{
	if (!c->closing && !c->connecting)
		uv_timer_start(&c->timer, idle_expired, 1000ull * c->t->cfg.tcp_idle_timeout, 0);
}

static conn_t *conn_new(sip_transport_t *t)
{
	conn_t *c;
	char key[24];

	if (t->conns.count >= t->cfg.tcp_max_connections)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->t = t;
	c->id = ++t->next_conn;
	c->queue_tail = &c->queue;
	uv_tcp_init(t->loop, &c->tcp);
	uv_timer_init(t->loop, &c->timer);
	c->tcp.data = c->timer.data = c;
	c->handles_open = 2;
	t->handles_open++; /* one count for the pair, released in conn_handle_closed */
	id_key(c->id, key);
	if (strmap_put(&t->conns, key, c) < 0) {
		c->closing = 1;
		uv_close((uv_handle_t *)&c->timer, conn_handle_closed);
		uv_close((uv_handle_t *)&c->tcp, conn_handle_closed);
		return NULL;
	}
	return c;
}

static void set_peer(conn_t *c, const struct sockaddr_storage *addr)
{
	c->peer.tp = SIP_TP_TCP;
	c->peer.addr = *addr;
	c->peer.conn_id = c->id;
	peer_key(addr, c->peer_key, sizeof(c->peer_key));
	strmap_put(&c->t->by_peer, c->peer_key, c);
}

static void conn_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	conn_t *c = h->data;
	size_t limit = c->t->cfg.max_message_size + 4096;

	(void)hint;
	if (c->cap - c->len < 4096 && c->cap < limit) {
		size_t ncap = c->cap ? c->cap * 2 : 8192;
		char *nb;

		if (ncap > limit)
			ncap = limit;
		nb = realloc(c->buf, ncap);
		if (nb != NULL) {
			c->buf = nb;
			c->cap = ncap;
		}
	}
	buf->base = c->buf + c->len;
	buf->len = c->cap - c->len;
}

static void consume(conn_t *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
}

static void write_done(uv_write_t *req, int status)
{
	write_req_t *w = (write_req_t *)req;

	if (status < 0 && status != UV_ECANCELED && !w->c->closing) {
		w->c->t->cb.on_send_failed(w->c->t->cb.arg, &w->c->peer);
		conn_close(w->c, uv_strerror(status));
	}
	free(w);
}

static int conn_write(conn_t *c, const char *data, size_t len)
{
	write_req_t *w;

	if (c->connecting) {
		pending_t *p = malloc(sizeof(*p) + len);

		if (p == NULL)
			return -1;
		p->next = NULL;
		p->len = len;
		memcpy(p->data, data, len);
		*c->queue_tail = p;
		c->queue_tail = &p->next;
		return 0;
	}
	w = malloc(sizeof(*w) + len);
	if (w == NULL)
		return -1;
	w->c = c;
	w->buf = uv_buf_init((char *)(w + 1), (unsigned)len);
	memcpy(w + 1, data, len);
	if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &w->buf, 1, write_done) < 0) {
		free(w);
		return -1;
	}
	touch(c);
	return 0;
}

/* Cut every complete message out of the buffer and hand it on. */
static void conn_frames(conn_t *c)
{
	sip_transport_t *t = c->t;
	frame_t f;

	while (!c->closing && c->len > 0) {
		sip_frame(c->buf, c->len, t->cfg.max_message_size, &f);
		switch (f.status) {
		case FRAME_NEED_MORE:
			if (f.skip > 0)
				consume(c, f.skip);
			if (c->len >= c->cap && c->cap >= t->cfg.max_message_size + 4096)
				conn_close(c, "buffer full");
			return;
		case FRAME_PING:
			consume(c, f.skip);
			conn_write(c, "\r\n", 2);
			break;
		case FRAME_MESSAGE:
			t->cb.on_message(t->cb.arg, &c->peer, c->buf + f.skip, f.msg_len);
			if (!c->closing)
				consume(c, f.skip + f.msg_len);
			break;
		case FRAME_TOO_BIG:
		case FRAME_ERROR:
			if (f.msg_len > 0)
				t->cb.on_stream_error(t->cb.arg, &c->peer, c->buf + f.skip, f.msg_len,
						      f.status == FRAME_TOO_BIG ? 513 : 400, f.why);
			conn_close(c, f.why);
			return;
		}
	}
}

static void conn_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	conn_t *c = s->data;

	(void)buf;
	if (n < 0) {
		conn_close(c, n == UV_EOF ? "closed by peer" : uv_strerror((int)n));
		return;
	}
	if (n == 0)
		return;
	c->len += (size_t)n;
	touch(c);
	conn_frames(c);
}

static void on_accept(uv_stream_t *server, int status)
{
	tcp_listener_t *lst = server->data;
	sip_transport_t *t = lst->t;
	struct sockaddr_storage addr;
	int alen = sizeof(addr);
	conn_t *c;

	if (status < 0)
		return;
	c = conn_new(t);
	if (c == NULL) {
		uv_tcp_t *tmp = malloc(sizeof(*tmp));

		if (!t->refused_logged)
			log_warn("tcp: refusing connections: %u open (tcp.max_connections)",
				 t->cfg.tcp_max_connections);
		t->refused_logged = 1;
		if (tmp == NULL)
			return;
		uv_tcp_init(t->loop, tmp);
		if (uv_accept(server, (uv_stream_t *)tmp) == 0)
			uv_close((uv_handle_t *)tmp, (uv_close_cb)free);
		else
			uv_close((uv_handle_t *)tmp, (uv_close_cb)free);
		return;
	}
	t->refused_logged = 0;
	if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0 ||
	    uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&addr, &alen) != 0) {
		conn_close(c, "accept failed");
		return;
	}
	set_peer(c, &addr);
	uv_tcp_nodelay(&c->tcp, 1);
	touch(c);
	uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read);
}

static void on_connect(uv_connect_t *req, int status)
{
	conn_t *c = req->data;

	if (c->closing)
		return;
	if (status < 0) {
		c->t->cb.on_send_failed(c->t->cb.arg, &c->peer);
		conn_close(c, uv_strerror(status));
		return;
	}
	c->connecting = 0;
	uv_timer_stop(&c->timer);
	uv_tcp_nodelay(&c->tcp, 1);
	uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read);
	while (c->queue != NULL && !c->closing) {
		pending_t *p = c->queue;

		c->queue = p->next;
		if (conn_write(c, p->data, p->len) < 0)
			conn_close(c, "write failed");
		free(p);
	}
	c->queue_tail = &c->queue;
	touch(c);
}

static conn_t *conn_open(sip_transport_t *t, const sip_dest_t *dst)
{
	conn_t *c = conn_new(t);

	if (c == NULL)
		return NULL;
	c->connecting = 1;
	set_peer(c, &dst->addr);
	c->connect_req.data = c;
	if (uv_tcp_connect(&c->connect_req, &c->tcp, (const struct sockaddr *)&dst->addr,
			   on_connect) != 0) {
		conn_close(c, "connect failed");
		return NULL;
	}
	uv_timer_start(&c->timer, idle_expired, 1000ull * t->cfg.tcp_connect_timeout, 0);
	return c;
}

/* ---- UDP ------------------------------------------------------------------ */

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

static int udp_send(sip_transport_t *t, const sip_dest_t *dst, const char *buf, size_t len)
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

/* ---- public ------------------------------------------------------------- */

int sip_transport_send(sip_transport_t *t, const sip_dest_t *dst, const char *buf, size_t len)
{
	conn_t *c = NULL;
	char key[64];

	if (dst->tp == SIP_TP_UDP)
		return udp_send(t, dst, buf, len);
	if (dst->conn_id != 0) {
		char ids[24];

		id_key(dst->conn_id, ids);
		c = strmap_get(&t->conns, ids);
	}
	if (c == NULL) {
		peer_key(&dst->addr, key, sizeof(key));
		c = strmap_get(&t->by_peer, key);
	}
	if (c == NULL)
		c = conn_open(t, dst);
	if (c == NULL)
		return -1;
	return conn_write(c, buf, len);
}

void sip_transport_close_conn(sip_transport_t *t, uint64_t conn_id)
{
	char ids[24];
	conn_t *c;

	id_key(conn_id, ids);
	c = strmap_get(&t->conns, ids);
	if (c != NULL)
		conn_close(c, "framing lost");
}

size_t sip_transport_connections(const sip_transport_t *t)
{
	return t->conns.count;
}

/* Report how binding listener l went (rc from libuv). */
static int bound(const scscf_listen_t *l, int rc, char *err, size_t errlen)
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

static int bind_udp(sip_transport_t *t, const scscf_listen_t *l, char *err, size_t errlen)
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
	return bound(l, rc, err, errlen);
}

static int bind_tcp(sip_transport_t *t, const scscf_listen_t *l, char *err, size_t errlen)
{
	tcp_listener_t *s = calloc(1, sizeof(*s));
	unsigned flags = l->addr.ss_family == AF_INET6 ? UV_TCP_IPV6ONLY : 0;
	int rc;

	if (s == NULL)
		return -1;
	s->t = t;
	uv_tcp_init(t->loop, &s->tcp);
	s->tcp.data = s;
	t->tcp[t->ntcp++] = s;
	t->handles_open++;
	rc = uv_tcp_bind(&s->tcp, (const struct sockaddr *)&l->addr, flags);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&s->tcp, 128, on_accept);
	return bound(l, rc, err, errlen);
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
		int rc = l->tp == SIP_TP_UDP ? bind_udp(t, l, err, errlen)
					     : bind_tcp(t, l, err, errlen);

		if (rc < 0)
			return t; /* caller sees err[0] != 0, closes and frees */
	}
	err[0] = '\0';
	return t;
}

static void close_conn_cb(const char *key, void *value, void *arg)
{
	conn_t **list = arg, *c = value;

	(void)key;
	/* collect first: conn_close edits the map */
	c->connect_req.data = *list; /* reuse as a link; connect is over or cancelled */
	*list = c;
}

void sip_transport_close(sip_transport_t *t, void (*done)(void *arg), void *arg)
{
	conn_t *list = NULL;
	unsigned i;

	t->on_closed = done;
	t->on_closed_arg = arg;
	strmap_each(&t->conns, close_conn_cb, &list);
	while (list != NULL) {
		conn_t *c = list;

		list = c->connect_req.data;
		c->connect_req.data = c;
		conn_close(c, "shutdown");
	}
	for (i = 0; i < t->nudp; i++) {
		t->udp[i]->udp.data = t;
		uv_close((uv_handle_t *)&t->udp[i]->udp, handle_closed);
	}
	for (i = 0; i < t->ntcp; i++) {
		t->tcp[i]->tcp.data = t;
		uv_close((uv_handle_t *)&t->tcp[i]->tcp, handle_closed);
	}
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
