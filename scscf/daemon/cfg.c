/*
 * cfg.c - read scscfd.conf (see cfg.h and doc/CONFIGURATION.md).
 */
#include "config.h"

#include <arpa/inet.h>

#include "scscf/daemon/cfg.h"
#include "scscf/sip/sip_msg.h"


#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

void scscf_config_defaults(scscf_config_t *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->sip.domain, sizeof(cfg->sip.domain), "open-ims.test");
	cfg->sip.max_message_size = 65536;
	cfg->sip.max_transactions = 100000;
	cfg->sip.tcp_idle_timeout = 300;
	cfg->sip.tcp_max_connections = 1024;
	cfg->sip.tcp_connect_timeout = 5;
	cfg->sip.t1 = 500;
	cfg->sip.t2 = 4000;
	cfg->sip.t4 = 5000;
	cfg->log.log_level = SLOG_INFO;
	cfg->log.log_syslog = false;
	snprintf(cfg->diameter.dia_realm, sizeof(cfg->diameter.dia_realm), "open-ims.test");
	cfg->diameter.dia_timeout = 5000;
	cfg->registrar.reg_min_expires = 60;
	cfg->registrar.reg_max_expires = 600000;
	cfg->registrar.reg_default_expires = 3600;
	cfg->registrar.reg_max_bindings = 10;
	cfg->registrar.reg_evict_oldest = true;
	cfg->registrar.reg_reauth_always = false;
	cfg->registrar.reg_auth_timeout = 240;
	cfg->registrar.reg_unknown_user = 403;
	cfg->registrar.reg_retry_after = 30;
	re_policy_builtin("oracle", &cfg->regevent.ev_policy);
	cfg->regevent.ev_default_expires = 3761;
	cfg->regevent.ev_min_expires = 60;
	cfg->regevent.ev_max_expires = 604800;
	cfg->regevent.ev_window = 20;
	cfg->regevent.ev_max_subscriptions = 200000;
	cfg->regevent.ev_max_per_set = 32;
	cfg->control.ctl_max_clients = 8;
	cfg->control.ctl_idle_timeout = 10;
	cfg->metrics.metrics_max_clients = 8;
	cfg->metrics.metrics_idle_timeout = 5;
}

typedef struct {
	const char *name;
	unsigned line;
	char *err;
	size_t errlen;
} where_t;

