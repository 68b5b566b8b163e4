/*
 * reg_internal.h - what the registrar's files share: the registrar itself,
 * one REGISTER in progress (a job), and the functions each file offers
 * the others.  Not for use outside scscf/registrar/.
 */
#ifndef SCSCF_REG_INTERNAL_H
#define SCSCF_REG_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "scscf/registrar/reg_auth.h"
#include "scscf/registrar/reg_request.h"
#include "scscf/registrar/registrar.h"

struct registrar {
	sclock_t clock;
	sip_core_t *core;
	hss_port_t hss;
	bool has_hss; /* else every REGISTER gets 500 */
	registrar_config_t cfg;
	char domain[128]; /* sip.domain */
	regstore_t *store;
	reg_auth_t *auth;
	sclock_timer_t *timer; /* the earliest binding expiry or challenge end */
	char service_route[256];
	struct reg_job *jobs; /* REGISTERs waiting for Cx */
	registrar_stats_t stats;
	registrar_hook_fn on_registered; /* after each 200 OK (the notifier) */
	void *on_registered_arg;
};

/* One REGISTER between its arrival and its final answer. */
struct reg_job {
	registrar_t *r;
	uint64_t txn;
	osip_message_t *req;
	sip_req_ctx_t ctx;
	reg_request_t rq;
	bool stale;      /* the 401 says stale=TRUE */
	bool waiting_cx; /* a MAR or SAR for it is in flight */
	bool auth_skipped; /* integrity-protected re-REGISTER not challenged */
	bool orphan;     /* answered at shutdown while waiting: the Cx callback frees it */
	struct reg_job *prev, *next;
};

uint64_t reg_now(const registrar_t *r);
void reg_arm_timer(registrar_t *r);

/* reg_reply.c: the final answers; each ends the job. */
bool reg_job_resume(struct reg_job *j); /* in a Cx callback: false when orphaned (freed) */
void reg_job_orphan_all(registrar_t *r);
void reg_job_reply(struct reg_job *j, int status, const char *reason, const char *extra);
void reg_job_challenge(struct reg_job *j, const ra_challenge_t *c);
void reg_job_ok(struct reg_job *j, const rs_set_t *set);
void reg_job_hss_error(struct reg_job *j, const cx_status_t *s);

/* reg_challenge.c: MAR and the 401 (resync: RAND||AUTS, or NULL); a
 * REGISTER's credentials checked. */
void reg_challenge(struct reg_job *j, const uint8_t *resync);
void reg_check_credentials(struct reg_job *j);

/* reg_assign.c: authenticated: expiries, then query, de-REGISTER or SAR. */
void reg_registered_step(struct reg_job *j);

/* reg_bind.c: the SAA said yes: bind the contacts; or remove what a
 * de-REGISTER names.  Both answer the REGISTER. */
void reg_bind_contacts(struct reg_job *j, rs_set_t *set);
/* What a contact of the REGISTER names: the REGISTER's IMPI's bindings. */
rs_contact_ref_t reg_contact_ref(const reg_request_t *rq, const reg_contact_t *c);
void reg_unbind_contacts(struct reg_job *j, rs_set_t *set);

/* reg_hss.c: Cx around the store. */
void reg_hss_attach(registrar_t *r);
void reg_sar_fire_and_forget(registrar_t *r, const char *impi, const rs_set_t *set,
			     const char *impu, cx_sat_t type);

#endif
