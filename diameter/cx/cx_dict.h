/*
 * cx_dict.h - the Cx application (TS 29.229) in freeDiameter's dictionary.
 *
 * cx_dict_define() adds the 3GPP vendor, the Cx application, commands
 * 300-305 and every AVP of TS 29.229 Table 6.3.0.1, plus the AVPs of other
 * vendors that Cx messages carry (the IETF Digest-* AVPs, Line-Identifier,
 * Framed-*, DRMP, overload control, Load).  An object that is already there
 * (because dict_dcca_3gpp.fdx or another extension was loaded) is kept when
 * it has the same code, vendor and type; a clash is an error.  Defining
 * every AVP matters: libfdcore 1.2.1 aborts on an M-bit AVP it cannot find.
 *
 * cx_dict_lookup() then finds every object this code uses by name and
 * vendor, as a user of any dictionary would, and fills cx_dict_t.  Both
 * return 0, or -1 after writing why into err.
 */
#ifndef DIAMETER_CX_DICT_H
#define DIAMETER_CX_DICT_H

#include <stddef.h>

struct dictionary;
struct dict_object;

#define CX_VENDOR_3GPP 10415u
#define CX_APP_ID 16777216u

enum { CX_CMD_UAR = 300, CX_CMD_SAR = 301, CX_CMD_LIR = 302, CX_CMD_MAR = 303,
       CX_CMD_RTR = 304, CX_CMD_PPR = 305 };

typedef struct {
	struct dict_object *vendor, *app;
	struct dict_object *mar, *maa, *sar, *saa, *rtr, *rta, *ppr, *ppa;
	/* base protocol */
	struct dict_object *session_id, *origin_host, *origin_realm, *dest_host, *dest_realm,
		*user_name, *auth_session_state, *vsai, *vendor_id, *auth_app_id, *result_code,
		*exp_result, *exp_result_code, *failed_avp;
	/* Cx */
	struct dict_object *public_identity, *server_name, *user_data, *num_auth_items,
		*auth_scheme, *sip_authenticate, *sip_authorization, *sip_auth_context,
		*auth_data_item, *item_number, *sat, *dereg_reason, *reason_code, *reason_info,
		*udaa, *ck, *ik, *associated_ids, *wildcarded_pi, *digest_authenticate,
		*supported_features, *feature_list_id, *feature_list;
	/* IETF Digest (vendor 0) */
	struct dict_object *digest_realm, *digest_qop, *digest_algorithm, *digest_ha1;
} cx_dict_t;

int cx_dict_define(struct dictionary *dict, char *err, size_t errlen);
int cx_dict_lookup(struct dictionary *dict, cx_dict_t *out, char *err, size_t errlen);

#endif
