/*
 * oneshot.h - one exchange on an accepted stream connection: read a
 * request, write one answer, shut the write side, then read and drop
 * whatever still comes until the peer closes (closing on unread data would
 * reset the connection before the peer read the answer).  An idle timer
 * bounds the whole exchange.  The control socket (Unix) and the metrics
 * endpoint (TCP) serve their clients with it; each owner embeds a
 * oneshot_t in its client and is called back on the loop.
 *
 * The owner keeps its connections in a list (a oneshot_t * head, NULL when
 * empty) that oneshot_accept() links into; that list gives the number of
 * live connections and closes them all at a stop.
 *
 * Lifetime: oneshot_close() closes both handles; once both have closed
 * the connection leaves its list and ops->closed runs, where the owner
 * frees its client.
 */
#ifndef SCSCF_ONESHOT_H
#define SCSCF_ONESHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

typedef struct oneshot oneshot_t;

typedef struct {
	/* Where the next bytes of the request go (len 0: the request is
	 * full; the owner should have answered). */
	uv_buf_t (*room)(oneshot_t *o);
	/* n bytes arrived where room() said. */
	void (*data)(oneshot_t *o, size_t n);
	/* The peer ended its side (status UV_EOF) or the connection failed
	 * (another libuv error) before the answer: answer, or close. */
	void (*ended)(oneshot_t *o, ssize_t status);
	/* The idle timer ran out before the answer: answer (and maybe
	 * oneshot_rearm), or close.  After the answer it just closes. */
	void (*idle)(oneshot_t *o);
	/* Both handles are closed: free the client. */
	void (*closed)(oneshot_t *o);
} oneshot_ops_t;

struct oneshot {
	union {
		uv_stream_t stream;
		uv_pipe_t pipe;
		uv_tcp_t tcp;
	} h;
	uv_timer_t timer;
	uv_write_t wreq;
	uv_shutdown_t sreq;
	const oneshot_ops_t *ops;
	void *owner;
	oneshot_t *next, **pprev; /* the owner's list */
	char *answer; /* while it is being written */
	char drain[256];
	int handles_open;
	bool closing, answered, eof;
};

/* Take the next connection of listener (a pipe listener when pipe, else
 * TCP) into o, linked into *list, and start reading, with idle_ms for the
 * exchange.  -1 when the accept failed: the handles are being closed and
 * ops->closed will run. */
int oneshot_accept(oneshot_t *o, oneshot_t **list, uv_stream_t *listener, bool pipe,
		   const oneshot_ops_t *ops, void *owner, uint64_t idle_ms);

/* Connections of list not closing (a closed socket is gone at once, before
 * its close callbacks). */
unsigned oneshot_live(const oneshot_t *list);

/* Close every connection of list (answers being written are abandoned). */
void oneshot_close_all(oneshot_t *list);

/* Send answer (taken over and freed; NULL: out of memory, which closes)
 * followed by suffix (a constant, or NULL), then end the exchange. */
void oneshot_answer(oneshot_t *o, char *answer, size_t len, const char *suffix);

/* Give the exchange idle_ms more. */
void oneshot_rearm(oneshot_t *o, uint64_t idle_ms);

/* Close both handles now (once). */
void oneshot_close(oneshot_t *o);

#endif
