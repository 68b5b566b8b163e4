/*
 * hss_mar.c - the Multimedia-Auth-Request handler: from a MAR to the MAA
 * with AKA vectors or a SIP Digest HA1 (TS 29.228 §6.3, TS 29.229 §6.1.7;
 * the result codes are listed in doc/HSS-SIM.md).
 *
 * Three steps: read the request into a plain struct (the first problem met
 * decides a 5005/5004 answer), decide with the state locked (IMPI, IMPU,
 * scheme, resync, SQN, vectors), write the answer.  AKA SQNs are handed
 * out from the subscriber's counter in steps of its sqn-step (32 by
 * default: TS 33.102 Annex C's SEQ advanced by one with IND = 0); a resync
 * sets the counter to the SQN_MS the AUTS carries first.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gcrypt.h>

#include "diameter/crypto/aka.h"
#include "diameter/crypto/digest.h"
#include "diameter/crypto/milenage.h"
#include "scscf/base/log.h"

#include "hss_avp.h"
#include "hss_cx.h"
#include "hss_history.h"
#include "hss_state.h"

#define ID_MAX 1024
#define MAX_AKA_ITEMS 5

typedef struct {
	char impi[ID_MAX], impu[ID_MAX], scheme[64];
	uint32_t nitems;        /* as requested; 0 when absent */
	const uint8_t *authz;   /* SIP-Authorization of the item (resync), or NULL */
	size_t authz_len;
	struct avp *authz_avp;
	/* the first problem met while reading */
	bool bad;
	hss_result_t res;
	struct dict_object *failed_model;
	struct avp *failed_avp;
} mar_req_t;

typedef struct {
	hss_result_t res;
	struct dict_object *failed_model;
	struct avp *failed_avp;
	unsigned scheme;        /* HSS_SCHEME_* served */
	unsigned nitems;
	unsigned item_base;
	struct aka_vector v[MAX_AKA_ITEMS];
	char realm[ID_MAX + 1];
	char ha1[DIGEST_HEX_SIZE];
	hss_digest_style_t style;
} maa_t;

static void problem(mar_req_t *r, uint32_t code, struct dict_object *model, struct avp *a)
{
	if (r->bad)
		return;
	r->bad = true;
	r->res.code = code;
	r->res.experimental = false;
	r->failed_model = model;
	r->failed_avp = a;
}

/* A mandatory string AVP of parent into buf (5005 when absent, 5004 when
 * unreadable or too long). */
static void need_str(mar_req_t *r, void *parent, struct dict_object *model, char *buf,
		     size_t len)
{
	struct avp *a = hss_find(parent, model);

	if (a == NULL)
		problem(r, HSS_DIAMETER_MISSING_AVP, model, NULL);
	else if (hss_get_str(a, buf, len) != 0)
		problem(r, HSS_DIAMETER_INVALID_AVP_VALUE, model, a);
}

static void read_mar(struct msg *m, mar_req_t *r)
{
	struct avp *item;

	need_str(r, m, hss_dict.user_name, r->impi, sizeof(r->impi));
	need_str(r, m, hss_dict.public_identity, r->impu, sizeof(r->impu));
	item = hss_find(m, hss_dict.auth_data_item);
	if (item == NULL) {
		problem(r, HSS_DIAMETER_MISSING_AVP, hss_dict.auth_data_item, NULL);
	} else {
		need_str(r, item, hss_dict.auth_scheme, r->scheme, sizeof(r->scheme));
		r->authz_avp = hss_find(item, hss_dict.sip_authorization);
		if (r->authz_avp != NULL)
			r->authz = hss_get_os(r->authz_avp, &r->authz_len);
	}
	if (hss_get_u32(hss_find(m, hss_dict.num_auth_items), &r->nitems) != 0)
		r->nitems = 0;
}

static void fail_exp(maa_t *a, uint32_t code)
{
	a->res.code = code;
	a->res.experimental = true;
}

static void fail_base(maa_t *a, uint32_t code, struct dict_object *model, struct avp *avp)
{
	a->res.code = code;
	a->res.experimental = false;
	a->failed_model = model;
	a->failed_avp = avp;
}

