/*
 * reg_hss.c - the registrar's side of Cx besides MAR and the SAR of a
 * REGISTER: the SARs that follow a change in the store, one per IMPI whose
 * last binding in a set went (TIMEOUT_DEREGISTRATION on expiry,
 * USER_DEREGISTRATION for a de-REGISTER, ADMINISTRATIVE_DEREGISTRATION),
 * and the HSS's own requests: RTR de-registers the IMPIs it names (TS
 * 29.228 §6.1.3, REFERENCE §2.6) and PPR replaces the profile (§6.1.4).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/registrar/reg_internal.h"

#define MAX_SETS 64

static void on_sar_done(void *arg, cx_saa_t *a)
{
	char buf[128];

	(void)arg;
	if (!cx_status_ok(&a->status))
		log_warn("registrar: a de-registration SAR failed: %s",
			 cx_status_str(&a->status, buf, sizeof(buf)));
}

/* A SAR whose answer changes nothing here.  With a set, every distinct
 * identity of its implicit set is listed (de-registration types take a
 * list); else impu alone. */
void reg_sar_fire_and_forget(registrar_t *r, const char *impi, const rs_set_t *set,
			     const char *impu, cx_sat_t type)
{
	const char *list[64];
	cx_sar_t sar = {.impi = impi, .impus = list, .type = type, .user_data_available = true};
	size_t n = 0, i;

	if (!r->has_hss)
		return;
	if (set != NULL) {
		const ud_public_identity_t *const *irs = ud_irs(set->profile, &n);
		size_t k = 0;

		for (i = 0; i < n && k < 64; i++)
			if (!irs[i]->is_wildcard)
				list[k++] = irs[i]->identity;
		n = k;
		sar.wildcard = set->wildcard;
	}
	if (n == 0 && impu != NULL) {
		list[0] = impu;
		n = 1;
	}
	sar.nimpus = n;
	log_info("registrar: SAR %s for %s", cx_sat_name(type), impi);
	if (r->hss.sar(r->hss.ctx, &sar, on_sar_done, NULL) != 0)
		log_warn("registrar: SAR %s for %s could not be sent", cx_sat_name(type), impi);
}

/* Does any binding left in set belong to impi? */
static bool impi_bound(const rs_set_t *set, const char *impi)
{
	size_t i;

	for (i = 0; i < set->nbindings; i++)
		if (strcmp(set->bindings[i]->impi, impi) == 0)
			return true;
	return false;
}

/* The store's listener: when an IMPI's last binding in a set goes, the
 * registration of (its IMPUs, that IMPI) is over (TS 23.228, TS 24.229:
 * one per IMPU and IMPI); the HSS is told why, when it did not ask. */
static void on_store_event(void *arg, const rs_event_t *ev)
{
	registrar_t *r = arg;
	cx_sat_t type;

	if (ev->kind != RS_EV_BINDING_REMOVED || impi_bound(ev->set, ev->binding->impi))
		return;
	switch (ev->cause) {
	case RE_CAUSE_EXPIRY: type = CX_SAT_TIMEOUT_DEREGISTRATION; break;
	case RE_CAUSE_UE_DEREGISTER: type = CX_SAT_USER_DEREGISTRATION; break;
	case RE_CAUSE_ADMIN:
	case RE_CAUSE_ADMIN_PROBATION:
	case RE_CAUSE_USER_DISABLED:
	case RE_CAUSE_POLICY_EVICTION:
	case RE_CAUSE_REGISTRAR_CHANGE:
	case RE_CAUSE_USER_SERVICES_DOWN: type = CX_SAT_ADMINISTRATIVE_DEREGISTRATION; break;
	default: return; /* the HSS asked (RTR) */
	}
	reg_sar_fire_and_forget(r, ev->binding->impi, ev->set, NULL, type);
}

static re_cause_t cause_of(int reason)
{
	switch (reason) {
	case CX_REASON_PERMANENT_TERMINATION: return RE_CAUSE_RTR_PERMANENT;
	case CX_REASON_NEW_SERVER_ASSIGNED: return RE_CAUSE_RTR_NEW_SERVER;
	case CX_REASON_SERVER_CHANGE: return RE_CAUSE_RTR_SERVER_CHANGE;
	default: return RE_CAUSE_RTR_REMOVE_SCSCF;
	}
}

