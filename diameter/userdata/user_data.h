/*
 * user_data.h - the Cx User-Data (IMSSubscription, TS 29.228 Annex B/E)
 * as a C model, and what the S-CSCF derives from it: the implicit
 * registration set, the default IMPU, the P-Associated-URI list, and which
 * identity (and so which ServiceProfile) a URI belongs to.
 *
 * Lenient where FHoSS, Open5GS and PyHSS differ: elements are matched by
 * local name in any namespace or none; Extension may be empty or nested
 * deeper than the schema says, and the fields that live in extensions
 * (IdentityType, WildcardedPSI/IMPU, DisplayName, AliasIdentityGroupID,
 * RegistrationType, IncludeRegisterRequest/Response, SharedIFCSetID) are
 * found at any Extension depth; unknown elements are skipped.  Strict where
 * it matters: a missing PrivateID, ServiceProfile or Identity, an unknown
 * IdentityType or other enumerated value, a duplicated single element, a
 * bad wildcard, any DTD, non-UTF-8 and anything over the limits are errors
 * that name the line.
 */
#ifndef DIAMETER_USER_DATA_H
#define DIAMETER_USER_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "diameter/userdata/ifc.h"
#include "diameter/userdata/ud_limits.h"
#include "diameter/userdata/wildcard.h"

/* IdentityType, numbered as in TS 29.228 v8+ (the Rel-8 xsd labels 3 and 4
 * differently; see is_wildcard below for how both readings are served). */
typedef enum {
	UD_ID_PUBLIC_USER = 0, /* distinct IMPU; also when IdentityType is absent */
	UD_ID_DISTINCT_PSI = 1,
	UD_ID_WILDCARDED_PSI = 2,
	UD_ID_NON_DISTINCT_IMPU = 3,
	UD_ID_WILDCARDED_IMPU = 4,
} ud_identity_type_t;

typedef struct {
	char *identity; /* Identity, surrounding white space trimmed */
	bool barred;    /* BarringIndication (absent = false) */
	bool has_type;  /* IdentityType was present */
	ud_identity_type_t type;
	char *wildcarded_psi;  /* NULL when absent */
	char *wildcarded_impu; /* NULL when absent */
	char *display_name;    /* NULL when absent */
	char *alias_group_id;  /* AliasIdentityGroupID, NULL when absent */
	size_t profile;        /* index of its ServiceProfile */
	/*
	 * Derived.  An identity is a wildcard when its type is 2 or 4, or when
	 * its Identity itself has the "!regex!" form (Clearwater lists the
	 * wildcard as a plain identity; the Rel-8 xsd calls 3 WILDCARDED_IMPU).
	 * wildcard is then the HSS's string verbatim (WildcardedPSI for 2,
	 * WildcardedIMPU for 4, else Identity), for <wildcardedIdentity>.
	 */
	bool is_wildcard;
	const char *wildcard; /* points into this struct; NULL unless is_wildcard */
	ud_wildcard_t *matcher;
	/*
	 * Derived for reg-event (TS 24.229 §7.10.2), NULL unless is_wildcard:
	 * wildcard_re is the wildcard in the TS 23.003 "!regex!" form (a FHoSS
	 * glob converted, see ud_wildcard_ts23003), for <wildcardedIdentity>;
	 * covered is an IMPU the wildcard covers, for the aor of the
	 * <registration> that stands for it: the Identity when the HSS put a
	 * concrete URI there (the pattern in WildcardedIMPU/PSI), else an
	 * identity of the set the HSS links to this wildcard (its
	 * WildcardedIMPU/PSI names it, e.g. IdentityType 3), else one derived
	 * from the pattern (ud_wildcard_example) that no identity listed before
	 * it shadows; NULL when none of these exists.
	 */
	char *wildcard_re;
	char *covered;
} ud_public_identity_t;

typedef struct {
	size_t first_id; /* its PublicIdentities: ids[first_id .. first_id+nids) */
	size_t nids;
	ud_ifc_t *ifcs; /* document order (not sorted by Priority) */
	size_t nifcs;
	unsigned *shared_ifc_sets; /* SharedIFCSetID, any Extension depth */
	size_t nshared_ifc_sets;
	bool has_cn_auth; /* CoreNetworkServicesAuthorization present */
	bool has_media_profile;
	unsigned media_profile_id; /* SubscribedMediaProfileId */
} ud_service_profile_t;

typedef struct ud_subscription {
	char *private_id;
	ud_service_profile_t *profiles;
	size_t nprofiles;
	ud_public_identity_t *ids; /* every PublicIdentity, document order */
	size_t nids;
	/* derived at parse time; see the accessors below */
	const ud_public_identity_t **irs;
	size_t nirs;
	const char **pau;
	size_t npau;
} ud_subscription_t;

/* 256 KiB, depth 24, 20000 elements, 8 KiB text, 64 profiles, 1024
 * identities, 128 iFCs, 64 SPTs, 16 groups, 64 shared sets, 256-byte
 * wildcards. */
extern const ud_limits_t ud_default_limits;

/* Parse len bytes of User-Data.  limits may be NULL for the defaults.
 * Returns the model (free with ud_free) or NULL with a message in err that
 * names the line and what is wrong. */
ud_subscription_t *ud_parse(const char *buf, size_t len, const ud_limits_t *limits, char *err,
			    size_t errlen);

void ud_free(ud_subscription_t *s);

/* The implicit registration set: every PublicIdentity of the document,
 * across all ServiceProfiles, in document order; an Identity listed twice
 * counts once (its first occurrence).  Barred and wildcarded ones
 * included. */
const ud_public_identity_t *const *ud_irs(const ud_subscription_t *s, size_t *n);

/* The first non-barred distinct IMPU (type 0, not a wildcard) of the IRS,
 * or NULL when there is none. */
const ud_public_identity_t *ud_default_impu(const ud_subscription_t *s);

/* P-Associated-URI: the default IMPU first, then every other non-barred,
 * non-wildcard identity of the IRS in document order. */
const char *const *ud_pau(const ud_subscription_t *s, size_t *n);

/* The identity uri belongs to: an identity whose Identity is uri and that
 * is not a wildcard wins; else the first wildcard (document order) that
 * matches.  NULL when none does.  Matching is byte-exact. */
const ud_public_identity_t *ud_lookup(const ud_subscription_t *s, const char *uri);

/* The ServiceProfile (iFCs, core network authorisation) that applies to
 * uri, through ud_lookup(); NULL when uri is not in the subscription. */
const ud_service_profile_t *ud_profile_for(const ud_subscription_t *s, const char *uri);

/* Human names, for logs. */
const char *ud_identity_type_name(ud_identity_type_t t);

#endif
