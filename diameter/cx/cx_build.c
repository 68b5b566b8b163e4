/*
 * cx_build.c - the Cx messages the S-CSCF writes: MAR and SAR requests
 * (REFERENCE §3.3, AVPs in ABNF order) and the RTA / PPA answers.
 */
#include "config.h"

#include <string.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdcore.h>

#include "diameter/cx/cx_avp.h"
#include "diameter/cx/cx_msg.h"

#define AUTH_SESSION_NO_STATE 1

/* Vendor-Specific-Application-Id { Vendor-Id, Auth-Application-Id } and
 * Auth-Session-State = NO_STATE_MAINTAINED: every Cx message has both. */
static int add_app_header(const cx_dict_t *d, struct msg *m)
{
	struct avp *g = cxa_add_group(m, d->vsai);

	if (g == NULL || cxa_add_u32(g, d->vendor_id, CX_VENDOR_3GPP) == NULL ||
	    cxa_add_u32(g, d->auth_app_id, CX_APP_ID) == NULL ||
	    cxa_add_i32(m, d->auth_session_state, AUTH_SESSION_NO_STATE) == NULL)
		return -1;
	return 0;
}

/* Origin-Host and Origin-Realm from freeDiameter's configuration (added
 * here rather than with fd_msg_add_origin, which needs a started core). */
static int add_origin(const cx_dict_t *d, struct msg *m)
{
	if (fd_g_config == NULL || fd_g_config->cnf_diamid == NULL ||
	    fd_g_config->cnf_diamrlm == NULL ||
	    cxa_add_str(m, d->origin_host, fd_g_config->cnf_diamid) == NULL ||
	    cxa_add_str(m, d->origin_realm, fd_g_config->cnf_diamrlm) == NULL)
		return -1;
	return 0;
}

/* Session-Id, the application header, Origin-*, Destination-*. */
static struct msg *new_request(const cx_dict_t *d, struct dict_object *cmd,
			       const char *dest_realm, const char *dest_host)
{
	struct msg *m = NULL;

	if (fd_msg_new(cmd, MSGFL_ALLOC_ETEID, &m) != 0)
		return NULL;
	if (fd_msg_new_session(m, (os0_t) "cx", 2) != 0 || add_app_header(d, m) != 0 ||
	    add_origin(d, m) != 0 ||
	    (dest_host != NULL && dest_host[0] != '\0' &&
	     cxa_add_str(m, d->dest_host, dest_host) == NULL) ||
	    cxa_add_str(m, d->dest_realm, dest_realm) == NULL) {
		fd_msg_free(m);
		return NULL;
	}
	return m;
}

struct msg *cx_build_mar(const cx_dict_t *d, const cx_mar_t *r)
{
	struct msg *m = new_request(d, d->mar, r->dest_realm, r->dest_host);
	struct avp *item;

	if (m == NULL)
		return NULL;
	if (cxa_add_str(m, d->user_name, r->impi) == NULL ||
	    cxa_add_str(m, d->public_identity, r->impu) == NULL)
		goto fail;
	item = cxa_add_group(m, d->auth_data_item);
	if (item == NULL || cxa_add_str(item, d->auth_scheme, r->scheme) == NULL ||
	    (r->resync != NULL &&
	     cxa_add_os(item, d->sip_authorization, r->resync, CX_RESYNC_LEN) == NULL))
		goto fail;
	if (cxa_add_u32(m, d->num_auth_items, r->items > 0 ? r->items : 1) == NULL ||
	    cxa_add_str(m, d->server_name, r->server_name) == NULL)
		goto fail;
	return m;
fail:
	fd_msg_free(m);
	return NULL;
}

struct msg *cx_build_sar(const cx_dict_t *d, const cx_sar_t *r)
{
	struct msg *m = new_request(d, d->sar, r->dest_realm, r->dest_host);
	size_t i;

	if (m == NULL)
		return NULL;
	if (r->impi != NULL && cxa_add_str(m, d->user_name, r->impi) == NULL)
		goto fail;
	for (i = 0; i < r->nimpus; i++)
		if (cxa_add_str(m, d->public_identity, r->impus[i]) == NULL)
			goto fail;
	if ((r->wildcard != NULL && cxa_add_str(m, d->wildcarded_pi, r->wildcard) == NULL) ||
	    cxa_add_str(m, d->server_name, r->server_name) == NULL ||
	    cxa_add_i32(m, d->sat, (int32_t)r->type) == NULL ||
	    cxa_add_i32(m, d->udaa, r->user_data_available ? 1 : 0) == NULL)
		goto fail;
	return m;
fail:
	fd_msg_free(m);
	return NULL;
}

