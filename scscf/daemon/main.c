/*
 * main.c - scscfd: read the configuration, start the SIP stack on the libuv
 * loop, run until SIGTERM/SIGINT, then close every handle and exit.
 *
 *   scscfd -c FILE [-l LEVEL] [-t]
 *     -c FILE   configuration file (see doc/CONFIGURATION.md)
 *     -l LEVEL  log level for this run (error, warn, info, debug)
 *     -t        check the configuration and exit
 */
#include "config.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uv.h>

#include "scscf/daemon/cfg.h"
#include "scscf/ops/ctl_server.h"
#include "scscf/daemon/cx_port.h"
#include "scscf/daemon/hss_link.h"
#include "scscf/daemon/loop_clock.h"
#include "scscf/base/log.h"
#include "scscf/ops/loop_lag.h"
#include "scscf/ops/metrics_http.h"
#include "scscf/notifier/notifier.h"
#include "scscf/registrar/registrar.h"
#include "scscf/sip/sip_stack.h"

/* How often the loop's lag is sampled (stats: loop.lag_us). */
#define LOOP_LAG_INTERVAL_MS 500

/* Everything the daemon starts; what is NULL or false was not started. */
typedef struct {
	uv_loop_t *loop;
	scscf_config_t cfg;
	char server_name[256]; /* diameter.server_name or its default */
	sip_stack_t *sip;
	hss_link_t *hss; /* NULL without [diameter] config */
	sclock_t clock;  /* the loop's, for the registrar and the notifier */
	cx_port_t cx;    /* the registrar's HSS port over hss's Cx client */
	registrar_t *registrar;
	notifier_t *notifier;
	ctl_server_t *ctl; /* NULL without control.socket */
	metrics_http_t *metrics; /* NULL without metrics.listen */
	loop_lag_t lag;
	bool lag_on, signals_on;
	bool core_up; /* SIP, Cx, registrar and notifier started */
	ctl_env_t env; /* what the operator's interfaces see */
	uv_signal_t sigterm, sigint, sighup;
	int stopping; /* 2: stopping because something failed to start (exit 1) */
} daemon_t;

/* The one way down: close whatever was started, in the reverse order;
 * the loop then runs out.  why NULL: a start failed (already logged). */
static void daemon_stop(daemon_t *d, const char *why)
{
	if (d->stopping)
		return;
	d->stopping = why != NULL ? 1 : 2;
	if (why != NULL)
		log_info("scscfd: %s, stopping", why);
	ctl_server_close(d->ctl);
	d->ctl = NULL;
	metrics_http_close(d->metrics);
	d->metrics = NULL;
	if (d->lag_on)
		loop_lag_stop(&d->lag);
	d->lag_on = false;
	if (d->signals_on) {
		uv_close((uv_handle_t *)&d->sigterm, NULL);
		uv_close((uv_handle_t *)&d->sigint, NULL);
		uv_close((uv_handle_t *)&d->sighup, NULL);
	}
	d->signals_on = false;
	/* NOTIFYs in flight are abandoned; REGISTERs in progress are
	 * answered while Cx still runs; Cx requests then end; then SIP stops. */
	notifier_free(d->notifier);
	d->notifier = NULL;
	registrar_free(d->registrar);
	d->registrar = NULL;
	hss_link_stop(d->hss);
	d->hss = NULL;
	if (d->sip != NULL)
		sip_stack_close(d->sip);
}

