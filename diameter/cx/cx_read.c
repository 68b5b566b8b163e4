/*
 * cx_read.c - reading the Cx messages the S-CSCF receives: MAA and SAA
 * answers, RTR and PPR requests (REFERENCE §3.3, §3.6, §8).
 *
 * Everything kept is copied out of the message.  Sizes are bounded: an
 * identity up to MAX_ID bytes, User-Data up to MAX_USER_DATA, at most
 * MAX_LIST identities in a list; what is over is left out (answers) or
 * refused (requests).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/cx/cx_avp.h"
#include "diameter/cx/cx_msg.h"
#include "scscf/base/strv.h"

#define MAX_ID 1024
#define MAX_USER_DATA (1024 * 1024)
#define MAX_LIST 1024

/* base protocol codes (vendor 0) */
enum { A_USER_NAME = 1, A_RESULT_CODE = 268, A_ORIGIN_HOST = 264, A_ORIGIN_REALM = 296,
       A_EXP_RESULT = 297, A_EXP_RESULT_CODE = 298, A_DIGEST_REALM = 104, A_DIGEST_QOP = 110,
       A_DIGEST_ALGORITHM = 111, A_DIGEST_HA1 = 121 };
/* Cx codes (vendor 10415) */
enum { C_PUBLIC_IDENTITY = 601, C_USER_DATA = 606, C_AUTH_SCHEME = 608, C_AUTHENTICATE = 609,
       C_AUTHORIZATION = 610, C_AUTH_DATA_ITEM = 612, C_ITEM_NUMBER = 613,
       C_DEREG_REASON = 615, C_REASON_CODE = 616, C_REASON_INFO = 617, C_CHARGING = 618,
       C_CK = 625, C_IK = 626, C_ASSOCIATED_IDS = 632, C_WILDCARDED_PI = 634,
       C_DIGEST_AUTHENTICATE = 635, C_LOOSE_ROUTE = 638, C_RTR_FLAGS = 659 };
#define V CX_VENDOR_3GPP

static char *str_of(msg_or_avp *parent, unsigned code, unsigned vendor)
{
	return cxa_strdup(cxa_first(parent, code, vendor), MAX_ID);
}

static void read_status(struct msg *m, cx_status_t *s)
{
	struct avp *a = cxa_first(m, A_RESULT_CODE, 0);
	uint32_t code;

	memset(s, 0, sizeof(*s));
	if (a != NULL && cxa_u32(a, &code)) {
		s->code = code;
		return;
	}
	a = cxa_first(m, A_EXP_RESULT, 0);
	if (a != NULL && cxa_u32(cxa_first(a, A_EXP_RESULT_CODE, 0), &code)) {
		s->experimental = true;
		s->code = code;
		return;
	}
	s->local = CX_LOCAL_BAD_ANSWER;
}

/* Copies a list of string AVPs; false when one is unreadable or the list
 * is longer than MAX_LIST. */
static bool read_list(msg_or_avp *parent, unsigned code, unsigned vendor, char ***out,
		      size_t *n)
{
	size_t count = cxa_count(parent, code, vendor), i = 0;
	struct avp *a;

	*out = NULL;
	*n = 0;
	if (count == 0)
		return true;
	if (count > MAX_LIST || (*out = calloc(count, sizeof(char *))) == NULL)
		return false;
	for (a = cxa_first(parent, code, vendor); a != NULL; a = cxa_next(a, code, vendor)) {
		char *s = cxa_strdup(a, MAX_ID);

		if (s == NULL || s[0] == '\0') {
			free(s);
			*n = i;
			return false;
		}
		(*out)[i++] = s;
	}
	*n = i;
	return true;
}

/* Copies a string AVP into a fixed buffer; false when absent or too long. */
static bool copy_into(struct avp *a, char *buf, size_t cap)
{
	char *s = cxa_strdup(a, cap - 1);

	if (s == NULL)
		return false;
	strcpy(buf, s);
	free(s);
	return true;
}

