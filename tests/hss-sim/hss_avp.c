/*
 * hss_avp.c - AVP helpers for hss-sim (see hss_avp.h).
 */
#include "config.h"

#include "hss_avp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

cx_dict_t hss_dict;

/* Whether TS 29.229 Table 6.3.0.1 (3GPP codes 600-626 and 633) or RFC 4590
 * (Digest-*) set the M bit; the project's dictionary leaves M free so that
 * peers differing on it are accepted, so the sender decides here. */
static int new_avp(struct dict_object *model, struct avp **out)
{
	*out = NULL;
	if (model == NULL)
		return EINVAL;
	/* the M bit comes from the dictionary (diameter/cx_dict.c) */
	return fd_msg_avp_new(model, 0, out);
}

/* Set the value and append a to parent; frees a on failure. */
static int attach(void *parent, struct avp *a, union avp_value *v)
{
	int rc = 0;

	if (v != NULL)
		rc = fd_msg_avp_setvalue(a, v);
	if (rc == 0)
		rc = fd_msg_avp_add(parent, MSG_BRW_LAST_CHILD, a);
	if (rc != 0)
		fd_msg_free(a);
	return rc;
}

int hss_add_os(void *parent, struct dict_object *model, const uint8_t *p, size_t n)
{
	union avp_value v;
	struct avp *a;
	int rc = new_avp(model, &a);

	if (rc != 0)
		return rc;
	memset(&v, 0, sizeof(v));
	v.os.data = (uint8_t *)p;
	v.os.len = n;
	return attach(parent, a, &v);
}

int hss_add_str(void *parent, struct dict_object *model, const char *s)
{
	return hss_add_os(parent, model, (const uint8_t *)s, strlen(s));
}

int hss_add_u32(void *parent, struct dict_object *model, uint32_t val)
{
	union avp_value v;
	struct avp *a;
	int rc = new_avp(model, &a);

	if (rc != 0)
		return rc;
	memset(&v, 0, sizeof(v));
	v.u32 = val;
	return attach(parent, a, &v);
}

int hss_add_i32(void *parent, struct dict_object *model, int32_t val)
{
	union avp_value v;
	struct avp *a;
	int rc = new_avp(model, &a);

	if (rc != 0)
		return rc;
	memset(&v, 0, sizeof(v));
	v.i32 = val;
	return attach(parent, a, &v);
}

int hss_add_group(void *parent, struct dict_object *model, struct avp **out)
{
	int rc = new_avp(model, out);

	if (rc != 0)
		return rc;
	rc = attach(parent, *out, NULL);
	if (rc != 0)
		*out = NULL;
	return rc;
}

int hss_add_vsai(void *parent)
{
	struct avp *g;
	int rc = hss_add_group(parent, hss_dict.vsai, &g);

	if (rc == 0)
		rc = hss_add_u32(g, hss_dict.vendor_id, CX_VENDOR_3GPP);
	if (rc == 0)
		rc = hss_add_u32(g, hss_dict.auth_app_id, CX_APP_ID);
	return rc;
}

int hss_answer_head(struct msg *ans, hss_result_t r)
{
	struct avp *g;
	int rc = hss_add_vsai(ans);

	if (rc == 0 && !r.experimental)
		rc = hss_add_u32(ans, hss_dict.result_code, r.code);
	if (rc == 0 && r.experimental) {
		rc = hss_add_group(ans, hss_dict.exp_result, &g);
		if (rc == 0)
			rc = hss_add_u32(g, hss_dict.vendor_id, CX_VENDOR_3GPP);
		if (rc == 0)
			rc = hss_add_u32(g, hss_dict.exp_result_code, r.code);
	}
	if (rc == 0)
		rc = hss_add_i32(ans, hss_dict.auth_session_state, 1); /* NO_STATE_MAINTAINED */
	if (rc == 0)
		rc = fd_msg_add_origin(ans, 0);
	return rc;
}

