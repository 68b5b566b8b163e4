/*
 * hss_ctl.c - the control socket server (see hss_ctl.h).
 *
 * Shutdown: a pipe that is written once and never read stays readable, so
 * every thread polling it (the acceptor and each connection) sees the stop
 * at its next poll; hss_ctl_stop() then waits until the connection count
 * drops to zero.  A connection busy in an RTR/PPR finishes it first
 * (bounded by hss_push's timeout).
 */
#include "config.h"

#include "hss_ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "scscf/base/log.h"

#include "hss_cmd.h"

static struct {
	pthread_mutex_t lock;
	pthread_cond_t idle;
	int active;          /* connection threads running */
	int listen_fd;
	int stop_pipe[2];
	pthread_t acceptor;
	bool running;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
} ctl = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, -1, {-1, -1}, 0, false, ""};

static int send_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Run one line (len bytes, no newline) and send its reply. */
static int serve_line(int fd, const char *p, size_t len)
{
	hss_out_t out = {NULL, 0, 0, false};
	char line[HSS_CTL_MAX_LINE + 1];
	int rc;

	if (memchr(p, '\0', len) != NULL)
		return send_all(fd, "error NUL byte in the command\n", 30);
	if (len > 0 && p[len - 1] == '\r')
		len--;
	memcpy(line, p, len);
	line[len] = '\0';
	log_debug("control: %s", line);
	hss_cmd_run(line, &out);
	rc = out.buf != NULL ? send_all(fd, out.buf, out.len) : -1;
	hss_out_free(&out);
	return rc;
}

/* 1 when fd is readable, 0 on stop or idle timeout, -1 on error. */
static int wait_readable(int fd)
{
	struct pollfd p[2] = {{fd, POLLIN, 0}, {ctl.stop_pipe[0], POLLIN, 0}};
	int rc;

	do {
		rc = poll(p, 2, HSS_CTL_IDLE_S * 1000);
	} while (rc < 0 && errno == EINTR);
	if (rc <= 0)
		return rc;
	if (p[1].revents != 0)
		return 0;
	return 1;
}

/*
 * One connection: lines in, replies out, until EOF, stop or idle timeout.
 * A line longer than HSS_CTL_MAX_LINE gets "error line too long" and is
 * skipped up to its newline; the connection goes on.
 */
static void *conn_main(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char buf[HSS_CTL_MAX_LINE];
	size_t have = 0, used;
	bool skipping = false;
	char *nl;
	ssize_t r;

	for (;;) {
		if (wait_readable(fd) != 1)
			break;
		r = recv(fd, buf + have, sizeof(buf) - have, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* a last line without its newline still counts */
			if (r == 0 && have > 0 && !skipping)
				serve_line(fd, buf, have);
			break;
		}
		have += (size_t)r;
		while ((nl = memchr(buf, '\n', have)) != NULL) {
			used = (size_t)(nl - buf) + 1;
			if (!skipping && serve_line(fd, buf, used - 1) != 0)
				goto out;
			skipping = false;
			memmove(buf, buf + used, have - used);
			have -= used;
		}
		if (have == sizeof(buf)) {
			if (!skipping && send_all(fd, "error line too long\n", 20) != 0)
				break;
			skipping = true;
			have = 0;
		}
	}
out:
	close(fd);
	pthread_mutex_lock(&ctl.lock);
	ctl.active--;
	pthread_cond_broadcast(&ctl.idle);
	pthread_mutex_unlock(&ctl.lock);
	return NULL;
}

static void start_conn(int fd)
{
	pthread_attr_t attr;
	pthread_t t;
	bool full;

	pthread_mutex_lock(&ctl.lock);
	full = ctl.active >= HSS_CTL_MAX_CONN;
	if (!full)
		ctl.active++;
	pthread_mutex_unlock(&ctl.lock);
	if (full) {
		send_all(fd, "error too many control connections\n", 35);
		close(fd);
		return;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, conn_main, (void *)(intptr_t)fd) != 0) {
		close(fd);
		pthread_mutex_lock(&ctl.lock);
		ctl.active--;
		pthread_cond_broadcast(&ctl.idle);
		pthread_mutex_unlock(&ctl.lock);
	}
	pthread_attr_destroy(&attr);
}

static void *accept_main(void *arg)
{
	struct pollfd p[2];
	int fd, rc;

	(void)arg;
	p[0].fd = ctl.listen_fd;
	p[0].events = POLLIN;
	p[1].fd = ctl.stop_pipe[0];
	p[1].events = POLLIN;
	for (;;) {
		p[0].revents = p[1].revents = 0;
		rc = poll(p, 2, -1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0 || p[1].revents != 0)
			break;
		fd = accept(ctl.listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		start_conn(fd);
	}
	return NULL;
}

/* Free the path for bind: only a stale socket file may be removed. */
static int clear_path(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, live;

	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "%s exists and is not a socket", path);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	live = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	if (live) {
		snprintf(err, errlen, "%s is in use by a running process", path);
		return -1;
	}
	unlink(path);
	return 0;
}

int hss_ctl_start(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	mode_t old;
	int rc;

	if (strlen(path) == 0 || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "control socket path '%s' is empty or too long", path);
		return -1;
	}
	if (clear_path(path, err, errlen) != 0)
		return -1;
	if (pipe(ctl.stop_pipe) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	fcntl(ctl.stop_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(ctl.stop_pipe[1], F_SETFD, FD_CLOEXEC);
	ctl.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ctl.listen_fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		goto fail;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	old = umask(0177); /* the socket is the owner's only */
	rc = bind(ctl.listen_fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc != 0 || listen(ctl.listen_fd, 16) != 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", path, strerror(errno));
		goto fail;
	}
	snprintf(ctl.path, sizeof(ctl.path), "%s", path);
	if (pthread_create(&ctl.acceptor, NULL, accept_main, NULL) != 0) {
		snprintf(err, errlen, "cannot start the control thread");
		unlink(path);
		goto fail;
	}
	ctl.running = true;
	return 0;
fail:
	if (ctl.listen_fd >= 0)
		close(ctl.listen_fd);
	close(ctl.stop_pipe[0]);
	close(ctl.stop_pipe[1]);
	ctl.listen_fd = ctl.stop_pipe[0] = ctl.stop_pipe[1] = -1;
	return -1;
}

void hss_ctl_stop(void)
{
	ssize_t w;

	if (!ctl.running)
		return;
	do {
		w = write(ctl.stop_pipe[1], "x", 1);
	} while (w < 0 && errno == EINTR);
	pthread_join(ctl.acceptor, NULL);
	pthread_mutex_lock(&ctl.lock);
	while (ctl.active > 0)
		pthread_cond_wait(&ctl.idle, &ctl.lock);
	pthread_mutex_unlock(&ctl.lock);
	close(ctl.listen_fd);
	close(ctl.stop_pipe[0]);
	close(ctl.stop_pipe[1]);
	ctl.listen_fd = ctl.stop_pipe[0] = ctl.stop_pipe[1] = -1;
	unlink(ctl.path);
	ctl.running = false;
}
