/*
 * oneshot.c - see oneshot.h.
 */
#include "config.h"

#include "scscf/ops/oneshot.h"

#include <stdlib.h>
#include <string.h>

static void on_handle_closed(uv_handle_t *h)
{
	oneshot_t *o = h->data;

	if (--o->handles_open > 0)
		return;
	*o->pprev = o->next;
	if (o->next != NULL)
		o->next->pprev = o->pprev;
	o->ops->closed(o);
}

void oneshot_close(oneshot_t *o)
{
	if (o->closing)
		return;
	o->closing = true;
	uv_close((uv_handle_t *)&o->h.stream, on_handle_closed);
	uv_close((uv_handle_t *)&o->timer, on_handle_closed);
}

/* After the answer is shut: the exchange is over once the peer has
 * closed its side too. */
static void on_shut(uv_shutdown_t *req, int status)
{
	oneshot_t *o = req->data;

	if (status < 0 || o->eof)
		oneshot_close(o);
}

static void on_written(uv_write_t *req, int status)
{
	oneshot_t *o = req->data;

	free(o->answer);
	o->answer = NULL;
	if (status < 0 || o->closing) {
		oneshot_close(o);
		return;
	}
	o->sreq.data = o;
	if (uv_shutdown(&o->sreq, &o->h.stream, on_shut) != 0)
		oneshot_close(o);
}

void oneshot_answer(oneshot_t *o, char *answer, size_t len, const char *suffix)
{
	uv_buf_t bufs[2];
	unsigned n = 1;

	o->answered = true;
	if (answer == NULL || o->closing) {
		free(answer);
		oneshot_close(o);
		return;
	}
	o->answer = answer;
	bufs[0] = uv_buf_init(answer, (unsigned)len);
	if (suffix != NULL)
		bufs[n++] = uv_buf_init((char *)suffix, (unsigned)strlen(suffix));
	o->wreq.data = o;
	if (uv_write(&o->wreq, &o->h.stream, bufs, n, on_written) != 0) {
		free(o->answer);
		o->answer = NULL;
		oneshot_close(o);
	}
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	oneshot_t *o = h->data;

	(void)suggested;
	if (o->answered) /* read and dropped */
		*buf = uv_buf_init(o->drain, sizeof(o->drain));
	else
		*buf = o->ops->room(o);
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf)
{
	oneshot_t *o = st->data;

	(void)buf;
	if (o->closing || nread == 0)
		return;
	if (nread < 0) {
		o->eof = true;
		uv_read_stop(st);
		if (!o->answered)
			o->ops->ended(o, nread);
		else if (o->answer == NULL) /* written and shut: the exchange is over */
			oneshot_close(o);
		return;
	}
	if (!o->answered)
		o->ops->data(o, (size_t)nread);
}

static void on_idle(uv_timer_t *t)
{
	oneshot_t *o = t->data;

	if (o->answered) /* it neither takes its answer nor goes */
		oneshot_close(o);
	else
		o->ops->idle(o);
}

void oneshot_rearm(oneshot_t *o, uint64_t idle_ms)
{
	if (!o->closing)
		uv_timer_start(&o->timer, on_idle, idle_ms, 0);
}

unsigned oneshot_live(const oneshot_t *list)
{
	unsigned n = 0;

	for (; list != NULL; list = list->next)
		n += !list->closing;
	return n;
}

void oneshot_close_all(oneshot_t *list)
{
	for (; list != NULL; list = list->next)
		oneshot_close(list);
}

int oneshot_accept(oneshot_t *o, oneshot_t **list, uv_stream_t *listener, bool pipe,
		   const oneshot_ops_t *ops, void *owner, uint64_t idle_ms)
{
	uv_loop_t *loop = listener->loop;

	o->ops = ops;
	o->owner = owner;
	o->next = *list;
	if (*list != NULL)
		(*list)->pprev = &o->next;
	o->pprev = list;
	*list = o;
	if (pipe)
		uv_pipe_init(loop, &o->h.pipe, 0);
	else
		uv_tcp_init(loop, &o->h.tcp);
	uv_timer_init(loop, &o->timer);
	o->h.stream.data = o->timer.data = o;
	o->handles_open = 2;
	if (uv_accept(listener, &o->h.stream) != 0) {
		oneshot_close(o);
		return -1;
	}
	uv_timer_start(&o->timer, on_idle, idle_ms, 0);
	uv_read_start(&o->h.stream, on_alloc, on_read);
	return 0;
}
