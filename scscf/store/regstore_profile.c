/*
 * regstore_profile.c - a user profile into the registration store (see
 * regstore_put_profile in regstore.h): a new set for it, or the profile of
 * the set holding its identities replaced, with the identities that came
 * and went published.  Everything is allocated before anything changes.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/store/regstore_internal.h"

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
	rs_publish(s, &ev);
	free(lists);
	ud_free(old);
	free(old_blob);
	return set;
}

rs_profile_result_t regstore_put_profile(regstore_t *s, const char *impi, const char *impu,
					 ud_subscription_t *profile, const char *user_data,
					 size_t len, const char *hss_host, const char *hss_realm,
					 const char *wildcard, rs_set_t **out)
{
	rs_set_t *owner, *set;

	assert(!s->publishing);
	if (impi == NULL || impu == NULL || profile == NULL || ud_lookup(profile, impu) == NULL) {
		ud_free(profile);
		return RS_PROFILE_NOT_LISTED;
	}
	if (rsi_owner(&s->ix, impu, profile, &owner) < 0) {
		ud_free(profile);
		return RS_PROFILE_CONFLICT;
	}
	if (owner != NULL)
		set = replace_profile(s, owner, profile, user_data, len, hss_host, hss_realm,
				      wildcard);
	else
		set = create_set(s, impi, impu, profile, user_data, len, hss_host, hss_realm,
				 wildcard);
	if (set == NULL)
		return RS_PROFILE_NOMEM;
	if (out != NULL)
		*out = set;
	return owner != NULL ? RS_PROFILE_REPLACED : RS_PROFILE_CREATED;
}
