/*
 * diam_boot.c - see diam_boot.h.
 */
#include "config.h"

#include "diameter/cx/diam_boot.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdcore.h>

#include "scscf/base/log.h"

static bool started;

/* freeDiameter's levels onto ours; its NOTICE chatter is our debug. */
static void fd_logger(int level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void fd_logger(int level, const char *fmt, va_list ap)
{
	slog_level_t l = level >= FD_LOG_FATAL ? SLOG_ERROR : level >= FD_LOG_ERROR ? SLOG_WARN : SLOG_DEBUG;
	char buf[1024];

	if (!slog_enabled(l))
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	slog(l, "diameter: %s", buf);
}

static int add_listen(const char *addr, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		ss.ss_family = AF_INET;
		sl = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, addr, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		ss.ss_family = AF_INET6;
		sl = sizeof(struct sockaddr_in6);
	} else {
		snprintf(err, errlen, "diameter listen address '%s' is not a numeric address",
			 addr);
		return -1;
	}
	if (fd_ep_add_merge(&fd_g_config->cnf_endpoints, (sSA *)&ss, sl,
			    EP_FL_CONF | EP_ACCEPTALL) != 0) {
		snprintf(err, errlen, "cannot add diameter listen address %s", addr);
		return -1;
	}
	return 0;
}

int diam_boot_start(const diam_boot_opts_t *o, cx_dict_t *dict, char *err, size_t errlen)
{
	size_t i;

	if (started) {
		snprintf(err, errlen, "freeDiameter is already running in this process");
		return -1;
	}
	fd_g_debug_lvl = slog_enabled(SLOG_DEBUG) ? FD_LOG_NOTICE : FD_LOG_ERROR;
	if (fd_log_handler_register(fd_logger) != 0 || fd_core_initialize() != 0) {
		snprintf(err, errlen, "cannot initialise freeDiameter");
		return -1;
	}
	if (fd_core_parseconf(o->conf_file) != 0) {
		snprintf(err, errlen,
			 "cannot load the freeDiameter configuration %s (see the lines above)",
			 o->conf_file);
		goto fail;
	}
	for (i = 0; i < o->nlisten; i++)
		if (add_listen(o->listen[i], err, errlen) != 0)
			goto fail;
	if (cx_dict_define(fd_g_config->cnf_dict, err, errlen) != 0 ||
	    cx_dict_lookup(fd_g_config->cnf_dict, dict, err, errlen) != 0)
		goto fail;
	if (fd_disp_app_support(dict->app, dict->vendor, 1, 0) != 0) {
		snprintf(err, errlen, "cannot advertise the Cx application");
		goto fail;
	}
	if (fd_core_start() != 0 || fd_core_waitstartcomplete() != 0) {
		snprintf(err, errlen, "cannot start freeDiameter (see the lines above)");
		goto fail;
	}
	started = true;
	return 0;
fail:
	fd_core_shutdown();
	fd_core_wait_shutdown_complete();
	return -1;
}

const char *diam_boot_identity(void)
{
	return fd_g_config != NULL ? fd_g_config->cnf_diamid : "";
}

const char *diam_boot_realm(void)
{
	return fd_g_config != NULL ? fd_g_config->cnf_diamrlm : "";
}

int diam_boot_peer_open(const char *identity)
{
	struct peer_hdr *peer = NULL;

	if (fd_peer_getbyid((DiamId_t)identity, strlen(identity), 1, &peer) != 0 || peer == NULL)
		return 0;
	return fd_peer_get_state(peer) == STATE_OPEN;
}

void diam_boot_each_peer(void (*fn)(void *arg, const char *identity, const char *state),
			 void *arg)
{
	struct fd_list *li;

	if (!started || pthread_rwlock_rdlock(&fd_g_peers_rw) != 0)
		return;
	for (li = fd_g_peers.next; li != &fd_g_peers; li = li->next) {
		struct peer_hdr *p = (struct peer_hdr *)li;

		fn(arg, p->info.pi_diamid, STATE_STR(fd_peer_get_state(p)));
	}
	pthread_rwlock_unlock(&fd_g_peers_rw);
}

void diam_boot_stop(void)
{
	if (!started)
		return;
	fd_core_shutdown();
	fd_core_wait_shutdown_complete();
	started = false;
}
