/*
 * cx_handoff.c - see cx_handoff.h.
 *
 * One mutex guards the queue and whether a loop is attached; it is held
 * around uv_async_send too, so that closing the async handle on the loop
 * thread can never race a sender.  The loop swaps the whole queue out
 * under the lock and delivers outside it.
 */
#include "config.h"

#include "diameter/cx/cx_handoff.h"

#include <pthread.h>
#include <stdlib.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdproto.h>

struct item {
	ho_kind_t kind;
	uint64_t id;
	struct msg *msg;
	struct item *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	uv_async_t *async; /* NULL: no loop attached */
	struct item *head, *tail;
	ho_deliver_fn deliver;
	void *arg;
} q;

static struct item *take_all(void)
{
	struct item *all;

	pthread_mutex_lock(&lock);
	all = q.head;
	q.head = q.tail = NULL;
	pthread_mutex_unlock(&lock);
	return all;
}

static void on_wake(uv_async_t *h)
{
	struct item *it = take_all(), *next;

	(void)h;
	for (; it != NULL; it = next) {
		next = it->next;
		q.deliver(q.arg, it->kind, it->id, it->msg);
		free(it);
	}
}

int cx_handoff_open(uv_loop_t *loop, ho_deliver_fn deliver, void *arg)
{
	uv_async_t *a = malloc(sizeof(*a));

	if (a == NULL || uv_async_init(loop, a, on_wake) != 0) {
		free(a);
		return -1;
	}
	pthread_mutex_lock(&lock);
	q.deliver = deliver;
	q.arg = arg;
	q.async = a;
	pthread_mutex_unlock(&lock);
	return 0;
}

static void free_handle(uv_handle_t *h)
{
	free(h);
}

void cx_handoff_close(void)
{
	struct item *it, *next;
	uv_async_t *a;

	pthread_mutex_lock(&lock);
	a = q.async;
	q.async = NULL;
	pthread_mutex_unlock(&lock);
	for (it = take_all(); it != NULL; it = next) {
		next = it->next;
		fd_msg_free(it->msg);
		free(it);
	}
	if (a != NULL)
		uv_close((uv_handle_t *)a, free_handle);
}

int cx_handoff_put(ho_kind_t kind, uint64_t id, struct msg **msg)
{
	struct item *it = malloc(sizeof(*it));

	if (it == NULL)
		return -1;
	it->kind = kind;
	it->id = id;
	it->msg = *msg;
	it->next = NULL;
	pthread_mutex_lock(&lock);
	if (q.async == NULL) {
		pthread_mutex_unlock(&lock);
		free(it);
		return -1;
	}
	if (q.tail != NULL)
		q.tail->next = it;
	else
		q.head = it;
	q.tail = it;
	uv_async_send(q.async);
	pthread_mutex_unlock(&lock);
	*msg = NULL;
	return 0;
}
