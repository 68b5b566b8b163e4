/*
 * metrics_http.h - the metrics endpoint: a small HTTP/1.x server on the
 * daemon's libuv loop that answers GET (and HEAD) /metrics with every
 * figure of the daemon in the Prometheus text format (prom.h).
 *
 * Off unless [metrics] listen is set.  One request per connection: the
 * answer carries "Connection: close" and the server shuts its side after
 * it.  Bounded: a header section of at most 8 KiB, at most
 * metrics.max_clients connections at once (more are closed at once), and
 * metrics.idle_timeout seconds for a client to send its request and take
 * its answer.  Other paths get 404, other methods 405 with Allow, a
 * malformed request 400 (414, 431, 505 where they fit).
 */
#ifndef SCSCF_METRICS_HTTP_H
#define SCSCF_METRICS_HTTP_H

#include <stddef.h>

#include <stdbool.h>

#include "scscf/ops/ctl_env.h"
#include "scscf/sip/sip_config.h"

#define METRICS_MAX_HEAD 8192

/* The [metrics] section of scscfd.conf; off while metrics_on is false. */
typedef struct {
	bool metrics_on;
	scscf_listen_t metrics_listen; /* TCP address:port, numeric */
	unsigned metrics_max_clients;  /* connected at once; more are closed */
	unsigned metrics_idle_timeout; /* seconds a client has for its request and answer */
} metrics_config_t;

typedef struct metrics_http metrics_http_t;

/* Listen on cfg->metrics_listen.  NULL with err set on failure (what was
 * opened is closed as the loop runs on). */
metrics_http_t *metrics_http_new(const ctl_env_t *env, const metrics_config_t *cfg, char *err,
				 size_t errlen);

/* Stop listening and drop every client; the memory goes once libuv has
 * closed the handles.  NULL is fine. */
void metrics_http_close(metrics_http_t *m);

/* The answer to a request of len bytes, as the server would send it
 * (malloc'd, *out_len bytes), or NULL while the request is incomplete;
 * *status gets the HTTP status.  For the tests and the fuzz target. */
char *metrics_http_answer(const ctl_env_t *env, const char *req, size_t len, size_t *out_len,
			  int *status);

#endif
