/*
 * rs_model.h - what the registration store holds, as plain types: an
 * implicit registration set (rs_set_t), a binding (rs_binding_t) and what
 * a REGISTER says about one contact (rs_contact_info_t).  The store's
 * functions are in regstore.h; its private parts (regstore_index,
 * regstore_layout) need only these types.
 */
#ifndef SCSCF_RS_MODEL_H
#define SCSCF_RS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "diameter/userdata/user_data.h"
#include "regevent/notify_policy.h"
#include "scscf/base/theap.h"

typedef struct rs_set rs_set_t;
typedef struct rs_binding rs_binding_t;

typedef struct {
	char *name;
	char *value; /* NULL for a parameter without '=' */
} rs_param_t;

/* What a REGISTER says about one contact; strings are copied. */
typedef struct {
	const char *key;          /* see regstore.h; not empty */
	const char *uri;          /* the Contact URI as received */
	const char *display_name; /* NULL when absent */
	const rs_param_t *params; /* Contact header parameters, as received, in order */
	size_t nparams;
	const char *instance; /* +sip.instance value as received, or NULL */
	bool has_reg_id;
	uint32_t reg_id;
	const char *q; /* NULL when absent */
	const char *callid;
	uint32_t cseq;
	const char *const *path; /* Path header values, in order (may be 0) */
	size_t npath;
	const char *user_agent; /* NULL when absent */
	const char *impi;       /* who registered it */
	uint32_t expires;       /* seconds granted (> 0) */
	/* where the REGISTER came from (transport and connection for flows) */
	int transport; /* sip_tp_t */
	struct sockaddr_storage source;
	uint64_t conn_id;
	const char *pub_gruu, *temp_gruu; /* RFC 5627, NULL when not assigned */
	const char *aor; /* the IMPU the REGISTER named (To), NULL when unknown */
} rs_contact_info_t;

struct rs_binding {
	rs_set_t *set;
	char *key;
	char *id; /* stable: derived from the set id and the key; never reused */
	char *uri;
	char *display_name;
	rs_param_t *params;
	size_t nparams;
	char *instance;
	bool has_reg_id;
	uint32_t reg_id;
	char *q;
	char *callid;
	uint32_t cseq;
	char **path;
	size_t npath;
	char *user_agent;
	char *impi;
	int transport;
	struct sockaddr_storage source;
	uint64_t conn_id;
	char *pub_gruu, *temp_gruu;
	uint32_t temp_gruu_first_cseq;
	char *aor;              /* the IMPU its last REGISTER named, or NULL */
	re_cause_t last_cause;  /* its last change: REGISTERED, REFRESHED or REAUTH */
	uint64_t registered_at; /* ms, store clock: when it was created */
	uint64_t expires_at;    /* ms, store clock */
	theap_node_t timer;     /* store-internal */
};

typedef enum {
	RS_SET_UNREGISTERED, /* a profile kept without bindings (SAR UNREGISTERED_USER) */
	RS_SET_REGISTERED,   /* at least one binding */
} rs_set_state_t;

struct rs_set {
	char *id;   /* stable: derived from the IMPI and the default IMPU */
	char *impi; /* the IMPI whose SAR brought the profile */
	rs_set_state_t state;
	ud_subscription_t *profile; /* owned; every PublicIdentity is in the set */
	char *user_data;            /* the document as received (for PPR diffs, scscfctl) */
	size_t user_data_len;
	char *hss_host, *hss_realm; /* the HSS that answered the SAR */
	char *wildcard;             /* Wildcarded-Public-Identity of the SAA, or NULL */
	rs_binding_t **bindings;    /* in creation order */
	size_t nbindings;
	void *owner_data; /* for the registrar (e.g. its per-set context) */
};

#endif
