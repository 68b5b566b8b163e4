/*
 * registrar.c - see registrar.h: the REGISTER state machine.  Each step
 * that waits for the HSS keeps the request in a job; the job ends with
 * exactly one final answer (reg_reply.c).
 */
#include "config.h"

#include "scscf/registrar/registrar.h"

#include <errno.h>
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
	return uv_now(r->loop);
}

static void on_timer(uv_timer_t *t)
{
	registrar_t *r = t->data;
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
	uint64_t now = reg_now(r);

	if (a < next)
		next = a;
	if (next == UINT64_MAX) {
		uv_timer_stop(&r->timer);
		return;
	}
	uv_timer_start(&r->timer, on_timer, next > now ? next - now : 0, 0);
}

static void job_link(struct reg_job *j)
{
	registrar_t *r = j->r;

	j->next = r->jobs;
	if (r->jobs != NULL)
		r->jobs->prev = j;
	r->jobs = j;
}

/* ---- MAR: challenge ---- */

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

static void challenge(struct reg_job *j, const uint8_t *resync)
{
	registrar_t *r = j->r;
	const cx_mar_t mar = {.impi = j->rq.impi,
			      .impu = j->rq.impu,
			      .scheme = resync != NULL ? CX_SCHEME_AKA : scheme_for(&j->rq),
			      .items = 1,
			      .resync = resync};

	j->waiting_cx = true;
	if (cx_client_mar(r->cx, &mar, on_maa, j) != 0) {
		j->waiting_cx = false;
		const cx_status_t s = {.local = CX_LOCAL_SEND};

		reg_job_hss_error(j, &s);
	}
}

/* ---- SAR and the bindings ---- */

static void apply_contacts(struct reg_job *j, rs_set_t *set);

static void on_saa(void *arg, cx_saa_t *a)
{
	struct reg_job *j = arg;
	registrar_t *r;
	rs_set_t *set;

	if (!reg_job_resume(j))
		return;
	r = j->r;
	set = regstore_find_impu(r->store, j->rq.impu);
	if (!cx_status_ok(&a->status)) {
		reg_job_hss_error(j, &a->status);
		return;
	}
	if (a->user_data != NULL) {
		char err[256];
		ud_subscription_t *p = ud_parse(a->user_data, a->user_data_len, NULL, err,
						sizeof(err));

		if (p == NULL) {
			log_warn("registrar: the profile of %s cannot be used: %s", j->rq.impi, err);
			reg_sar_fire_and_forget(r, j->rq.impi, NULL, j->rq.impu,
						CX_SAT_DEREGISTRATION_TOO_MUCH_DATA);
			reg_job_reply(j, 500, "Server Internal Error: bad user profile", NULL);
			return;
		}
		set = regstore_put_profile(r->store, j->rq.impi, j->rq.impu, p, a->user_data,
					   a->user_data_len, a->origin_host, a->origin_realm,
					   a->wildcard);
		if (set == NULL && errno != EINVAL) {
			log_warn("registrar: cannot store the profile of %s: %s", j->rq.impi,
				 errno == EEXIST ? "its identities belong to two stored sets"
						 : "out of memory");
			reg_job_reply(j, 500, "Server Internal Error: cannot store the profile", NULL);
			return;
		}
		if (set == NULL) {
			log_warn("registrar: the profile of %s does not list %s", j->rq.impi,
				 j->rq.impu);
			reg_sar_fire_and_forget(r, j->rq.impi, NULL, j->rq.impu,
						CX_SAT_USER_DEREGISTRATION);
			reg_job_reply(j, 403, "Forbidden: identity not in the user profile", NULL);
			return;
		}
	}
	if (set == NULL) {
		log_warn("registrar: SAA for %s brought no profile", j->rq.impi);
		reg_job_reply(j, 500, "Server Internal Error: no user profile", NULL);
		return;
	}
	apply_contacts(j, set);
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
	if (cx_client_sar(r->cx, &sar, on_saa, j) != 0) {
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
		const rs_binding_t *b = regstore_find_binding(set, rq->contacts[i].key);

		if (b != NULL && b->callid != NULL && strcmp(b->callid, rq->callid) == 0 &&
		    rq->cseq <= b->cseq)
			return true;
	}
	return false;
}

static void fill_info(struct reg_job *j, const reg_contact_t *c, uint32_t expires,
		      rs_contact_info_t *info)
{
	memset(info, 0, sizeof(*info));
	info->key = c->key;
	info->uri = c->uri;
	info->display_name = c->display_name;
	info->params = c->params;
	info->nparams = c->nparams;
	info->instance = c->instance;
	info->has_reg_id = c->has_reg_id;
	info->reg_id = c->reg_id;
	info->q = c->q;
	info->callid = j->rq.callid;
	info->cseq = j->rq.cseq;
	info->path = (const char *const *)j->rq.path;
	info->npath = j->rq.npath;
	info->user_agent = j->rq.user_agent;
	info->impi = j->rq.impi;
	info->expires = expires;
	info->transport = (int)j->ctx.src.tp;
	info->source = j->ctx.src.addr;
	info->conn_id = j->ctx.src.conn_id;
	info->aor = j->rq.impu;
}

