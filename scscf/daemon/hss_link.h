/*
 * hss_link.h - scscfd's link to the HSS: starts freeDiameter from the
 * [diameter] section of the configuration, creates the Cx client on the
 * daemon's loop, and stops both in the right order.
 */
#ifndef SCSCF_HSS_LINK_H
#define SCSCF_HSS_LINK_H

#include <stddef.h>
#include <uv.h>

#include "scscf/daemon/cfg.h"
#include "diameter/cx/cx_client.h"

typedef struct hss_link hss_link_t;

/* NULL with err set on failure.  Only when cfg->dia_config is set. */
hss_link_t *hss_link_start(uv_loop_t *loop, const scscf_config_t *cfg, char *err, size_t errlen);
cx_client_t *hss_link_client(hss_link_t *l);
/* Ends what is pending (their callbacks run), then stops freeDiameter. */
void hss_link_stop(hss_link_t *l);

#endif
