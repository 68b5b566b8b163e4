/*
 * ctl_server.c - the control socket (ctl_server.h) on libuv: the listener,
 * the clients (a pipe and an idle timer each), reading one line, writing
 * one answer.
 *
 * Lifetimes: a client is freed when both its handles have closed; the
 * server when its listener has closed and no client is left.
 */
#include "config.h"

#include "ctl_server.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_req.h"
#include "log.h"

typedef struct client {
	struct client *next, **pprev;
	ctl_server_t *srv;
	uv_pipe_t pipe;
	uv_timer_t timer;
	uv_write_t wreq;
	uv_shutdown_t sreq;
	char *answer;
	size_t have;
	int handles_open;
	bool closing, answered, eof, counted;
	char line[CTL_MAX_LINE + 2]; /* the line and its "\r\n" */
} client_t;

struct ctl_server {
	ctl_env_t env;
	uv_pipe_t listener;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned max_clients;
	uint64_t idle_ms;
	ctl_counters_t cnt;
	client_t *clients;
	bool listener_open, closing;
};

static void maybe_free_server(ctl_server_t *s)
{
	if (s->closing && !s->listener_open && s->clients == NULL)
		free(s);
}

static void on_client_closed(uv_handle_t *h)
{
	client_t *c = h->data;
	ctl_server_t *s = c->srv;

	if (--c->handles_open > 0)
		return;
	*c->pprev = c->next;
	if (c->next != NULL)
		c->next->pprev = c->pprev;
	if (c->counted)
		s->cnt.clients--;
	free(c->answer);
	free(c);
	maybe_free_server(s);
}

static void client_close(client_t *c)
{
	if (c->closing)
		return;
	c->closing = true;
	uv_close((uv_handle_t *)&c->pipe, on_client_closed);
	uv_close((uv_handle_t *)&c->timer, on_client_closed);
}

/* After the answer: the write side is shut, so the client reads it up to
 * an end of file; whatever it still sends is read and dropped until it
 * closes (closing on unread data would reset its connection before it
 * read the answer). */
static void on_shut(uv_shutdown_t *req, int status)
{
	client_t *c = req->data;

	if (status < 0 || c->eof)
		client_close(c);
}

static void on_written(uv_write_t *req, int status)
{
	client_t *c = req->data;

	free(c->answer);
	c->answer = NULL;
	if (status < 0 || c->closing) {
		client_close(c);
		return;
	}
	c->sreq.data = c;
	if (uv_shutdown(&c->sreq, (uv_stream_t *)&c->pipe, on_shut) != 0)
		client_close(c);
}

/* Send answer (taken over; NULL: out of memory), then end the exchange. */
static void client_answer(client_t *c, char *answer, size_t len)
{
	uv_buf_t bufs[2];

	c->answered = true;
	c->have = 0;
	if (answer == NULL) {
		log_warn("control: out of memory for an answer");
		client_close(c);
		return;
	}
	c->answer = answer;
	bufs[0] = uv_buf_init(answer, (unsigned)len);
	bufs[1] = uv_buf_init((char *)"\n", 1);
	c->wreq.data = c;
	if (uv_write(&c->wreq, (uv_stream_t *)&c->pipe, bufs, 2, on_written) != 0) {
		free(c->answer);
		c->answer = NULL;
		client_close(c);
	}
}

static void client_error(client_t *c, const char *kind, const char *message)
{
	size_t len = 0;
	char *answer = ctl_cmd_error(kind, message, &len);

	client_answer(c, answer, len);
}

static void run_line(client_t *c, size_t len)
{
	ctl_req_t *req = malloc(sizeof(*req));
	char err[160], *answer;
	size_t alen = 0;

	c->srv->cnt.requests++;
	if (req == NULL) {
		client_error(c, "internal", "out of memory");
		return;
	}
	if (ctl_req_parse(c->line, len, req, err, sizeof(err)) < 0) {
		log_debug("control: bad request: %s", err);
		c->srv->cnt.errors++;
		client_error(c, "bad-request", err);
	} else {
		log_debug("control: request \"%s\" (%d words)", req->argv[0], req->argc);
		answer = ctl_cmd_run(&c->srv->env, &c->srv->cnt, req->argc, req->argv, &alen);
		if (answer != NULL && strncmp(answer, "{\"ok\":false", 11) == 0)
			c->srv->cnt.errors++;
		client_answer(c, answer, alen);
	}
	free(req);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	client_t *c = h->data;

	(void)suggested;
	*buf = uv_buf_init(c->line + c->have, (unsigned)(sizeof(c->line) - c->have));
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf)
{
	client_t *c = st->data;
	char *nl;

	(void)buf;
	if (c->closing)
		return;
	if (nread < 0) {
		c->eof = true;
		uv_read_stop(st);
		if (c->answered) {
			if (c->answer == NULL) /* written and shut: the exchange is over */
				client_close(c);
		} else if (nread == UV_EOF && c->have > 0) {
			run_line(c, c->have); /* a last line without its newline */
		} else {
			client_close(c);
		}
		return;
	}
	if (c->answered) { /* after the request: dropped */
		c->have = 0;
		return;
	}
	c->have += (size_t)nread;
	nl = memchr(c->line, '\n', c->have);
	if (nl != NULL)
		run_line(c, (size_t)(nl - c->line) + 1);
	else if (c->have == sizeof(c->line))
		client_error(c, "too-long", "request line longer than 4096 bytes");
}

