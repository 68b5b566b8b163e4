/*
 * regstore.h - the registration store: implicit registration sets (the
 * user profile from the HSS and the identities it lists) and the contacts
 * bound to them, indexed by IMPU, by IMPI and by binding, with one timer
 * heap for every binding's expiry.  Loop-thread data only; no I/O, no
 * libuv: the owner asks for the next due time and calls regstore_expire()
 * then, with its own clock (milliseconds).
 *
 * Model (TS 24.229 §5.4.1.2.2, REFERENCE §2.1-2.2):
 *  - a set (rs_set_t) is one IMSSubscription document as the SAA brought
 *    it: every PublicIdentity of it is in the implicit registration set;
 *  - a binding (rs_binding_t) is one contact; it is bound to every
 *    non-barred IMPU of its set at once, so it is stored once per set;
 *  - what makes two REGISTERs the same binding is regstore_match():
 *    "+sip.instance" and "reg-id" when the Contact has both (RFC 5626),
 *    "+sip.instance" alone (RFC 5627), else the contact URI (RFC 3261
 *    §10.3, §19.1.4 comparison), among the bindings of the same IMPI.
 *    The registrar refreshes the binding it finds by that binding's key;
 *    a key is unique in its set and names the binding in its id.
 *
 * Every change is published to the listeners as an event, after the store
 * is consistent and before a removed binding is freed (so listeners can
 * read it).  The cause says why (regevent's re_cause_t): the notifier maps
 * it to a reginfo event with its policy.  Listeners may call the read-only
 * functions (find, counts, each) but must not change the store (asserted).
 * A binding or set being removed is already out of every index (find_*
 * no longer return it) and still fully readable during its event.
 *
 * Lookups by IMPU, IMPI and set id are hash-table lookups; a binding is
 * found by key by scanning its set's bindings, which max_bindings bounds.
 *
 * An identity string belongs to one set at most.  A set is the implicit
 * set, not one IMPI's registration of it: IMPIs sharing the set (shared
 * IMPUs) add their bindings to the same set; each binding records its
 * IMPI.
 */
#ifndef SCSCF_REGSTORE_H
#define SCSCF_REGSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regevent/notify_policy.h"
#include "scscf/store/rs_model.h"

typedef struct regstore regstore_t;
typedef enum {
	RS_EV_BINDING_ADDED,   /* binding: new (cause REGISTERED) */
	RS_EV_BINDING_UPDATED, /* binding: refreshed or shortened (cause REFRESHED / REAUTH) */
	RS_EV_BINDING_REMOVED, /* binding: about to be freed (the cause says why) */
	RS_EV_SET_ADDED,       /* set: its first binding made it registered (cause
				* REGISTERED); again after it was kept unregistered */
	RS_EV_SET_PROFILE,     /* set: profile replaced (cause IMPLICIT); added/removed listed */
	RS_EV_SET_REMOVED,     /* set: about to be freed (last binding gone, or dropped) */
} rs_event_kind_t;

typedef struct {
	rs_event_kind_t kind;
	re_cause_t cause;
	const rs_set_t *set;
	const rs_binding_t *binding; /* binding events */
	uint64_t previous_expires_at; /* BINDING_UPDATED: before the change */
	/* SET_PROFILE: identities that came and went (IMPU strings); barring
	 * changes are listed as removed (when barred now) or added (when
	 * unbarred now).  So: added = not barred now and absent or barred
	 * before; removed = not barred before and absent or barred now (a
	 * barred identity coming or going is in neither).  Wildcard identities
	 * count by their pattern string.  removed points into the old profile,
	 * valid during the event only. */
	const char *const *added;
	size_t nadded;
	const char *const *removed;
	size_t nremoved;
} rs_event_t;

typedef void (*rs_listener_fn)(void *arg, const rs_event_t *ev);

typedef struct {
	size_t max_bindings;   /* per set (>= 1) */
	bool evict_oldest;     /* at the limit: evict the oldest (cause POLICY_EVICTION), or refuse */
} regstore_limits_t;

/* limits NULL: 10 bindings per set, no eviction. */
regstore_t *regstore_new(const regstore_limits_t *limits);
/* Frees everything without publishing anything. */
void regstore_free(regstore_t *s);

/* Listeners are called in the order they were added; at most 8. */
int regstore_listen(regstore_t *s, rs_listener_fn fn, void *arg);

/* ---- sets ---- */

/*
 * Store (or replace) the profile for impi's set containing impu: the set
 * that already holds impu or any identity of profile (exact strings), or a
 * new one (publishes nothing: it is RS_SET_UNREGISTERED until its first
 * binding).  Takes ownership of profile (also on failure).  Replacing
 * publishes RS_EV_SET_PROFILE with the identities added and removed;
 * bindings, id and impi stay.  Strings are copied; user_data may be NULL.
 * On success *out (when out is not NULL) is the set; on failure the store
 * is unchanged.
 */
