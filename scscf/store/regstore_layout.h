/*
 * regstore_layout.h - how the registration store lays out sets and
 * bindings in memory and names them; private to regstore.c.
 */
#ifndef SCSCF_REGSTORE_LAYOUT_H
#define SCSCF_REGSTORE_LAYOUT_H

#include <stdint.h>

#include "scscf/store/rs_model.h"
#include "scscf/base/strmap.h"

#define RSL_ID_LEN 16 /* hex digits of a set or binding id */

/* The set id for impi and impu (the default IMPU), not yet a key of ids. */
void rsl_set_id(const strmap_t *ids, const char *impi, const char *impu,
		char out[RSL_ID_LEN + 1]);
/* A binding id for key, unused in set; advances *generation. */
void rsl_binding_id(const rs_set_t *set, const char *key, uint32_t *generation,
		    char out[RSL_ID_LEN + 1]);

/* Everything of info that a refresh replaces, copied into one allocation
 * and pointed at from *b (key, id, set and times untouched).  The blob to
 * free, or NULL on OOM (then *b is unchanged). */
void *rsl_binding_blob(const rs_set_t *set, const rs_contact_info_t *info, rs_binding_t *b);

/* The set's replaceable strings in one allocation, pointed at from *out
 * (user_data, user_data_len, hss_host, hss_realm, wildcard); NULL on OOM. */
void *rsl_set_blob(const char *user_data, size_t len, const char *hss_host,
		   const char *hss_realm, const char *wildcard, rs_set_t *out);

#endif