static int bad(const where_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(const where_t *w, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(w->err, w->errlen, "%s:%u: ", w->name, w->line);

	if (n < 0 || (size_t)n >= w->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(w->err + n, w->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int number(const where_t *w, const char *key, const char *v, unsigned long min,
		  unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || end == v || v[0] == '-' || n < min || n > max)
		return bad(w, "%s must be a whole number from %lu to %lu, not \"%s\"", key, min,
			   max, v);
	*out = n;
	return 0;
}

/* Copies a string value that must fit and hold no blank. */
static int word(const where_t *w, const char *key, const char *v, char *dst, size_t cap)
{
	if (v[0] == '\0' || strlen(v) >= cap || strpbrk(v, " \t\"") != NULL)
		return bad(w, "%s \"%s\" is empty, too long or has a blank", key, v);
	snprintf(dst, cap, "%s", v);
	return 0;
}

static bool numeric_address(const char *v)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, v, buf) == 1 || inet_pton(AF_INET6, v, buf) == 1;
}

static int set_diameter_key(const where_t *w, scscf_config_t *c, const char *key,
			    const char *v)
{
	unsigned long n;

	if (strcmp(key, "config") == 0)
		return word(w, "diameter.config", v, c->diameter.dia_config, sizeof(c->diameter.dia_config));
	if (strcmp(key, "listen") == 0) {
		if (c->diameter.dia_nlisten == sizeof(c->diameter.dia_listen) / sizeof(c->diameter.dia_listen[0]))
			return bad(w, "more than %zu diameter.listen lines",
				   sizeof(c->diameter.dia_listen) / sizeof(c->diameter.dia_listen[0]));
		if (!numeric_address(v))
			return bad(w, "diameter.listen \"%s\" is not a numeric address", v);
		return word(w, "diameter.listen", v, c->diameter.dia_listen[c->diameter.dia_nlisten++],
			    sizeof(c->diameter.dia_listen[0]));
	}
	if (strcmp(key, "realm") == 0)
		return word(w, "diameter.realm", v, c->diameter.dia_realm, sizeof(c->diameter.dia_realm));
	if (strcmp(key, "hss") == 0)
		return word(w, "diameter.hss", v, c->diameter.dia_hss, sizeof(c->diameter.dia_hss));
	if (strcmp(key, "server_name") == 0) {
		char route[300];

		if ((strncmp(v, "sip:", 4) != 0 && strncmp(v, "sips:", 5) != 0) ||
		    sip_route_to(v, "orig", route, sizeof(route)) < 0)
			return bad(w, "diameter.server_name \"%s\" is not a SIP URI", v);
		return word(w, "diameter.server_name", v, c->diameter.dia_server_name,
			    sizeof(c->diameter.dia_server_name));
	}
	if (strcmp(key, "timeout") == 0) {
		if (number(w, "diameter.timeout", v, 100, 600000, &n) < 0)
			return -1;
		c->diameter.dia_timeout = (unsigned)n;
		return 0;
	}
	return bad(w, "unknown key \"diameter.%s\"", key);
}

/* [regevent]: "profile" replaces the whole table, so it must come before
 * the "notify.EVENT" and "attribute.NAME" lines that change it. */
static int set_regevent_key(const where_t *w, scscf_config_t *c, const char *key,
			    const char *v)
{
	unsigned long n;
	char err[160];

	if (strcmp(key, "profile") == 0) {
		if (c->regevent.ev_overrides > 0)
			return bad(w, "regevent.profile must come before the notify.EVENT and "
				      "attribute.NAME lines (it would replace them)");
		if (re_policy_builtin(v, &c->regevent.ev_policy) < 0)
			return bad(w, "regevent.profile \"%s\" is not oracle or rfc3680", v);
		return 0;
	}
	if (strncmp(key, "notify.", 7) == 0) {
		if (re_policy_set_row(&c->regevent.ev_policy, key + 7, v, err, sizeof(err)) < 0)
			return bad(w, "regevent.%s: %s", key, err);
		c->regevent.ev_overrides++;
		return 0;
	}
	if (strncmp(key, "attribute.", 10) == 0) {
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return bad(w, "regevent.%s \"%s\" is not yes or no", key, v);
		if (re_policy_set_attr(&c->regevent.ev_policy, key + 10, strcmp(v, "yes") == 0, err,
				       sizeof(err)) < 0)
			return bad(w, "regevent.%s: %s", key, err);
		c->regevent.ev_overrides++;
		return 0;
	}
	if (strcmp(key, "trusted") == 0) {
		if (c->regevent.ev_ntrusted == sizeof(c->regevent.ev_trusted) / sizeof(c->regevent.ev_trusted[0]))
			return bad(w, "more than %zu regevent.trusted lines",
				   sizeof(c->regevent.ev_trusted) / sizeof(c->regevent.ev_trusted[0]));
		if (strpbrk(v, ":;<>@") != NULL && !numeric_address(v))
			return bad(w, "regevent.trusted \"%s\" is not a host name or address", v);
		return word(w, "regevent.trusted", v, c->regevent.ev_trusted[c->regevent.ev_ntrusted++],
			    sizeof(c->regevent.ev_trusted[0]));
	}
#define EVNUM(k, min, max, field)                                                    \
	if (strcmp(key, k) == 0) {                                                   \
		if (number(w, "regevent." k, v, min, max, &n) < 0)                   \
			return -1;                                                   \
		c->field = (unsigned)n;                                              \
		return 0;                                                            \
	}
	EVNUM("default_expires", 1, 4294967, regevent.ev_default_expires)
	EVNUM("min_expires", 1, 86400, regevent.ev_min_expires)
	EVNUM("max_expires", 1, 4294967, regevent.ev_max_expires)
	EVNUM("window", 0, 10000, regevent.ev_window)
	EVNUM("max_subscriptions", 1, 10000000, regevent.ev_max_subscriptions)
	EVNUM("max_per_set", 1, 1000, regevent.ev_max_per_set)
#undef EVNUM
	return bad(w, "unknown key \"regevent.%s\"", key);
}

/* [control]: "socket =" with nothing after it turns the socket off. */
static int set_control_key(const where_t *w, scscf_config_t *c, const char *key,
			   const char *v)
{
	unsigned long n;

	if (strcmp(key, "socket") == 0) {
		if (v[0] == '\0') {
			c->control.ctl_socket[0] = '\0';
			return 0;
		}
		return word(w, "control.socket", v, c->control.ctl_socket, sizeof(c->control.ctl_socket));
	}
	if (strcmp(key, "max_clients") == 0) {
		if (number(w, "control.max_clients", v, 1, 1024, &n) < 0)
			return -1;
		c->control.ctl_max_clients = (unsigned)n;
		return 0;
	}
	if (strcmp(key, "idle_timeout") == 0) {
		if (number(w, "control.idle_timeout", v, 1, 3600, &n) < 0)
			return -1;
		c->control.ctl_idle_timeout = (unsigned)n;
		return 0;
	}
	return bad(w, "unknown key \"control.%s\"", key);
}

/* [metrics]: "listen = ADDRESS:PORT" (IPv6 in brackets) turns the
 * endpoint on; "listen =" with nothing after it turns it off. */
static int set_metrics_key(const where_t *w, scscf_config_t *c, const char *key,
			   const char *v)
{
	unsigned long n;
	char spec[160];

	if (strcmp(key, "listen") == 0) {
		c->metrics.metrics_on = v[0] != '\0';
		if (!c->metrics.metrics_on)
			return 0;
		snprintf(spec, sizeof(spec), "tcp:%s", v);
		if (strlen(v) > 100 || scscf_listen_parse(spec, &c->metrics.metrics_listen) < 0)
			return bad(w, "metrics.listen \"%s\" is not a numeric ADDRESS:PORT "
				      "(IPv6 in brackets)", v);
		return 0;
	}
	if (strcmp(key, "max_clients") == 0) {
		if (number(w, "metrics.max_clients", v, 1, 1024, &n) < 0)
			return -1;
		c->metrics.metrics_max_clients = (unsigned)n;
		return 0;
	}
	if (strcmp(key, "idle_timeout") == 0) {
		if (number(w, "metrics.idle_timeout", v, 1, 3600, &n) < 0)
			return -1;
		c->metrics.metrics_idle_timeout = (unsigned)n;
		return 0;
	}
	return bad(w, "unknown key \"metrics.%s\"", key);
}

static int set_key(const where_t *w, scscf_config_t *c, const char *sec, const char *key,
		   const char *v)
{
	unsigned long n;
	char full[96];

	snprintf(full, sizeof(full), "%s.%s", sec, key);
	if (strcmp(sec, "diameter") == 0)
		return set_diameter_key(w, c, key, v);
	if (strcmp(sec, "regevent") == 0)
		return set_regevent_key(w, c, key, v);
	if (strcmp(sec, "control") == 0)
		return set_control_key(w, c, key, v);
	if (strcmp(sec, "metrics") == 0)
		return set_metrics_key(w, c, key, v);
	if (strcmp(full, "registrar.evict_oldest") == 0) {
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return bad(w, "registrar.evict_oldest \"%s\" is not yes or no", v);
		c->registrar.reg_evict_oldest = strcmp(v, "yes") == 0;
		return 0;
	}
	if (strcmp(full, "registrar.reauth") == 0) {
		if (strcmp(v, "always") != 0 && strcmp(v, "unprotected") != 0)
			return bad(w, "registrar.reauth \"%s\" is not always or unprotected", v);
		c->registrar.reg_reauth_always = strcmp(v, "always") == 0;
		return 0;
	}
	if (strcmp(full, "registrar.unknown_user") == 0) {
		if (strcmp(v, "403") && strcmp(v, "404"))
			return bad(w, "registrar.unknown_user \"%s\" is not 403 or 404", v);
		c->registrar.reg_unknown_user = (unsigned)atoi(v);
		return 0;
	}
#define NUM(k, min, max, field)                                                      \
	if (strcmp(full, k) == 0) {                                                  \
		if (number(w, k, v, min, max, &n) < 0)                               \
			return -1;                                                   \
		c->field = n;                                                        \
		return 0;                                                            \
	}
	if (strcmp(full, "sip.listen") == 0) {
		if (c->sip.nlisten == SCSCF_MAX_LISTEN)
			return bad(w, "more than %d listen lines", SCSCF_MAX_LISTEN);
		if (scscf_listen_parse(v, &c->sip.listen[c->sip.nlisten]) < 0)
			return bad(w, "sip.listen \"%s\" is not udp:ADDRESS:PORT or "
				      "tcp:ADDRESS:PORT with a numeric address ([::1] for IPv6)",
				   v);
		c->sip.nlisten++;
		return 0;
	}
	if (strcmp(full, "sip.domain") == 0) {
		if (v[0] == '\0' || strlen(v) >= sizeof(c->sip.domain) || strpbrk(v, " \t;<>\"@"))
			return bad(w, "sip.domain \"%s\" is not a domain name", v);
		snprintf(c->sip.domain, sizeof(c->sip.domain), "%s", v);
		return 0;
	}
	NUM("sip.max_message_size", 1024, 16u << 20, sip.max_message_size)
	NUM("sip.max_transactions", 1, 10000000, sip.max_transactions)
	if (strcmp(full, "sip.force_rport") == 0) {
		if (strcmp(v, "yes") == 0)
			c->sip.force_rport = true;
		else if (strcmp(v, "no") == 0)
			c->sip.force_rport = false;
		else
			return bad(w, "sip.force_rport \"%s\" is not yes or no", v);
		return 0;
	}
	NUM("registrar.min_expires", 1, 86400, registrar.reg_min_expires)
	NUM("registrar.max_expires", 1, 4294967, registrar.reg_max_expires)
	NUM("registrar.default_expires", 1, 4294967, registrar.reg_default_expires)
	NUM("registrar.max_bindings", 1, 1000, registrar.reg_max_bindings)
	NUM("registrar.auth_timeout", 1, 3600, registrar.reg_auth_timeout)
	NUM("registrar.retry_after", 0, 86400, registrar.reg_retry_after)
	NUM("tcp.idle_timeout", 1, 86400, sip.tcp_idle_timeout)
	NUM("tcp.max_connections", 1, 1000000, sip.tcp_max_connections)
	NUM("tcp.connect_timeout", 1, 600, sip.tcp_connect_timeout)
	NUM("timers.t1", 1, 60000, sip.t1)
	NUM("timers.t2", 1, 600000, sip.t2)
	NUM("timers.t4", 1, 600000, sip.t4)
#undef NUM
	if (strcmp(full, "log.level") == 0) {
		if (slog_level_from_name(v, &c->log.log_level) < 0)
			return bad(w, "log.level \"%s\" is not error, warn, info or debug", v);
		return 0;
	}
	if (strcmp(full, "log.target") == 0) {
		if (strcmp(v, "stderr") == 0)
			c->log.log_syslog = false;
		else if (strcmp(v, "syslog") == 0)
			c->log.log_syslog = true;
		else
			return bad(w, "log.target \"%s\" is not stderr or syslog", v);
		return 0;
	}
	return bad(w, "unknown key \"%s\"", full);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int scscf_config_parse(const char *text, size_t len, const char *name, scscf_config_t *cfg,
		       char *err, size_t errlen)
{
	where_t w = {name, 0, err, errlen};
	char section[32] = "", line[1024];
	size_t off = 0;

	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		char *s, *eq, *hash;

		w.line++;
		if (n >= sizeof(line))
			return bad(&w, "line longer than %zu bytes", sizeof(line) - 1);
		memcpy(line, text + off, n);
		line[n] = '\0';
		off += n + 1;
		if (memchr(line, '\0', n) != NULL)
			return bad(&w, "NUL byte in the configuration");
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		s = trim(line);
		if (*s == '\0')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');

			if (close == NULL || close[1] != '\0' || close - s - 1 <= 0 ||
			    (size_t)(close - s - 1) >= sizeof(section))
				return bad(&w, "bad section header \"%s\"", s);
			*close = '\0';
			snprintf(section, sizeof(section), "%s", s + 1);
			if (strcmp(section, "sip") && strcmp(section, "tcp") &&
			    strcmp(section, "timers") && strcmp(section, "log") &&
			    strcmp(section, "diameter") && strcmp(section, "registrar") &&
			    strcmp(section, "regevent") && strcmp(section, "control") &&
			    strcmp(section, "metrics"))
				return bad(&w, "unknown section [%s]", section);
			continue;
		}
		eq = strchr(s, '=');
		if (eq == NULL)
			return bad(&w, "expected \"key = value\", got \"%s\"", s);
		if (section[0] == '\0')
			return bad(&w, "\"%s\" is outside any [section]", s);
		*eq = '\0';
		if (set_key(&w, cfg, section, trim(s), trim(eq + 1)) < 0)
			return -1;
	}
	w.line = 0;
	if (cfg->sip.nlisten == 0)
		return bad(&w, "no sip.listen line: nothing to listen on");
	if (cfg->sip.t2 < cfg->sip.t1)
		return bad(&w, "timers.t2 (%u) is smaller than timers.t1 (%u)", cfg->sip.t2, cfg->sip.t1);
	if (cfg->registrar.reg_min_expires > cfg->registrar.reg_default_expires ||
	    cfg->registrar.reg_default_expires > cfg->registrar.reg_max_expires)
		return bad(&w, "registrar expiries: need min_expires (%u) <= default_expires (%u) <= "
			       "max_expires (%u)",
			   cfg->registrar.reg_min_expires, cfg->registrar.reg_default_expires, cfg->registrar.reg_max_expires);
	if (cfg->regevent.ev_min_expires > cfg->regevent.ev_max_expires)
		return bad(&w, "regevent expiries: min_expires (%u) > max_expires (%u)",
			   cfg->regevent.ev_min_expires, cfg->regevent.ev_max_expires);
	{
		char perr[160];

		if (re_policy_validate(&cfg->regevent.ev_policy, perr, sizeof(perr)) < 0)
			return bad(&w, "regevent notify table: %s", perr);
	}
	return 0;
}

int scscf_config_load(const char *path, scscf_config_t *cfg, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(1u << 20);
	if (buf == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	n = fread(buf, 1, (1u << 20), f);
	if (ferror(f) || !feof(f)) {
		snprintf(err, errlen, "%s: %s", path,
			 ferror(f) ? "read error" : "larger than 1 MiB");
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	scscf_config_defaults(cfg);
	rc = scscf_config_parse(buf, n, path, cfg, err, errlen);
	free(buf);
	return rc;
}

const char *scscf_config_server_name(const scscf_config_t *cfg, char *buf, size_t len)
{
	if (cfg->diameter.dia_server_name[0] != '\0')
		snprintf(buf, len, "%s", cfg->diameter.dia_server_name);
	else
		snprintf(buf, len, "sip:scscf.%s:%u", cfg->sip.domain,
			 cfg->sip.nlisten > 0 ? cfg->sip.listen[0].port : 5060);
	return buf;
}
