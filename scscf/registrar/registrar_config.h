/*
 * registrar_config.h - what the registrar is configured with: the
 * [registrar] section of scscfd.conf (doc/CONFIGURATION.md).  The
 * daemon's configuration reader fills it; the registrar copies it.
 */
#ifndef SCSCF_REGISTRAR_CONFIG_H
#define SCSCF_REGISTRAR_CONFIG_H

#include <stdbool.h>

typedef struct {
	unsigned reg_min_expires, reg_max_expires, reg_default_expires; /* seconds */
	unsigned reg_max_bindings;     /* contacts per implicit set */
	bool reg_evict_oldest;         /* at the limit: evict the oldest (else 403) */
	bool reg_reauth_always;        /* also challenge integrity-protected re-REGISTERs */
	unsigned reg_auth_timeout;     /* seconds: reg-await-auth */
	unsigned reg_unknown_user;     /* 403 or 404 for a user the HSS does not know */
	unsigned reg_retry_after;      /* seconds, in a 500 when the HSS cannot be reached */
} registrar_config_t;

#endif
