/*
 * hss_avp.h - reading and writing the AVPs of Cx messages on freeDiameter
 * for hss-sim: typed adders (with the M bit set where TS 29.229 Table
 * 6.3.0.1 and RFC 4590 set it), a bounded string reader, the result AVPs
 * (Result-Code, Experimental-Result, Failed-AVP) and the header every Cx
 * answer starts with.  No state: the dictionary objects come from the
 * cx_dict_t filled at start-up (hss_dict).
 */
#ifndef HSS_SIM_HSS_AVP_H
#define HSS_SIM_HSS_AVP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdcore.h>

#include "diameter/cx/cx_dict.h"

/* The Cx dictionary objects; filled once by main before any traffic. */
extern cx_dict_t hss_dict;

/* Base protocol result codes used here (RFC 6733 §7.1). */
enum {
	HSS_DIAMETER_SUCCESS = 2001,
	HSS_DIAMETER_UNABLE_TO_DELIVER = 3002,
	HSS_DIAMETER_AUTHORIZATION_REJECTED = 5003,
	HSS_DIAMETER_INVALID_AVP_VALUE = 5004,
	HSS_DIAMETER_MISSING_AVP = 5005,
	HSS_DIAMETER_AVP_OCCURS_TOO_MANY_TIMES = 5009,
	HSS_DIAMETER_UNABLE_TO_COMPLY = 5012,
};

/* Cx Experimental-Result-Codes (vendor 10415, TS 29.229 §6.2). */
enum {
	HSS_ERROR_USER_UNKNOWN = 5001,
	HSS_ERROR_IDENTITIES_DONT_MATCH = 5002,
	HSS_ERROR_IN_ASSIGNMENT_TYPE = 5007,
	HSS_ERROR_AUTH_SCHEME_NOT_SUPPORTED = 5006,
};

/* An outcome: the number and the AVP that carries it. */
typedef struct {
	uint32_t code;
	bool experimental; /* Experimental-Result (vendor 10415) instead of Result-Code */
} hss_result_t;

/* --- adding ---------------------------------------------------------------- */

/* parent is a struct msg * or a grouped struct avp *; each returns 0 or an
 * errno value. */
int hss_add_str(void *parent, struct dict_object *model, const char *s);
int hss_add_os(void *parent, struct dict_object *model, const uint8_t *p, size_t n);
int hss_add_u32(void *parent, struct dict_object *model, uint32_t v);
int hss_add_i32(void *parent, struct dict_object *model, int32_t v);
/* An empty grouped AVP added to parent; its children go into *out. */
int hss_add_group(void *parent, struct dict_object *model, struct avp **out);
/* Vendor-Specific-Application-Id { Vendor-Id 10415, Auth-Application-Id Cx } */
int hss_add_vsai(void *parent);

/*
 * The head of a Cx answer, after the Session-Id that
 * fd_msg_new_answer_from_req copied: Vendor-Specific-Application-Id, the
 * result, Auth-Session-State NO_STATE_MAINTAINED, Origin-Host and
 * Origin-Realm.
 */
int hss_answer_head(struct msg *ans, hss_result_t r);

/*
 * Failed-AVP holding one AVP of model's kind: a copy of the value of
 * offending (the AVP received) when given and not grouped, else an empty
 * value of the right type (RFC 6733 §7.5 for a missing AVP).
 */
int hss_add_failed_avp(struct msg *ans, struct dict_object *model, struct avp *offending);

/* --- reading --------------------------------------------------------------- */

/* The first child of parent (message or grouped AVP) of this model, or NULL. */
struct avp *hss_find(void *parent, struct dict_object *model);
/* The next sibling after a of the same model, or NULL. */
struct avp *hss_find_next(struct avp *a, struct dict_object *model);
/* How many top-level (or group-level) AVPs of model parent has. */
size_t hss_count(void *parent, struct dict_object *model);

/* The value of an OctetString-based AVP as a C string: 0, or -1 when it
 * has no value, holds a NUL or needs more than len bytes with its NUL. */
int hss_get_str(struct avp *a, char *buf, size_t len);
/* The raw bytes (pointer into the message) or NULL; *n gets the length. */
const uint8_t *hss_get_os(struct avp *a, size_t *n);
int hss_get_u32(struct avp *a, uint32_t *v);
int hss_get_i32(struct avp *a, int32_t *v);

/* The dictionary name of a's model ("?" when unknown). */
const char *hss_avp_name(struct avp *a);
const char *hss_model_name(struct dict_object *model);

/*
 * The result of an answer: Result-Code when present, else the code of
 * Experimental-Result.  0 found, -1 when neither is there.
 */
int hss_get_result(struct msg *ans, hss_result_t *r);

/* "result=2001" (Result-Code) or "exp-result=5001" (Experimental-Result),
 * for log and history lines.  Returns buf. */
const char *hss_result_field(hss_result_t r, char *buf, size_t len);

#endif
