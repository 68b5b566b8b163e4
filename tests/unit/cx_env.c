/*
 * cx_env.c - see cx_env.h.
 */
#include "config.h"

#include "cx_env.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diameter/cx/diam_boot.h"

cx_env_t cx_env;

struct wait {
	const volatile bool *flag;
	uint64_t deadline;
};

static void poll_flag(uv_timer_t *t)
{
	struct wait *w = t->data;

	if (*w->flag || uv_now(t->loop) >= w->deadline)
		uv_stop(t->loop);
}

bool cx_env_run_until(const volatile bool *flag, unsigned ms)
{
	struct wait w = {flag, 0};
	uv_timer_t t;

	uv_update_time(&cx_env.loop);
	w.deadline = uv_now(&cx_env.loop) + ms;
	uv_timer_init(&cx_env.loop, &t);
	t.data = &w;
	uv_timer_start(&t, poll_flag, 1, 1);
	uv_run(&cx_env.loop, UV_RUN_DEFAULT);
	uv_close((uv_handle_t *)&t, NULL);
	uv_run(&cx_env.loop, UV_RUN_NOWAIT);
	return *flag;
}

struct ctl {
	const char *cmd;
	char *reply;
	size_t len;
	volatile bool done;
};

static bool reply_complete(const char *r, size_t got)
{
	const char *last = r + got - 1; /* the final '\n' */

	while (last > r && last[-1] != '\n')
		last--;
	return strncmp(last, "ok", 2) == 0 || strncmp(last, "error", 5) == 0;
}

static void *ctl_thread(void *arg)
{
	struct ctl *c = arg;
	struct sockaddr_un sa;
	size_t got = 0;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", cx_env.sock);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    write(fd, c->cmd, strlen(c->cmd)) < 0 || write(fd, "\n", 1) < 0) {
		snprintf(c->reply, c->len, "test: cannot reach the control socket");
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, c->reply + got, c->len - 1 - got);

		if (n <= 0)
			break;
		got += (size_t)n;
		c->reply[got] = '\0';
		if (c->reply[got - 1] == '\n' && reply_complete(c->reply, got))
			break;
		if (got == c->len - 1)
			break;
	}
out:
	if (fd >= 0)
		close(fd);
	c->done = true;
	return NULL;
}

