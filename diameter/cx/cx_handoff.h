/*
 * cx_handoff.h - the one door between freeDiameter's threads and the libuv
 * loop.  freeDiameter callbacks (any thread) put a message on a queue and
 * wake the loop with uv_async_send; on the loop thread the queue is drained
 * into a delivery function.  Nothing else crosses threads.
 *
 * The queue is process-wide, as freeDiameter's core is: a callback that
 * fires when no loop is attached (before cx_handoff_open or after
 * cx_handoff_close) gets -1 back and keeps its message.
 */
#ifndef DIAMETER_CX_HANDOFF_H
#define DIAMETER_CX_HANDOFF_H

#include <stdint.h>
#include <uv.h>

struct msg;

typedef enum {
	HO_ANSWER,  /* an answer to request id */
	HO_EXPIRED, /* request id timed out; msg is the request */
	HO_REQUEST, /* a request from a peer (id 0) */
} ho_kind_t;

typedef void (*ho_deliver_fn)(void *arg, ho_kind_t kind, uint64_t id, struct msg *msg);

/* Loop thread. */
int cx_handoff_open(uv_loop_t *loop, ho_deliver_fn deliver, void *arg);
/* Loop thread: detaches, frees what is still queued, closes the handle. */
void cx_handoff_close(void);

/* Any thread.  Takes *msg (sets it to NULL) and returns 0, or returns -1
 * with *msg untouched when no loop is attached. */
int cx_handoff_put(ho_kind_t kind, uint64_t id, struct msg **msg);

#endif
