/*
 * cfg.h - scscfd's configuration file: INI sections of "key = value"
 * lines, '#' comments.  doc/CONFIGURATION.md documents every key.
 * Addresses are numeric (no name is ever looked up).  Any error gives one
 * message "FILE:LINE: what is wrong".
 *
 * The configuration is one section struct per module, each declared by
 * the module that uses it; this file only gathers them.
 */
#ifndef SCSCF_CFG_H
#define SCSCF_CFG_H

#include <stdbool.h>
#include <stddef.h>

#include "scscf/base/log.h"
#include "scscf/daemon/hss_link.h"
#include "scscf/notifier/notifier_config.h"
#include "scscf/ops/ctl_server.h"
#include "scscf/ops/metrics_http.h"
#include "scscf/registrar/registrar_config.h"
#include "scscf/sip/sip_config.h"

/* [log] */
typedef struct {
	slog_level_t log_level;
	bool log_syslog;
} log_config_t;

typedef struct {
	sip_config_t sip;             /* [sip], [tcp], [timers] */
	diameter_config_t diameter;   /* [diameter] (Cx) */
	registrar_config_t registrar; /* [registrar] */
	notifier_config_t regevent;   /* [regevent] (the notifier) */
	ctl_config_t control;         /* [control] (the scscfctl socket) */
	metrics_config_t metrics;     /* [metrics] (the Prometheus endpoint) */
	log_config_t log;             /* [log] */
} scscf_config_t;

void scscf_config_defaults(scscf_config_t *cfg);

/* Parse text (len bytes) named name (for messages) over the defaults.
 * 0, or -1 with err filled. */
int scscf_config_parse(const char *text, size_t len, const char *name, scscf_config_t *cfg,
		       char *err, size_t errlen);
int scscf_config_load(const char *path, scscf_config_t *cfg, char *err, size_t errlen);

/* The Server-Name this S-CSCF gives the HSS and builds its Service-Route
 * from: diameter.server_name, else sip:scscf.DOMAIN:PORT of the first SIP
 * listener. */
const char *scscf_config_server_name(const scscf_config_t *cfg, char *buf, size_t len);

#endif
