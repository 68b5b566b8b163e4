/*
 * registrar.c - see registrar.h: the REGISTER handler, the one timer, the
 * registrar's life.  Each REGISTER becomes a job that goes through
 * reg_challenge.c (MAR, credentials), reg_assign.c (expiries, SAR) and
 * reg_bind.c (the store) and ends with exactly one final answer
 * (reg_reply.c).
 */
#include "config.h"

#include "scscf/registrar/registrar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"
#include "scscf/registrar/reg_internal.h"
#include "scscf/sip/sip_msg.h"

static const char *const supported_tags[] = {"path", "outbound", "gruu", NULL};

uint64_t reg_now(const registrar_t *r)
{
	return sclock_now(&r->clock);
}

static void on_timer(void *arg)
{
	registrar_t *r = arg;
	uint64_t now = reg_now(r);
	size_t n;

	reg_auth_expire(r->auth, now);
	n = regstore_expire(r->store, now);
	r->stats.expired += n;
	reg_arm_timer(r);
}

/* One timer for the earliest of every binding expiry and challenge end. */
void reg_arm_timer(registrar_t *r)
{
	uint64_t next = regstore_next_expiry(r->store), a = reg_auth_next_expiry(r->auth);

	if (a < next)
		next = a;
	sclock_arm(&r->clock, r->timer, next == UINT64_MAX ? SCLOCK_NEVER : next);
}

static void job_link(struct reg_job *j)
{
	registrar_t *r = j->r;

	j->next = r->jobs;
	if (r->jobs != NULL)
		r->jobs->prev = j;
	r->jobs = j;
}

/* ---- the handler ---- */

static bool may_skip_auth(const registrar_t *r, const reg_request_t *rq)
{
	const rs_set_t *set;

	if (r->cfg.reg_reauth_always || !rq->has_auth || !auth_creds_protected(&rq->auth))
		return false;
	set = regstore_find_impu(r->store, rq->impu);
	return set != NULL && set->state == RS_SET_REGISTERED;
}

static void on_register(void *arg, sip_core_t *core, uint64_t txn, osip_message_t *req,
			const sip_req_ctx_t *ctx)
{
	registrar_t *r = arg;
	struct reg_job *j = calloc(1, sizeof(*j));
	const char *reason = NULL;
	int status;

	(void)core;
	r->stats.registers++;
	if (j == NULL) {
		sip_core_reply(r->core, txn, req, 500, "Server Internal Error", NULL);
		osip_message_free(req);
		return;
	}
	j->r = r;
	j->txn = txn;
	j->req = req;
	j->ctx = *ctx;
	/* valid during this call only */
	j->ctx.authorization = j->ctx.to = j->ctx.contacts = NULL;
	job_link(j);
	{
		const reg_raw_t raw = {ctx->authorization, ctx->to, ctx->contacts};

		status = reg_request_read_raw(req, &raw, &j->rq, &reason);
	}
	if (status != 0) {
		r->stats.rejected++;
		reg_job_reply(j, status, reason,
			      status == 489 ? "Allow-Events: registration\r\n"
					      "ms-diagnostics: 4055;reason=\"Event header is not "
					      "registration\"" : NULL);
		return;
	}
	if (!r->has_hss) {
		log_info("registrar: REGISTER of %s answered 500: no HSS configured ([diameter])",
			 j->rq.impu);
		reg_job_reply(j, 500, "Server Internal Error: no HSS configured", NULL);
		return;
	}
	if (may_skip_auth(r, &j->rq)) {
		j->auth_skipped = true;
		reg_registered_step(j);
	}
	else if (j->rq.has_auth && (j->rq.auth.has_response || j->rq.auth.has_auts) &&
		 j->rq.auth.nonce[0] != '\0')
		reg_check_credentials(j);
	else
		reg_challenge(j, NULL);
}

/* reg-await-auth ended: a challenge nobody answered correctly is an
 * AUTHENTICATION_TIMEOUT for the HSS (TS 29.228 §6.1.2). */
