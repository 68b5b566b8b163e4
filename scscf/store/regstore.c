/*
 * regstore.c - the registration store (see regstore.h): implicit sets and
 * their bindings, the events that describe every change, and the one timer
 * heap of binding expiries.  The indexes are regstore_index.c; how a set or
 * binding is laid out in memory and named (stable ids) is regstore_layout.c.
 *
 * Events are published once the store is consistent; listeners may read
 * the store but must not change it (asserted).  A removed binding or set is
 * out of every index when its event is published and is freed afterwards.
 * Every allocation a change needs is made before the change is committed,
 * so a failure returns with the store as it was.
 */
#include "config.h"

#include "scscf/store/regstore.h"

#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/macros.h"
#include "scscf/store/regstore_index.h"
#include "scscf/store/regstore_layout.h"

#define MAX_LISTENERS 8

typedef struct {
	rs_binding_t pub;
	void *blob; /* params, path and strings: what a refresh replaces */
	char text[]; /* key, id */
} binding_t;

typedef struct {
	rs_set_t pub;
	void *blob;          /* user_data, hss_host, hss_realm, wildcard */
	size_t cap;          /* room in pub.bindings */
	uint32_t generation; /* bindings created so far, part of their ids */
	bool indexed;
	char text[]; /* id, impi */
} set_t;

struct regstore {
	rs_index_t ix;
	theap_t timers;
	regstore_limits_t lim;
	size_t nbindings;
	struct {
		rs_listener_fn fn;
		void *arg;
	} listeners[MAX_LISTENERS];
	size_t nlisteners;
	bool publishing; /* a listener is running: no changes allowed */
};

static binding_t *bind_of(rs_binding_t *b) { return (binding_t *)b; }
static set_t *set_of(rs_set_t *set) { return (set_t *)set; }

/* ---- events ---------------------------------------------------------- */

static void publish(regstore_t *s, const rs_event_t *ev)
{
	size_t i;

	s->publishing = true;
	for (i = 0; i < s->nlisteners; i++)
		s->listeners[i].fn(s->listeners[i].arg, ev);
	s->publishing = false;
}

static void publish_binding(regstore_t *s, rs_event_kind_t kind, re_cause_t cause,
			    const rs_binding_t *b, uint64_t previous)
{
	rs_event_t ev = {.kind = kind, .cause = cause, .set = b->set, .binding = b,
			 .previous_expires_at = previous};

	publish(s, &ev);
}

static void publish_set(regstore_t *s, rs_event_kind_t kind, re_cause_t cause,
			const rs_set_t *set)
{
	rs_event_t ev = {.kind = kind, .cause = cause, .set = set};

	publish(s, &ev);
}

/* ---- the store ------------------------------------------------------- */

regstore_t *regstore_new(const regstore_limits_t *limits)
{
	regstore_t *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if (rsi_init(&s->ix) < 0) {
		free(s);
		return NULL;
	}
	theap_init(&s->timers);
	s->lim.max_bindings = 10;
	if (limits != NULL)
		s->lim = *limits;
	if (s->lim.max_bindings == 0)
		s->lim.max_bindings = 1;
	return s;
}

static void free_binding(rs_binding_t *b)
{
	free(bind_of(b)->blob);
	free(b);
}

static void free_set(rs_set_t *set)
{
	size_t i;

	for (i = 0; i < set->nbindings; i++)
		free_binding(set->bindings[i]);
	free(set->bindings);
	ud_free(set->profile);
	free(set_of(set)->blob);
	free(set);
}

static void free_set_entry(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	free_set(value);
}

void regstore_free(regstore_t *s)
{
	if (s == NULL)
		return;
	theap_free(&s->timers); /* it touches the nodes: before the bindings go */
	strmap_each(&s->ix.ids, free_set_entry, NULL); /* values only: the map stays intact */
	rsi_free(&s->ix);
	free(s);
}

int regstore_listen(regstore_t *s, rs_listener_fn fn, void *arg)
{
	if (fn == NULL || s->nlisteners == MAX_LISTENERS)
		return -1;
	s->listeners[s->nlisteners].fn = fn;
	s->listeners[s->nlisteners].arg = arg;
	s->nlisteners++;
	return 0;
}

