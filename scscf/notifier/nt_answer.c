/*
 * nt_answer.c - what the answer to a reg-event NOTIFY does to its
 * subscription (RFC 6665 §4.2.2): a 2xx keeps it (or ends it after the
 * final NOTIFY), a 503 with Retry-After is retried once, the answers the
 * RFC lists, a timeout or a transport error remove it, and other failures
 * leave it as it is.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"

/* RFC 6665 §4.2.2: these answers end the subscription. */
static bool removes(int status)
{
	return status == 404 || status == 405 || status == 410 || status == 416 ||
	       (status >= 480 && status <= 485) || status == 489 || status == 501 || status == 604;
}

static uint64_t retry_after(const osip_message_t *resp)
{
	osip_header_t *h = NULL;

	if (osip_message_header_get_byname(resp, "retry-after", 0, &h) < 0 || h->hvalue == NULL)
		return 0;
	return strtoull(h->hvalue, NULL, 10);
}

static void succeeded(nt_sub_t *s)
{
	struct notifier *n = s->n;

	n->stats.notify_ok++;
	s->retried_503 = false;
	if (s->final_sent) {
		log_info("notifier: subscription of %s to %s ended (%s)", s->watcher, s->impu,
			 s->final_reason);
		n->stats.subscribe_ended++;
		nt_sub_free(s);
	} else if (s->dirty) {
		nt_sub_schedule(s, 0);
	}
}

static void describe(const sip_txn_result_t *res, int status, char *why, size_t len)
{
	if (res->kind == TXN_RESULT_TIMEOUT)
		snprintf(why, len, "no answer (Timer F)");
	else if (res->kind == TXN_RESULT_TRANSPORT)
		snprintf(why, len, "transport error");
	else
		snprintf(why, len, "%d %s", status,
			 res->resp->reason_phrase ? res->resp->reason_phrase : "");
}

void nt_on_notify_done(void *arg, const sip_txn_result_t *res)
{
	nt_sub_t *s = arg;
	struct notifier *n = s->n;
	int status = res->kind == TXN_RESULT_RESPONSE ? res->resp->status_code : 0;
	char why[96];

	s->txn = 0;
	if (status >= 200 && status < 300) {
		succeeded(s);
		return;
	}
	describe(res, status, why, sizeof(why));
	nt_fail(s, why);
	if (status == 503 && !s->retried_503 && !s->final_sent && retry_after(res->resp) > 0) {
		uint64_t after = retry_after(res->resp);

		s->retried_503 = true;
		s->dirty = true;
		n->stats.notify_retried++;
		log_info("notifier: NOTIFY to %s (%s) got %s: retried in %llu s", s->watcher,
			 s->impu, why, (unsigned long long)after);
		theap_remove(&n->sends, &s->send_at);
		nt_sub_schedule(s, (after > 3600 ? 3600 : after) * 1000);
		return;
	}
	if (s->final_sent || removes(status) || status == 0 || status == 503) {
		log_info("notifier: subscription of %s to %s %s: NOTIFY got %s", s->watcher, s->impu,
			 s->final_sent ? "ended" : "removed", why);
		n->stats.subscribe_ended++;
		nt_sub_free(s);
		return;
	}
	log_info("notifier: NOTIFY to %s (%s) got %s; the subscription stays", s->watcher, s->impu,
		 why);
	if (s->dirty)
		nt_sub_schedule(s, 0);
}