const char *cx_env_ctl(const char *cmd, char *reply, size_t len)
{
	struct ctl c = {cmd, reply, len, false};
	pthread_t th;

	reply[0] = '\0';
	if (pthread_create(&th, NULL, ctl_thread, &c) != 0) {
		snprintf(reply, len, "test: no thread");
		return reply;
	}
	cx_env_run_until(&c.done, 10000);
	pthread_join(th, NULL);
	return reply;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int write_fd_conf(const char *name, const char *id, int port, const char *peer,
			 int peer_port)
{
	char text[2048], path[128];
	const char *d = cx_env.dir;

	snprintf(path, sizeof(path), "%s/%s", d, name);
	snprintf(text, sizeof(text),
		 "Identity = \"%s\";\nRealm = \"%s\";\nPort = %d;\nSecPort = 0;\nNo_SCTP;\n"
		 "No_IPv6;\nTwTimer = 6;\nTcTimer = 1;\n"
		 "TLS_Cred = \"%s/%s.cert.pem\", \"%s/%s.key.pem\";\n"
		 "TLS_CA = \"%s/%s.cert.pem\";\n"
		 "ConnectPeer = \"%s\" { ConnectTo = \"127.0.0.1\"; Port = %d; No_TLS; };\n",
		 id, CX_ENV_REALM, port, d, id, d, id, d, id, peer, peer_port);
	return write_file(path, text);
}

static const char *hss_level = "warn";

static int start_hss(const char *level)
{
	char conf[128], subs[128];

	snprintf(conf, sizeof(conf), "%s/hss.conf", cx_env.dir);
	snprintf(subs, sizeof(subs), "%s/subscribers.xml", cx_env.dir);
	cx_env.hss = fork();
	if (cx_env.hss < 0)
		return -1;
	if (cx_env.hss == 0) {
		execl(TOP_BUILDDIR "/tests/hss-sim/hss-sim", "hss-sim", "-c", conf, "-u", subs,
		      "-l", "127.0.0.1", "-s", cx_env.sock, "-L", level, (char *)NULL);
		_exit(127);
	}
	return 0;
}

int cx_env_start_hss(void)
{
	return cx_env.hss > 0 ? 0 : start_hss(hss_level);
}

void cx_env_stop_hss(void)
{
	int st;

	if (cx_env.hss <= 0)
		return;
	kill(cx_env.hss, SIGTERM);
	waitpid(cx_env.hss, &st, 0);
	cx_env.hss = 0;
}

struct peer_wait {
	bool want_open;
	volatile bool reached;
};

static void poll_peer(uv_timer_t *t)
{
	struct peer_wait *p = t->data;

	if ((diam_boot_peer_open(CX_ENV_HSS) != 0) == p->want_open)
		p->reached = true;
}

bool cx_env_wait_peer(bool open, unsigned ms)
{
	struct peer_wait p = {open, false};
	uv_timer_t t;

	uv_timer_init(&cx_env.loop, &t);
	t.data = &p;
	uv_timer_start(&t, poll_peer, 0, 20);
	cx_env_run_until(&p.reached, ms);
	uv_close((uv_handle_t *)&t, NULL);
	uv_run(&cx_env.loop, UV_RUN_NOWAIT);
	return p.reached;
}

static int fail(const char *what)
{
	fprintf(stderr, "cx_env: %s\n", what);
	return -1;
}

int cx_env_start(const char *subscribers_xml, unsigned timeout_ms, const char *hss_level_arg)
{
	static const char *const listen[] = {"127.0.0.1"};
	const cx_client_cfg_t cfg = {.server_name = "sip:" CX_ENV_SCSCF ":6060",
				     .dest_realm = CX_ENV_REALM,
				     .timeout_ms = timeout_ms};
	diam_boot_opts_t opts = {NULL, listen, 1};
	char cmd[512], path[128], err[256];

	signal(SIGPIPE, SIG_IGN);
	snprintf(cx_env.dir, sizeof(cx_env.dir), "/tmp/cx_env.XXXXXX");
	if (mkdtemp(cx_env.dir) == NULL)
		return fail("no temporary directory");
	snprintf(cx_env.sock, sizeof(cx_env.sock), "%s/ctl.sock", cx_env.dir);
	/* below Linux's ephemeral ports (32768-60999), which outgoing
	 * connections of other tests may hold at any moment */
	cx_env.hss_port = 20000 + (int)(getpid() % 6000) * 2;
	cx_env.scscf_port = cx_env.hss_port + 1;
	snprintf(cmd, sizeof(cmd), "sh '%s/scripts/diameter-certs.sh' '%s' %s %s", TOP_SRCDIR,
		 cx_env.dir, CX_ENV_HSS, CX_ENV_SCSCF);
	if (system(cmd) != 0)
		return fail("cannot make the TLS_Cred certificates (openssl)");
	snprintf(path, sizeof(path), "%s/subscribers.xml", cx_env.dir);
	if (write_fd_conf("hss.conf", CX_ENV_HSS, cx_env.hss_port, CX_ENV_SCSCF,
			  cx_env.scscf_port) != 0 ||
	    write_fd_conf("scscf.conf", CX_ENV_SCSCF, cx_env.scscf_port, CX_ENV_HSS,
			  cx_env.hss_port) != 0 ||
	    write_file(path, subscribers_xml) != 0)
		return fail("cannot write the configuration files");
	hss_level = hss_level_arg;
	if (start_hss(hss_level) != 0)
		return fail("cannot start hss-sim");
	if (uv_loop_init(&cx_env.loop) != 0)
		return fail("no loop");
	snprintf(path, sizeof(path), "%s/scscf.conf", cx_env.dir);
	opts.conf_file = path;
	if (diam_boot_start(&opts, &cx_env.dict, err, sizeof(err)) != 0)
		return fail(err);
	cx_env.cx = cx_client_new(&cx_env.loop, &cx_env.dict, &cfg);
	if (cx_env.cx == NULL)
		return fail("cannot create the Cx client");
	if (!cx_env_wait_peer(true, 15000))
		return fail("hss-sim never connected");
	return 0;
}

void cx_env_stop(void)
{
	if (cx_env.cx != NULL) {
		cx_client_close(cx_env.cx);
		cx_env.cx = NULL;
		uv_run(&cx_env.loop, UV_RUN_NOWAIT);
	}
	diam_boot_stop();
	cx_env_stop_hss();
	uv_loop_close(&cx_env.loop);
	if (cx_env.dir[0] != '\0') {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cx_env.dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cx_env: could not remove %s\n", cx_env.dir);
	}
}
