/*
 * main.c - hss-sim, the HSS simulator: a Cx server on freeDiameter that
 * answers MAR and SAR from a subscriber file and sends RTR and PPR when
 * told to on its control socket (doc/HSS-SIM.md).
 *
 *   hss-sim -c FDCONF -u SUBSCRIBERS.xml [-l ADDR]... [-s SOCKET] [-L LEVEL]
 *   hss-sim -t -u SUBSCRIBERS.xml          check the subscriber file, exit
 *   hss-sim --ctl SOCKET COMMAND [ARGS...]  one control command, for scripts
 *
 * Threads: main (start-up, then sigwait for TERM/INT), freeDiameter's own
 * (dispatch of MAR/SAR, answers to RTR/PPR), and the control socket's.
 * TERM and INT are blocked before any thread starts, so only sigwait sees
 * them; shutdown stops the control socket, then freeDiameter, then frees
 * the state, and exits 0.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "diameter/cx/diam_boot.h"
#include "diameter/crypto/milenage.h"
#include "scscf/base/log.h"

#include "hss_avp.h"
#include "hss_ctl.h"
#include "hss_cx.h"
#include "hss_state.h"
#include "subscribers.h"

#define MAX_LISTEN 16

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hss-sim -c FDCONF -u SUBSCRIBERS.xml [-l LISTENADDR]... [-s CTLSOCKET]\n"
		"               [-L error|warn|info|debug]\n"
		"       hss-sim -t -u SUBSCRIBERS.xml\n"
		"       hss-sim --ctl CTLSOCKET COMMAND [ARGS...]\n"
		"  -c  freeDiameter configuration file (Identity, Realm, peers, TLS_Cred)\n"
		"  -u  subscriber file (doc/HSS-SIM.md)\n"
		"  -l  numeric address to listen on (repeatable; loopback works)\n"
		"  -s  control socket path (Unix stream socket, mode 0600)\n"
		"  -L  log level (default info); the log goes to stderr\n"
		"  -t  check the subscriber file and exit\n");
}

typedef struct {
	const char *fdconf, *subs, *ctl;
	const char *listen[MAX_LISTEN];
	size_t nlisten;
	slog_level_t level;
	bool check_only;
} opts_t;

/* 0 run, 1 exit 0 (help), 2 usage error. */
static int parse_args(int argc, char **argv, opts_t *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	o->level = SLOG_INFO;
	while ((ch = getopt(argc, argv, "c:u:l:s:L:th")) != -1) {
		switch (ch) {
		case 'c':
			o->fdconf = optarg;
			break;
		case 'u':
			o->subs = optarg;
			break;
		case 'l':
			if (o->nlisten == MAX_LISTEN) {
				fprintf(stderr, "hss-sim: at most %d -l\n", MAX_LISTEN);
				return 2;
			}
			o->listen[o->nlisten++] = optarg;
			break;
		case 's':
			o->ctl = optarg;
			break;
		case 'L':
			if (slog_level_from_name(optarg, &o->level) != 0) {
				fprintf(stderr, "hss-sim: -L takes error, warn, info or debug\n");
				return 2;
			}
			break;
		case 't':
			o->check_only = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || o->subs == NULL || (!o->check_only && o->fdconf == NULL)) {
		usage(stderr);
		return 2;
	}
	return 0;
}

static int run(const opts_t *o, hss_subscribers_t *db)
{
	diam_boot_opts_t bo = {o->fdconf, o->listen, o->nlisten};
	char err[512];
	sigset_t set;
	int sig = 0, rc;
	size_t n = db->n;

	if (hss_state_init(db, err, sizeof(err)) != 0) {
		log_error("%s", err);
		return 1;
	}
	/* before any thread starts, so that every thread inherits the mask */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	if (diam_boot_start(&bo, &hss_dict, err, sizeof(err)) != 0) {
		log_error("%s", err);
		hss_state_free();
		return 1;
	}
	rc = hss_cx_register();
	if (rc != 0) {
		log_error("cannot register the Cx handlers with freeDiameter (error %d)", rc);
		goto stop;
	}
	if (o->ctl != NULL && hss_ctl_start(o->ctl, err, sizeof(err)) != 0) {
		log_error("%s", err);
		rc = 1;
		goto stop;
	}
	log_info("hss-sim ready: Diameter identity %s, realm %s, %zu subscribers%s%s",
		 diam_boot_identity(), diam_boot_realm(), n, o->ctl != NULL ? ", control " : "",
		 o->ctl != NULL ? o->ctl : "");
	while (sigwait(&set, &sig) != 0)
		;
	log_info("hss-sim stopping (signal %d)", sig);
stop:
	hss_ctl_stop();
	hss_cx_unregister();
	diam_boot_stop();
	hss_state_free();
	return rc != 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	hss_subscribers_t *db;
	char err[512];
	opts_t o;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--ctl") == 0) {
		if (argc < 4) {
			usage(stderr);
			return 2;
		}
		return hss_ctl_client(argv[2], argc - 3, argv + 3);
	}
	rc = parse_args(argc, argv, &o);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	slog_open("hss-sim", false, o.level);
	if (cxcrypto_init() != 0) {
		log_error("libgcrypt is older than the version hss-sim was built against");
		return 1;
	}
	db = hss_subs_load(o.subs, NULL, err, sizeof(err));
	if (db == NULL) {
		log_error("%s", err);
		return 1;
	}
	if (o.check_only) {
		printf("%s: %zu subscribers\n", o.subs, db->n);
		hss_subs_free(db);
		xmlCleanupParser();
		return 0;
	}
	rc = run(&o, db);
	slog_close();
	xmlCleanupParser();
	return rc;
}