/* ---- sets ------------------------------------------------------------ */

static rs_set_t *create_set(regstore_t *s, const char *impi, const char *impu,
			    ud_subscription_t *profile, const char *user_data, size_t len,
			    const char *hss_host, const char *hss_realm, const char *wildcard)
{
	const ud_public_identity_t *def = ud_default_impu(profile);
	size_t impi_len = strlen(impi);
	set_t *set = calloc(1, sizeof(*set) + RSL_ID_LEN + 1 + impi_len + 1);

	if (set == NULL)
		goto fail;
	set->pub.id = set->text;
	set->pub.impi = set->text + RSL_ID_LEN + 1;
	memcpy(set->pub.impi, impi, impi_len + 1);
	if (def == NULL && profile->nirs > 0)
		def = profile->irs[0];
	rsl_set_id(&s->ix.ids, impi, def != NULL ? def->identity : impu, set->pub.id);
	set->blob = rsl_set_blob(user_data, len, hss_host, hss_realm, wildcard, &set->pub);
	if (set->blob == NULL || rsi_reserve_wildcards(&s->ix, profile) < 0)
		goto fail;
	if (strmap_put(&s->ix.ids, set->pub.id, set) < 0)
		goto fail;
	if (rsi_impi_add(&s->ix, impi, &set->pub) < 0)
		goto fail_ids;
	if (rsi_claim(&s->ix, &set->pub, NULL, profile) < 0)
		goto fail_impi;
	rsi_set_wildcards(&s->ix, &set->pub, profile);
	set->pub.profile = profile;
	set->pub.state = RS_SET_UNREGISTERED;
	set->indexed = true;
	return &set->pub;
fail_impi:
	rsi_impi_remove(&s->ix, impi, &set->pub);
fail_ids:
	strmap_del(&s->ix.ids, set->pub.id);
fail:
	if (set != NULL)
		free(set->blob);
	free(set);
	ud_free(profile);
	errno = ENOMEM;
	return NULL;
}

/*
 * The identities that came (*added) and went (*removed) from old to p, as
 * reg-event sees them: an identity counts while it is not barred.  One
 * allocation holds both lists (*lists, to free); -1 on OOM.
 */
static int profile_diff(const ud_subscription_t *old, const ud_subscription_t *p,
			const char ***lists, rs_event_t *ev)
{
	const char **v = malloc((old->nirs + p->nirs + 1) * sizeof(*v));
	const ud_public_identity_t *other;
	size_t i, n = 0;

	if (v == NULL)
		return -1;
	for (i = 0; i < p->nirs; i++) {
		other = rsi_irs_find(old, p->irs[i]->identity);
		if (!p->irs[i]->barred && (other == NULL || other->barred))
			v[n++] = p->irs[i]->identity;
	}
	ev->added = v;
	ev->nadded = n;
	for (i = 0; i < old->nirs; i++) {
		other = rsi_irs_find(p, old->irs[i]->identity);
		if (!old->irs[i]->barred && (other == NULL || other->barred))
			v[n++] = old->irs[i]->identity;
	}
	ev->removed = v + ev->nadded;
	ev->nremoved = n - ev->nadded;
	*lists = v;
	return 0;
}

static rs_set_t *replace_profile(regstore_t *s, rs_set_t *set, ud_subscription_t *profile,
				 const char *user_data, size_t len, const char *hss_host,
				 const char *hss_realm, const char *wildcard)
{
	ud_subscription_t *old = set->profile;
	rs_event_t ev = {.kind = RS_EV_SET_PROFILE, .cause = RE_CAUSE_IMPLICIT, .set = set};
	const char **lists = NULL;
	rs_set_t fresh = {0};
	void *blob, *old_blob = set_of(set)->blob;

	blob = rsl_set_blob(user_data, len, hss_host, hss_realm, wildcard, &fresh);
	if (blob == NULL || profile_diff(old, profile, &lists, &ev) < 0 ||
	    rsi_reserve_wildcards(&s->ix, profile) < 0 ||
	    rsi_claim(&s->ix, set, old, profile) < 0) {
		free(lists);
		free(blob);
		ud_free(profile);
		errno = ENOMEM;
		return NULL;
	}
	rsi_release(&s->ix, set, old, profile);
	rsi_set_wildcards(&s->ix, set, profile);
	set->profile = profile;
	set->user_data = fresh.user_data;
	set->user_data_len = fresh.user_data_len;
	set->hss_host = fresh.hss_host;
	set->hss_realm = fresh.hss_realm;
	set->wildcard = fresh.wildcard;
	set_of(set)->blob = blob;
	publish(s, &ev);
	free(lists);
	ud_free(old);
	free(old_blob);
	return set;
}

