/*
 * metrics_http.c - the metrics endpoint (metrics_http.h): the listener, the
 * clients (one exchange each, oneshot.h), reading one request, writing one
 * answer.
 *
 * Lifetimes: a client is freed when its connection has closed; the server
 * when its listener has closed and no client is left.
 */
#include "config.h"

#include "scscf/ops/metrics_http.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/ops/http_req.h"
#include "scscf/base/log.h"
#include "scscf/ops/oneshot.h"
#include "scscf/ops/prom.h"

typedef struct client {
	oneshot_t conn;
	struct metrics_http *srv;
	size_t have;
	char head[METRICS_MAX_HEAD];
} client_t;

struct metrics_http {
	ctl_env_t env;
	uv_tcp_t listener;
	unsigned max_clients;
	uint64_t idle_ms;
	oneshot_t *clients;
	bool listener_open, closing;
};

/* ---- the answer ---- */

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}

/* Head and body as one buffer; body may be NULL (a short text is made). */
static char *compose(int status, const char *ctype, const char *extra, const char *body,
		     size_t blen, bool head_only, size_t *out_len)
{
	char head[512], text[128];
	size_t hlen;
	char *out;

	if (body == NULL) {
		snprintf(text, sizeof(text), "%d %s\n", status, reason_phrase(status));
		body = text;
		blen = strlen(text);
		ctype = "text/plain; charset=utf-8";
	}
	hlen = (size_t)snprintf(head, sizeof(head),
				"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
				"%sCache-Control: no-store\r\nConnection: close\r\n\r\n",
				status, reason_phrase(status), ctype, blen, extra);
	out = malloc(hlen + (head_only ? 0 : blen) + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, head, hlen);
	if (!head_only)
		memcpy(out + hlen, body, blen);
	*out_len = hlen + (head_only ? 0 : blen);
	out[*out_len] = '\0';
	return out;
}

/* Every figure of the daemon, rendered; NULL when memory ran out. */
static char *prom_render(const ctl_env_t *env, size_t *len)
{
	prom_t p;

	prom_init(&p);
	stats_collect(env, prom_add, &p);
	return prom_done(&p, len);
}

char *metrics_http_answer(const ctl_env_t *env, const char *req, size_t len, size_t *out_len,
			  int *status)
{
	http_req_t r;
	http_req_status_t st = http_req_parse(req, len, METRICS_MAX_HEAD, &r);
	bool head_only;
	char *body, *out;
	size_t blen = 0;

	if (st == HTTP_REQ_INCOMPLETE)
		return NULL;
	if (st == HTTP_REQ_BAD) {
		*status = r.status;
		return compose(r.status, NULL, "", NULL, 0, false, out_len);
	}
	head_only = strcmp(r.method, "HEAD") == 0;
	if (!head_only && strcmp(r.method, "GET") != 0) {
		*status = 405;
		return compose(405, NULL, "Allow: GET, HEAD\r\n", NULL, 0, false, out_len);
	}
	if (strcmp(r.path, "/metrics") != 0) {
		*status = 404;
		return compose(404, NULL, "", NULL, 0, head_only, out_len);
	}
	body = prom_render(env, &blen);
	if (body == NULL) {
		*status = 500;
		return compose(500, NULL, "", NULL, 0, head_only, out_len);
	}
	*status = 200;
	out = compose(200, PROM_CONTENT_TYPE, "", body, blen, head_only, out_len);
	free(body);
	return out;
}

/* ---- clients ---- */

static void maybe_free_server(struct metrics_http *s)
{
	if (s->closing && !s->listener_open && s->clients == NULL)
		free(s);
}

static void on_client_closed(oneshot_t *o)
{
	client_t *c = o->owner;
	struct metrics_http *s = c->srv;

	free(c);
	maybe_free_server(s);
}

static uv_buf_t on_room(oneshot_t *o)
{
	client_t *c = o->owner;

	return uv_buf_init(c->head + c->have, (unsigned)(sizeof(c->head) - c->have));
}

static void on_data(oneshot_t *o, size_t n)
{
	client_t *c = o->owner;
	size_t alen = 0;
	int status = 0;
	char *answer;

	c->have += n;
	answer = metrics_http_answer(&c->srv->env, c->head, c->have, &alen, &status);
	if (answer == NULL && c->have < sizeof(c->head))
		return; /* incomplete */
	if (answer == NULL)
		log_warn("metrics: out of memory for an answer");
	else if (status != 200)
		log_debug("metrics: answered %d", status);
	oneshot_answer(o, answer, alen, NULL);
}

static void on_ended(oneshot_t *o, ssize_t status)
{
	(void)status; /* the request was never complete */
	oneshot_close(o);
}

static void on_idle(oneshot_t *o)
{
	log_debug("metrics: a client sent no request in time");
	oneshot_close(o);
}

static const oneshot_ops_t client_ops = {on_room, on_data, on_ended, on_idle, on_client_closed};

static void on_connection(uv_stream_t *listener, int status)
{
	struct metrics_http *s = listener->data;
	unsigned live = oneshot_live(s->clients);
	client_t *c;

	if (status < 0) {
		log_warn("metrics: accept: %s", uv_strerror(status));
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		log_error("metrics: out of memory for a client");
		return;
	}
	c->srv = s;
	if (oneshot_accept(&c->conn, &s->clients, listener, false, &client_ops, c, s->idle_ms) <
	    0)
		return;
	if (live >= s->max_clients) {
		log_info("metrics: %u clients connected, one more turned away", s->max_clients);
		oneshot_close(&c->conn);
	}
}

static void on_listener_closed(uv_handle_t *h)
{
	struct metrics_http *s = h->data;

	s->listener_open = false;
	maybe_free_server(s);
}

metrics_http_t *metrics_http_new(const ctl_env_t *env, const metrics_config_t *cfg, char *err,
				 size_t errlen)
{
	struct metrics_http *s = calloc(1, sizeof(*s));
	char where[96];
	int rc;

	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->env = *env;
	s->max_clients = cfg->metrics_max_clients;
	s->idle_ms = (uint64_t)cfg->metrics_idle_timeout * 1000;
	uv_tcp_init(env->loop, &s->listener);
	s->listener.data = s;
	s->listener_open = true;
	scscf_listen_str(&cfg->metrics_listen, where, sizeof(where));
	rc = uv_tcp_bind(&s->listener, (const struct sockaddr *)&cfg->metrics_listen.addr, 0);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&s->listener, 16, on_connection);
	if (rc != 0) {
		snprintf(err, errlen, "cannot listen for metrics on %s: %s", where + 4,
			 uv_strerror(rc));
		s->closing = true;
		uv_close((uv_handle_t *)&s->listener, on_listener_closed);
		return NULL;
	}
	log_info("metrics: serving http://%s/metrics", where + 4);
	return s;
}

void metrics_http_close(metrics_http_t *s)
{
	if (s == NULL || s->closing)
		return;
	s->closing = true;
	uv_close((uv_handle_t *)&s->listener, on_listener_closed);
	oneshot_close_all(s->clients);
}