static bool fixed_bytes(struct avp *a, uint8_t *dst, size_t want)
{
	size_t n = 0;
	const uint8_t *p = cxa_bytes(a, &n);

	if (p == NULL || n != want)
		return false;
	memcpy(dst, p, n);
	return true;
}

static bool is_hex(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* SIP-Digest-Authenticate: Digest-Realm and Digest-HA1 needed; FHoSS
 * leaves out QoP and Algorithm (REFERENCE §8.1). */
static bool read_digest(struct avp *g, cx_auth_item_t *it)
{
	it->kind = CX_ITEM_DIGEST;
	if (!copy_into(cxa_first(g, A_DIGEST_REALM, 0), it->realm, sizeof(it->realm)) ||
	    !copy_into(cxa_first(g, A_DIGEST_HA1, 0), it->ha1, sizeof(it->ha1)) ||
	    !is_hex(it->ha1, 32, 64))
		return false;
	if (!copy_into(cxa_first(g, A_DIGEST_QOP, 0), it->qop, sizeof(it->qop)) ||
	    it->qop[0] == '\0')
		strcpy(it->qop, "auth");
	if (!copy_into(cxa_first(g, A_DIGEST_ALGORITHM, 0), it->algorithm,
		       sizeof(it->algorithm)) ||
	    it->algorithm[0] == '\0')
		strcpy(it->algorithm, "MD5");
	return true;
}

/* AKA: RAND‖AUTN (32 octets), XRES (4..16), CK and IK (16 each). */
static bool read_aka(struct avp *item, cx_auth_item_t *it)
{
	size_t n = 0;
	const uint8_t *ra = cxa_bytes(cxa_first(item, C_AUTHENTICATE, V), &n);
	const uint8_t *xres;

	it->kind = CX_ITEM_AKA;
	if (ra == NULL || n != 32)
		return false;
	memcpy(it->rand, ra, 16);
	memcpy(it->autn, ra + 16, 16);
	xres = cxa_bytes(cxa_first(item, C_AUTHORIZATION, V), &n);
	if (xres == NULL || n < 4 || n > 16)
		return false;
	memcpy(it->xres, xres, n);
	it->xres_len = n;
	return fixed_bytes(cxa_first(item, C_CK, V), it->ck, 16) &&
	       fixed_bytes(cxa_first(item, C_IK, V), it->ik, 16);
}

static bool read_item(struct avp *item, cx_auth_item_t *it)
{
	struct avp *dig = cxa_first(item, C_DIGEST_AUTHENTICATE, V);
	uint32_t num = 0;

	memset(it, 0, sizeof(*it));
	if (cxa_u32(cxa_first(item, C_ITEM_NUMBER, V), &num))
		it->item_number = num;
	copy_into(cxa_first(item, C_AUTH_SCHEME, V), it->scheme, sizeof(it->scheme));
	if (dig != NULL)
		return read_digest(dig, it);
	if (cxa_first(item, C_AUTHENTICATE, V) != NULL)
		return read_aka(item, it);
	return false; /* NASS-Bundled, GIBA, legacy Digest-MD5: not served */
}

static int by_item_number(const void *a, const void *b)
{
	const cx_auth_item_t *x = a, *y = b;

	return x->item_number < y->item_number ? -1 : x->item_number > y->item_number;
}

void cx_read_maa(const cx_dict_t *d, struct msg *m, cx_maa_t *out)
{
	size_t count, i;
	struct avp *a;

	(void)d;
	memset(out, 0, sizeof(*out));
	read_status(m, &out->status);
	out->user_name = str_of(m, A_USER_NAME, 0);
	out->public_identity = str_of(m, C_PUBLIC_IDENTITY, V);
	out->origin_host = str_of(m, A_ORIGIN_HOST, 0);
	out->origin_realm = str_of(m, A_ORIGIN_REALM, 0);
	count = cxa_count(m, C_AUTH_DATA_ITEM, V);
	if (count == 0)
		return;
	if (count > CX_MAX_AUTH_ITEMS) {
		out->nskipped = count - CX_MAX_AUTH_ITEMS;
		count = CX_MAX_AUTH_ITEMS;
	}
	out->items = calloc(count, sizeof(*out->items));
	if (out->items == NULL)
		return;
	i = 0;
	for (a = cxa_first(m, C_AUTH_DATA_ITEM, V); a != NULL && i < count;
	     a = cxa_next(a, C_AUTH_DATA_ITEM, V)) {
		if (read_item(a, &out->items[out->nitems]))
			out->nitems++;
		else
			out->nskipped++;
		i++;
	}
	/* "used lowest number first"; qsort is not stable, but equal numbers
	 * only come from a broken HSS and any order of them is as good */
	qsort(out->items, out->nitems, sizeof(*out->items), by_item_number);
}

void cx_maa_clear(cx_maa_t *a)
{
	free(a->user_name);
	free(a->public_identity);
	free(a->origin_host);
	free(a->origin_realm);
	if (a->items != NULL) {
		/* the vectors are secrets */
		memset(a->items, 0, a->nitems * sizeof(*a->items));
		free(a->items);
	}
	memset(a, 0, sizeof(*a));
}

void cx_read_saa(const cx_dict_t *d, struct msg *m, cx_saa_t *out)
{
	struct avp *a;
	int32_t lr = 0;

	(void)d;
	memset(out, 0, sizeof(*out));
	read_status(m, &out->status);
	out->user_name = str_of(m, A_USER_NAME, 0);
	out->origin_host = str_of(m, A_ORIGIN_HOST, 0);
	out->origin_realm = str_of(m, A_ORIGIN_REALM, 0);
	out->wildcard = str_of(m, C_WILDCARDED_PI, V);
	a = cxa_first(m, C_USER_DATA, V);
	if (a != NULL) {
		size_t n = 0;
		const uint8_t *p = cxa_bytes(a, &n);

		if (p != NULL && n <= MAX_USER_DATA && (out->user_data = malloc(n + 1)) != NULL) {
			memcpy(out->user_data, p, n);
			out->user_data[n] = '\0';
			out->user_data_len = n;
		}
	}
	a = cxa_first(m, C_ASSOCIATED_IDS, V);
	if (a != NULL && !read_list(a, A_USER_NAME, 0, &out->assoc, &out->nassoc)) {
		strv_free(out->assoc, out->nassoc);
		out->assoc = NULL;
		out->nassoc = 0;
	}
	if (cxa_i32(cxa_first(m, C_LOOSE_ROUTE, V), &lr))
		out->loose_route = lr == 1;
}

void cx_saa_clear(cx_saa_t *a)
{
	free(a->user_name);
	free(a->origin_host);
	free(a->origin_realm);
	free(a->user_data);
	free(a->wildcard);
	strv_free(a->assoc, a->nassoc);
	memset(a, 0, sizeof(*a));
}

static bool refuse_missing(cx_result_t *r, struct dict_object *what, const char *why)
{
	memset(r, 0, sizeof(*r));
	r->code = CX_DIAMETER_MISSING_AVP;
	r->missing = what;
	r->why = why;
	return false;
}

static bool refuse_bad(cx_result_t *r, struct avp *bad, const char *why)
{
	memset(r, 0, sizeof(*r));
	r->code = CX_DIAMETER_INVALID_AVP_VALUE;
	r->bad = bad;
	r->why = why;
	return false;
}

/* User-Name: present, readable, not empty. */
static bool read_user_name(const cx_dict_t *d, struct msg *m, char **out, cx_result_t *r)
{
	struct avp *a = cxa_first(m, A_USER_NAME, 0);

	if (a == NULL)
		return refuse_missing(r, d->user_name, "User-Name is missing");
	*out = cxa_strdup(a, MAX_ID);
	if (*out == NULL || (*out)[0] == '\0')
		return refuse_bad(r, a, "User-Name is empty or unreadable");
	return true;
}

bool cx_read_rtr(const cx_dict_t *d, struct msg *m, cx_rtr_t *out, cx_result_t *r)
{
	struct avp *reason, *code, *assoc;
	int32_t rc = -1;

	memset(out, 0, sizeof(*out));
	if (!read_user_name(d, m, &out->user_name, r))
		goto refused;
	reason = cxa_first(m, C_DEREG_REASON, V);
	if (reason == NULL) {
		refuse_missing(r, d->dereg_reason, "Deregistration-Reason is missing");
		goto refused;
	}
	code = cxa_first(reason, C_REASON_CODE, V);
	if (code == NULL) {
		refuse_missing(r, d->reason_code, "Reason-Code is missing");
		goto refused;
	}
	if (!cxa_i32(code, &rc) || rc < 0 || rc > 3) {
		refuse_bad(r, code, "Reason-Code is not 0 to 3");
		goto refused;
	}
	out->reason_code = rc;
	out->reason_info = str_of(reason, C_REASON_INFO, V);
	if (!read_list(m, C_PUBLIC_IDENTITY, V, &out->impus, &out->nimpus)) {
		refuse_bad(r, cxa_first(m, C_PUBLIC_IDENTITY, V),
			   "a Public-Identity is empty or unreadable, or there are too many");
		goto refused;
	}
	assoc = cxa_first(m, C_ASSOCIATED_IDS, V);
	if (assoc != NULL && !read_list(assoc, A_USER_NAME, 0, &out->assoc, &out->nassoc)) {
		refuse_bad(r, assoc, "an Associated-Identities User-Name is unreadable");
		goto refused;
	}
	cxa_u32(cxa_first(m, C_RTR_FLAGS, V), &out->rtr_flags);
	out->origin_host = str_of(m, A_ORIGIN_HOST, 0);
	out->origin_realm = str_of(m, A_ORIGIN_REALM, 0);
	return true;
refused:
	cx_rtr_clear(out);
	return false;
}

void cx_rtr_clear(cx_rtr_t *r)
{
	free(r->user_name);
	strv_free(r->assoc, r->nassoc);
	strv_free(r->impus, r->nimpus);
	free(r->reason_info);
	free(r->origin_host);
	free(r->origin_realm);
	memset(r, 0, sizeof(*r));
}

bool cx_read_ppr(const cx_dict_t *d, struct msg *m, cx_ppr_t *out, cx_result_t *r)
{
	struct avp *a;

	memset(out, 0, sizeof(*out));
	if (!read_user_name(d, m, &out->user_name, r))
		goto refused;
	a = cxa_first(m, C_USER_DATA, V);
	if (a != NULL) {
		size_t n = 0;
		const uint8_t *p = cxa_bytes(a, &n);

		if (p == NULL || n == 0 || n > MAX_USER_DATA) {
			refuse_bad(r, a, "User-Data is empty, unreadable or too big");
			goto refused;
		}
		out->user_data = malloc(n + 1);
		if (out->user_data == NULL) {
			refuse_bad(r, a, "out of memory");
			goto refused;
		}
		memcpy(out->user_data, p, n);
		out->user_data[n] = '\0';
		out->user_data_len = n;
	}
	a = cxa_first(m, C_AUTH_DATA_ITEM, V);
	if (a != NULL) {
		if (!read_item(a, &out->auth_item) || out->auth_item.kind != CX_ITEM_DIGEST) {
			refuse_bad(r, a, "SIP-Auth-Data-Item carries no usable SIP-Digest-Authenticate");
			goto refused;
		}
		out->has_auth_item = true;
	}
	out->has_charging = cxa_first(m, C_CHARGING, V) != NULL;
	out->origin_host = str_of(m, A_ORIGIN_HOST, 0);
	out->origin_realm = str_of(m, A_ORIGIN_REALM, 0);
	return true;
refused:
	cx_ppr_clear(out);
	return false;
}

void cx_ppr_clear(cx_ppr_t *r)
{
	free(r->user_name);
	free(r->user_data);
	free(r->origin_host);
	free(r->origin_realm);
	memset(r, 0, sizeof(*r));
}
