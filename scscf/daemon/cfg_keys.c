/*
 * cfg_keys.c - the table of every key of scscfd.conf (cfg_key.h), in the
 * order of doc/CONFIGURATION.md, and the parse functions of the few keys
 * no generic type fits.
 */
#include "config.h"

#include "scscf/daemon/cfg_key.h"

#include <stdio.h>
#include <string.h>

#include "scscf/base/macros.h"
#include "scscf/sip/sip_msg.h"

/* ---- the special keys ---- */

static int parse_sip_listen(const cfg_where_t *w, const char *full, const char *v,
			    scscf_config_t *c)
{
	(void)full;
	if (c->sip.nlisten == SCSCF_MAX_LISTEN)
		return cfg_bad(w, "more than %d listen lines", SCSCF_MAX_LISTEN);
	if (scscf_listen_parse(v, &c->sip.listen[c->sip.nlisten]) < 0)
		return cfg_bad(w, "sip.listen \"%s\" is not udp:ADDRESS:PORT or "
				  "tcp:ADDRESS:PORT with a numeric address ([::1] for IPv6)",
			       v);
	c->sip.nlisten++;
	return 0;
}

static int parse_sip_domain(const cfg_where_t *w, const char *full, const char *v,
			    scscf_config_t *c)
{
	(void)full;
	if (v[0] == '\0' || strlen(v) >= sizeof(c->sip.domain) || strpbrk(v, " \t;<>\"@"))
		return cfg_bad(w, "sip.domain \"%s\" is not a domain name", v);
	snprintf(c->sip.domain, sizeof(c->sip.domain), "%s", v);
	return 0;
}

static int parse_log_level(const cfg_where_t *w, const char *full, const char *v,
			   scscf_config_t *c)
{
	(void)full;
	if (slog_level_from_name(v, &c->log.log_level) < 0)
		return cfg_bad(w, "log.level \"%s\" is not error, warn, info or debug", v);
	return 0;
}

/* A Server-Name must give a Service-Route (sip_route_to). */
static int parse_server_name(const cfg_where_t *w, const char *full, const char *v,
			     scscf_config_t *c)
{
	char route[300];

	if ((strncmp(v, "sip:", 4) != 0 && strncmp(v, "sips:", 5) != 0) ||
	    sip_route_to(v, "orig", route, sizeof(route)) < 0)
		return cfg_bad(w, "diameter.server_name \"%s\" is not a SIP URI", v);
	return cfg_word(w, full, v, c->diameter.dia_server_name,
			sizeof(c->diameter.dia_server_name));
}

/* "profile" replaces the whole table, so it must come before the
 * "notify.EVENT" and "attribute.NAME" lines that change it. */
static int parse_profile(const cfg_where_t *w, const char *full, const char *v,
			 scscf_config_t *c)
{
	(void)full;
	if (c->regevent.ev_overrides > 0)
		return cfg_bad(w, "regevent.profile must come before the notify.EVENT and "
				  "attribute.NAME lines (it would replace them)");
	if (re_policy_builtin(v, &c->regevent.ev_policy) < 0)
		return cfg_bad(w, "regevent.profile \"%s\" is not oracle or rfc3680", v);
	return 0;
}

static int parse_notify_row(const cfg_where_t *w, const char *full, const char *v,
			    scscf_config_t *c)
{
	char err[160];

	if (re_policy_set_row(&c->regevent.ev_policy, full + strlen("regevent.notify."), v, err,
			      sizeof(err)) < 0)
		return cfg_bad(w, "%s: %s", full, err);
	c->regevent.ev_overrides++;
	return 0;
}

static int parse_attribute(const cfg_where_t *w, const char *full, const char *v,
			   scscf_config_t *c)
{
	char err[160];

	if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
		return cfg_bad(w, "%s \"%s\" is not yes or no", full, v);
	if (re_policy_set_attr(&c->regevent.ev_policy, full + strlen("regevent.attribute."),
			       strcmp(v, "yes") == 0, err, sizeof(err)) < 0)
		return cfg_bad(w, "%s: %s", full, err);
	c->regevent.ev_overrides++;
	return 0;
}

/* "socket =" with nothing after it turns the socket off. */
static int parse_ctl_socket(const cfg_where_t *w, const char *full, const char *v,
			    scscf_config_t *c)
{
	if (v[0] == '\0') {
		c->control.ctl_socket[0] = '\0';
		return 0;
	}
	return cfg_word(w, full, v, c->control.ctl_socket, sizeof(c->control.ctl_socket));
}

/* "listen = ADDRESS:PORT" (IPv6 in brackets) turns the endpoint on;
 * "listen =" with nothing after it turns it off. */