rs_set_t *regstore_put_profile(regstore_t *s, const char *impi, const char *impu,
			       ud_subscription_t *profile, const char *user_data, size_t len,
			       const char *hss_host, const char *hss_realm, const char *wildcard)
{
	rs_set_t *owner;

	assert(!s->publishing);
	if (impi == NULL || impu == NULL || profile == NULL || ud_lookup(profile, impu) == NULL) {
		ud_free(profile);
		errno = EINVAL;
		return NULL;
	}
	if (rsi_owner(&s->ix, impu, profile, &owner) < 0) {
		ud_free(profile);
		errno = EEXIST;
		return NULL;
	}
	if (owner != NULL)
		return replace_profile(s, owner, profile, user_data, len, hss_host, hss_realm,
				       wildcard);
	return create_set(s, impi, impu, profile, user_data, len, hss_host, hss_realm, wildcard);
}

rs_set_t *regstore_find_impu(const regstore_t *s, const char *impu)
{
	return impu != NULL ? rsi_find_impu(&s->ix, impu) : NULL;
}

rs_set_t *regstore_find_set(const regstore_t *s, const char *set_id)
{
	return set_id != NULL ? strmap_get(&s->ix.ids, set_id) : NULL;
}

size_t regstore_find_impi(const regstore_t *s, const char *impi, rs_set_t **out, size_t max)
{
	return impi != NULL ? rsi_impi_find(&s->ix, impi, out, max) : 0;
}

/* Take set out of every index (it stays readable). */
static void unindex_set(regstore_t *s, rs_set_t *set)
{
	size_t i;

	strmap_del(&s->ix.ids, set->id);
	rsi_impi_remove(&s->ix, set->impi, set);
	for (i = 0; i < set->nbindings; i++)
		rsi_impi_remove(&s->ix, set->bindings[i]->impi, set);
	rsi_release(&s->ix, set, set->profile, NULL);
	rsi_set_wildcards(&s->ix, set, NULL);
	set_of(set)->indexed = false;
}

/* Does set still need impi in the IMPI index? */
static bool set_uses_impi(const rs_set_t *set, const char *impi)
{
	size_t i;

	if (strcmp(set->impi, impi) == 0)
		return true;
	for (i = 0; i < set->nbindings; i++)
		if (strcmp(set->bindings[i]->impi, impi) == 0)
			return true;
	return false;
}

/* Take b out of its set's list (creation order kept). */
static void pull(rs_set_t *set, const rs_binding_t *b)
{
	size_t i;

	for (i = 0; i < set->nbindings && set->bindings[i] != b; i++)
		;
	assert(i < set->nbindings);
	memmove(&set->bindings[i], &set->bindings[i + 1],
		(set->nbindings - i - 1) * sizeof(set->bindings[0]));
	set->nbindings--;
}

/* After pull(): take b out of the heap, the counts and (when no other
 * binding of the set has its IMPI) the IMPI index; the set becomes
 * unregistered when b was its last binding. */
static void release(regstore_t *s, rs_binding_t *b)
{
	rs_set_t *set = b->set;

	s->nbindings--;
	theap_remove(&s->timers, &b->timer);
	if (set_of(set)->indexed && !set_uses_impi(set, b->impi))
		rsi_impi_remove(&s->ix, b->impi, set);
	if (set->nbindings == 0)
		set->state = RS_SET_UNREGISTERED;
}

static void detach_binding(regstore_t *s, rs_binding_t *b)
{
	pull(b->set, b);
	release(s, b);
}

