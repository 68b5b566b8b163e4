/*
 * hss_sar.c - the Server-Assignment-Request handler: registration state,
 * the S-CSCF's name and Diameter identity, and the profile download
 * (TS 29.228 §6.1.2, TS 29.229 §6.1.3).
 *
 * As strict as FHoSS (REFERENCE §8.1): a SAR without
 * Vendor-Specific-Application-Id, Auth-Session-State, Origin-Host,
 * Origin-Realm, Destination-Realm, Server-Name, Server-Assignment-Type or
 * User-Data-Already-Available gets DIAMETER_MISSING_AVP with that AVP in
 * Failed-AVP; several Public-Identity AVPs on a type that is not a
 * de-registration get DIAMETER_AVP_OCCURS_TOO_MANY_TIMES.  The state
 * changes per type are listed in doc/HSS-SIM.md.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"

#include "hss_avp.h"
#include "hss_cx.h"
#include "hss_history.h"
#include "hss_state.h"

#define ID_MAX 1024
#define MAX_IMPUS 32 /* Public-Identity AVPs looked at; more are ignored */
#define MAX_ASSOC 16 /* Associated-Identities listed */

enum sat {
	NO_ASSIGNMENT = 0,
	REGISTRATION = 1,
	RE_REGISTRATION = 2,
	UNREGISTERED_USER = 3,
	TIMEOUT_DEREGISTRATION = 4,
	USER_DEREGISTRATION = 5,
	TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME = 6,
	USER_DEREGISTRATION_STORE_SERVER_NAME = 7,
	ADMINISTRATIVE_DEREGISTRATION = 8,
	AUTHENTICATION_FAILURE = 9,
	AUTHENTICATION_TIMEOUT = 10,
	DEREGISTRATION_TOO_MUCH_DATA = 11,
	SAT_LAST_CX = 11, /* 12-14 are SWx only */
	SAT_LAST = 14,
};

static const char *const sat_names[] = {
	"NO_ASSIGNMENT", "REGISTRATION", "RE_REGISTRATION", "UNREGISTERED_USER",
	"TIMEOUT_DEREGISTRATION", "USER_DEREGISTRATION",
	"TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME", "USER_DEREGISTRATION_STORE_SERVER_NAME",
	"ADMINISTRATIVE_DEREGISTRATION", "AUTHENTICATION_FAILURE", "AUTHENTICATION_TIMEOUT",
	"DEREGISTRATION_TOO_MUCH_DATA", "AAA_USER_DATA_REQUEST", "PGW_UPDATE", "RESTORATION",
};

const char *hss_sat_name(int sat)
{
	return sat >= 0 && sat <= SAT_LAST ? sat_names[sat] : NULL;
}

static bool is_dereg(int32_t sat)
{
	switch (sat) {
	case TIMEOUT_DEREGISTRATION:
	case USER_DEREGISTRATION:
	case TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME:
	case USER_DEREGISTRATION_STORE_SERVER_NAME:
	case ADMINISTRATIVE_DEREGISTRATION:
	case DEREGISTRATION_TOO_MUCH_DATA:
		return true;
	default:
		return false;
	}
}

typedef struct {
	char impi[ID_MAX], origin_host[ID_MAX], origin_realm[ID_MAX], server[ID_MAX],
		wild[ID_MAX];
	bool has_impi, has_wild, has_sat;
	int32_t sat, udaa;
	char impus[MAX_IMPUS][ID_MAX];
	size_t nimpus;  /* read (at most MAX_IMPUS) */
	size_t npublic; /* Public-Identity AVPs in the request */
	/* the first problem met while reading */
	bool bad;
	hss_result_t res;
	struct dict_object *failed_model;
	struct avp *failed_avp;
} sar_req_t;

typedef struct {
	hss_result_t res;
	struct dict_object *failed_model;
	struct avp *failed_avp;
	char impi[ID_MAX];         /* the user served, "" when none */
	char *user_data;           /* malloc'd copy to send, or NULL */
	size_t user_data_len;
	char wild[ID_MAX];         /* Wildcarded-Public-Identity to echo, "" when none */
	char assoc[MAX_ASSOC][ID_MAX]; /* other IMPIs sharing the IMPU */
	size_t nassoc;
} saa_t;

static void problem(sar_req_t *r, uint32_t code, struct dict_object *model, struct avp *a)
{
	if (r->bad)
		return;
	r->bad = true;
	r->res.code = code;
	r->res.experimental = false;
	r->failed_model = model;
	r->failed_avp = a;
}

