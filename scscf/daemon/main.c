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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uv.h>

#include "scscf/daemon/cfg.h"
#include "scscf/ops/ctl_server.h"
#include "scscf/daemon/hss_link.h"
#include "scscf/base/log.h"
#include "scscf/ops/loop_lag.h"
#include "scscf/ops/metrics_http.h"
#include "scscf/notifier/notifier.h"
#include "scscf/registrar/registrar.h"
#include "scscf/sip/sip_stack.h"

/* How often the loop's lag is sampled (stats: loop.lag_us). */
#define LOOP_LAG_INTERVAL_MS 500

typedef struct {
	uv_loop_t *loop;
	scscf_config_t cfg;
	sip_stack_t *sip;
	hss_link_t *hss; /* NULL without [diameter] config */
	registrar_t *registrar;
	notifier_t *notifier;
	ctl_server_t *ctl; /* NULL without control.socket */
	metrics_http_t *metrics; /* NULL without metrics.listen */
	loop_lag_t lag;
	ctl_env_t env; /* what the operator's interfaces see */
	uv_signal_t sigterm, sigint, sighup;
	int stopping;
} daemon_t;

static void stop(daemon_t *d, const char *why)
{
	if (d->stopping)
		return;
	d->stopping = 1;
	log_info("scscfd: %s, stopping", why);
	ctl_server_close(d->ctl);
	d->ctl = NULL;
	metrics_http_close(d->metrics);
	d->metrics = NULL;
	loop_lag_stop(&d->lag);
	uv_close((uv_handle_t *)&d->sigterm, NULL);
	uv_close((uv_handle_t *)&d->sigint, NULL);
	uv_close((uv_handle_t *)&d->sighup, NULL);
	/* NOTIFYs in flight are abandoned; REGISTERs in progress are
	 * answered while Cx still runs; Cx requests then end; then SIP stops. */
	notifier_free(d->notifier);
	d->notifier = NULL;
	registrar_free(d->registrar);
	d->registrar = NULL;
	hss_link_stop(d->hss);
	d->hss = NULL;
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
	stop(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

/* An operator interface could not start: say why, stop, exit 1. */
static void fail_start(daemon_t *d, const char *err, const char *why)
{
	log_error("scscfd: %s", err);
	if (d->cfg.log.log_syslog)
		fprintf(stderr, "scscfd: %s\n", err);
	stop(d, why);
	d->stopping = 2; /* exit 1 */
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
	daemon_t d;
	char err[512], server_name[256];
	uint64_t started_ms;
	time_t started_at;
	int rc;

	memset(&d, 0, sizeof(d));
	rc = setup(&d, argc, argv);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	signal(SIGPIPE, SIG_IGN);
	slog_open("scscfd", d.cfg.log.log_syslog, d.cfg.log.log_level);
	d.loop = uv_default_loop();
	started_ms = uv_now(d.loop);
	started_at = time(NULL);
	err[0] = '\0';
	scscf_config_server_name(&d.cfg, server_name, sizeof(server_name));
	d.sip = sip_stack_new(d.loop, &d.cfg.sip, err, sizeof(err));
	if (d.sip == NULL) {
		log_error("scscfd: %s", err);
		if (d.cfg.log.log_syslog)
			fprintf(stderr, "scscfd: %s\n", err);
		uv_loop_close(d.loop);
		return 1;
	}
	if (d.cfg.diameter.dia_config[0] != '\0') {
		d.hss = hss_link_start(d.loop, &d.cfg.diameter, server_name, err, sizeof(err));
		if (d.hss == NULL) {
			log_error("scscfd: diameter: %s", err);
			if (d.cfg.log.log_syslog)
				fprintf(stderr, "scscfd: diameter: %s\n", err);
			sip_stack_close(d.sip);
			uv_run(d.loop, UV_RUN_DEFAULT);
			sip_stack_free(d.sip);
			uv_loop_close(d.loop);
			return 1;
		}
	}
	d.registrar = registrar_new(d.loop, sip_stack_core(d.sip),
				    d.hss != NULL ? hss_link_client(d.hss) : NULL,
				    &d.cfg.registrar, d.cfg.sip.domain, server_name);
	if (d.registrar == NULL) {
		log_error("scscfd: cannot start the registrar (out of memory)");
		hss_link_stop(d.hss);
		sip_stack_close(d.sip);
		uv_run(d.loop, UV_RUN_DEFAULT);
		sip_stack_free(d.sip);
		uv_loop_close(d.loop);
		return 1;
	}
	d.notifier = notifier_new(d.loop, sip_stack_core(d.sip), d.registrar, &d.cfg.regevent,
				  &d.cfg.sip, d.cfg.registrar.reg_retry_after);
	if (d.notifier == NULL) {
		log_error("scscfd: cannot start the notifier (out of memory)");
		registrar_free(d.registrar);
		hss_link_stop(d.hss);
		sip_stack_close(d.sip);
		uv_run(d.loop, UV_RUN_DEFAULT);
		sip_stack_free(d.sip);
		uv_loop_close(d.loop);
		return 1;
	}
	uv_signal_init(d.loop, &d.sigterm);
	uv_signal_init(d.loop, &d.sigint);
	uv_signal_init(d.loop, &d.sighup);
	d.sigterm.data = d.sigint.data = d.sighup.data = &d;
	uv_signal_start(&d.sigterm, on_signal, SIGTERM);
	uv_signal_start(&d.sigint, on_signal, SIGINT);
	uv_signal_start(&d.sighup, on_signal, SIGHUP);
	loop_lag_start(&d.lag, d.loop, LOOP_LAG_INTERVAL_MS);
	d.env = (ctl_env_t){d.loop, d.registrar, d.notifier, d.sip,
			    d.hss != NULL ? hss_link_client(d.hss) : NULL, &d.lag, started_ms,
			    started_at};
	if (d.cfg.control.ctl_socket[0] != '\0') {
		d.ctl = ctl_server_new(&d.env, &d.cfg.control, err, sizeof(err));
		if (d.ctl == NULL)
			fail_start(&d, err, "no control socket");
	}
	if (d.stopping == 0 && d.cfg.metrics.metrics_on) {
		d.metrics = metrics_http_new(&d.env, &d.cfg.metrics, err, sizeof(err));
		if (d.metrics == NULL)
			fail_start(&d, err, "no metrics endpoint");
	}
	if (d.stopping == 0)
		log_info("scscfd %s: running (domain %s)", PACKAGE_VERSION, d.cfg.sip.domain);

	uv_run(d.loop, UV_RUN_DEFAULT);

	sip_stack_free(d.sip);
	rc = uv_loop_close(d.loop) == 0 ? 0 : 1;
	if (rc != 0)
		log_error("scscfd: handles still open at exit");
	if (d.stopping == 2)
		rc = 1;
	log_info("scscfd: stopped");
	slog_close();
	return rc;
}