/* An AVP of the kind that was missing, with an empty value, for Failed-AVP
 * (RFC 6733 §7.5: "an example of the missing AVP"). */
static struct avp *make_example(struct dict_object *model)
{
	struct dict_avp_data info;
	union avp_value v;
	struct avp *a = NULL;

	if (fd_dict_getval(model, &info) != 0 || fd_msg_avp_new(model, 0, &a) != 0)
		return NULL;
	memset(&v, 0, sizeof(v));
	v.os.data = (uint8_t *)"";
	if (info.avp_basetype != AVP_TYPE_GROUPED && fd_msg_avp_setvalue(a, &v) != 0) {
		fd_msg_free(a);
		return NULL;
	}
	return a;
}

/* A copy of the offending AVP (its model and value) for Failed-AVP; NULL
 * when it has no model or value to copy. */
static struct avp *make_copy(struct avp *bad)
{
	struct dict_object *model = NULL;
	const union avp_value *v = cxa_value(bad);
	struct avp *a = NULL;

	if (fd_msg_model(bad, &model) != 0 || model == NULL || fd_msg_avp_new(model, 0, &a) != 0)
		return NULL;
	if (v != NULL && fd_msg_avp_setvalue(a, (union avp_value *)v) != 0) {
		fd_msg_free(a);
		return NULL;
	}
	return a;
}

/* Failed-AVP when there is something to put in it; the answer goes out
 * without one otherwise. */
static int add_failed(const cx_dict_t *d, struct msg *m, const cx_result_t *res)
{
	struct avp *inner = res->missing != NULL ? make_example(res->missing)
			    : res->bad != NULL	  ? make_copy(res->bad)
						  : NULL;
	struct avp *failed;

	if (inner == NULL)
		return 0;
	failed = cxa_add_group(m, d->failed_avp);
	if (failed == NULL || fd_msg_avp_add(failed, MSG_BRW_LAST_CHILD, inner) != 0) {
		fd_msg_free(inner);
		return -1;
	}
	return 0;
}

static int add_result(const cx_dict_t *d, struct msg *m, const cx_result_t *res)
{
	struct avp *g;

	if (!res->experimental)
		return cxa_add_u32(m, d->result_code, res->code) != NULL ? 0 : -1;
	g = cxa_add_group(m, d->exp_result);
	if (g == NULL || cxa_add_u32(g, d->vendor_id, CX_VENDOR_3GPP) == NULL ||
	    cxa_add_u32(g, d->exp_result_code, res->code) == NULL)
		return -1;
	return 0;
}

static int add_error_message(struct msg *m, const char *why)
{
	struct dictionary *dict = NULL;
	struct dict_object *model = NULL;

	if (fd_msg_model(m, &model) != 0 || model == NULL || fd_dict_getdict(model, &dict) != 0 ||
	    fd_dict_search(dict, DICT_AVP, AVP_BY_NAME, "Error-Message", &model, ENOENT) != 0)
		return -1;
	return cxa_add_str(m, model, why) != NULL ? 0 : -1;
}

int cx_make_answer(const cx_dict_t *d, struct msg **req, const cx_result_t *res,
		   const char *const *assoc, size_t nassoc)
{
	struct dictionary *dict = NULL;
	struct msg *m;
	size_t i;

	if (fd_dict_getdict(d->app, &dict) != 0 || fd_msg_new_answer_from_req(dict, req, 0) != 0)
		return -1;
	m = *req;
	if (add_app_header(d, m) != 0 || add_result(d, m, res) != 0 ||
	    add_origin(d, m) != 0)
		return -1;
	if (res->why != NULL && add_error_message(m, res->why) != 0)
		return -1;
	if (add_failed(d, m, res) != 0)
		return -1;
	if (nassoc > 0) {
		struct avp *g = cxa_add_group(m, d->associated_ids);

		if (g == NULL)
			return -1;
		for (i = 0; i < nassoc; i++)
			if (cxa_add_str(g, d->user_name, assoc[i]) == NULL)
				return -1;
	}
	return 0;
}