/* A string AVP: 1 read, 0 absent (5005 when mandatory), -1 unreadable (5004). */
static int get_str(sar_req_t *r, struct dict_object *model, bool mandatory, struct msg *m,
		   char *buf, size_t len)
{
	struct avp *a = hss_find(m, model);

	if (a == NULL) {
		if (mandatory)
			problem(r, HSS_DIAMETER_MISSING_AVP, model, NULL);
		return 0;
	}
	if (hss_get_str(a, buf, len) != 0) {
		problem(r, HSS_DIAMETER_INVALID_AVP_VALUE, model, a);
		return -1;
	}
	return 1;
}

static void need(sar_req_t *r, struct msg *m, struct dict_object *model)
{
	if (hss_find(m, model) == NULL)
		problem(r, HSS_DIAMETER_MISSING_AVP, model, NULL);
}

static void read_sar(struct msg *m, sar_req_t *r)
{
	struct avp *a, *second = NULL;

	/* presence first, in the order FHoSS checks them */
	need(r, m, hss_dict.vsai);
	need(r, m, hss_dict.auth_session_state);
	get_str(r, hss_dict.origin_host, true, m, r->origin_host, sizeof(r->origin_host));
	get_str(r, hss_dict.origin_realm, true, m, r->origin_realm, sizeof(r->origin_realm));
	need(r, m, hss_dict.dest_realm);
	get_str(r, hss_dict.server_name, true, m, r->server, sizeof(r->server));
	a = hss_find(m, hss_dict.sat);
	if (a == NULL)
		problem(r, HSS_DIAMETER_MISSING_AVP, hss_dict.sat, NULL);
	else if (hss_get_i32(a, &r->sat) != 0)
		problem(r, HSS_DIAMETER_INVALID_AVP_VALUE, hss_dict.sat, a);
	else
		r->has_sat = true;
	a = hss_find(m, hss_dict.udaa);
	if (a == NULL)
		problem(r, HSS_DIAMETER_MISSING_AVP, hss_dict.udaa, NULL);
	else if (hss_get_i32(a, &r->udaa) != 0)
		problem(r, HSS_DIAMETER_INVALID_AVP_VALUE, hss_dict.udaa, a);
	/* then the identities */
	r->has_impi =
		get_str(r, hss_dict.user_name, false, m, r->impi, sizeof(r->impi)) == 1;
	r->has_wild =
		get_str(r, hss_dict.wildcarded_pi, false, m, r->wild, sizeof(r->wild)) == 1;
	for (a = hss_find(m, hss_dict.public_identity); a != NULL;
	     a = hss_find_next(a, hss_dict.public_identity)) {
		if (++r->npublic == 2)
			second = a;
		if (r->nimpus == MAX_IMPUS)
			continue;
		if (hss_get_str(a, r->impus[r->nimpus], ID_MAX) != 0)
			problem(r, HSS_DIAMETER_INVALID_AVP_VALUE, hss_dict.public_identity, a);
		else
			r->nimpus++;
	}
	if (r->has_sat && (r->sat < 0 || r->sat > SAT_LAST))
		problem(r, HSS_DIAMETER_INVALID_AVP_VALUE, hss_dict.sat, hss_find(m, hss_dict.sat));
	if (r->has_sat && !is_dereg(r->sat) && r->npublic > 1)
		problem(r, HSS_DIAMETER_AVP_OCCURS_TOO_MANY_TIMES, hss_dict.public_identity, second);
	if (r->has_sat && !is_dereg(r->sat) && r->npublic == 0 && !r->has_wild)
		problem(r, HSS_DIAMETER_MISSING_AVP, hss_dict.public_identity, NULL);
	if (r->has_sat && is_dereg(r->sat) && r->npublic == 0 && !r->has_impi)
		problem(r, HSS_DIAMETER_MISSING_AVP, hss_dict.user_name, NULL);
}

static void fail_exp(saa_t *a, uint32_t code)
{
	a->res.code = code;
	a->res.experimental = true;
}

static int copy_user_data(const hss_user_t *u, saa_t *a)
{
	a->user_data = malloc(u->sub->user_data_len + 1);
	if (a->user_data == NULL)
		return -1;
	memcpy(a->user_data, u->sub->user_data, u->sub->user_data_len);
	a->user_data_len = u->sub->user_data_len;
	return 0;
}

