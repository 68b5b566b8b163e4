/*
 * nt_internal.h - what the notifier's files share: the notifier, one
 * reg-event subscription (a dialog), the notifier's view of one implicit
 * set (its watchers and the contacts removed since they were last told),
 * and one Microsoft implicit subscription.  Not for use outside
 * scscf/notifier/.
 *
 * Who owns what:
 *   notifier -> sets (by set id) -> subscriptions (list per set)
 *   notifier -> dialogs (Call-ID + tags -> subscription)
 *   notifier -> Microsoft subscriptions (by binding id)
 * A set whose last binding went is "ended": it leaves the set map (a new
 * registration of the same set starts a fresh one) and lives until its
 * subscriptions have sent their final NOTIFY.
 */
#ifndef SCSCF_NT_INTERNAL_H
#define SCSCF_NT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "scscf/notifier/notifier.h"
#include "scscf/store/regstore.h"
#include "scscf/base/strmap.h"
#include "scscf/base/theap.h"

#define NT_MAX_ROUTES 8

/* A contact removed from a set, kept until every watcher was told. */
typedef struct nt_gone {
	struct nt_gone *next;
	uint64_t seq;     /* the set's change counter when it went */
	re_event_t event; /* as the policy reports its cause */
	char *binding_id, *uri, *display_name, *q, *callid, *aor;
	char *pub_gruu, *temp_gruu;
	uint32_t cseq, temp_gruu_first_cseq;
	rs_param_t *params;
	size_t nparams;
	uint64_t duration; /* seconds it was registered */
} nt_gone_t;

/* An identity of the set: what a <registration> is written from. */
typedef struct {
	char *identity; /* the PublicIdentity string */
	char *wildcard; /* its wildcard in the TS 23.003 form, or NULL */
	char *covered;  /* an IMPU the wildcard covers (user_data.h), or NULL */
} nt_impu_t;

/* An identity that left the set (PPR) since some watcher was told. */
typedef struct nt_gone_impu {
	struct nt_gone_impu *next;
	uint64_t seq;
	nt_impu_t id;
} nt_gone_impu_t;

/* A binding shortened (cause REAUTH) at seq: a watcher whose last NOTIFY
 * described an earlier seq has not heard of it yet. */
typedef struct nt_short {
	struct nt_short *next;
	uint64_t seq;
	char *binding_id;
} nt_short_t;

typedef struct nt_set {
	char *id;
	struct nt_sub *subs; /* its reg-event watchers */
	size_t nsubs;
	uint64_t seq;        /* +1 for every change its watchers must hear of */
	nt_gone_t *gone;     /* newest first */
	nt_gone_impu_t *gone_impus;
	nt_short_t *shortened; /* newest first, one per binding */
	bool ended;          /* no binding left: final NOTIFYs, then freed */
	re_cause_t end_cause;
	nt_impu_t *impus;    /* ended: the identities it had */
	size_t nimpus;
} nt_set_t;

typedef struct nt_sub {
	struct notifier *n;
	nt_set_t *set;
	struct nt_sub *next_in_set;
	uint64_t id; /* for logs */
	nt_watcher_t kind;
	char *impu;     /* Request-URI of the SUBSCRIBE */
	char *watcher;  /* P-Asserted-Identity */
	char *event_id; /* Event: reg;id=..., NULL when absent */
	/* the dialog (RFC 3261 §12.1.1, we are the UAS) */
	char *call_id, *local_tag, *remote_tag;
	char *local_uri;  /* the SUBSCRIBE's To URI */
	char *remote_uri; /* its From URI */
	char *remote_target; /* its Contact URI */
	char *routes[NT_MAX_ROUTES]; /* its Record-Route values, in order */
	size_t nroutes;
	uint32_t local_cseq, remote_cseq;
	sip_dest_t src; /* where the SUBSCRIBE came from */
	/* the subscription */
	uint64_t expires_at;  /* ms */
	theap_node_t expiry;  /* in n->expiries */
	theap_node_t send_at; /* in n->sends: a NOTIFY is due */
	uint32_t version;     /* of the next NOTIFY */
	uint64_t reported_seq; /* set->seq its last NOTIFY described */
	bool dirty;           /* changes its watcher has not heard of */
	bool final_pending;   /* the next NOTIFY ends it */
	const char *final_reason; /* static string: timeout, deactivated, ... */
	bool final_sent;      /* in flight is the final one */
	uint64_t txn;         /* NOTIFY in flight, 0 when none */
	bool retried_503;
	uint64_t sent, failed;
	char last_failure[96];
} nt_sub_t;

/* A Microsoft endpoint that asked for registration notifications. */
typedef struct nt_ms {
	char *binding_id;
	char *set_id;
	char *impu;       /* the registered IMPU (To of the REGISTER) */
	char *contact;    /* the binding's URI */
	char *call_id;    /* the REGISTER's */
	char *remote;     /* its From header value (with tag and epid) */
	char *local_tag;
	uint32_t cseq;
	bool survivable;
	bool services_down_told;
	uint64_t sent, failed;
	char last_failure[96];
} nt_ms_t;

/* A request built once as bytes (nt_build_notify): what its client
 * transaction sends, keeps for retransmission and matches answers by. */
typedef struct {
	char *buf; /* malloc'd */
	size_t len;
	char branch[32]; /* of its Via */
} nt_bytes_t;