static int parse_metrics_listen(const cfg_where_t *w, const char *full, const char *v,
				scscf_config_t *c)
{
	char spec[160];

	(void)full;
	c->metrics.metrics_on = v[0] != '\0';
	if (!c->metrics.metrics_on)
		return 0;
	snprintf(spec, sizeof(spec), "tcp:%s", v);
	if (strlen(v) > 100 || scscf_listen_parse(spec, &c->metrics.metrics_listen) < 0)
		return cfg_bad(w, "metrics.listen \"%s\" is not a numeric ADDRESS:PORT "
				  "(IPv6 in brackets)", v);
	return 0;
}

/* ---- the table ---- */

static const cfg_word_t yes_no[] = {{"yes", 1}, {"no", 0}, {NULL, 0}};
static const cfg_word_t log_targets[] = {{"stderr", 0}, {"syslog", 1}, {NULL, 0}};
static const cfg_word_t reauth_words[] = {{"always", 1}, {"unprotected", 0}, {NULL, 0}};
static const cfg_word_t unknown_user_codes[] = {{"403", 403}, {"404", 404}, {NULL, 0}};

#define FIELD(f) (((scscf_config_t *)0)->f)
#define STORE(f)                                                                            \
	_Generic(FIELD(f), bool: CFG_AS_BOOL, unsigned: CFG_AS_UINT,                         \
		 unsigned long: CFG_AS_ULONG, unsigned long long: CFG_AS_ULLONG,             \
		 default: CFG_AS_OTHER)
#define AT(f) .off = offsetof(scscf_config_t, f), .size = sizeof(FIELD(f)), .store = STORE(f)

#define UINT(n, f, lo, hi, d, text)                                                         \
	{.name = n, .type = CFG_UINT, AT(f), .min = lo, .max = hi, .def = d, .doc = text}
#define ENUM(n, f, w, d, text)                                                              \
	{.name = n, .type = CFG_ENUM, AT(f), .words = w, .def = d, .doc = text}
#define WORD(n, f, d, text) {.name = n, .type = CFG_WORD, AT(f), .def = d, .doc = text}
#define LIST(n, t, f, count, text)                                                          \
	{.name = n, .type = t, .off = offsetof(scscf_config_t, f), .size = sizeof(FIELD(f)[0]), \
	 .max = sizeof(FIELD(f)) / sizeof(FIELD(f)[0]),                                      \
	 .count_off = offsetof(scscf_config_t, count), .store = CFG_AS_OTHER, .doc = text}
#define SPECIAL(n, fn, d, text)                                                             \
	{.name = n, .type = CFG_SPECIAL, .parse = fn, .store = CFG_AS_OTHER, .def = d, .doc = text}

