/*
 * ud_limits.h - the bounds the User-Data parser enforces on a document
 * (size, nesting, counts, text and wildcard lengths), in a header of their
 * own so that the parser's helpers (ud_parse.h) need not see the model.
 * The defaults are ud_default_limits (user_data.h).
 */
#ifndef DIAMETER_UD_LIMITS_H
#define DIAMETER_UD_LIMITS_H

#include <stddef.h>

typedef struct {
	size_t max_bytes;        /* whole document */
	unsigned max_depth;      /* element nesting */
	size_t max_elements;     /* all elements of the document */
	size_t max_text;         /* bytes of any one text value */
	size_t max_profiles;     /* ServiceProfiles per document */
	size_t max_identities;   /* PublicIdentities per document */
	size_t max_ifcs;         /* iFCs per ServiceProfile */
	size_t max_spts;         /* SPTs per TriggerPoint */
	size_t max_groups;       /* Groups per SPT */
	size_t max_shared_sets;  /* SharedIFCSetIDs per ServiceProfile */
	size_t max_wildcard_len; /* bytes of a wildcard pattern */
} ud_limits_t;

#endif
