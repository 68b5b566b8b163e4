/*
 * sip_stack.c - see sip_stack.h.
 */
#include "config.h"

#include "scscf/sip/sip_stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sip_stack {
	uv_loop_t *loop;
	sip_core_t *core;
	sip_transport_t *tp;
	uv_timer_t timer;
	int closing;
};

static uint64_t io_now(void *ctx)
{
	sip_stack_t *s = ctx;

	return uv_now(s->loop);
}

static void timer_fired(uv_timer_t *h);

static void io_timers_changed(void *ctx)
{
	sip_stack_t *s = ctx;
	uint64_t due, now;

	if (s->closing || s->core == NULL)
		return;
	due = sip_txn_next_deadline(sip_core_txn(s->core));
	now = uv_now(s->loop);
	if (due == UINT64_MAX)
		uv_timer_stop(&s->timer);
	else
		uv_timer_start(&s->timer, timer_fired, due > now ? due - now : 0, 0);
}

static void timer_fired(uv_timer_t *h)
{
	sip_stack_t *s = h->data;

	sip_txn_run_timers(sip_core_txn(s->core));
	io_timers_changed(s);
}

static void on_message(void *arg, const sip_dest_t *src, const char *buf, size_t len)
{
	sip_stack_t *s = arg;

	if (s->core == NULL)
		return; /* still starting (or failed to) */
	sip_core_receive(s->core, src, buf, len);
	io_timers_changed(s);
}

static void on_stream_error(void *arg, const sip_dest_t *src, const char *hdr, size_t hdr_len,
			    int status, const char *reason)
{
	sip_stack_t *s = arg;

	if (s->core != NULL)
		sip_core_stream_error(s->core, src, hdr, hdr_len, status, reason);
}

static void on_send_failed(void *arg, const sip_dest_t *dst)
{
	sip_stack_t *s = arg;

	if (s->core == NULL)
		return;
	sip_txn_transport_failed(sip_core_txn(s->core), dst);
	io_timers_changed(s);
}

sip_stack_t *sip_stack_new(uv_loop_t *loop, const sip_config_t *cfg, char *err,
			   size_t errlen)
{
	sip_core_io_t io = {sip_transport_send, sip_transport_close_conn, io_now, io_timers_changed,
			    NULL, NULL};
	sip_transport_cb_t tcb = {on_message, on_stream_error, on_send_failed, NULL};
	sip_stack_t *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	err[0] = '\0';
	s->loop = loop;
	io.ctx = tcb.arg = s;
	uv_timer_init(loop, &s->timer);
	s->timer.data = s;
	/* the transport first: the core and its transactions send through it */
	s->tp = sip_transport_new(loop, cfg, &tcb, err, errlen);
	if (s->tp == NULL && err[0] == '\0')
		snprintf(err, errlen, "out of memory");
	if (err[0] == '\0') {
		io.tp = s->tp;
		s->core = sip_core_new(cfg, &io);
		if (s->core == NULL)
			snprintf(err, errlen, "out of memory");
	}
	if (err[0] != '\0') {
		char keep[256];

		snprintf(keep, sizeof(keep), "%s", err);
		sip_stack_close(s);
		uv_run(loop, UV_RUN_DEFAULT); /* let the handles close */
		sip_stack_free(s);
		snprintf(err, errlen, "%s", keep);
		return NULL;
	}
	return s;
}

sip_core_t *sip_stack_core(sip_stack_t *s)
{
	return s->core;
}

sip_transport_t *sip_stack_transport(sip_stack_t *s)
{
	return s->tp;
}

void sip_stack_kick(sip_stack_t *s)
{
	io_timers_changed(s);
}

void sip_stack_close(sip_stack_t *s)
{
	if (s->closing)
		return;
	s->closing = 1;
	uv_close((uv_handle_t *)&s->timer, NULL);
	if (s->tp != NULL)
		sip_transport_close(s->tp, NULL, NULL);
}

void sip_stack_free(sip_stack_t *s)
{
	if (s == NULL)
		return;
	sip_transport_free(s->tp);
	sip_core_free(s->core);
	free(s);
}