/* AKA: resync when asked, then n vectors from the SQN counter. */
static void decide_aka(const mar_req_t *r, hss_user_t *u, maa_t *a)
{
	hss_subscriber_t *s = u->sub;
	uint64_t sqn_ms, first;
	unsigned i, n;
	uint8_t rand[AKA_RAND_LEN];
	int rc;

	if (r->authz != NULL) {
		if (r->authz_len != AKA_RESYNC_LEN) {
			fail_base(a, HSS_DIAMETER_INVALID_AVP_VALUE, hss_dict.sip_authorization,
				  r->authz_avp);
			return;
		}
		rc = aka_resync_sip(s->k, u->opc, r->authz, &sqn_ms);
		if (rc != AKA_OK) {
			log_warn("MAR %s: AUTS does not verify (MAC-S), resync refused", s->impi);
			fail_base(a, HSS_DIAMETER_AUTHORIZATION_REJECTED, NULL, NULL);
			return;
		}
		log_info("MAR %s: resync, SQN %012llx -> SQN_MS %012llx", s->impi,
			 (unsigned long long)s->sqn, (unsigned long long)sqn_ms);
		s->sqn = sqn_ms;
	}
	n = r->nitems == 0 ? 1 : r->nitems > MAX_AKA_ITEMS ? MAX_AKA_ITEMS : r->nitems;
	if (s->sqn > AKA_SQN_MAX - (uint64_t)n * s->sqn_step) {
		log_error("MAR %s: the SQN space is used up", s->impi);
		fail_base(a, HSS_DIAMETER_UNABLE_TO_COMPLY, NULL, NULL);
		return;
	}
	first = s->sqn + s->sqn_step;
	for (i = 0; i < n; i++) {
		gcry_randomize(rand, sizeof(rand), GCRY_STRONG_RANDOM);
		if (aka_vector_make(s->k, u->opc, first + i * s->sqn_step, s->amf, rand,
				    &a->v[i]) != AKA_OK) {
			fail_base(a, HSS_DIAMETER_UNABLE_TO_COMPLY, NULL, NULL);
			return;
		}
	}
	s->sqn = first + (uint64_t)(n - 1) * s->sqn_step;
	a->nitems = n;
	a->item_base = s->item_base;
}

static void decide_digest(hss_user_t *u, maa_t *a)
{
	hss_subscriber_t *s = u->sub;

	if (s->password == NULL || s->realm == NULL ||
	    digest_ha1(s->impi, s->realm, s->password, a->ha1) != 0) {
		fail_base(a, HSS_DIAMETER_UNABLE_TO_COMPLY, NULL, NULL);
		return;
	}
	snprintf(a->realm, sizeof(a->realm), "%s", s->realm);
	a->style = s->digest_style;
	a->nitems = 1;
}

/* With the state locked. */
static void decide(const mar_req_t *r, maa_t *a)
{
	hss_user_t *u;
	unsigned scheme;

	a->res.code = HSS_DIAMETER_SUCCESS;
	a->res.experimental = false;
	u = hss_user_by_impi(r->impi);
	if (u == NULL)
		return fail_exp(a, HSS_ERROR_USER_UNKNOWN);
	if (hss_user_impu_index(u, r->impu) < 0)
		return fail_exp(a, HSS_ERROR_IDENTITIES_DONT_MATCH);
	if (strcasecmp(r->scheme, "Unknown") == 0)
		scheme = u->sub->default_scheme;
	else
		scheme = hss_scheme_from_cx(r->scheme, strlen(r->scheme));
	if (scheme == 0 || !(u->sub->schemes & scheme))
		return fail_exp(a, HSS_ERROR_AUTH_SCHEME_NOT_SUPPORTED);
	a->scheme = scheme;
	if (scheme == HSS_SCHEME_AKA)
		decide_aka(r, u, a);
	else
		decide_digest(u, a);
}

static int write_aka_items(struct msg *ans, const maa_t *a)
{
	struct avp *g;
	unsigned i;
	int rc = 0;

	for (i = 0; i < a->nitems && rc == 0; i++) {
		rc = hss_add_group(ans, hss_dict.auth_data_item, &g);
		if (rc == 0)
			rc = hss_add_u32(g, hss_dict.item_number, a->item_base + i);
		if (rc == 0)
			rc = hss_add_str(g, hss_dict.auth_scheme, "Digest-AKAv1-MD5");
		if (rc == 0)
			rc = hss_add_os(g, hss_dict.sip_authenticate, a->v[i].sip_authenticate,
					AKA_SIP_AUTH_LEN);
		if (rc == 0)
			rc = hss_add_os(g, hss_dict.sip_authorization, a->v[i].xres, AKA_RES_LEN);
		if (rc == 0)
			rc = hss_add_os(g, hss_dict.ck, a->v[i].ck, AKA_KEY_LEN);
		if (rc == 0)
			rc = hss_add_os(g, hss_dict.ik, a->v[i].ik, AKA_KEY_LEN);
	}
	return rc;
}