/* RFC 5627 §5: with Supported: gruu and +sip.instance, a public GRUU
 * (the AOR with gr=<instance URN>) and a temporary one (random user part). */
static void make_gruus(const registrar_t *r, const reg_request_t *rq, const reg_contact_t *c,
		       char *pub, size_t publen, char *tmp, size_t tmplen)
{
	char urn[256];
	uint8_t rnd[8];
	size_t n;

	pub[0] = tmp[0] = '\0';
	if (!rq->sup_gruu || c->instance == NULL || strncmp(rq->impu, "sip", 3) != 0)
		return;
	/* "<urn:uuid:...>" with its quotes and angle brackets off */
	snprintf(urn, sizeof(urn), "%s", c->instance);
	n = strlen(urn);
	if (n < 4 || urn[0] != '"' || urn[1] != '<' || urn[n - 1] != '"' || urn[n - 2] != '>')
		return;
	urn[n - 2] = '\0';
	if (uv_random(NULL, NULL, rnd, sizeof(rnd), 0, NULL) != 0)
		return;
	snprintf(pub, publen, "%s;gr=%s", rq->impu, urn + 2);
	snprintf(tmp, tmplen, "sip:tgruu.%02x%02x%02x%02x%02x%02x%02x%02x@%s;gr", rnd[0], rnd[1],
		 rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7], r->domain);
}

static uint32_t granted(const registrar_t *r, uint32_t asked)
{
	return asked > r->cfg.reg_max_expires ? r->cfg.reg_max_expires : asked;
}

/* Remove the binding key from impu's set, if there; the set goes with
 * its last binding (the store's listener then tells the HSS).  Returns the
 * set, or NULL once it is gone. */
static rs_set_t *unbind_key(registrar_t *r, const char *impu, const char *key)
{
	rs_set_t *set = regstore_find_impu(r->store, impu);
	rs_binding_t *b = set != NULL ? regstore_find_binding(set, key) : NULL;

	if (b != NULL)
		regstore_unbind(r->store, b, RE_CAUSE_UE_DEREGISTER, false);
	return regstore_find_impu(r->store, impu);
}

/* TS 24.229 §5.4.1.2.2: a new contact without reg-id from an IMPI that
 * already has one without reg-id replaces it (the UE moved).  Contacts of
 * the same REGISTER (same Call-ID and CSeq) all stay. */
static void replace_older(registrar_t *r, rs_set_t *set, const rs_binding_t *fresh)
{
	size_t i = 0;

	while (i < set->nbindings) {
		rs_binding_t *b = set->bindings[i];

		bool same_request = b->cseq == fresh->cseq && b->callid != NULL &&
				    fresh->callid != NULL && strcmp(b->callid, fresh->callid) == 0;

		if (b != fresh && !same_request && !b->has_reg_id && b->impi != NULL &&
		    fresh->impi != NULL && strcmp(b->impi, fresh->impi) == 0) {
			log_info("registrar: %s moved: %s replaces %s", fresh->impi, fresh->uri,
				 b->uri);
			regstore_unbind(r->store, b, RE_CAUSE_POLICY_EVICTION, true);
			continue; /* the array shifted */
		}
		i++;
	}
}

/* The SAA said yes: bind each contact with an expiry, then remove those
 * with expires 0. */
static void apply_contacts(struct reg_job *j, rs_set_t *set)
{
	registrar_t *r = j->r;
	size_t i;

	for (i = 0; i < j->rq.ncontacts; i++) {
		const reg_contact_t *c = &j->rq.contacts[i];
		uint32_t asked = reg_contact_expires(&j->rq, c, r->cfg.reg_default_expires);
		rs_contact_info_t info;
		rs_binding_t *b = NULL;
		char pub[512], tmp[256];

		if (asked == 0)
			continue;
		fill_info(j, c, granted(r, asked), &info);
		make_gruus(r, &j->rq, c, pub, sizeof(pub), tmp, sizeof(tmp));
		info.pub_gruu = pub[0] != '\0' ? pub : NULL;
		info.temp_gruu = tmp[0] != '\0' ? tmp : NULL;
		switch (regstore_bind(r->store, set, &info, reg_now(r), &b)) {
		case RS_OK_CREATED:
			if (!c->has_reg_id)
				replace_older(r, set, b);
			break;
		case RS_OK_REFRESHED:
			break;
		case RS_ERR_LIMIT:
			reg_arm_timer(r);
			reg_job_reply(j, 403, "Forbidden: too many registered contacts", NULL);
			return;
		case RS_ERR_INVALID:
			reg_arm_timer(r);
			reg_job_reply(j, 400, "Invalid Contact", NULL);
			return;
		case RS_ERR_NOMEM:
			reg_arm_timer(r);
			reg_job_reply(j, 500, "Server Internal Error: out of memory", NULL);
			return;
		}
	}
	for (i = 0; i < j->rq.ncontacts && set != NULL; i++)
		if (reg_contact_expires(&j->rq, &j->rq.contacts[i], r->cfg.reg_default_expires) == 0)
			set = unbind_key(r, j->rq.impu, j->rq.contacts[i].key);
	reg_arm_timer(r);
	r->stats.registered++;
	reg_job_ok(j, set);
}

