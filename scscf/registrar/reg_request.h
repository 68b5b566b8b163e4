/*
 * reg_request.h - what a REGISTER asks for, read out of libosip2's parsed
 * message: the public identity (To), the contacts with their parameters
 * and expiries, Path, Supported, the credentials; and the checks RFC 3261
 * §10.3 and TS 24.229 §5.4.1 put on it, each failing with the status and
 * reason phrase the registrar answers.
 */
#ifndef SCSCF_REG_REQUEST_H
#define SCSCF_REG_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <osipparser2/osip_parser.h>

#include "scscf/registrar/auth_hdr.h"
#include "scscf/store/regstore.h"

#define REG_MAX_CONTACTS 16
#define REG_MAX_PATH 8

typedef struct {
	char *uri;          /* the Contact URI, as libosip2 writes it back */
	char *display_name; /* NULL when absent */
	rs_param_t *params; /* header parameters, values as received */
	size_t nparams;
	char *instance; /* +sip.instance value (quotes kept), NULL */
	bool has_reg_id;
	uint32_t reg_id;
	char *q;
	bool has_expires; /* an expires parameter (clamped to 32 bits) */
	uint32_t expires;
	char *key; /* what identifies the binding (regstore.h) */
} reg_contact_t;

typedef struct {
	char *impu;      /* To URI, e.g. sip:alice@open-ims.test or tel:+1555 */
	char *impi;      /* Authorization username, else derived from the IMPU */
	bool impi_given; /* from Authorization */
	bool star;       /* Contact: * */
	reg_contact_t contacts[REG_MAX_CONTACTS];
	size_t ncontacts;
	bool has_expires_hdr;
	uint32_t expires_hdr;
	char *path[REG_MAX_PATH]; /* Path header values, in order */
	size_t npath;
	char *callid;
	uint32_t cseq;
	char *user_agent;
	bool has_auth; /* a Digest Authorization header */
	auth_creds_t auth;
	bool sup_gruu, sup_outbound, sup_path; /* Supported option tags */
	/* [MS-SIPREGE]: "Event: registration" asks for registration
	 * notifications; survivable: "Supported: ms-userservices-state-notification" */
	bool ms_events, ms_survivable;
} reg_request_t;

/* 0, or the 4xx status with *reason set (the request is not usable):
 * 400 for a malformed To, Authorization, Call-ID, CSeq, Expires, Contact
 * or Path (reason naming it), 403 "Too Many Contacts" for more than
 * REG_MAX_CONTACTS, 489 "Bad Event" for an Event header other than
 * "registration".  tests/fuzz/fuzz_registrar_input.c holds the full list. */
int reg_request_read(const osip_message_t *m, const char *authorization, reg_request_t *out,
		     const char **reason);
/* What the request says as received (each may be NULL). */
typedef struct {
	const char *authorization; /* the first Authorization value */
	const char *to;            /* the To value */
	const char *contacts;      /* every Contact value, fields joined with ", " */
} reg_raw_t;

/* The same, with the text as received: the IMPU and the contact URIs are
 * then taken from it with their escapes kept (libosip2 unescapes user
 * parts in place, and "%00" would cut them short: RFC 4475 escnull). */
int reg_request_read_raw(const osip_message_t *m, const reg_raw_t *raw, reg_request_t *out,
			 const char **reason);
void reg_request_clear(reg_request_t *r);

/* A public identity as the store keys it, from a parsed URI: sip/sips
 * without port, parameters and headers, or a tel URI; malloc'd, or NULL
 * for another scheme or a URI without host. */
char *reg_impu_of_uri(const osip_uri_t *u);

/* The expiry a contact asks for: its expires parameter, else the Expires
 * header, else def. */
uint32_t reg_contact_expires(const reg_request_t *r, const reg_contact_t *c, uint32_t def);

#endif
