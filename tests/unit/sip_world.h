/*
 * sip_world.h - the S-CSCF's registrar (and notifier) in one test process
 * with no sockets and no event loop: a SIP core whose sends are captured,
 * a simulated clock, and a fake HSS.  A test hands in requests as text,
 * moves the clock, and reads the exact bytes the core sent.
 */
#ifndef TESTS_SIP_WORLD_H
#define TESTS_SIP_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fake_hss.h"
#include "scscf/daemon/cfg.h"
#include "scscf/notifier/notifier.h"
#include "scscf/registrar/registrar.h"
#include "scscf/sip/sip_core.h"
#include "sim_clock.h"

#define SW_MAX_OUT 64

typedef struct {
	scscf_config_t cfg;
	char server_name[256]; /* diameter.server_name or its default */
	sim_clock_t *clock;
	fake_hss_t *hss;
	sip_core_t *core;
	registrar_t *reg;
	notifier_t *nt; /* with_notifier only */
	char *out[SW_MAX_OUT]; /* every message the core sent, oldest first */
	size_t nout;
} sip_world_t;

/* conf: configuration text added after the defaults of the world ([sip]
 * listen udp:127.0.0.1:6060, domain open-ims.test, [diameter]
 * server_name); may be NULL.  Aborts the test on failure. */
sip_world_t *sw_new(const char *conf, bool with_notifier);
void sw_free(sip_world_t *w);
/* A registrar on the world's clock, core and configuration, with hss
 * (NULL: none); sw_new makes w->reg with the fake HSS. */
registrar_t *sw_registrar_new(sip_world_t *w, const hss_port_t *hss);

/* A message from 127.0.0.1:5070 over UDP, then the turn it causes
 * (sw_settle). */
void sw_receive(sip_world_t *w, const char *msg);
/* Fire everything due now (HSS answers, registrar and notifier timers,
 * transaction timers) until nothing is. */
void sw_settle(sip_world_t *w);
/* Move the clock ms forward, firing each timer when its time comes. */
void sw_advance(sip_world_t *w, uint64_t ms);

/* The i-th message sent (0 the oldest), or NULL. */
const char *sw_out(const sip_world_t *w, size_t i);
/* The last message sent, or NULL. */
const char *sw_last(const sip_world_t *w);
/* Forget the messages sent so far. */
void sw_clear(sip_world_t *w);

/* The first line of msg, without CRLF, into buf. */
const char *sw_first_line(const char *msg, char *buf, size_t len);
/* The value of the n-th header called name (0 the first; the name
 * compared without case), or NULL when there is none. */
const char *sw_header(const char *msg, const char *name, unsigned n, char *buf, size_t len);
/* How many headers called name msg has. */
unsigned sw_header_count(const char *msg, const char *name);
/* The value of param (e.g. "nonce") in a header value such as
 * WWW-Authenticate, unquoted, into buf; NULL when absent. */
const char *sw_param(const char *value, const char *param, char *buf, size_t len);

/* Fail the test unless msg's first line is line / its first header name
 * has exactly value. */
void sw_assert_status(const char *msg, const char *line);
void sw_assert_header(const char *msg, const char *name, const char *value);

#endif