typedef enum {
	RS_PROFILE_CREATED,    /* a new set */
	RS_PROFILE_REPLACED,   /* the profile of the set holding its identities */
	RS_PROFILE_NOMEM,
	RS_PROFILE_NOT_LISTED, /* impu is not an identity of profile (or an argument is NULL) */
	RS_PROFILE_CONFLICT,   /* identities of profile belong to two different sets */
} rs_profile_result_t;

rs_profile_result_t regstore_put_profile(regstore_t *s, const char *impi, const char *impu,
					 ud_subscription_t *profile, const char *user_data,
					 size_t len, const char *hss_host, const char *hss_realm,
					 const char *wildcard, rs_set_t **out);

/* The set one of whose identities is impu (exact string, a distinct
 * identity first, else a wildcard match through the profile); NULL. */
rs_set_t *regstore_find_impu(const regstore_t *s, const char *impu);
rs_set_t *regstore_find_set(const regstore_t *s, const char *set_id);
/* The sets registered by (or kept for) impi: the sets whose impi it is and
 * those with a binding of it; returns how many, fills at most max. */
size_t regstore_find_impi(const regstore_t *s, const char *impi, rs_set_t **out, size_t max);

/* Remove a set: every binding is removed first (BINDING_REMOVED with
 * cause), then SET_REMOVED, then it is freed. */
void regstore_drop_set(regstore_t *s, rs_set_t *set, re_cause_t cause);

/* ---- bindings ---- */

typedef enum {
	RS_OK_CREATED,
	RS_OK_REFRESHED,
	RS_ERR_LIMIT,  /* max_bindings reached and evict_oldest is off */
	RS_ERR_NOMEM,
	RS_ERR_INVALID, /* no set, no info or no key */
} rs_bind_result_t;

/*
 * Create or refresh the binding with info->key in set, expiring at
 * now + info->expires seconds (the registrar passes the key of the
 * binding regstore_match() found, or a key no binding has).  A refresh
 * keeps id, registered_at and the temp-gruu's first CSeq, and replaces
 * everything else.  The set becomes RS_SET_REGISTERED.  Publishes BINDING_ADDED (after SET_ADDED when the set
 * was unregistered) or BINDING_UPDATED (cause REFRESHED, or REAUTH when
 * the new expiry is earlier than the old).  *out is the binding.
 */
rs_bind_result_t regstore_bind(regstore_t *s, rs_set_t *set, const rs_contact_info_t *info,
			       uint64_t now, rs_binding_t **out);

/* The binding whose creation key is key (exact string), or NULL. */
rs_binding_t *regstore_find_binding(const rs_set_t *set, const char *key);

/* What a Contact of a REGISTER names. */
typedef struct {
	const char *impi;     /* bindings of this IMPI only (NULL: of any) */
	const char *uri;      /* the Contact URI */
	const char *instance; /* its +sip.instance, or NULL */
	bool has_reg_id;
	uint32_t reg_id;
} rs_contact_ref_t;

/*
 * The bindings of set a Contact names, in creation order (RFC 3261 §10.3,
 * RFC 5626 §6 and §7, RFC 5627):
 *  - with +sip.instance and reg-id: the binding of that instance and
 *    reg-id (the flow);
 *  - with +sip.instance alone: the binding of that instance without
 *    reg-id, else those of that instance whose URI is the Contact's;
 *  - otherwise: every binding whose URI is the Contact's (RFC 3261
 *    §19.1.4 comparison), outbound ones included.
 * Returns how many, fills at most max.
 */
size_t regstore_match(const rs_set_t *set, const rs_contact_ref_t *ref, rs_binding_t **out,
		      size_t max);

/* Remove one binding (BINDING_REMOVED with cause).  When it was the set's
 * last one, the set goes too (SET_REMOVED, cause) unless keep_set, in
 * which case it becomes RS_SET_UNREGISTERED. */
void regstore_unbind(regstore_t *s, rs_binding_t *b, re_cause_t cause, bool keep_set);

/* Shorten a binding to expire at `at` (network-initiated re-authentication,
 * TS 24.229 §5.4.1.6); BINDING_UPDATED with cause REAUTH.  Nothing happens
 * when `at` is not earlier than its expiry. */
void regstore_shorten(regstore_t *s, rs_binding_t *b, uint64_t at);

/* ---- time ---- */

/* The earliest expiry, or UINT64_MAX when no binding is stored. */
uint64_t regstore_next_expiry(const regstore_t *s);
/* Remove every binding due at now (expires_at <= now), earliest first, each
 * as regstore_unbind() would (cause EXPIRY); sets left without
 * bindings are removed (SET_REMOVED, cause EXPIRY).  Returns how many
 * bindings went. */
size_t regstore_expire(regstore_t *s, uint64_t now);

/* ---- counts ---- */
size_t regstore_nsets(const regstore_t *s);
size_t regstore_nbindings(const regstore_t *s);
size_t regstore_nimpus(const regstore_t *s); /* entries of the IMPU index */

/* Visit every set (the callback must not change the store). */
void regstore_each_set(const regstore_t *s, void (*fn)(void *arg, const rs_set_t *set), void *arg);

#endif