int hss_add_failed_avp(struct msg *ans, struct dict_object *model, struct avp *offending)
{
	struct dict_avp_data data;
	struct avp_hdr *h = NULL;
	union avp_value v;
	struct avp *f, *a;
	int rc;

	if (model == NULL || fd_dict_getval(model, &data) != 0)
		return EINVAL;
	rc = hss_add_group(ans, hss_dict.failed_avp, &f);
	if (rc != 0)
		return rc;
	/* an empty Vendor-Specific-Application-Id breaks the base dictionary's
	 * rule (Vendor-Id required) at the receiver: send the Cx one */
	if (model == hss_dict.vsai)
		return hss_add_vsai(f);
	rc = new_avp(model, &a);
	if (rc != 0)
		return rc;
	if (data.avp_basetype == AVP_TYPE_GROUPED)
		return attach(f, a, NULL);
	memset(&v, 0, sizeof(v));
	if (offending != NULL && fd_msg_avp_hdr(offending, &h) == 0 && h->avp_value != NULL)
		v = *h->avp_value; /* setvalue copies octet strings */
	return attach(f, a, &v);
}

/* --- reading --------------------------------------------------------------- */

static struct avp *scan(struct avp *a, struct dict_object *model)
{
	struct dict_object *m;

	while (a != NULL) {
		if (fd_msg_model(a, &m) == 0 && m == model)
			return a;
		if (fd_msg_browse(a, MSG_BRW_NEXT, &a, NULL) != 0)
			return NULL;
	}
	return NULL;
}

struct avp *hss_find(void *parent, struct dict_object *model)
{
	struct avp *a = NULL;

	if (parent == NULL || model == NULL ||
	    fd_msg_browse(parent, MSG_BRW_FIRST_CHILD, &a, NULL) != 0)
		return NULL;
	return scan(a, model);
}

struct avp *hss_find_next(struct avp *a, struct dict_object *model)
{
	struct avp *n = NULL;

	if (a == NULL || fd_msg_browse(a, MSG_BRW_NEXT, &n, NULL) != 0)
		return NULL;
	return scan(n, model);
}

size_t hss_count(void *parent, struct dict_object *model)
{
	struct avp *a;
	size_t n = 0;

	for (a = hss_find(parent, model); a != NULL; a = hss_find_next(a, model))
		n++;
	return n;
}

const uint8_t *hss_get_os(struct avp *a, size_t *n)
{
	struct avp_hdr *h;

	*n = 0;
	if (a == NULL || fd_msg_avp_hdr(a, &h) != 0 || h->avp_value == NULL)
		return NULL;
	*n = h->avp_value->os.len;
	return h->avp_value->os.data != NULL ? h->avp_value->os.data : (const uint8_t *)"";
}

int hss_get_str(struct avp *a, char *buf, size_t len)
{
	const uint8_t *p;
	size_t n;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	p = hss_get_os(a, &n);
	if (p == NULL || n >= len || memchr(p, '\0', n) != NULL)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 0;
}

int hss_get_u32(struct avp *a, uint32_t *v)
{
	struct avp_hdr *h;

	if (a == NULL || fd_msg_avp_hdr(a, &h) != 0 || h->avp_value == NULL)
		return -1;
	*v = h->avp_value->u32;
	return 0;
}

int hss_get_i32(struct avp *a, int32_t *v)
{
	struct avp_hdr *h;

	if (a == NULL || fd_msg_avp_hdr(a, &h) != 0 || h->avp_value == NULL)
		return -1;
	*v = h->avp_value->i32;
	return 0;
}

const char *hss_model_name(struct dict_object *model)
{
	struct dict_avp_data data;

	if (model == NULL || fd_dict_getval(model, &data) != 0 || data.avp_name == NULL)
		return "?";
	return data.avp_name;
}

const char *hss_avp_name(struct avp *a)
{
	struct dict_object *m = NULL;

	if (a == NULL || fd_msg_model(a, &m) != 0)
		return "?";
	return hss_model_name(m);
}

int hss_get_result(struct msg *ans, hss_result_t *r)
{
	struct avp *a;
	uint32_t v;

	a = hss_find(ans, hss_dict.result_code);
	if (a != NULL && hss_get_u32(a, &v) == 0) {
		r->code = v;
		r->experimental = false;
		return 0;
	}
	a = hss_find(ans, hss_dict.exp_result);
	if (a != NULL && hss_get_u32(hss_find(a, hss_dict.exp_result_code), &v) == 0) {
		r->code = v;
		r->experimental = true;
		return 0;
	}
	return -1;
}

const char *hss_result_field(hss_result_t r, char *buf, size_t len)
{
	snprintf(buf, len, "%s=%u", r.experimental ? "exp-result" : "result", (unsigned)r.code);
	return buf;
}
