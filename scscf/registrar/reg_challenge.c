/*
 * reg_challenge.c - a REGISTER without usable credentials gets a challenge
 * from the HSS (MAR, then 401); one with credentials is checked against the
 * challenge stored for its nonce: right goes on to the SAR (reg_assign.c),
 * stale or resynchronising asks for a new challenge, wrong gets 403 and
 * SAR AUTHENTICATION_FAILURE.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"
#include "scscf/registrar/reg_internal.h"

static const char *scheme_for(const reg_request_t *rq)
{
	if (!rq->has_auth || rq->auth.algorithm[0] == '\0')
		return CX_SCHEME_UNKNOWN;
	if (strcasecmp(rq->auth.algorithm, "AKAv1-MD5") == 0)
		return CX_SCHEME_AKA;
	if (strcasecmp(rq->auth.algorithm, "MD5") == 0)
		return CX_SCHEME_DIGEST;
	return CX_SCHEME_UNKNOWN;
}

static void on_maa(void *arg, cx_maa_t *a)
{
	struct reg_job *j = arg;
	registrar_t *r;
	const ra_challenge_t *c = NULL;
	size_t i;

	if (!reg_job_resume(j))
		return;
	r = j->r;
	if (!cx_status_ok(&a->status)) {
		reg_job_hss_error(j, &a->status);
		return;
	}
	for (i = 0; i < a->nitems && c == NULL; i++)
		c = reg_auth_challenge(r->auth, &a->items[i], j->rq.impi, j->rq.impu, j->rq.callid,
				       r->domain, reg_now(r));
	if (c == NULL) {
		log_warn("registrar: MAA for %s has no usable authentication vector", j->rq.impi);
		reg_job_reply(j, 403, "Forbidden: no usable authentication vector", NULL);
		return;
	}
	reg_arm_timer(r);
	reg_job_challenge(j, c); /* the challenge is stored before the 401 leaves */
}

void reg_challenge(struct reg_job *j, const uint8_t *resync)
{
	registrar_t *r = j->r;
	const cx_mar_t mar = {.impi = j->rq.impi,
			      .impu = j->rq.impu,
			      .scheme = resync != NULL ? CX_SCHEME_AKA : scheme_for(&j->rq),
			      .items = 1,
			      .resync = resync};

	j->waiting_cx = true;
	if (r->hss.mar(r->hss.ctx, &mar, on_maa, j) != 0) {
		j->waiting_cx = false;
		const cx_status_t s = {.local = CX_LOCAL_SEND};

		reg_job_hss_error(j, &s);
	}
}

static void on_auth_failure(struct reg_job *j, const char *why)
{
	registrar_t *r = j->r;

	r->stats.auth_failures++;
	log_info("registrar: REGISTER of %s (IMPI %s): %s", j->rq.impu, j->rq.impi, why);
	reg_sar_fire_and_forget(r, j->rq.impi, NULL, j->rq.impu, CX_SAT_AUTHENTICATION_FAILURE);
	reg_job_reply(j, 403, "Forbidden: authentication failed", NULL);
}

void reg_check_credentials(struct reg_job *j)
{
	registrar_t *r = j->r;
	const ra_challenge_t *c = reg_auth_find(r->auth, j->rq.auth.nonce);
	uint8_t resync[30];

	/* TS 24.229 §5.4.1.2.2: the answer to a challenge comes in the Call-ID
	 * of the REGISTER that was challenged; another Call-ID starts over */
	if (c != NULL && !c->verified && strcmp(c->callid, j->rq.callid) != 0) {
		log_info("registrar: %s answered a challenge from another Call-ID: challenged "
			 "again",
			 j->rq.impi);
		reg_challenge(j, NULL);
		return;
	}
	c = NULL;
	switch (reg_auth_verify(r->auth, &j->rq.auth, reg_now(r), &c, resync)) {
	case RA_OK:
		if (strcmp(c->impu, j->rq.impu) != 0)
			log_debug("registrar: %s answered a challenge made for %s", j->rq.impu,
				  c->impu);
		if (c->kind == RA_AKA)
			reg_auth_forget(r->auth, c->nonce);
		reg_registered_step(j);
		return;
	case RA_STALE:
		j->stale = true;
		reg_challenge(j, NULL);
		return;
	case RA_RESYNC:
		log_info("registrar: AKA resynchronisation for %s", j->rq.impi);
		reg_auth_forget(r->auth, c->nonce);
		reg_challenge(j, resync);
		return;
	case RA_MISMATCH:
		if (c != NULL)
			reg_auth_forget(r->auth, c->nonce);
		on_auth_failure(j, "wrong credentials");
		return;
	}
}
