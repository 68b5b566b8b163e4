/*
 * ctl_server.h - scscfd's control socket: a Unix domain stream socket
 * (mode 0660) served from the daemon's libuv loop, for scscfctl.
 *
 * Protocol (doc/SCSCFCTL.md): the client sends one request line (ctl_req.h)
 * and the server answers with one JSON document (ctl_cmd.h) and a newline,
 * then closes.  Bounded: a request line of at most 4 KiB, at most
 * control.max_clients connections at once (more get a "busy" answer), and
 * control.idle_timeout seconds for a client to send its line and take its
 * answer.  Anything else a client sends gets an ok:false answer.
 */
#ifndef SCSCF_CTL_SERVER_H
#define SCSCF_CTL_SERVER_H

#include <stddef.h>

#include "scscf/ops/ctl_env.h"

/* The [control] section of scscfd.conf; off while ctl_socket is empty. */
typedef struct {
	char ctl_socket[108];       /* Unix socket path (fits sun_path) */
	unsigned ctl_max_clients;   /* connected at once; more are turned away */
	unsigned ctl_idle_timeout;  /* seconds a client has for its request and answer */
} ctl_config_t;

typedef struct ctl_server ctl_server_t;

/* Listen on cfg->ctl_socket.  A stale socket file there is replaced; a
 * socket a live process answers on, or any other kind of file, is an
 * error.  NULL with err set on failure (what was opened is closed as the
 * loop runs on). */
ctl_server_t *ctl_server_new(const ctl_env_t *env, const ctl_config_t *cfg, char *err,
			     size_t errlen);

/* Stop listening, drop every client (answers being written are
 * abandoned) and remove the socket file.  The memory goes once libuv has
 * closed the handles, so the loop must run afterwards.  NULL is fine. */
void ctl_server_close(ctl_server_t *s);

#endif