static size_t add_unique(rs_set_t **sets, size_t n, rs_set_t *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sets[i] == s)
			return n;
	if (n < MAX_SETS)
		sets[n++] = s;
	return n;
}

static bool rtr_names(const cx_rtr_t *rtr, const char *impi)
{
	size_t i;

	if (rtr->user_name != NULL && strcmp(rtr->user_name, impi) == 0)
		return true;
	for (i = 0; i < rtr->nassoc; i++)
		if (strcmp(rtr->assoc[i], impi) == 0)
			return true;
	return false;
}

/* Remove from set the bindings of the IMPIs the RTR names (User-Name and
 * Associated-Identities); the others' stay, and the set goes with its last
 * binding.  A set kept unregistered for a named IMPI goes whole.  Returns
 * how many bindings went. */
static size_t rtr_remove(registrar_t *r, rs_set_t *set, const cx_rtr_t *rtr, re_cause_t cause)
{
	size_t i = 0, n = 0;

	if (set->nbindings == 0) {
		if (rtr_names(rtr, set->impi))
			regstore_drop_set(r->store, set, cause);
		return 0;
	}
	while (i < set->nbindings) {
		rs_binding_t *b = set->bindings[i];
		bool last = set->nbindings == 1;

		if (!rtr_names(rtr, b->impi)) {
			i++;
			continue;
		}
		regstore_unbind(r->store, b, cause, false);
		n++;
		if (last)
			break; /* the set is gone */
	}
	return n;
}

/* RTR (TS 29.228 §6.1.3): with Public-Identity, the implicit sets of those
 * IMPUs; without, every set of User-Name and of each Associated-Identities
 * IMPI.  In them, the named IMPIs' registrations end. */
static void on_rtr(void *arg, hss_request_t *in, const cx_rtr_t *rtr)
{
	registrar_t *r = arg;
	rs_set_t *sets[MAX_SETS], *found[MAX_SETS];
	size_t n = 0, i, k, m, removed = 0;

	r->stats.rtr++;
	if (rtr->nimpus > 0) {
		for (i = 0; i < rtr->nimpus; i++) {
			rs_set_t *s = regstore_find_impu(r->store, rtr->impus[i]);

			if (s != NULL)
				n = add_unique(sets, n, s);
		}
	} else {
		m = regstore_find_impi(r->store, rtr->user_name, found, MAX_SETS);
		for (k = 0; k < m; k++)
			n = add_unique(sets, n, found[k]);
		for (i = 0; i < rtr->nassoc; i++) {
			m = regstore_find_impi(r->store, rtr->assoc[i], found, MAX_SETS);
			for (k = 0; k < m; k++)
				n = add_unique(sets, n, found[k]);
		}
	}
	for (i = 0; i < n; i++)
		removed += rtr_remove(r, sets[i], rtr, cause_of(rtr->reason_code));
	log_info("registrar: RTR %s for %s (%zu Public-Identity, %zu associated): %zu "
		 "binding(s) of %zu implicit set(s) de-registered%s%s",
		 cx_reason_name(rtr->reason_code), rtr->user_name, rtr->nimpus, rtr->nassoc,
		 removed, n, rtr->reason_info ? ": " : "", rtr->reason_info ? rtr->reason_info : "");
	reg_arm_timer(r);
	if (n == 0) {
		const cx_result_t unknown = {.experimental = true, .code = CX_ERROR_USER_UNKNOWN};

		r->hss.answer_rtr(r->hss.ctx, in, &unknown, NULL, 0);
		return;
	}
	{
		const cx_result_t ok = {.code = CX_DIAMETER_SUCCESS};

		r->hss.answer_rtr(r->hss.ctx, in, &ok, (const char *const *)rtr->assoc,
				  rtr->nassoc);
	}
}

/* One identity of p whose stored set is impi's, or NULL. */
static const char *anchor_of(const registrar_t *r, const char *impi, const ud_subscription_t *p)
{
	size_t nirs = 0, i;
	const ud_public_identity_t *const *irs = ud_irs(p, &nirs);

	for (i = 0; i < nirs; i++) {
		const rs_set_t *s = regstore_find_impu(r->store, irs[i]->identity);

		if (s != NULL && strcmp(s->impi, impi) == 0)
			return irs[i]->identity;
	}
	return NULL;
}

