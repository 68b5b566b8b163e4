/*
 * main.c - scscfd: read the configuration, bind the SIP transports, run the
 * libuv loop until SIGTERM/SIGINT, then close every handle and exit.
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
#include <unistd.h>

#include <uv.h>

#include "cfg.h"
#include "log.h"
#include "sip_core.h"
#include "sip_transport.h"

typedef struct {
	uv_loop_t *loop;
	scscf_config_t cfg;
	sip_core_t *core;
	sip_transport_t *tp;
	uv_timer_t txn_timer;
	uv_signal_t sigterm, sigint, sighup;
	int stopping;
} daemon_t;

/* ---- glue between the SIP core and libuv ------------------------------ */

static uint64_t io_now(void *ctx)
{
	daemon_t *d = ctx;

	return uv_now(d->loop);
}

static int io_send(void *ctx, const sip_dest_t *dst, const char *buf, size_t len)
{
	daemon_t *d = ctx;

	return sip_transport_send(d->tp, dst, buf, len);
}

static void io_close_conn(void *ctx, uint64_t conn_id)
{
	daemon_t *d = ctx;

	sip_transport_close_conn(d->tp, conn_id);
}

static void txn_timer_fired(uv_timer_t *h);

static void io_timers_changed(void *ctx)
{
	daemon_t *d = ctx;
	uint64_t due = sip_core_next_deadline(d->core), now = uv_now(d->loop);

	if (d->stopping)
		return;
	if (due == UINT64_MAX)
		uv_timer_stop(&d->txn_timer);
	else
		uv_timer_start(&d->txn_timer, txn_timer_fired, due > now ? due - now : 0, 0);
}

static void txn_timer_fired(uv_timer_t *h)
{
	daemon_t *d = h->data;

	sip_core_run_timers(d->core);
	io_timers_changed(d);
}

static void on_message(void *arg, const sip_dest_t *src, const char *buf, size_t len)
{
	daemon_t *d = arg;

	sip_core_receive(d->core, src, buf, len);
	io_timers_changed(d);
}

static void on_stream_error(void *arg, const sip_dest_t *src, const char *hdr, size_t hdr_len,
			    int status, const char *reason)
{
	daemon_t *d = arg;

	sip_core_stream_error(d->core, src, hdr, hdr_len, status, reason);
}

static void on_send_failed(void *arg, const sip_dest_t *dst)
{
	daemon_t *d = arg;

	sip_txn_transport_failed(sip_core_txn(d->core), dst);
}

/* ---- signals and shutdown ---------------------------------------------- */

static void transports_closed(void *arg)
{
	(void)arg;
}

static void stop(daemon_t *d, const char *why)
{
	if (d->stopping)
		return;
	d->stopping = 1;
	log_info("scscfd: %s, stopping", why);
	uv_close((uv_handle_t *)&d->txn_timer, NULL);
	uv_close((uv_handle_t *)&d->sigterm, NULL);
	uv_close((uv_handle_t *)&d->sigint, NULL);
	uv_close((uv_handle_t *)&d->sighup, NULL);
	sip_transport_close(d->tp, transports_closed, d);
}

static void on_signal(uv_signal_t *h, int signum)
{
	daemon_t *d = h->data;

	if (signum == SIGHUP) {
		/* Reopen the log target (log rotation); nothing else changes. */
		slog_open("scscfd", d->cfg.log_syslog, slog_get_level());
		log_info("scscfd: SIGHUP: log reopened");
		return;
	}
	stop(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s -c FILE [-l error|warn|info|debug] [-t]\n", argv0);
	return 2;
}

int main(int argc, char **argv)
{
	static const sip_core_io_t io_template = {io_send, io_close_conn, io_now,
						  io_timers_changed, NULL};
	sip_transport_cb_t tcb = {on_message, on_stream_error, on_send_failed, NULL};
	const char *path = NULL, *level = NULL;
	int opt, check_only = 0, rc = 1;
	sip_core_io_t io = io_template;
	daemon_t d;
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
	memset(&d, 0, sizeof(d));
	if (scscf_config_load(path, &d.cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "scscfd: %s\n", err);
		return 1;
	}
	if (level != NULL) {
		if (slog_level_from_name(level, &lv) < 0) {
			fprintf(stderr, "scscfd: -l %s: not error, warn, info or debug\n", level);
			return 1;
		}
		d.cfg.log_level = lv;
	}
	if (check_only) {
		printf("scscfd: %s: configuration OK\n", path);
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	slog_open("scscfd", d.cfg.log_syslog, d.cfg.log_level);
	d.loop = uv_default_loop();
	io.ctx = &d;
	d.core = sip_core_new(&d.cfg, &io);
	if (d.core == NULL) {
		log_error("scscfd: out of memory");
		return 1;
	}
	tcb.arg = &d;
	d.tp = sip_transport_new(d.loop, &d.cfg, &tcb, err, sizeof(err));
	if (d.tp == NULL || err[0] != '\0') {
		log_error("scscfd: %s", err);
		fprintf(stderr, "scscfd: %s\n", err);
		if (d.tp != NULL) {
			sip_transport_close(d.tp, NULL, NULL);
			uv_run(d.loop, UV_RUN_DEFAULT);
			sip_transport_free(d.tp);
		}
		sip_core_free(d.core);
		uv_loop_close(d.loop);
		return 1;
	}
	uv_timer_init(d.loop, &d.txn_timer);
	d.txn_timer.data = &d;
	uv_signal_init(d.loop, &d.sigterm);
	uv_signal_init(d.loop, &d.sigint);
	uv_signal_init(d.loop, &d.sighup);
	d.sigterm.data = d.sigint.data = d.sighup.data = &d;
	uv_signal_start(&d.sigterm, on_signal, SIGTERM);
	uv_signal_start(&d.sigint, on_signal, SIGINT);
	uv_signal_start(&d.sighup, on_signal, SIGHUP);
	log_info("scscfd %s: running (domain %s)", PACKAGE_VERSION, d.cfg.domain);

	uv_run(d.loop, UV_RUN_DEFAULT);

	sip_transport_free(d.tp);
	sip_core_free(d.core);
	rc = uv_loop_close(d.loop) == 0 ? 0 : 1;
	if (rc != 0)
		log_error("scscfd: handles still open at exit");
	log_info("scscfd: stopped");
	slog_close();
	return rc;
}
