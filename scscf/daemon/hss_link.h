/*
 * hss_link.h - scscfd's link to the HSS: starts freeDiameter from the
 * [diameter] section of the configuration, creates the Cx client on the
 * daemon's loop, and stops both in the right order.
 */
#ifndef SCSCF_HSS_LINK_H
#define SCSCF_HSS_LINK_H

#include <stddef.h>
#include <uv.h>

#include "diameter/cx/cx_client.h"

/* The [diameter] section of scscfd.conf; Cx is off while dia_config is
 * empty. */
typedef struct {
	char dia_config[256];     /* freeDiameter configuration file */
	char dia_listen[4][64];   /* numeric addresses freeDiameter listens on */
	size_t dia_nlisten;
	char dia_realm[128];      /* the HSS's realm */
	char dia_hss[128];        /* a fixed HSS Diameter identity, or "" */
	char dia_server_name[192]; /* Server-Name: this S-CSCF's SIP URI, or "" */
	unsigned dia_timeout;     /* milliseconds per Cx request */
} diameter_config_t;

typedef struct hss_link hss_link_t;

/* NULL with err set on failure.  Only when cfg->dia_config is set.
 * server_name: the Server-Name to send (diameter.server_name, or the
 * daemon's default for it: scscf_config_server_name()). */
hss_link_t *hss_link_start(uv_loop_t *loop, const diameter_config_t *cfg,
			   const char *server_name, char *err, size_t errlen);
cx_client_t *hss_link_client(hss_link_t *l);
/* Ends what is pending (their callbacks run), then stops freeDiameter. */
void hss_link_stop(hss_link_t *l);

#endif
