/*
 * cx_msg.h - the Cx messages the S-CSCF sends and receives, as C values.
 *
 * Building: MAR and SAR requests (TS 29.229 §6.1.3, §6.1.8 / REFERENCE
 * §3.3), RTA and PPA answers.  Reading: MAA, SAA, RTR, PPR, into plain
 * structs that own copies of what they keep, so the message can be freed
 * at once.  Reading is lenient about what real HSSs add or leave out
 * (REFERENCE §8) and strict about what the S-CSCF relies on: an RTR or PPR
 * without what it needs is refused with the base error and the AVP named in
 * Failed-AVP, and an answer's vectors are checked for length before use.
 *
 * No function here touches libuv or any S-CSCF state; the reading
 * functions need only a parsed message, so the fuzz target drives them.
 */
#ifndef DIAMETER_CX_MSG_H
#define DIAMETER_CX_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diameter/cx/cx_dict.h"

struct msg;
struct avp;

/* ---- outcome of a request ---- */

typedef enum {
	CX_LOCAL_NONE = 0,   /* an answer arrived: see code */
	CX_LOCAL_TIMEOUT,    /* no answer within the request's timeout */
	CX_LOCAL_SEND,       /* freeDiameter refused to send it */
	CX_LOCAL_SHUTDOWN,   /* the client stopped first */
	CX_LOCAL_BAD_ANSWER, /* an answer came, but without a usable result */
} cx_local_t;

typedef struct {
	cx_local_t local;
	bool experimental; /* the code came in Experimental-Result (vendor 10415) */
	unsigned code;     /* Result-Code or Experimental-Result-Code */
} cx_status_t;

/* Base and Cx codes used by name in the code. */
enum {
	CX_DIAMETER_SUCCESS = 2001,
	CX_DIAMETER_UNABLE_TO_DELIVER = 3002,
	CX_DIAMETER_AUTHORIZATION_REJECTED = 5003,
	CX_DIAMETER_INVALID_AVP_VALUE = 5004,
	CX_DIAMETER_MISSING_AVP = 5005,
	CX_DIAMETER_UNABLE_TO_COMPLY = 5012,
	/* Experimental-Result-Code, vendor 10415 */
	CX_FIRST_REGISTRATION = 2001,
	CX_SUBSEQUENT_REGISTRATION = 2002,
	CX_UNREGISTERED_SERVICE = 2003,
	CX_SUCCESS_SERVER_NAME_NOT_STORED = 2004,
	CX_ERROR_USER_UNKNOWN = 5001,
	CX_ERROR_IDENTITIES_DONT_MATCH = 5002,
	CX_ERROR_IDENTITY_NOT_REGISTERED = 5003,
	CX_ERROR_ROAMING_NOT_ALLOWED = 5004,
	CX_ERROR_IDENTITY_ALREADY_REGISTERED = 5005,
	CX_ERROR_AUTH_SCHEME_NOT_SUPPORTED = 5006,
	CX_ERROR_IN_ASSIGNMENT_TYPE = 5007,
	CX_ERROR_TOO_MUCH_DATA = 5008,
	CX_ERROR_NOT_SUPPORTED_USER_DATA = 5009,
};

/* A 2xxx code in an answer. */
bool cx_status_ok(const cx_status_t *s);
/* e.g. "Experimental-Result 5001 DIAMETER_ERROR_USER_UNKNOWN", "timeout" */
const char *cx_status_str(const cx_status_t *s, char *buf, size_t len);

/* ---- MAR / MAA ---- */

#define CX_SCHEME_AKA "Digest-AKAv1-MD5"
#define CX_SCHEME_DIGEST "SIP Digest"
#define CX_SCHEME_UNKNOWN "Unknown"
#define CX_RESYNC_LEN 30 /* RAND ‖ AUTS */
#define CX_MAX_AUTH_ITEMS 16

typedef struct {
	const char *impi, *impu;
	const char *scheme; /* CX_SCHEME_*, or another Cx scheme name */
	unsigned items;     /* SIP-Number-Auth-Items wanted */
	const uint8_t *resync; /* CX_RESYNC_LEN bytes, or NULL */
	const char *server_name;
	const char *dest_realm, *dest_host; /* dest_host may be NULL */
} cx_mar_t;

typedef struct {
	unsigned item_number;
	char scheme[48];
	enum { CX_ITEM_AKA, CX_ITEM_DIGEST } kind;
	/* AKA */
	uint8_t rand[16], autn[16], xres[16], ck[16], ik[16];
	size_t xres_len;
	/* SIP Digest (REFERENCE §3.6): QoP "auth" and algorithm "MD5" when absent */
	char realm[256], qop[32], algorithm[32], ha1[65];
} cx_auth_item_t;

typedef struct {
	cx_status_t status;
	char *user_name, *public_identity, *origin_host, *origin_realm;
	cx_auth_item_t *items; /* usable items, by SIP-Item-Number */
	size_t nitems;
	size_t nskipped; /* items left out: malformed or of another scheme */
} cx_maa_t;

