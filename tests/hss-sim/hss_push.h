/*
 * hss_push.h - the requests hss-sim sends: Registration-Termination
 * (RTR) and Push-Profile (PPR), built from a plain description, sent with
 * freeDiameter, and waited for (HSS_PUSH_TIMEOUT_S); the caller gets the
 * answer's result, Failed-AVP and Associated-Identities.  A test hook can
 * leave named AVPs out to make a malformed request.  Blocking: call it from
 * a control thread, never from a freeDiameter thread, and without the
 * state lock held.
 */
#ifndef HSS_SIM_HSS_PUSH_H
#define HSS_SIM_HSS_PUSH_H

#include <stdbool.h>
#include <stddef.h>

#include "hss_avp.h"
#include "subscribers.h"

#define HSS_PUSH_TIMEOUT_S 5
#define HSS_PUSH_MAX_LIST 32 /* IMPUs, associated IMPIs, omitted AVPs */

typedef struct {
	const char *dest_host, *dest_realm;
	const char *user_name;
	/* RTR */
	const char *assoc[HSS_PUSH_MAX_LIST]; /* Associated-Identities / User-Name */
	size_t nassoc;
	const char *impus[HSS_PUSH_MAX_LIST]; /* Public-Identity */
	size_t nimpus;
	int reason;                            /* Reason-Code */
	const char *info;                      /* Reason-Info, or NULL */
	/* PPR: User-Data, or the SIP Digest item (password change), or both */
	const char *user_data;
	size_t user_data_len;
	bool digest_item;
	const char *realm, *ha1;
	hss_digest_style_t style;
	/* test hook: AVP names (dictionary spelling, any case) to leave out */
	const char *omit[HSS_PUSH_MAX_LIST];
	size_t nomit;
} hss_push_t;

typedef enum {
	HSS_PUSH_ANSWERED, /* an answer came; see res */
	HSS_PUSH_TIMEOUT,  /* none within HSS_PUSH_TIMEOUT_S */
	HSS_PUSH_FAILED,   /* not sent (see error) */
} hss_push_status_t;

typedef struct {
	hss_push_status_t status;
	bool has_res;          /* the answer had Result-Code or Experimental-Result */
	hss_result_t res;
	char failed_avp[64];   /* name of the AVP in Failed-AVP, "" when none */
	char assoc[1024];      /* User-Names of the RTA's Associated-Identities, comma-joined */
	char error[160];
} hss_push_result_t;

/* Send and wait.  Always fills out. */
void hss_push_rtr(const hss_push_t *p, hss_push_result_t *out);
void hss_push_ppr(const hss_push_t *p, hss_push_result_t *out);

/* Whether name (any case) is an AVP an RTR or PPR from here can carry,
 * i.e. one the omit hook can leave out. */
bool hss_push_can_omit(const char *name);

#endif
