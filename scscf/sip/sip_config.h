/*
 * sip_config.h - what the SIP layer is configured with: the [sip], [tcp]
 * and [timers] sections of scscfd.conf (doc/CONFIGURATION.md), and the
 * listen address form "udp:ADDRESS:PORT" / "tcp:[ADDRESS]:PORT".
 * The daemon's configuration reader fills it; the stack copies it.
 */
#ifndef SCSCF_SIP_CONFIG_H
#define SCSCF_SIP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "scscf/sip/sip_dest.h"

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
} sip_config_t;

/* "udp:127.0.0.1:6060" / "tcp:[::1]:6060" into *out; 0 or -1. */
int scscf_listen_parse(const char *spec, scscf_listen_t *out);
/* The same form back, for logs. */
const char *scscf_listen_str(const scscf_listen_t *l, char *buf, size_t len);

#endif