static void on_signal(uv_signal_t *h, int signum)
{
	daemon_t *d = h->data;

	if (signum == SIGHUP) {
		/* Reopen the log target (log rotation); nothing else changes. */
		slog_open("scscfd", d->cfg.log.log_syslog, slog_get_level());
		log_info("scscfd: SIGHUP: log reopened");
		return;
	}
	daemon_stop(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

/* Something could not start: say why (on stderr too when logging to
 * syslog).  Always -1. */
static int start_failed(const daemon_t *d, const char *what, const char *err)
{
	log_error("scscfd: %s%s", what, err);
	if (d->cfg.log.log_syslog)
		fprintf(stderr, "scscfd: %s%s\n", what, err);
	return -1;
}

/* SIP, the HSS link, the registrar and the notifier.  0 or -1 (logged). */
static int start_core(daemon_t *d)
{
	char err[512] = "";
	const hss_port_t *port;

	scscf_config_server_name(&d->cfg, d->server_name, sizeof(d->server_name));
	d->sip = sip_stack_new(d->loop, &d->cfg.sip, err, sizeof(err));
	if (d->sip == NULL)
		return start_failed(d, "", err);
	if (d->cfg.diameter.dia_config[0] != '\0') {
		d->hss = hss_link_start(d->loop, &d->cfg.diameter, d->server_name, err,
					sizeof(err));
		if (d->hss == NULL)
			return start_failed(d, "diameter: ", err);
	}
	d->clock = loop_clock(d->loop);
	port = d->hss != NULL ? cx_port_init(&d->cx, hss_link_client(d->hss)) : NULL;
	d->registrar = registrar_new(&d->clock, sip_stack_core(d->sip), port, &d->cfg.registrar,
				     d->cfg.sip.domain, d->server_name);
	if (d->registrar == NULL)
		return start_failed(d, "cannot start the registrar (out of memory)", "");
	d->notifier = notifier_new(&d->clock, sip_stack_core(d->sip), d->registrar,
				   &d->cfg.regevent, &d->cfg.sip, d->cfg.registrar.reg_retry_after);
	if (d->notifier == NULL)
		return start_failed(d, "cannot start the notifier (out of memory)", "");
	d->core_up = true;
	return 0;
}

/* Signals, the loop-lag probe, the control socket and the metrics
 * endpoint.  0, or -1 with why for the log. */
static int start_ops(daemon_t *d, uint64_t started_ms, time_t started_at, const char **why)
{
	char err[512] = "";

	uv_signal_init(d->loop, &d->sigterm);
	uv_signal_init(d->loop, &d->sigint);
	uv_signal_init(d->loop, &d->sighup);
	d->sigterm.data = d->sigint.data = d->sighup.data = d;
	uv_signal_start(&d->sigterm, on_signal, SIGTERM);
	uv_signal_start(&d->sigint, on_signal, SIGINT);
	uv_signal_start(&d->sighup, on_signal, SIGHUP);
	d->signals_on = true;
	loop_lag_start(&d->lag, d->loop, LOOP_LAG_INTERVAL_MS);
	d->lag_on = true;
	d->env = (ctl_env_t){d->loop, d->registrar, d->notifier, d->sip,
			     d->hss != NULL ? hss_link_client(d->hss) : NULL, &d->lag, started_ms,
			     started_at};
	if (d->cfg.control.ctl_socket[0] != '\0') {
		d->ctl = ctl_server_new(&d->env, &d->cfg.control, err, sizeof(err));
		if (d->ctl == NULL) {
			*why = "no control socket";
			return start_failed(d, "", err);
		}
	}
	if (d->cfg.metrics.metrics_on) {
		d->metrics = metrics_http_new(&d->env, &d->cfg.metrics, err, sizeof(err));
		if (d->metrics == NULL) {
			*why = "no metrics endpoint";
			return start_failed(d, "", err);
		}
	}
	return 0;
}

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s -c FILE [-l error|warn|info|debug] [-t]\n", argv0);
	return 2;
}

/* Parse the command line and the configuration: 0 to run, else the exit
 * status (-t and errors). */
static int setup(daemon_t *d, int argc, char **argv)
{
	const char *path = NULL, *level = NULL;
	int opt, check_only = 0;
	char err[512];
	slog_level_t lv;

	while ((opt = getopt(argc, argv, "c:l:t")) != -1) {
		switch (opt) {
		case 'c': path = optarg; break;
		case 'l': level = optarg; break;
		case 't': check_only = 1; break;
		default: return usage(argv[0]);
		}
	}
	if (path == NULL || optind != argc)
		return usage(argv[0]);
	if (scscf_config_load(path, &d->cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "scscfd: %s\n", err);
		return 1;
	}
	if (level != NULL) {
		if (slog_level_from_name(level, &lv) < 0) {
			fprintf(stderr, "scscfd: -l %s: not error, warn, info or debug\n", level);
			return 1;
		}
		d->cfg.log.log_level = lv;
	}
	if (check_only) {
		printf("scscfd: %s: configuration OK\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static daemon_t d;
	const char *why = NULL;
	uint64_t started_ms;
	time_t started_at;
	int rc;

	rc = setup(&d, argc, argv);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	signal(SIGPIPE, SIG_IGN);
	slog_open("scscfd", d.cfg.log.log_syslog, d.cfg.log.log_level);
	d.loop = uv_default_loop();
	started_ms = uv_now(d.loop);
	started_at = time(NULL);
	if (start_core(&d) < 0)
		daemon_stop(&d, NULL);
	else if (start_ops(&d, started_ms, started_at, &why) < 0) {
		daemon_stop(&d, why);
		d.stopping = 2; /* exit 1 */
	} else
		log_info("scscfd %s: running (domain %s)", PACKAGE_VERSION, d.cfg.sip.domain);

	uv_run(d.loop, UV_RUN_DEFAULT);

	sip_stack_free(d.sip);
	rc = uv_loop_close(d.loop) == 0 ? 0 : 1;
	if (rc != 0)
		log_error("scscfd: handles still open at exit");
	if (d.stopping == 2)
		rc = 1;
	if (d.core_up)
		log_info("scscfd: stopped");
	slog_close();
	return rc;
}
