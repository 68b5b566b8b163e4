/*
 * reg_bind.c - the contacts of a REGISTER in the store: bound with their
 * granted expiry and GRUUs once the SAA said yes (a contact without reg-id
 * replaces the older one of its IMPI), removed for expires 0 or a
 * de-REGISTER; then the 200 OK with what is bound.  A contact names the
 * bindings of the REGISTER's IMPI that regstore_match() finds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uv.h> /* uv_random */

#include "scscf/base/hex.h"
#include "scscf/base/log.h"
#include "scscf/registrar/reg_internal.h"

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
	char urn[256], user[HEX_SIZE(8)];
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
	hex_encode(rnd, sizeof(rnd), user);
	snprintf(pub, publen, "%s;gr=%s", rq->impu, urn + 2);
	snprintf(tmp, tmplen, "sip:tgruu.%s@%s;gr", user, r->domain);
}

static uint32_t granted(const registrar_t *r, uint32_t asked)
{
	return asked > r->cfg.reg_max_expires ? r->cfg.reg_max_expires : asked;
}

rs_contact_ref_t reg_contact_ref(const reg_request_t *rq, const reg_contact_t *c)
{
	return (rs_contact_ref_t){.impi = rq->impi,
				  .uri = c->uri,
				  .instance = c->instance,
				  .has_reg_id = c->has_reg_id,
				  .reg_id = c->reg_id};
}

/* The key to bind c under: that of the binding of the REGISTER's IMPI
 * it names (a refresh), else its own, made unique in the set (another
 * IMPI may have bound the same URI).  NULL when none fits in buf. */
static const char *bind_key(const rs_set_t *set, const reg_request_t *rq, const reg_contact_t *c,
			    char *buf, size_t len)
{
	const rs_contact_ref_t ref = reg_contact_ref(rq, c);
	rs_binding_t *b = NULL;
	unsigned n;

	if (regstore_match(set, &ref, &b, 1) > 0)
		return b->key;
	if (regstore_find_binding(set, c->key) == NULL)
		return c->key;
	for (n = 1; n < 100; n++) {
		int w = snprintf(buf, len, "%s;impi=%s;%u", c->key, rq->impi, n);

		if (w < 0 || (size_t)w >= len)
			return NULL;
		if (regstore_find_binding(set, buf) == NULL)
			return buf;
	}
	return NULL;
}

/* Remove every binding of the REGISTER's IMPI in impu's set that the
 * contact names (or all of them for NULL: Contact *); the set goes with
 * its last binding (the store's listener then tells the HSS).  Returns the
 * set, or NULL once it is gone. */
static rs_set_t *unbind_named(registrar_t *r, const reg_request_t *rq, const reg_contact_t *c)
{
	rs_set_t *set = regstore_find_impu(r->store, rq->impu);
	rs_contact_ref_t ref = c != NULL ? reg_contact_ref(rq, c) : (rs_contact_ref_t){0};
	rs_binding_t *b = NULL;
	size_t i;

	while (set != NULL) {
		b = NULL;
		if (c != NULL) {
			regstore_match(set, &ref, &b, 1);
		} else {
			for (i = 0; i < set->nbindings && b == NULL; i++)
				if (strcmp(set->bindings[i]->impi, rq->impi) == 0)
					b = set->bindings[i];
		}
		if (b == NULL)
			break;
		regstore_unbind(r->store, b, RE_CAUSE_UE_DEREGISTER, false);
		set = regstore_find_impu(r->store, rq->impu);
	}
	return set;
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
void reg_bind_contacts(struct reg_job *j, rs_set_t *set)
{
	registrar_t *r = j->r;
	size_t i;

	for (i = 0; i < j->rq.ncontacts; i++) {
		const reg_contact_t *c = &j->rq.contacts[i];
		uint32_t asked = reg_contact_expires(&j->rq, c, r->cfg.reg_default_expires);
		rs_contact_info_t info;
		rs_binding_t *b = NULL;
		char pub[512], tmp[256], key[1024];

		if (asked == 0)
			continue;
		fill_info(j, c, granted(r, asked), &info);
		info.key = bind_key(set, &j->rq, c, key, sizeof(key));
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
			set = unbind_named(r, &j->rq, &j->rq.contacts[i]);
	reg_arm_timer(r);
	r->stats.registered++;
	reg_job_ok(j, set);
}

/* De-REGISTER: remove what it names (every binding of its IMPI for
 * Contact: *) and answer with what is left. */
void reg_unbind_contacts(struct reg_job *j, rs_set_t *set)
{
	registrar_t *r = j->r;
	size_t i;

	if (set != NULL && set->state == RS_SET_REGISTERED) {
		r->stats.deregistered++;
		if (j->rq.star)
			set = unbind_named(r, &j->rq, NULL);
		for (i = 0; i < j->rq.ncontacts && set != NULL; i++)
			set = unbind_named(r, &j->rq, &j->rq.contacts[i]);
	}
	reg_arm_timer(r);
	reg_job_ok(j, set != NULL && set->state == RS_SET_REGISTERED ? set : NULL);
}
