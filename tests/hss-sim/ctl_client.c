/*
 * ctl_client.c - the client side of hss-sim's control socket, for scripts:
 * `hss-sim --ctl SOCKET COMMAND [ARGS...]` sends the words as one line,
 * closes its sending side, prints every reply line and exits 0 when the
 * last one starts with "ok", 1 otherwise (or when the socket cannot be
 * reached).
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "hss_ctl.h"

/* Long enough for an RTR/PPR that waits for its answer. */
#define CLIENT_TIMEOUT_S 30

static int connect_to(const char *path)
{
	struct sockaddr_un sa;
	struct timeval tv = {CLIENT_TIMEOUT_S, 0};
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "hss-sim: control socket path too long: %s\n", path);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		fprintf(stderr, "hss-sim: cannot connect to %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

int hss_ctl_client(const char *path, int argc, char **argv)
{
	char line[HSS_CTL_MAX_LINE + 1], buf[4096], last[16] = "";
	size_t len = 0, n, lastlen = 0;
	bool at_line_start = true;
	ssize_t r;
	int i, fd;

	for (i = 0; i < argc; i++) {
		n = strlen(argv[i]);
		if (len + n + 2 > sizeof(line)) {
			fprintf(stderr, "hss-sim: command too long\n");
			return 1;
		}
		if (i > 0)
			line[len++] = ' ';
		memcpy(line + len, argv[i], n);
		len += n;
	}
	line[len++] = '\n';
	fd = connect_to(path);
	if (fd < 0)
		return 1;
	if (send(fd, line, len, MSG_NOSIGNAL) != (ssize_t)len) {
		fprintf(stderr, "hss-sim: cannot send to %s\n", path);
		close(fd);
		return 1;
	}
	shutdown(fd, SHUT_WR);
	/* print everything; remember the start of the last line */
	for (;;) {
		r = recv(fd, buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		fwrite(buf, 1, (size_t)r, stdout);
		for (n = 0; n < (size_t)r; n++) {
			if (at_line_start && buf[n] != '\n') {
				lastlen = 0;
				at_line_start = false;
			}
			if (buf[n] == '\n') {
				at_line_start = true;
			} else if (lastlen < sizeof(last) - 1) {
				last[lastlen++] = buf[n];
			}
		}
	}
	if (r < 0)
		fprintf(stderr, "hss-sim: no complete reply from %s: %s\n", path, strerror(errno));
	close(fd);
	fflush(stdout);
	last[lastlen] = '\0';
	return r == 0 && (strcmp(last, "ok") == 0 || strncmp(last, "ok ", 3) == 0) ? 0 : 1;
}