static void on_challenge_end(void *arg, const ra_challenge_t *c)
{
	registrar_t *r = arg;

	if (c->verified)
		return;
	log_info("registrar: the challenge for %s (%s) was not answered in time", c->impi,
		 c->impu);
	reg_sar_fire_and_forget(r, c->impi, NULL, c->impu, CX_SAT_AUTHENTICATION_TIMEOUT);
}

/* ---- life cycle ---- */

registrar_t *registrar_new(const sclock_t *clock, sip_core_t *core, const hss_port_t *hss,
			   const registrar_config_t *cfg, const char *domain,
			   const char *server_name)
{
	registrar_t *r = calloc(1, sizeof(*r));
	const regstore_limits_t limits = {cfg->reg_max_bindings, cfg->reg_evict_oldest};

	if (r == NULL)
		return NULL;
	r->clock = *clock;
	r->core = core;
	if (hss != NULL) {
		r->hss = *hss;
		r->has_hss = true;
	}
	r->cfg = *cfg;
	snprintf(r->domain, sizeof(r->domain), "%s", domain);
	/* Service-Route: this S-CSCF, marked for originating requests (the
	 * configuration check made sure a configured Server-Name gives one;
	 * the default sip:scscf.DOMAIN:PORT is taken as it is) */
	if (sip_route_to(server_name, "orig", r->service_route, sizeof(r->service_route)) < 0)
		snprintf(r->service_route, sizeof(r->service_route), "<sip:orig@%s;lr>",
			 strncmp(server_name, "sip:", 4) == 0 ? server_name + 4 : server_name);
	r->store = regstore_new(&limits);
	r->auth = reg_auth_new((uint64_t)cfg->reg_auth_timeout * 1000, on_challenge_end, r);
	r->timer = sclock_timer_new(clock, on_timer, r);
	if (r->store == NULL || r->auth == NULL || r->timer == NULL) {
		sclock_timer_free(clock, r->timer);
		regstore_free(r->store);
		reg_auth_free(r->auth);
		free(r);
		return NULL;
	}
	reg_hss_attach(r);
	sip_core_set_supported(core, supported_tags);
	sip_core_set_handler(core, "REGISTER", on_register, r);
	return r;
}

void registrar_free(registrar_t *r)
{
	if (r == NULL)
		return;
	sip_core_set_handler(r->core, "REGISTER", NULL, NULL);
	reg_job_orphan_all(r);
	if (r->has_hss)
		r->hss.listen(r->hss.ctx, NULL, NULL, NULL);
	sclock_timer_free(&r->clock, r->timer);
	regstore_free(r->store);
	reg_auth_free(r->auth);
	free(r);
}

regstore_t *registrar_store(registrar_t *r)
{
	return r->store;
}

const registrar_stats_t *registrar_stats(const registrar_t *r)
{
	return &r->stats;
}

int registrar_admin_deregister(registrar_t *r, const char *impu)
{
	return registrar_remove(r, impu, RE_CAUSE_ADMIN);
}

int registrar_remove(registrar_t *r, const char *impu, re_cause_t cause)
{
	rs_set_t *set = regstore_find_impu(r->store, impu);

	if (set == NULL || set->state != RS_SET_REGISTERED)
		return -1;
	regstore_drop_set(r->store, set, cause); /* the listener sends the SAR */
	reg_arm_timer(r);
	return 0;
}

int registrar_remove_impi(registrar_t *r, const char *impu, const char *impi, re_cause_t cause)
{
	rs_set_t *set = regstore_find_impu(r->store, impu);
	int n = 0;
	size_t i = 0;

	while (set != NULL && i < set->nbindings) {
		bool last = set->nbindings == 1;

		if (strcmp(set->bindings[i]->impi, impi) != 0) {
			i++;
			continue;
		}
		regstore_unbind(r->store, set->bindings[i], cause, false);
		n++;
		if (last)
			break; /* the set is gone */
	}
	reg_arm_timer(r);
	return n > 0 ? n : -1;
}

void registrar_unbind(registrar_t *r, rs_binding_t *b, re_cause_t cause)
{
	regstore_unbind(r->store, b, cause, false);
	reg_arm_timer(r);
}

void registrar_on_registered(registrar_t *r, registrar_hook_fn fn, void *arg)
{
	r->on_registered = fn;
	r->on_registered_arg = arg;
}