/* ---- SAR / SAA ---- */

typedef enum {
	CX_SAT_NO_ASSIGNMENT = 0,
	CX_SAT_REGISTRATION = 1,
	CX_SAT_RE_REGISTRATION = 2,
	CX_SAT_UNREGISTERED_USER = 3,
	CX_SAT_TIMEOUT_DEREGISTRATION = 4,
	CX_SAT_USER_DEREGISTRATION = 5,
	CX_SAT_TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME = 6,
	CX_SAT_USER_DEREGISTRATION_STORE_SERVER_NAME = 7,
	CX_SAT_ADMINISTRATIVE_DEREGISTRATION = 8,
	CX_SAT_AUTHENTICATION_FAILURE = 9,
	CX_SAT_AUTHENTICATION_TIMEOUT = 10,
	CX_SAT_DEREGISTRATION_TOO_MUCH_DATA = 11,
} cx_sat_t;

const char *cx_sat_name(cx_sat_t t);

typedef struct {
	const char *impi; /* NULL for UNREGISTERED_USER without one */
	const char *const *impus;
	size_t nimpus;
	const char *wildcard; /* Wildcarded-Public-Identity, or NULL */
	cx_sat_t type;
	bool user_data_available; /* User-Data-Already-Available */
	const char *server_name;
	const char *dest_realm, *dest_host;
} cx_sar_t;

typedef struct {
	cx_status_t status;
	char *user_name, *origin_host, *origin_realm;
	char *user_data; /* the IMSSubscription document, NUL added; or NULL */
	size_t user_data_len;
	char **assoc; /* Associated-Identities/User-Name */
	size_t nassoc;
	char *wildcard; /* Wildcarded-Public-Identity */
	bool loose_route; /* Loose-Route-Indication = LOOSE_ROUTE_REQUIRED */
} cx_saa_t;

/* ---- RTR / PPR, and what is answered ---- */

typedef struct {
	bool experimental;
	unsigned code;
	struct dict_object *missing; /* 5005: the AVP kind for Failed-AVP */
	struct avp *bad;             /* 5004: the offending AVP for Failed-AVP */
	const char *why;             /* Error-Message, or NULL */
} cx_result_t;

typedef enum {
	CX_REASON_PERMANENT_TERMINATION = 0,
	CX_REASON_NEW_SERVER_ASSIGNED = 1,
	CX_REASON_SERVER_CHANGE = 2,
	CX_REASON_REMOVE_SCSCF = 3,
} cx_reason_t;

const char *cx_reason_name(int code);

typedef struct {
	char *user_name;
	char **assoc; /* Associated-Identities: further IMPIs */
	size_t nassoc;
	char **impus; /* Public-Identity list; none = every identity of the IMPIs */
	size_t nimpus;
	int reason_code;
	char *reason_info;
	uint32_t rtr_flags;
	char *origin_host, *origin_realm;
} cx_rtr_t;

typedef struct {
	char *user_name;
	char *user_data; /* NULL when the PPR carries none */
	size_t user_data_len;
	bool has_auth_item; /* a SIP-Auth-Data-Item (Digest password change) */
	cx_auth_item_t auth_item;
	bool has_charging;
	char *origin_host, *origin_realm;
} cx_ppr_t;

/* Building requests: a new message with a new Session-Id, or NULL.  Needs
 * freeDiameter's core (for the session and Origin-*). */
struct msg *cx_build_mar(const cx_dict_t *d, const cx_mar_t *r);
struct msg *cx_build_sar(const cx_dict_t *d, const cx_sar_t *r);

/* Reading answers.  Return 0; the struct is filled as far as the answer
 * allows and status says what came.  cx_*_clear frees what they hold. */
void cx_read_maa(const cx_dict_t *d, struct msg *m, cx_maa_t *out);
void cx_read_saa(const cx_dict_t *d, struct msg *m, cx_saa_t *out);
void cx_maa_clear(cx_maa_t *a);
void cx_saa_clear(cx_saa_t *a);

/* Reading requests.  Return true with out filled, or false with *refuse
 * set to the answer the request gets (missing or invalid AVP). */
bool cx_read_rtr(const cx_dict_t *d, struct msg *m, cx_rtr_t *out, cx_result_t *refuse);
bool cx_read_ppr(const cx_dict_t *d, struct msg *m, cx_ppr_t *out, cx_result_t *refuse);
void cx_rtr_clear(cx_rtr_t *r);
void cx_ppr_clear(cx_ppr_t *r);

/* Turns *req (an RTR or PPR) into its answer: Vendor-Specific-Application-Id,
 * Auth-Session-State, the result, Failed-AVP when asked, Origin-*, and for
 * an RTA the Associated-Identities given.  Returns 0, or -1 (then *req is
 * untouched or NULL). */
int cx_make_answer(const cx_dict_t *d, struct msg **req, const cx_result_t *res,
		   const char *const *assoc, size_t nassoc);

#endif