static int write_digest_item(struct msg *ans, const maa_t *a)
{
	struct avp *g, *d;
	int rc;

	rc = hss_add_group(ans, hss_dict.auth_data_item, &g);
	if (rc == 0)
		rc = hss_add_str(g, hss_dict.auth_scheme, "SIP Digest");
	if (rc == 0)
		rc = hss_add_group(g, hss_dict.digest_authenticate, &d);
	if (rc == 0)
		rc = hss_add_str(d, hss_dict.digest_realm, a->realm);
	if (rc == 0 && a->style == HSS_DIGEST_STANDARD) {
		rc = hss_add_str(d, hss_dict.digest_algorithm, "MD5");
		if (rc == 0)
			rc = hss_add_str(d, hss_dict.digest_qop, "auth");
	}
	if (rc == 0)
		rc = hss_add_str(d, hss_dict.digest_ha1, a->ha1);
	return rc;
}

static int write_maa(struct msg *ans, const mar_req_t *r, const maa_t *a)
{
	int rc = hss_answer_head(ans, a->res);

	if (rc == 0 && r->impi[0] != '\0')
		rc = hss_add_str(ans, hss_dict.user_name, r->impi);
	if (rc == 0 && r->impu[0] != '\0')
		rc = hss_add_str(ans, hss_dict.public_identity, r->impu);
	if (rc == 0 && a->res.code == HSS_DIAMETER_SUCCESS && !a->res.experimental) {
		rc = hss_add_u32(ans, hss_dict.num_auth_items, a->nitems);
		if (rc == 0)
			rc = a->scheme == HSS_SCHEME_AKA ? write_aka_items(ans, a)
							 : write_digest_item(ans, a);
	}
	if (rc == 0 && a->failed_model != NULL)
		rc = hss_add_failed_avp(ans, a->failed_model, a->failed_avp);
	return rc;
}

int hss_on_mar(struct msg **msg, struct avp *avp, struct session *sess, void *opaque,
	       enum disp_action *act)
{
	char f_impi[128], f_impu[128], f_scheme[64], f_res[32], *p;
	mar_req_t *r;
	maa_t *a;
	int rc;

	(void)avp, (void)sess, (void)opaque;
	r = calloc(1, sizeof(*r));
	a = calloc(1, sizeof(*a));
	if (r == NULL || a == NULL) {
		free(r);
		free(a);
		return ENOMEM;
	}
	read_mar(*msg, r);
	if (r->bad) {
		a->res = r->res;
		a->failed_model = r->failed_model;
		a->failed_avp = r->failed_avp;
	} else {
		hss_state_lock();
		decide(r, a);
		hss_state_unlock();
	}
	/* the request stays alive (attached to the answer) until it is sent */
	rc = fd_msg_new_answer_from_req(fd_g_config->cnf_dict, msg, 0);
	if (rc == 0)
		rc = write_maa(*msg, r, a);
	hss_field(r->impi, f_impi, sizeof(f_impi));
	hss_field(r->impu, f_impu, sizeof(f_impu));
	/* "SIP Digest" is one field: SIP-Digest, as the subscriber file spells it */
	for (p = r->scheme; *p != '\0'; p++)
		if (*p == ' ')
			*p = '-';
	hss_field(r->scheme, f_scheme, sizeof(f_scheme));
	hss_result_field(a->res, f_res, sizeof(f_res));
	hss_history_add("MAR %s %s %s items=%u resync=%s %s", f_impi, f_impu, f_scheme,
			(unsigned)r->nitems, r->authz != NULL ? "yes" : "no", f_res);
	log_info("MAR %s %s %s items=%u resync=%s -> %s (%u item%s)", f_impi, f_impu, f_scheme,
		 (unsigned)r->nitems, r->authz != NULL ? "yes" : "no", f_res, a->nitems,
		 a->nitems == 1 ? "" : "s");
	cxcrypto_wipe(a, sizeof(*a));
	free(a);
	free(r);
	if (rc != 0) {
		log_error("MAR: cannot build the answer (error %d)", rc);
		return rc;
	}
	*act = DISP_ACT_SEND;
	return 0;
}