static void on_idle(uv_timer_t *t)
{
	client_t *c = t->data;

	if (c->answered) { /* it neither takes its answer nor goes */
		client_close(c);
		return;
	}
	c->srv->cnt.timeouts++;
	log_debug("control: a client sent no request in time");
	client_error(c, "timeout", "no request line in time");
	if (!c->closing)
		uv_timer_start(&c->timer, on_idle, c->srv->idle_ms, 0);
}

static void on_connection(uv_stream_t *listener, int status)
{
	ctl_server_t *s = listener->data;
	client_t *c;

	if (status < 0) {
		log_warn("control: accept: %s", uv_strerror(status));
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		/* libuv waits for this accept before it takes another
		 * connection: the socket stalls until the next stop */
		log_error("control: out of memory for a client");
		return;
	}
	c->srv = s;
	uv_pipe_init(s->env.loop, &c->pipe, 0);
	uv_timer_init(s->env.loop, &c->timer);
	c->pipe.data = c->timer.data = c;
	c->handles_open = 2;
	c->next = s->clients;
	if (s->clients != NULL)
		s->clients->pprev = &c->next;
	c->pprev = &s->clients;
	s->clients = c;
	if (uv_accept(listener, (uv_stream_t *)&c->pipe) != 0) {
		client_close(c);
		return;
	}
	uv_timer_start(&c->timer, on_idle, s->idle_ms, 0);
	uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
	if (s->cnt.clients >= s->max_clients) {
		s->cnt.refused++;
		log_info("control: %u clients connected, one more turned away", s->max_clients);
		client_error(c, "busy", "too many control clients, try again");
		return;
	}
	c->counted = true;
	s->cnt.clients++;
}

/* Make room for the socket: nothing there, or a socket nobody answers on
 * (left by a daemon that died), which goes. */
static int make_room(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un probe = {.sun_family = AF_UNIX};
	struct stat st;
	int fd, answered;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "control socket %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "control socket %s: the file exists and is not a socket",
			 path);
		return -1;
	}
	memcpy(probe.sun_path, path, strlen(path) + 1); /* the caller checked its length */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "control socket %s: %s", path, strerror(errno));
		return -1;
	}
	answered = connect(fd, (const struct sockaddr *)&probe, sizeof(probe)) == 0;
	close(fd);
	if (answered) {
		snprintf(err, errlen, "control socket %s is in use by another process", path);
		return -1;
	}
	if (unlink(path) != 0) {
		snprintf(err, errlen, "control socket %s: cannot remove the stale socket: %s",
			 path, strerror(errno));
		return -1;
	}
	log_info("control: replaced the stale socket %s", path);
	return 0;
}

static int listen_on(ctl_server_t *s, char *err, size_t errlen)
{
	mode_t old;
	int rc;

	uv_pipe_init(s->env.loop, &s->listener, 0);
	s->listener.data = s;
	s->listener_open = true;
	old = umask(0117); /* the socket file is born 0660 */
	rc = uv_pipe_bind(&s->listener, s->path);
	umask(old);
	if (rc != 0) {
		snprintf(err, errlen, "cannot bind the control socket %s: %s", s->path,
			 uv_strerror(rc));
		return -1;
	}
	if (chmod(s->path, 0660) != 0)
		rc = uv_translate_sys_error(errno);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&s->listener, 16, on_connection);
	if (rc != 0) {
		snprintf(err, errlen, "cannot listen on the control socket %s: %s", s->path,
			 uv_strerror(rc));
		unlink(s->path); /* ours: bound a moment ago */
		return -1;
	}
	return 0;
}

static void on_listener_closed(uv_handle_t *h)
{
	ctl_server_t *s = h->data;

	s->listener_open = false;
	maybe_free_server(s);
}

ctl_server_t *ctl_server_new(const ctl_env_t *env, const scscf_config_t *cfg, char *err,
			     size_t errlen)
{
	ctl_server_t *s;

	if (cfg->ctl_socket[0] == '\0' || strlen(cfg->ctl_socket) >= sizeof(s->path)) {
		snprintf(err, errlen, "control socket path \"%s\" is empty or too long",
			 cfg->ctl_socket);
		return NULL;
	}
	if (make_room(cfg->ctl_socket, err, errlen) < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->env = *env;
	snprintf(s->path, sizeof(s->path), "%s", cfg->ctl_socket);
	s->max_clients = cfg->ctl_max_clients;
	s->idle_ms = (uint64_t)cfg->ctl_idle_timeout * 1000;
	if (listen_on(s, err, errlen) < 0) {
		/* freed by the close callback, when the caller runs the loop */
		s->closing = true;
		uv_close((uv_handle_t *)&s->listener, on_listener_closed);
		return NULL;
	}
	log_info("control: listening on %s", s->path);
	return s;
}

void ctl_server_close(ctl_server_t *s)
{
	client_t *c;

	if (s == NULL || s->closing)
		return;
	s->closing = true;
	uv_close((uv_handle_t *)&s->listener, on_listener_closed);
	for (c = s->clients; c != NULL; c = c->next)
		client_close(c);
	if (unlink(s->path) != 0 && errno != ENOENT)
		log_warn("control: cannot remove %s: %s", s->path, strerror(errno));
}