/* The wildcard the replaced set keeps: its own (the SAA's
 * Wildcarded-Public-Identity) while p still lists it, else none. */
static const char *kept_wildcard(const rs_set_t *set, const ud_subscription_t *p)
{
	size_t nirs = 0, i;
	const ud_public_identity_t *const *irs = ud_irs(p, &nirs);

	for (i = 0; set->wildcard != NULL && i < nirs; i++)
		if (irs[i]->is_wildcard && strcmp(irs[i]->wildcard, set->wildcard) == 0)
			return irs[i]->wildcard;
	return NULL;
}

/* A PPR's User-Data replaces the stored set of User-Name holding any of
 * its identities.  The set then carries what the PPR brought: the HSS
 * that sent it (Origin-Host, Origin-Realm) and, of its own wildcard, only
 * what the new profile lists.  Returns the result to answer. */
static cx_result_t replace_profile(registrar_t *r, const cx_ppr_t *ppr)
{
	cx_result_t res = {.code = CX_DIAMETER_SUCCESS};
	char err[256];
	ud_subscription_t *p = ud_parse(ppr->user_data, ppr->user_data_len, NULL, err, sizeof(err));
	size_t nirs = 0;
	const char *anchor;
	const rs_set_t *set;

	if (p != NULL)
		ud_irs(p, &nirs);
	if (p == NULL || nirs == 0) {
		log_warn("registrar: PPR for %s: the profile cannot be used: %s", ppr->user_name,
			 p == NULL ? err : "no identity");
		ud_free(p);
		res.experimental = true;
		res.code = CX_ERROR_NOT_SUPPORTED_USER_DATA;
		return res;
	}
	anchor = anchor_of(r, ppr->user_name, p);
	if (anchor == NULL) {
		ud_free(p);
		log_warn("registrar: PPR for %s: no stored set to replace", ppr->user_name);
		res.code = CX_DIAMETER_UNABLE_TO_COMPLY;
		return res;
	}
	set = regstore_find_impu(r->store, anchor);
	if (regstore_put_profile(r->store, ppr->user_name, anchor, p, ppr->user_data,
				 ppr->user_data_len,
				 ppr->origin_host != NULL ? ppr->origin_host : set->hss_host,
				 ppr->origin_realm != NULL ? ppr->origin_realm : set->hss_realm,
				 kept_wildcard(set, p), NULL) != RS_PROFILE_REPLACED) {
		log_warn("registrar: PPR for %s: the profile cannot be stored", ppr->user_name);
		res.code = CX_DIAMETER_UNABLE_TO_COMPLY;
		return res;
	}
	log_info("registrar: PPR for %s: profile replaced", ppr->user_name);
	return res;
}

/* PPR: a new profile replaces each stored one of User-Name; a PPR with
 * only SIP-Auth-Data-Item changes the password the next challenge uses. */
static void on_ppr(void *arg, hss_request_t *in, const cx_ppr_t *ppr)
{
	registrar_t *r = arg;
	rs_set_t *sets[MAX_SETS];
	size_t n = regstore_find_impi(r->store, ppr->user_name, sets, MAX_SETS);
	const cx_result_t unknown = {.experimental = true, .code = CX_ERROR_USER_UNKNOWN};
	cx_result_t res = {.code = CX_DIAMETER_SUCCESS};

	r->stats.ppr++;
	if (ppr->has_auth_item) {
		size_t forgot = reg_auth_forget_impi(r->auth, ppr->user_name);

		log_info("registrar: PPR for %s: new SIP Digest credentials (%zu open challenge(s) "
			 "dropped)",
			 ppr->user_name, forgot);
	}
	if (ppr->user_data != NULL)
		res = n == 0 ? unknown : replace_profile(r, ppr);
	else if (n == 0 && !ppr->has_auth_item)
		res = unknown;
	r->hss.answer_ppr(r->hss.ctx, in, &res);
}

void reg_hss_attach(registrar_t *r)
{
	regstore_listen(r->store, on_store_event, r);
	if (r->has_hss)
		r->hss.listen(r->hss.ctx, on_rtr, on_ppr, r);
}