const cfg_key_t cfg_keys[] = {
	SPECIAL("sip.listen", parse_sip_listen, NULL,
		"udp:ADDRESS:PORT or tcp:ADDRESS:PORT, numeric; one line a socket (at least one)"),
	SPECIAL("sip.domain", parse_sip_domain, "open-ims.test", "the home domain served"),
	ENUM("sip.force_rport", sip.force_rport, yes_no, "no",
	     "answer every UDP request at its source address and port"),
	UINT("sip.max_transactions", sip.max_transactions, 1, 10000000, "100000",
	     "live server transactions; a new request beyond them gets 503"),
	UINT("sip.max_message_size", sip.max_message_size, 1024, 16u << 20, "65536",
	     "bytes; a larger message gets 513"),
	UINT("tcp.idle_timeout", sip.tcp_idle_timeout, 1, 86400, "300",
	     "seconds without traffic before a TCP connection is closed"),
	UINT("tcp.max_connections", sip.tcp_max_connections, 1, 1000000, "1024",
	     "open TCP connections, both directions"),
	UINT("tcp.connect_timeout", sip.tcp_connect_timeout, 1, 600, "5",
	     "seconds an outgoing TCP connection may take to come up"),
	UINT("timers.t1", sip.t1, 1, 60000, "500", "ms: the round-trip estimate (RFC 3261 T1)"),
	UINT("timers.t2", sip.t2, 1, 600000, "4000", "ms: the longest retransmission interval"),
	UINT("timers.t4", sip.t4, 1, 600000, "5000", "ms: the longest time a message lives"),
	SPECIAL("log.level", parse_log_level, "info", "error, warn, info or debug"),
	ENUM("log.target", log.log_syslog, log_targets, "stderr", "stderr or syslog"),
	WORD("diameter.config", diameter.dia_config, NULL,
	     "freeDiameter configuration file; Cx is off without it"),
	LIST("diameter.listen", CFG_ADDRS, diameter.dia_listen, diameter.dia_nlisten,
	     "a numeric address freeDiameter listens on; several lines allowed"),
	WORD("diameter.realm", diameter.dia_realm, "open-ims.test", "Destination-Realm of MAR/SAR"),
	WORD("diameter.hss", diameter.dia_hss, NULL, "a fixed Destination-Host for every request"),
	SPECIAL("diameter.server_name", parse_server_name, NULL,
		"the Server-Name (SIP URI); default sip:scscf.DOMAIN:PORT"),
	UINT("diameter.timeout", diameter.dia_timeout, 100, 600000, "5000",
	     "ms a MAR or SAR waits for its answer"),
	UINT("registrar.min_expires", registrar.reg_min_expires, 1, 86400, "60",
	     "seconds; less (but not 0) gets 423"),
	UINT("registrar.max_expires", registrar.reg_max_expires, 1, 4294967, "600000",
	     "seconds; longer requests are granted this"),
	UINT("registrar.default_expires", registrar.reg_default_expires, 1, 4294967, "3600",
	     "seconds, for a contact without expires"),
	UINT("registrar.max_bindings", registrar.reg_max_bindings, 1, 1000, "10",
	     "contacts per implicit registration set"),
	ENUM("registrar.evict_oldest", registrar.reg_evict_oldest, yes_no, "yes",
	     "at max_bindings: remove the oldest contact (yes) or answer 403 (no)"),
	ENUM("registrar.reauth", registrar.reg_reauth_always, reauth_words, "unprotected",
	     "challenge integrity-protected re-REGISTERs too (always) or not (unprotected)"),
	UINT("registrar.auth_timeout", registrar.reg_auth_timeout, 1, 3600, "240",
	     "seconds a challenge stays usable"),
	ENUM("registrar.unknown_user", registrar.reg_unknown_user, unknown_user_codes, "403",
	     "the answer for a user the HSS does not know"),
	UINT("registrar.retry_after", registrar.reg_retry_after, 0, 86400, "30",
	     "seconds, in the Retry-After of a 500 when the HSS is away"),
	SPECIAL("regevent.profile", parse_profile, "oracle",
		"the notify table: oracle or rfc3680; before the notify. and attribute. lines"),
	SPECIAL("regevent.notify.EVENT", parse_notify_row, NULL,
		"one row of the notify table: notify, suppress or another event"),
	SPECIAL("regevent.attribute.NAME", parse_attribute, NULL,
		"yes or no: whether contacts carry attribute NAME"),
	UINT("regevent.default_expires", regevent.ev_default_expires, 1, 4294967, "3761",
	     "seconds granted to a SUBSCRIBE without Expires"),
	UINT("regevent.min_expires", regevent.ev_min_expires, 1, 86400, "60",
	     "seconds; less (but not 0, and under 3600) gets 423"),
	UINT("regevent.max_expires", regevent.ev_max_expires, 1, 4294967, "604800",
	     "seconds; longer requests are granted this"),
	UINT("regevent.window", regevent.ev_window, 0, 10000, "20",
	     "ms: changes of one set within it go out as one NOTIFY"),
	UINT("regevent.max_subscriptions", regevent.ev_max_subscriptions, 1, 10000000,
	     "200000", "reg-event subscriptions in all; more get 503"),
	UINT("regevent.max_per_set", regevent.ev_max_per_set, 1, 1000, "32",
	     "subscriptions to one implicit set; more get 503"),
	LIST("regevent.trusted", CFG_HOSTS, regevent.ev_trusted, regevent.ev_ntrusted,
	     "host of an application server trusted to watch anyone; several lines allowed"),
	SPECIAL("control.socket", parse_ctl_socket, NULL,
		"path of the scscfctl socket; empty: none"),
	UINT("control.max_clients", control.ctl_max_clients, 1, 1024, "8",
	     "control connections served at once"),
	UINT("control.idle_timeout", control.ctl_idle_timeout, 1, 3600, "10",
	     "seconds a control client may stay connected"),
	SPECIAL("metrics.listen", parse_metrics_listen, NULL,
		"numeric ADDRESS:PORT of the Prometheus endpoint; empty: off"),
	UINT("metrics.max_clients", metrics.metrics_max_clients, 1, 1024, "8",
	     "metrics connections served at once"),
	UINT("metrics.idle_timeout", metrics.metrics_idle_timeout, 1, 3600, "5",
	     "seconds a metrics client has for its request and answer"),
};

const size_t cfg_nkeys = ARRAY_LEN(cfg_keys);