/* A NOTIFY built and waiting for its turn (Microsoft ones are one-shot). */
typedef struct nt_out {
	struct nt_out *next;
	struct notifier *n;
	nt_bytes_t notify;
	sip_dest_t dst;
	char *what; /* for logs */
	char *ms_binding; /* the Microsoft subscription it belongs to, or NULL */
} nt_out_t;

struct notifier {
	sclock_t clock;
	sip_core_t *core;
	registrar_t *reg;
	regstore_t *store;
	notifier_config_t cfg;
	sip_config_t sip;     /* the addresses NOTIFYs leave from */
	unsigned retry_after; /* registrar.retry_after */
	strmap_t sets;    /* set id -> nt_set_t (not ended) */
	strmap_t dialogs; /* dialog key -> nt_sub_t */
	strmap_t ms;      /* binding id -> nt_ms_t */
	theap_t sends, expiries;
	sclock_timer_t *timer; /* the earliest due NOTIFY or expiry */
	sclock_timer_t *flush; /* sends the queued one-shot NOTIFYs after the current callback */
	nt_out_t *out, **out_tail;
	uint64_t next_sub_id;
	const char *move_target; /* during notifier_move() */
	notifier_stats_t stats;
	bool closing;
};

/* nt_timer.c: the clock and the one timer */
uint64_t nt_now(const struct notifier *n);
void nt_arm(struct notifier *n);
void nt_sub_schedule(nt_sub_t *s, uint64_t delay_ms);
int nt_timer_init(struct notifier *n); /* 0, or -1 when memory runs out */
void nt_timer_close(struct notifier *n);

/* nt_subs.c: the table of sets and subscriptions */
nt_set_t *nt_set_get(struct notifier *n, const char *set_id, bool create);
/* Forget the removed contacts and identities, and the shortenings, every
 * watcher has heard of. */
void nt_set_trim(nt_set_t *ns);
/* Binding binding_id was shortened: remember it at ns->seq (an earlier
 * shortening of it is forgotten).  0, or -1 when memory runs out. */
int nt_set_shortened(nt_set_t *ns, const char *binding_id);
/* Has s not heard yet of binding_id's last shortening? */
bool nt_shortening_news(const nt_sub_t *s, const char *binding_id);
int nt_sub_add(struct notifier *n, nt_sub_t *s, const char *set_id);
void nt_sub_free(nt_sub_t *s);

/* nt_events.c: the store's change events (a regstore listener) */
void nt_on_store_event(void *arg, const rs_event_t *ev);

/* nt_send.c: build and send the NOTIFY s is due for; false when s is gone */
bool nt_send(nt_sub_t *s);
/* Count a failed NOTIFY of s and remember why. */
void nt_fail(nt_sub_t *s, const char *why);

/* nt_answer.c: the client transaction's result for a NOTIFY of s (arg) */
void nt_on_notify_done(void *arg, const sip_txn_result_t *res);

/* nt_oneshot.c: one-shot NOTIFYs */
void nt_flush_out(void *arg); /* the flush timer */
/* Send notify (taken over) after the current callback. */
void nt_queue(struct notifier *n, nt_bytes_t *notify, const sip_dest_t *dst, const char *what,
	      const char *ms_binding);
void nt_out_free(nt_out_t *o);

/* subscribe.c: the SUBSCRIBE handler */
void nt_on_subscribe(void *arg, sip_core_t *core, uint64_t txn, osip_message_t *req,
		     const sip_req_ctx_t *ctx);

/* nt_body.c: the reginfo document one subscription gets now */
int nt_body(const struct notifier *n, const nt_sub_t *s, char **body, size_t *len);
nt_gone_t *nt_gone_new(const rs_binding_t *b, re_event_t ev, uint64_t seq, uint64_t now);
void nt_gone_free(nt_gone_t *g);
int nt_impus_snapshot(const rs_set_t *set, nt_impu_t **out, size_t *n);
void nt_impus_free(nt_impu_t *v, size_t n);

/* nt_dialog.c: requests on a dialog and where they go */
typedef struct {
	const char *request_uri;
	const char *const *routes;
	size_t nroutes;
	const char *from;  /* full header values */
	const char *to;
	const char *call_id;
	uint32_t cseq;
	const char *extra; /* "Name: value\r\n" lines */
	const char *content_type; /* NULL: no body */
	const char *body;
	size_t body_len;
} nt_request_t;

/* The NOTIFY as the bytes that go to dst, the Via and Contact from our
 * listen address for dst, with a new branch.  0, or -1 when it cannot be
 * built (out of memory, a value with a line break). */
int nt_build_notify(const struct notifier *n, const nt_request_t *rq, const sip_dest_t *dst,
		    nt_bytes_t *out);
/* Where a request with this target and route set goes: the first route,
 * else the target, when its host is a numeric address; else fallback
 * (the address the dialog came from).  0, or -1 when neither works. */
int nt_resolve(const char *target, const char *const *routes, size_t nroutes,
	       const sip_dest_t *fallback, sip_dest_t *out);
/* "<sip:HOST:PORT;transport=tcp>" of our listen address for dst. */
void nt_contact(const struct notifier *n, const sip_dest_t *dst, char *buf, size_t len);

/* nt_ms.c: Microsoft registration notifications */
void nt_ms_on_registered(void *arg, const osip_message_t *req, const reg_request_t *rq,
			 const sip_req_ctx_t *ctx, const rs_set_t *set);
void nt_ms_binding_removed(struct notifier *n, const rs_binding_t *b, re_cause_t cause);
void nt_ms_services_down(struct notifier *n, const rs_binding_t *b);
void nt_ms_free(nt_ms_t *m);

#endif