/* De-REGISTER: remove what it names (everything for Contact: *) and
 * answer with what is left. */
static void deregister(struct reg_job *j, rs_set_t *set)
{
	registrar_t *r = j->r;
	size_t i;

	if (set != NULL && set->state == RS_SET_REGISTERED) {
		r->stats.deregistered++;
		if (j->rq.star) {
			while (set != NULL && set->nbindings > 0)
				set = unbind_key(r, j->rq.impu, set->bindings[0]->key);
		} else {
			for (i = 0; i < j->rq.ncontacts && set != NULL; i++)
				set = unbind_key(r, j->rq.impu, j->rq.contacts[i].key);
		}
	}
	reg_arm_timer(r);
	reg_job_ok(j, set != NULL && set->state == RS_SET_REGISTERED ? set : NULL);
}

/* Authenticated (or allowed without): check expiries, then de-register or
 * ask the HSS to assign us. */
static void registered_step(struct reg_job *j)
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

		if (!c->has_reg_id && regstore_find_binding(set, c->key) == NULL &&
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
		deregister(j, set);
		return;
	}
	assign(j);
}

/* ---- credentials ---- */

static void on_auth_failure(struct reg_job *j, const char *why)
{
	registrar_t *r = j->r;

	r->stats.auth_failures++;
	log_info("registrar: REGISTER of %s (IMPI %s): %s", j->rq.impu, j->rq.impi, why);
	reg_sar_fire_and_forget(r, j->rq.impi, NULL, j->rq.impu, CX_SAT_AUTHENTICATION_FAILURE);
	reg_job_reply(j, 403, "Forbidden: authentication failed", NULL);
}

static void check_credentials(struct reg_job *j)
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
		challenge(j, NULL);
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
		registered_step(j);
		return;
	case RA_STALE:
		j->stale = true;
		challenge(j, NULL);
		return;
	case RA_RESYNC:
		log_info("registrar: AKA resynchronisation for %s", j->rq.impi);
		reg_auth_forget(r->auth, c->nonce);
		challenge(j, resync);
		return;
	case RA_MISMATCH:
		if (c != NULL)
			reg_auth_forget(r->auth, c->nonce);
		on_auth_failure(j, "wrong credentials");
		return;
	}
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
	if (r->cx == NULL) {
		log_info("registrar: REGISTER of %s answered 500: no HSS configured ([diameter])",
			 j->rq.impu);
		reg_job_reply(j, 500, "Server Internal Error: no HSS configured", NULL);
		return;
	}
	if (may_skip_auth(r, &j->rq)) {
		j->auth_skipped = true;
		registered_step(j);
	}
	else if (j->rq.has_auth && (j->rq.auth.has_response || j->rq.auth.has_auts) &&
		 j->rq.auth.nonce[0] != '\0')
		check_credentials(j);
	else
		challenge(j, NULL);
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

registrar_t *registrar_new(uv_loop_t *loop, sip_core_t *core, cx_client_t *cx,
			   const registrar_config_t *cfg, const char *domain,
			   const char *server_name)
{
	registrar_t *r = calloc(1, sizeof(*r));
	const regstore_limits_t limits = {cfg->reg_max_bindings, cfg->reg_evict_oldest};

	if (r == NULL)
		return NULL;
	r->loop = loop;
	r->core = core;
	r->cx = cx;
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
	if (r->store == NULL || r->auth == NULL) {
		regstore_free(r->store);
		reg_auth_free(r->auth);
		free(r);
		return NULL;
	}
	uv_timer_init(loop, &r->timer);
	r->timer.data = r;
	reg_hss_attach(r);
	sip_core_set_supported(core, supported_tags);
	sip_core_set_handler(core, "REGISTER", on_register, r);
	return r;
}

static void free_registrar(uv_handle_t *h)
{
	registrar_t *r = h->data;

	regstore_free(r->store);
	reg_auth_free(r->auth);
	free(r);
}

void registrar_free(registrar_t *r)
{
	if (r == NULL)
		return;
	sip_core_set_handler(r->core, "REGISTER", NULL, NULL);
	reg_job_orphan_all(r);
	if (r->cx != NULL) {
		cx_client_on_rtr(r->cx, NULL, NULL);
		cx_client_on_ppr(r->cx, NULL, NULL);
	}
	uv_timer_stop(&r->timer);
	uv_close((uv_handle_t *)&r->timer, free_registrar);
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
