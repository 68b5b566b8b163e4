/*
 * cfg.h - scscfd's configuration file: INI sections of "key = value"
 * lines, '#' comments.  doc/CONFIGURATION.md documents every key.
 * Addresses are numeric (no name is ever looked up).  Any error gives one
 * message "FILE:LINE: what is wrong".
 */
#ifndef SCSCF_CFG_H
#define SCSCF_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "scscf/base/log.h"
#include "regevent/notify_policy.h"

typedef enum { SIP_TP_UDP, SIP_TP_TCP } sip_tp_t;

#define SCSCF_MAX_LISTEN 16

typedef struct {
	sip_tp_t tp;
	char host[64]; /* numeric, without brackets */
	uint16_t port;
	struct sockaddr_storage addr;
} scscf_listen_t;

typedef struct {
	/* [sip] */
	scscf_listen_t listen[SCSCF_MAX_LISTEN];
	size_t nlisten;
	char domain[128];
	size_t max_message_size;
	bool force_rport; /* answer every UDP request at its source port */
	size_t max_transactions; /* live server transactions; more get 503 */
	/* [tcp] */
	unsigned tcp_idle_timeout;    /* seconds */
	unsigned tcp_max_connections;
	unsigned tcp_connect_timeout; /* seconds */
	/* [timers] (milliseconds) */
	unsigned t1, t2, t4;
	/* [diameter] (Cx); off while config is empty */
	char dia_config[256];     /* freeDiameter configuration file */
	char dia_listen[4][64];   /* numeric addresses freeDiameter listens on */
	size_t dia_nlisten;
	char dia_realm[128];      /* the HSS's realm */
	char dia_hss[128];        /* a fixed HSS Diameter identity, or "" */
	char dia_server_name[192]; /* Server-Name: this S-CSCF's SIP URI */
	unsigned dia_timeout;     /* milliseconds per Cx request */
	/* [registrar] */
	unsigned reg_min_expires, reg_max_expires, reg_default_expires; /* seconds */
	unsigned reg_max_bindings;     /* contacts per implicit set */
	bool reg_evict_oldest;         /* at the limit: evict the oldest (else 403) */
	bool reg_reauth_always;        /* also challenge integrity-protected re-REGISTERs */
	unsigned reg_auth_timeout;     /* seconds: reg-await-auth */
	unsigned reg_unknown_user;     /* 403 or 404 for a user the HSS does not know */
	unsigned reg_retry_after;      /* seconds, in a 500 when the HSS cannot be reached */
	/* [regevent] (the notifier) */
	re_policy_t ev_policy;          /* profile plus row and attribute overrides */
	unsigned ev_overrides;          /* notify.EVENT / attribute.NAME lines read */
	unsigned ev_default_expires;    /* seconds, SUBSCRIBE without Expires */
	unsigned ev_min_expires;        /* below it (and below 3600): 423 */
	unsigned ev_max_expires;        /* longer requests are shortened to it */
	unsigned ev_window;             /* ms: changes merged into one NOTIFY */
	unsigned ev_max_subscriptions;  /* in all; more get 503 */
	unsigned ev_max_per_set;        /* watchers of one implicit set; more get 503 */
	char ev_trusted[8][128];        /* hosts of trusted ASs (may subscribe to anyone) */
	size_t ev_ntrusted;
	/* [control] (the scscfctl socket); off while ctl_socket is empty */
	char ctl_socket[108];       /* Unix socket path (fits sun_path) */
	unsigned ctl_max_clients;   /* connected at once; more are turned away */
	unsigned ctl_idle_timeout;  /* seconds a client has for its request and answer */
	/* [metrics] (the Prometheus endpoint); off while metrics_on is false */
	bool metrics_on;
	scscf_listen_t metrics_listen; /* TCP address:port, numeric */
	unsigned metrics_max_clients;  /* connected at once; more are closed */
	unsigned metrics_idle_timeout; /* seconds a client has for its request and answer */
	/* [log] */
	slog_level_t log_level;
	bool log_syslog;
} scscf_config_t;

void scscf_config_defaults(scscf_config_t *cfg);

/* Parse text (len bytes) named name (for messages) over the defaults.
 * 0, or -1 with err filled. */
int scscf_config_parse(const char *text, size_t len, const char *name, scscf_config_t *cfg,
		       char *err, size_t errlen);
int scscf_config_load(const char *path, scscf_config_t *cfg, char *err, size_t errlen);

/* "udp:127.0.0.1:6060" / "tcp:[::1]:6060" into *out; 0 or -1. */
int scscf_listen_parse(const char *spec, scscf_listen_t *out);
/* The same form back, for logs. */
const char *scscf_listen_str(const scscf_listen_t *l, char *buf, size_t len);

#endif