/* The other IMPIs whose implicit set holds the identity (shared IMPUs). */
static void find_associated(const hss_user_t *u, const char *impu, saa_t *a)
{
	size_t i;
	long at;

	for (i = 0; i < hss_user_count() && a->nassoc < MAX_ASSOC; i++) {
		const hss_user_t *o = hss_user_at(i);

		if (o == u)
			continue;
		at = hss_user_impu_index(o, impu);
		if (at >= 0 && !hss_user_impu(o, (size_t)at)->is_wildcard)
			snprintf(a->assoc[a->nassoc++], ID_MAX, "%s", o->sub->impi);
	}
}

/* Which user, and where in its set the identity the SAR names is. */
static hss_user_t *resolve(const sar_req_t *r, saa_t *a, long *first_index)
{
	const char *key = r->nimpus > 0 ? r->impus[0] : r->has_wild ? r->wild : NULL;
	hss_user_t *u;
	size_t idx = 0, i;
	long at;

	*first_index = -1;
	if (r->has_impi) {
		u = hss_user_by_impi(r->impi);
		if (u == NULL) {
			fail_exp(a, HSS_ERROR_USER_UNKNOWN);
			return NULL;
		}
		for (i = 0; i < r->nimpus; i++) {
			at = hss_user_impu_index(u, r->impus[i]);
			if (at < 0 && i == 0 && r->has_wild)
				at = hss_user_impu_index(u, r->wild);
			if (at < 0) {
				fail_exp(a, HSS_ERROR_IDENTITIES_DONT_MATCH);
				return NULL;
			}
			if (i == 0)
				*first_index = at;
		}
		if (r->nimpus == 0 && r->has_wild)
			*first_index = hss_user_impu_index(u, r->wild);
		return u;
	}
	u = key != NULL ? hss_user_by_impu(key, &idx) : NULL;
	if (u == NULL && r->nimpus > 0 && r->has_wild)
		u = hss_user_by_impu(r->wild, &idx);
	if (u == NULL) {
		fail_exp(a, HSS_ERROR_USER_UNKNOWN);
		return NULL;
	}
	*first_index = (long)idx;
	return u;
}

/* With the state locked: the state change and what the answer carries. */
static void decide(const sar_req_t *r, saa_t *a)
{
	const ud_public_identity_t *id = NULL;
	bool send_data = false;
	hss_user_t *u;
	long at;
	size_t i;

	a->res.code = HSS_DIAMETER_SUCCESS;
	a->res.experimental = false;
	if (r->sat > SAT_LAST_CX)
		return fail_exp(a, HSS_ERROR_IN_ASSIGNMENT_TYPE);
	u = resolve(r, a, &at);
	if (u == NULL)
		return;
	snprintf(a->impi, sizeof(a->impi), "%s", u->sub->impi);
	if (at >= 0)
		id = hss_user_impu(u, (size_t)at);
	switch (r->sat) {
	case REGISTRATION:
	case RE_REGISTRATION:
		if (hss_user_set_server(u, r->server) != 0 ||
		    hss_user_set_scscf(u, r->origin_host, r->origin_realm) != 0)
			goto oom;
		hss_user_set_all(u, HSS_REGISTERED);
		send_data = r->sat == REGISTRATION || r->udaa == 0;
		break;
	case UNREGISTERED_USER:
		if (hss_user_set_server(u, r->server) != 0 ||
		    hss_user_set_scscf(u, r->origin_host, r->origin_realm) != 0)
			goto oom;
		for (i = 0; i < u->nreg; i++)
			if (u->reg[i] == HSS_NOT_REGISTERED)
				u->reg[i] = HSS_UNREGISTERED;
		send_data = true;
		break;
	case TIMEOUT_DEREGISTRATION:
	case USER_DEREGISTRATION:
	case ADMINISTRATIVE_DEREGISTRATION:
	case DEREGISTRATION_TOO_MUCH_DATA:
		/* the whole document is one implicit set: every IMPU goes */
		hss_user_set_all(u, HSS_NOT_REGISTERED);
		hss_user_set_server(u, NULL);
		break;
	case TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME:
	case USER_DEREGISTRATION_STORE_SERVER_NAME:
		hss_user_set_all(u, HSS_NOT_REGISTERED);
		break;
	case NO_ASSIGNMENT:
		send_data = true;
		break;
	default: /* AUTHENTICATION_FAILURE, AUTHENTICATION_TIMEOUT: no change */
		break;
	}
	if (send_data && copy_user_data(u, a) != 0)
		goto oom;
	if (id != NULL && id->is_wildcard)
		snprintf(a->wild, sizeof(a->wild), "%s", r->has_wild ? r->wild : id->wildcard);
	if (!is_dereg(r->sat) && id != NULL && !id->is_wildcard)
		find_associated(u, id->identity, a);
	return;
oom:
	a->res.code = HSS_DIAMETER_UNABLE_TO_COMPLY;
	a->res.experimental = false;
}