void regstore_drop_set(regstore_t *s, rs_set_t *set, re_cause_t cause)
{
	assert(!s->publishing);
	if (set == NULL)
		return;
	unindex_set(s, set);
	while (set->nbindings > 0) {
		rs_binding_t *b = set->bindings[0];

		detach_binding(s, b);
		publish_binding(s, RS_EV_BINDING_REMOVED, cause, b, 0);
		free_binding(b);
	}
	publish_set(s, RS_EV_SET_REMOVED, cause, set);
	free_set(set);
}

/* ---- bindings -------------------------------------------------------- */

rs_binding_t *regstore_find_binding(const rs_set_t *set, const char *key)
{
	size_t i;

	for (i = 0; set != NULL && key != NULL && i < set->nbindings; i++)
		if (strcmp(set->bindings[i]->key, key) == 0)
			return set->bindings[i];
	return NULL;
}

static rs_bind_result_t refresh(regstore_t *s, rs_binding_t *b, const rs_contact_info_t *info,
				uint64_t expires_at)
{
	rs_set_t *set = b->set;
	rs_binding_t fresh = *b;
	uint64_t previous = b->expires_at;
	void *blob = rsl_binding_blob(set, info, &fresh), *old_blob = bind_of(b)->blob;
	const char *old_impi = b->impi;

	if (blob == NULL)
		return RS_ERR_NOMEM;
	if (fresh.impi != set->impi && rsi_impi_add(&s->ix, fresh.impi, set) < 0) {
		free(blob);
		return RS_ERR_NOMEM;
	}
	*b = fresh;
	bind_of(b)->blob = blob;
	b->expires_at = expires_at;
	theap_set(&s->timers, &b->timer, expires_at); /* armed: no allocation */
	if (!set_uses_impi(set, old_impi))
		rsi_impi_remove(&s->ix, old_impi, set);
	b->last_cause = expires_at < previous ? RE_CAUSE_REAUTH : RE_CAUSE_REFRESHED;
	publish_binding(s, RS_EV_BINDING_UPDATED, b->last_cause, b, previous);
	free(old_blob);
	return RS_OK_REFRESHED;
}

/* Room for one more binding in set; -1 on OOM. */
static int reserve_binding(const regstore_t *s, rs_set_t *set)
{
	set_t *st = set_of(set);
	size_t cap;
	rs_binding_t **v;

	if (set->nbindings < st->cap)
		return 0;
	cap = st->cap ? st->cap * 2 : 1;
	if (cap > s->lim.max_bindings)
		cap = s->lim.max_bindings;
	v = realloc(set->bindings, cap * sizeof(*v));
	if (v == NULL)
		return -1;
	set->bindings = v;
	st->cap = cap;
	return 0;
}

static rs_bind_result_t create(regstore_t *s, rs_set_t *set, const rs_contact_info_t *info,
			       uint64_t now, uint64_t expires_at, rs_binding_t **out)
{
	size_t key_len = strlen(info->key);
	binding_t *nb = calloc(1, sizeof(*nb) + key_len + 1 + RSL_ID_LEN + 1);
	rs_binding_t *b, *evicted = NULL;
	bool at_limit = set->nbindings >= s->lim.max_bindings, was_registered;

	if (nb == NULL)
		return RS_ERR_NOMEM;
	b = &nb->pub;
	nb->blob = rsl_binding_blob(set, info, b);
	if (nb->blob == NULL || (!at_limit && reserve_binding(s, set) < 0))
		goto nomem;
	if (theap_set(&s->timers, &b->timer, expires_at) < 0)
		goto nomem;
	if (b->impi != set->impi && rsi_impi_add(&s->ix, b->impi, set) < 0) {
		theap_remove(&s->timers, &b->timer);
		goto nomem;
	}
	b->set = set;
	b->key = nb->text;
	memcpy(b->key, info->key, key_len + 1);
	b->id = nb->text + key_len + 1;
	rsl_binding_id(set, info->key, &set_of(set)->generation, b->id);
	b->temp_gruu_first_cseq = info->cseq;
	b->last_cause = RE_CAUSE_REGISTERED;
	b->registered_at = now;
	b->expires_at = expires_at;
	if (at_limit) {
		evicted = set->bindings[0];
		pull(set, evicted);
	}
	set->bindings[set->nbindings++] = b;
	s->nbindings++;
	if (evicted != NULL)
		release(s, evicted); /* after b is in: an IMPI they share stays indexed */
	was_registered = set->state == RS_SET_REGISTERED;
	set->state = RS_SET_REGISTERED;
	if (evicted != NULL)
		publish_binding(s, RS_EV_BINDING_REMOVED, RE_CAUSE_POLICY_EVICTION, evicted, 0);
	if (!was_registered)
		publish_set(s, RS_EV_SET_ADDED, RE_CAUSE_REGISTERED, set);
	publish_binding(s, RS_EV_BINDING_ADDED, RE_CAUSE_REGISTERED, b, 0);
	if (evicted != NULL)
		free_binding(evicted);
	*out = b;
	return RS_OK_CREATED;
nomem:
	free(nb->blob);
	free(nb);
	return RS_ERR_NOMEM;
}

