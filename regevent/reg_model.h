/*
 * reg_model.h - the registration-state model of the reg event package.
 *
 * A re_reginfo_t is one reginfo document: a list of registrations (one per
 * IMPU), each holding its contacts.  It carries no I/O and no policy: the
 * registrar fills it from its store, the renderer turns it into
 * application/reginfo+xml, and the parser turns a document back into it.
 *
 * Ownership: every string is a private copy owned by the model; children are
 * reached through pointer arrays so that a pointer returned by an add_*
 * function stays valid until re_reginfo_free().
 */
#ifndef REGEVENT_REG_MODEL_H
#define REGEVENT_REG_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Namespaces a reginfo document may use (RFC 3680, RFC 5628, TS 24.229). */
#define RE_NS_REGINFO "urn:ietf:params:xml:ns:reginfo"
#define RE_NS_GRUU "urn:ietf:params:xml:ns:gruuinfo"
#define RE_NS_EXTREGEXP "urn:3gpp:ns:extRegExp:1.0"

typedef enum { RE_REG_INIT, RE_REG_ACTIVE, RE_REG_TERMINATED } re_reg_state_t;

typedef enum { RE_CONTACT_ACTIVE, RE_CONTACT_TERMINATED } re_contact_state_t;

/* The contact events of RFC 3680 §4.7.1, in the schema's order. */
typedef enum {
	RE_EV_REGISTERED,
	RE_EV_CREATED,
	RE_EV_REFRESHED,
	RE_EV_SHORTENED,
	RE_EV_EXPIRED,
	RE_EV_DEACTIVATED,
	RE_EV_PROBATION,
	RE_EV_UNREGISTERED,
	RE_EV_REJECTED,
	RE_EV_COUNT,
	RE_EV_NONE = -1 /* "no event": used by the policy for suppression */
} re_event_t;

/* One Contact header parameter.  value is NULL for a parameter without
 * "=value"; otherwise it is kept exactly as received (quotes included). */
typedef struct {
	char *name;
	char *value;
} re_param_t;

typedef struct re_contact {
	char *id;
	re_contact_state_t state;
	re_event_t event;
	char *uri;

	bool has_expires;
	uint64_t expires;
	bool has_duration_registered;
	uint64_t duration_registered;
	bool has_retry_after;
	uint64_t retry_after;
	bool has_cseq;
	uint64_t cseq;
	char *q;      /* NULL when absent */
	char *callid; /* NULL when absent */

	char *display_name;      /* NULL when absent */
	char *display_name_lang; /* xml:lang of display-name, NULL when absent */

	re_param_t *params;
	size_t nparams;
	size_t params_cap;

	char *pub_gruu;  /* NULL when absent */
	char *temp_gruu; /* NULL when absent */
	uint64_t temp_gruu_first_cseq;
} re_contact_t;

typedef struct re_registration {
	char *aor;
	char *id;
	re_reg_state_t state;
	char *wildcard; /* wildcarded IMPU/PSI exactly as the HSS sent it, or NULL */

	re_contact_t **contacts;
	size_t ncontacts;
	size_t contacts_cap;
} re_registration_t;

typedef struct re_reginfo {
	uint32_t version;
	bool full; /* state="full" (true) or "partial" (false) */

	re_registration_t **regs;
	size_t nregs;
	size_t regs_cap;
} re_reginfo_t;

/* Construction.  Every function that allocates returns NULL (or -1) when
 * memory runs out and leaves the model as it was. */
re_reginfo_t *re_reginfo_new(uint32_t version, bool full);
void re_reginfo_free(re_reginfo_t *info);

re_registration_t *re_reginfo_add_registration(re_reginfo_t *info, const char *aor,
					       const char *id, re_reg_state_t state);
int re_registration_set_wildcard(re_registration_t *reg, const char *wildcard);

re_contact_t *re_registration_add_contact(re_registration_t *reg, const char *id,
					  const char *uri, re_contact_state_t state,
					  re_event_t event);
/* value may be NULL (parameter without a value). */
int re_contact_add_param(re_contact_t *c, const char *name, const char *value);
const re_param_t *re_contact_find_param(const re_contact_t *c, const char *name);

/* Replace *dst by a copy of src (NULL clears it).  0 on success, -1 on OOM. */
int re_strset(char **dst, const char *src);

/* Names on the wire, and back.  The *_from_name functions return 0 and set
 * *out when the name is known, -1 otherwise. */
const char *re_event_name(re_event_t ev);
int re_event_from_name(const char *name, re_event_t *out);
const char *re_reg_state_name(re_reg_state_t st);
int re_reg_state_from_name(const char *name, re_reg_state_t *out);
const char *re_contact_state_name(re_contact_state_t st);
int re_contact_state_from_name(const char *name, re_contact_state_t *out);

/* The contact state an event leaves the contact in (RFC 3680 §4.7.1). */
re_contact_state_t re_event_resulting_state(re_event_t ev);

/* Deep comparison of two models.  Returns 0 when equal; otherwise 1, with
 * the first difference described in why (for tests and the fuzzer). */
int re_reginfo_diff(const re_reginfo_t *a, const re_reginfo_t *b, char *why, size_t whylen);

#endif
