/*
 * ctl_server.c - the control socket (ctl_server.h) on libuv: the listener,
 * the clients (one exchange each, oneshot.h), reading one line, writing
 * one answer.
 *
 * Lifetimes: a client is freed when its connection has closed; the server
 * when its listener has closed and no client is left.
 */
#include "config.h"

#include "scscf/ops/ctl_server.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "scscf/ctl/ctl_req.h"
#include "scscf/ops/ctl_cmd.h"
#include "scscf/base/log.h"
#include "scscf/ops/oneshot.h"

typedef struct client {
	oneshot_t conn;
	ctl_server_t *srv;
	size_t have;
	char line[CTL_MAX_LINE + 2]; /* the line and its "\r\n" */
} client_t;

struct ctl_server {
	ctl_env_t env;
	uv_pipe_t listener;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned max_clients;
	uint64_t idle_ms;
	ctl_counters_t cnt;
	oneshot_t *clients;
	bool listener_open, closing;
};

static void maybe_free_server(ctl_server_t *s)
{
	if (s->closing && !s->listener_open && s->clients == NULL)
		free(s);
}

static void on_client_closed(oneshot_t *o)
{
	client_t *c = o->owner;
	ctl_server_t *s = c->srv;

	free(c);
	maybe_free_server(s);
}

/* Send answer (taken over; NULL: out of memory) and its newline. */
static void client_answer(client_t *c, char *answer, size_t len)
{
	if (answer == NULL)
		log_warn("control: out of memory for an answer");
	oneshot_answer(&c->conn, answer, len, "\n");
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
		c->srv->cnt.clients = oneshot_live(c->srv->clients);
		answer = ctl_cmd_run(&c->srv->env, &c->srv->cnt, req->argc, req->argv, &alen);
		if (answer != NULL && strncmp(answer, "{\"ok\":false", 11) == 0)
			c->srv->cnt.errors++;
		client_answer(c, answer, alen);
	}
	free(req);
}

static uv_buf_t on_room(oneshot_t *o)
{
	client_t *c = o->owner;

	return uv_buf_init(c->line + c->have, (unsigned)(sizeof(c->line) - c->have));
}

static void on_data(oneshot_t *o, size_t n)
{
	client_t *c = o->owner;
	char *nl;

	c->have += n;
	nl = memchr(c->line, '\n', c->have);
	if (nl != NULL)
		run_line(c, (size_t)(nl - c->line) + 1);
	else if (c->have == sizeof(c->line))
		client_error(c, "too-long", "request line longer than 4096 bytes");
}

static void on_ended(oneshot_t *o, ssize_t status)
{
	client_t *c = o->owner;

	if (status == UV_EOF && c->have > 0)
		run_line(c, c->have); /* a last line without its newline */
	else
		oneshot_close(o);
}

static void on_idle(oneshot_t *o)
{
	client_t *c = o->owner;

	c->srv->cnt.timeouts++;
	log_debug("control: a client sent no request in time");
	client_error(c, "timeout", "no request line in time");
	oneshot_rearm(o, c->srv->idle_ms); /* to take its answer */
}

static const oneshot_ops_t client_ops = {on_room, on_data, on_ended, on_idle, on_client_closed};

static void on_connection(uv_stream_t *listener, int status)
{
	ctl_server_t *s = listener->data;
	unsigned live = oneshot_live(s->clients);
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
	if (oneshot_accept(&c->conn, &s->clients, listener, true, &client_ops, c, s->idle_ms) < 0)
		return;
	if (live >= s->max_clients) {
		s->cnt.refused++;
		log_info("control: %u clients connected, one more turned away", s->max_clients);
		client_error(c, "busy", "too many control clients, try again");
	}
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

ctl_server_t *ctl_server_new(const ctl_env_t *env, const ctl_config_t *cfg, char *err,
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
	if (s == NULL || s->closing)
		return;
	s->closing = true;
	uv_close((uv_handle_t *)&s->listener, on_listener_closed);
	oneshot_close_all(s->clients);
	if (unlink(s->path) != 0 && errno != ENOENT)
		log_warn("control: cannot remove %s: %s", s->path, strerror(errno));
}