static int write_saa(struct msg *ans, const saa_t *a)
{
	struct avp *g;
	size_t i;
	int rc = hss_answer_head(ans, a->res);

	if (rc == 0 && a->impi[0] != '\0')
		rc = hss_add_str(ans, hss_dict.user_name, a->impi);
	if (rc == 0 && a->user_data != NULL)
		rc = hss_add_os(ans, hss_dict.user_data, (const uint8_t *)a->user_data,
				a->user_data_len);
	if (rc == 0 && a->nassoc > 0) {
		rc = hss_add_group(ans, hss_dict.associated_ids, &g);
		for (i = 0; rc == 0 && i < a->nassoc; i++)
			rc = hss_add_str(g, hss_dict.user_name, a->assoc[i]);
	}
	if (rc == 0 && a->wild[0] != '\0')
		rc = hss_add_str(ans, hss_dict.wildcarded_pi, a->wild);
	if (rc == 0 && a->failed_model != NULL)
		rc = hss_add_failed_avp(ans, a->failed_model, a->failed_avp);
	return rc;
}

/* "sip:a,sip:b" for the history line. */
static void join_impus(const sar_req_t *r, char *out, size_t len)
{
	char f[128];
	size_t i, off = 0;
	int n;

	out[0] = '\0';
	for (i = 0; i < r->nimpus && off < len; i++) {
		n = snprintf(out + off, len - off, "%s%s", i > 0 ? "," : "",
			     hss_field(r->impus[i], f, sizeof(f)));
		if (n < 0)
			break;
		off += (size_t)n;
	}
	if (r->nimpus == 0)
		snprintf(out, len, "%s", hss_field(r->has_wild ? r->wild : NULL, f, sizeof(f)));
}

int hss_on_sar(struct msg **msg, struct avp *avp, struct session *sess, void *opaque,
	       enum disp_action *act)
{
	char f_impi[128], f_impus[256], f_res[32], f_sat[48];
	const char *satname;
	sar_req_t *r;
	saa_t *a;
	int rc;

	(void)avp, (void)sess, (void)opaque;
	r = calloc(1, sizeof(*r));
	a = calloc(1, sizeof(*a));
	if (r == NULL || a == NULL) {
		free(r);
		free(a);
		return ENOMEM;
	}
	read_sar(*msg, r);
	if (r->bad) {
		a->res = r->res;
		a->failed_model = r->failed_model;
		a->failed_avp = r->failed_avp;
	} else {
		hss_state_lock();
		decide(r, a);
		hss_state_unlock();
	}
	rc = fd_msg_new_answer_from_req(fd_g_config->cnf_dict, msg, 0);
	if (rc == 0)
		rc = write_saa(*msg, a);
	satname = r->has_sat ? hss_sat_name(r->sat) : NULL;
	if (!r->has_sat)
		snprintf(f_sat, sizeof(f_sat), "-");
	else if (satname == NULL)
		snprintf(f_sat, sizeof(f_sat), "SAT-%d", (int)r->sat);
	else
		snprintf(f_sat, sizeof(f_sat), "%s", satname);
	hss_field(r->has_impi ? r->impi : NULL, f_impi, sizeof(f_impi));
	join_impus(r, f_impus, sizeof(f_impus));
	hss_result_field(a->res, f_res, sizeof(f_res));
	hss_history_add("SAR %s %s %s %s", f_impi, f_impus, f_sat, f_res);
	log_info("SAR %s %s %s from %s -> %s%s", f_impi, f_impus, f_sat,
		 r->origin_host[0] != '\0' ? r->origin_host : "-", f_res,
		 a->user_data != NULL ? " with User-Data" : "");
	free(a->user_data);
	free(a);
	free(r);
	if (rc != 0) {
		log_error("SAR: cannot build the answer (error %d)", rc);
		return rc;
	}
	*act = DISP_ACT_SEND;
	return 0;
}
