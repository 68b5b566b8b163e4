/*
 * notifier.h - the reg event package (RFC 3680, TS 24.229 §5.4.2.1) and the
 * Microsoft registration notifications ([MS-SIPREGE], seed 000) served
 * from the registration store's change events.  Loop thread only.
 *
 *   SUBSCRIBE (Event: reg) -> checks (489, 406, 480, 403, 423, 481)
 *     -> 200 OK with Expires and Contact -> full-state NOTIFY at once.
 *   store change -> every subscription of the implicit set is marked; after
 *     regevent.window ms one NOTIFY per subscription (never two in flight;
 *     later changes wait and are merged) -> client transaction -> the
 *     answer decides whether the subscription lives (RFC 6665 §4.2.2).
 *   last binding of a set gone -> final NOTIFY, Subscription-State
 *     terminated with the reason the cause maps to, subscriptions end.
 *   REGISTER with "Event: registration" -> an implicit Microsoft
 *     subscription for that binding; its removal by the network or by
 *     policy, a registrar change or user services going down send
 *     "Event: registration-notify" with a text/registration-event body.
 */
#ifndef SCSCF_NOTIFIER_H
#define SCSCF_NOTIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scscf/base/clock.h"
#include "scscf/notifier/notifier_config.h"
#include "scscf/registrar/registrar.h"
#include "scscf/sip/sip_core.h"

typedef struct notifier notifier_t;

/* Attaches to core (the SUBSCRIBE handler) and to the registrar (its
 * store's events, the REGISTER hook for Microsoft subscriptions); reads
 * the time and arms its timers on clock (the table is copied).  From
 * other sections: sip gives the addresses NOTIFYs leave from (Via,
 * Contact), reg_retry_after the registrar's registrar.retry_after (the
 * retry-after of a contact on probation). */
notifier_t *notifier_new(const sclock_t *clock, sip_core_t *core, registrar_t *reg,
			 const notifier_config_t *cfg, const sip_config_t *sip,
			 unsigned reg_retry_after);
/* Before the registrar goes: NOTIFYs in flight are abandoned, nothing more
 * is sent (subscriptions are not persistent). */
void notifier_free(notifier_t *n);

/* ---- operator actions (scscfctl) ---- */

/* User services (presence) of impu's set become unavailable (down) or
 * available again.  Down: Microsoft endpoints that support survivable
 * mode get "registered;event=userservices-unavailable" and stay; the other
 * Microsoft endpoints are deregistered (cause USER_SERVICES_DOWN).  0, or
 * -1 when impu is not registered. */
int notifier_user_services(notifier_t *n, const char *impu, bool available);

/* Move impu's set to another registrar: every binding is removed (cause
 * REGISTRAR_CHANGE); Microsoft endpoints get P-Preferred-Registrar with
 * registrar_uri (an addr-spec such as sip:scscf2.open-ims.test).  0, -1
 * when impu is not registered, -2 when registrar_uri cannot be a header
 * value. */
int notifier_move(notifier_t *n, const char *impu, const char *registrar_uri);

/* ---- introspection (scscfctl show subscription) ---- */

typedef enum { NT_WATCHER_UE, NT_WATCHER_PCSCF, NT_WATCHER_AS, NT_WATCHER_MS } nt_watcher_t;

typedef struct {
	nt_watcher_t kind;
	const char *impu;      /* the Request-URI (reg) or the registered IMPU (MS) */
	const char *watcher;   /* P-Asserted-Identity (reg) or the contact (MS) */
	const char *call_id;
	const char *local_tag, *remote_tag;
	const char *set_id;
	uint64_t expires_in;   /* seconds left (reg); the binding's (MS) */
	uint32_t version;      /* next version to send (reg) */
	uint64_t sent, failed; /* NOTIFYs */
	const char *last_failure; /* "" when none */
	bool in_flight;
} nt_sub_info_t;

void notifier_each(const notifier_t *n, void (*fn)(void *arg, const nt_sub_info_t *s), void *arg);

const char *nt_watcher_name(nt_watcher_t k); /* "ue", "pcscf", "as", "ms" */

typedef struct {
	uint64_t subscribe_ok, subscribe_refreshed, subscribe_ended, subscribe_rejected;
	uint64_t notify_sent, notify_ok, notify_failed, notify_retried;
	uint64_t ms_notify_sent;
	size_t subscriptions, ms_subscriptions;
} notifier_stats_t;

const notifier_stats_t *notifier_stats(const notifier_t *n);

#endif
