/*
 * reg_assign.c - an authenticated REGISTER (or one allowed without): its
 * expiries are checked, then it is a query (the bindings as they are), a
 * de-REGISTER (reg_bind.c removes what it names), or a SAR to the HSS
 * whose answer brings the user profile into the store before the contacts
 * are bound (reg_bind.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"
#include "scscf/registrar/reg_internal.h"

/* The SAA's profile into the store (*set: its set).  False when it cannot
 * be used: the REGISTER has then been answered. */
static bool store_profile(struct reg_job *j, const cx_saa_t *a, rs_set_t **set)
{
	registrar_t *r = j->r;
	char err[256];
	ud_subscription_t *p = ud_parse(a->user_data, a->user_data_len, NULL, err, sizeof(err));
	rs_profile_result_t st;

	if (p == NULL) {
		log_warn("registrar: the profile of %s cannot be used: %s", j->rq.impi, err);
		reg_sar_fire_and_forget(r, j->rq.impi, NULL, j->rq.impu,
					CX_SAT_DEREGISTRATION_TOO_MUCH_DATA);
		reg_job_reply(j, 500, "Server Internal Error: bad user profile", NULL);
		return false;
	}
	st = regstore_put_profile(r->store, j->rq.impi, j->rq.impu, p, a->user_data,
				  a->user_data_len, a->origin_host, a->origin_realm, a->wildcard, set);
	if (st == RS_PROFILE_NOT_LISTED) {
		log_warn("registrar: the profile of %s does not list %s", j->rq.impi, j->rq.impu);
		reg_sar_fire_and_forget(r, j->rq.impi, NULL, j->rq.impu, CX_SAT_USER_DEREGISTRATION);
		reg_job_reply(j, 403, "Forbidden: identity not in the user profile", NULL);
		return false;
	}
	if (st == RS_PROFILE_CONFLICT || st == RS_PROFILE_NOMEM) {
		log_warn("registrar: cannot store the profile of %s: %s", j->rq.impi,
			 st == RS_PROFILE_CONFLICT ? "its identities belong to two stored sets"
						   : "out of memory");
		reg_job_reply(j, 500, "Server Internal Error: cannot store the profile", NULL);
		return false;
	}
	return true;
}

static void on_saa(void *arg, cx_saa_t *a)
{
	struct reg_job *j = arg;
	rs_set_t *set;

	if (!reg_job_resume(j))
		return;
	set = regstore_find_impu(j->r->store, j->rq.impu);
	if (!cx_status_ok(&a->status)) {
		reg_job_hss_error(j, &a->status);
		return;
	}
	if (a->user_data != NULL && !store_profile(j, a, &set))
		return;
	if (set == NULL) {
		log_warn("registrar: SAA for %s brought no profile", j->rq.impi);
		reg_job_reply(j, 500, "Server Internal Error: no user profile", NULL);
		return;
	}
	reg_bind_contacts(j, set);
}

static void assign(struct reg_job *j)
{
	registrar_t *r = j->r;
	rs_set_t *set = regstore_find_impu(r->store, j->rq.impu);
	const char *impus[] = {j->rq.impu};
	const bool re = set != NULL && set->state == RS_SET_REGISTERED;
	const cx_sar_t sar = {.impi = j->rq.impi,
			      .impus = impus,
			      .nimpus = 1,
			      .wildcard = set != NULL ? set->wildcard : NULL,
			      .type = re ? CX_SAT_RE_REGISTRATION : CX_SAT_REGISTRATION,
			      .user_data_available = re};

	j->waiting_cx = true;
	if (r->hss.sar(r->hss.ctx, &sar, on_saa, j) != 0) {
		j->waiting_cx = false;
		const cx_status_t s = {.local = CX_LOCAL_SEND};

		reg_job_hss_error(j, &s);
	}
}

/* RFC 3261 §10.3 step 7: the same Call-ID with a CSeq not above the
 * stored one is out of order. */
static bool out_of_order(const rs_set_t *set, const reg_request_t *rq)
{
	size_t i;

	for (i = 0; set != NULL && i < rq->ncontacts; i++) {
		const rs_contact_ref_t ref = reg_contact_ref(rq, &rq->contacts[i]);
		rs_binding_t *found[16];
		size_t n = regstore_match(set, &ref, found, 16), k;

		for (k = 0; k < n && k < 16; k++)
			if (found[k]->callid != NULL && strcmp(found[k]->callid, rq->callid) == 0 &&
			    rq->cseq <= found[k]->cseq)
				return true;
	}
	return false;
}

/* Authenticated (or allowed without): check expiries, then de-register or
 * ask the HSS to assign us. */
void reg_registered_step(struct reg_job *j)
{
	registrar_t *r = j->r;
	rs_set_t *set = regstore_find_impu(r->store, j->rq.impu);
	bool all_zero = j->rq.star || j->rq.ncontacts > 0;
	size_t i;
	char extra[64];

	for (i = 0; i < j->rq.ncontacts; i++) {
		uint32_t e = reg_contact_expires(&j->rq, &j->rq.contacts[i], r->cfg.reg_default_expires);

		if (e != 0)
			all_zero = false;
		if (e != 0 && e < r->cfg.reg_min_expires) {
			snprintf(extra, sizeof(extra), "Min-Expires: %u", r->cfg.reg_min_expires);
			reg_job_reply(j, 423, "Interval Too Brief", extra);
			return;
		}
	}
	if (j->rq.ncontacts == 0 && !j->rq.star) {
		/* a query: the current bindings (RFC 3261 §10.3 step 6) */
		reg_job_ok(j, set != NULL && set->state == RS_SET_REGISTERED ? set : NULL);
		return;
	}
	/* TS 24.229 §5.4.1.2.2: not re-authenticated, a REGISTER may refresh
	 * what is bound but not add a contact without reg-id */
	for (i = 0; j->auth_skipped && set != NULL && i < j->rq.ncontacts; i++) {
		const reg_contact_t *c = &j->rq.contacts[i];
		const rs_contact_ref_t ref = reg_contact_ref(&j->rq, c);

		if (!c->has_reg_id && regstore_match(set, &ref, NULL, 0) == 0 &&
		    reg_contact_expires(&j->rq, c, r->cfg.reg_default_expires) != 0) {
			reg_job_reply(j, 403, "Forbidden: a new contact needs authentication", NULL);
			return;
		}
	}
	if (out_of_order(set, &j->rq)) {
		reg_job_reply(j, 400, "CSeq out of order", NULL);
		return;
	}
	if (all_zero) {
		reg_unbind_contacts(j, set);
		return;
	}
	assign(j);
}
