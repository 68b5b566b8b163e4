/*
 * nt_oneshot.c - one-shot NOTIFYs (the Microsoft registration
 * notifications of nt_ms.c): queued while the request that caused them is
 * still being answered, sent from a timer due at once (the next loop turn)
 * once it has been, and
 * counted when their answer comes.  No subscription waits for them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "scscf/sip/sip_txn.h"

void nt_out_free(nt_out_t *o)
{
	free(o->notify.buf);
	free(o->what);
	free(o->ms_binding);
	free(o);
}

static void on_out_done(void *arg, const sip_txn_result_t *res)
{
	nt_out_t *o = arg;
	struct notifier *n = o->n;
	nt_ms_t *ms = o->ms_binding != NULL ? strmap_get(&n->ms, o->ms_binding) : NULL;
	int status = res->kind == TXN_RESULT_RESPONSE ? res->resp->status_code : 0;

	if (status < 200 || status >= 300) {
		n->stats.notify_failed++;
		log_info("notifier: %s got %s", o->what,
			 res->kind == TXN_RESULT_TIMEOUT	 ? "no answer (Timer F)"
			 : res->kind == TXN_RESULT_TRANSPORT ? "a transport error"
							     : "a failure response");
		if (ms != NULL) {
			ms->failed++;
			snprintf(ms->last_failure, sizeof(ms->last_failure), "%d", status);
		}
	} else {
		n->stats.notify_ok++;
	}
	nt_out_free(o);
}

void nt_flush_out(void *arg)
{
	struct notifier *n = arg;

	while (n->out != NULL) {
		nt_out_t *o = n->out;
		sip_txn_request_t tr = {o->notify.buf, o->notify.len, o->notify.branch, "NOTIFY"};

		n->out = o->next;
		if (n->out == NULL)
			n->out_tail = &n->out;
		o->notify.buf = NULL; /* the transaction's now */
		if (sip_txn_client_send(sip_core_txn(n->core), &tr, &o->dst, on_out_done, o) == 0) {
			log_info("notifier: %s could not be sent", o->what);
			n->stats.notify_failed++;
			nt_out_free(o);
			continue;
		}
		n->stats.notify_sent++;
		n->stats.ms_notify_sent++;
	}
}

void nt_queue(struct notifier *n, nt_bytes_t *notify, const sip_dest_t *dst, const char *what,
	      const char *ms_binding)
{
	nt_out_t *o = calloc(1, sizeof(*o));

	if (o == NULL || (o->what = strdup(what)) == NULL ||
	    (ms_binding != NULL && (o->ms_binding = strdup(ms_binding)) == NULL)) {
		if (o != NULL)
			free(o->what);
		free(o);
		free(notify->buf);
		notify->buf = NULL;
		return;
	}
	o->n = n;
	o->notify = *notify;
	notify->buf = NULL;
	o->dst = *dst;
	*n->out_tail = o;
	n->out_tail = &o->next;
	if (!n->closing)
		sclock_arm(&n->clock, n->flush, nt_now(n));
}