rs_bind_result_t regstore_bind(regstore_t *s, rs_set_t *set, const rs_contact_info_t *info,
			       uint64_t now, rs_binding_t **out)
{
	rs_binding_t *b, *dummy;
	uint64_t expires_at;

	assert(!s->publishing);
	if (out == NULL)
		out = &dummy;
	*out = NULL;
	if (set == NULL || info == NULL || info->key == NULL || info->key[0] == '\0')
		return RS_ERR_INVALID;
	expires_at = now + (uint64_t)info->expires * 1000;
	b = regstore_find_binding(set, info->key);
	if (b == NULL && set->nbindings >= s->lim.max_bindings && !s->lim.evict_oldest)
		return RS_ERR_LIMIT;
	if (b == NULL)
		return create(s, set, info, now, expires_at, out);
	*out = b;
	return refresh(s, b, info, expires_at);
}

void regstore_unbind(regstore_t *s, rs_binding_t *b, re_cause_t cause, bool keep_set)
{
	rs_set_t *set;
	bool drop;

	assert(!s->publishing);
	if (b == NULL)
		return;
	set = b->set;
	detach_binding(s, b);
	drop = set->nbindings == 0 && !keep_set;
	if (drop)
		unindex_set(s, set);
	publish_binding(s, RS_EV_BINDING_REMOVED, cause, b, 0);
	if (drop)
		publish_set(s, RS_EV_SET_REMOVED, cause, set);
	free_binding(b);
	if (drop)
		free_set(set);
}

void regstore_shorten(regstore_t *s, rs_binding_t *b, uint64_t at)
{
	uint64_t previous;

	assert(!s->publishing);
	if (b == NULL || at >= b->expires_at)
		return;
	previous = b->expires_at;
	b->expires_at = at;
	theap_set(&s->timers, &b->timer, at); /* armed: no allocation */
	b->last_cause = RE_CAUSE_REAUTH;
	publish_binding(s, RS_EV_BINDING_UPDATED, RE_CAUSE_REAUTH, b, previous);
}

/* ---- time ------------------------------------------------------------ */

uint64_t regstore_next_expiry(const regstore_t *s)
{
	const theap_node_t *n = theap_min(&s->timers);

	return n != NULL ? n->due : UINT64_MAX;
}

size_t regstore_expire(regstore_t *s, uint64_t now)
{
	theap_node_t *n;
	size_t count = 0;

	assert(!s->publishing);
	while ((n = theap_pop_due(&s->timers, now)) != NULL) {
		rs_binding_t *b = container_of(n, rs_binding_t, timer);

		regstore_unbind(s, b, RE_CAUSE_EXPIRY, false);
		count++;
	}
	return count;
}

/* ---- counts ---------------------------------------------------------- */

size_t regstore_nsets(const regstore_t *s)
{
	return s->ix.ids.count;
}

size_t regstore_nbindings(const regstore_t *s)
{
	return s->nbindings;
}

size_t regstore_nimpus(const regstore_t *s)
{
	return s->ix.impu.count;
}

struct each_ctx {
	void (*fn)(void *arg, const rs_set_t *set);
	void *arg;
};

static void each_set(const char *key, void *value, void *arg)
{
	const struct each_ctx *c = arg;

	(void)key;
	c->fn(c->arg, value);
}

void regstore_each_set(const regstore_t *s, void (*fn)(void *arg, const rs_set_t *set), void *arg)
{
	struct each_ctx c = {fn, arg};

	strmap_each(&s->ix.ids, each_set, &c);
}
