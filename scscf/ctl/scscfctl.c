/*
 * scscfctl.c - the operator's client of scscfd's control socket
 * (doc/SCSCFCTL.md): checks the command, sends it as one JSON request
 * line, reads the JSON answer, prints it as tables (or as it came with
 * --json).
 *
 *   scscfctl [-s SOCKET] [--json] COMMAND ...
 *
 * The socket is -s, else $SCSCFCTL_SOCKET, else /run/scscfd.sock.
 * Exit status: 0 done, 1 error (the daemon said no, or cannot be
 * reached), 2 usage.
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

#include "scscf/ctl/ctl_json.h"
#include "scscf/ctl/ctl_print.h"
#include "scscf/ctl/ctl_req.h"

#define DEFAULT_SOCKET "/run/scscfd.sock"
#define ANSWER_TIMEOUT_S 30
#define MAX_ANSWER (512u << 20)

static int usage(FILE *out, int status)
{
	fprintf(out,
		"usage: scscfctl [-s SOCKET] [--json] COMMAND ...\n"
		"commands:\n%s"
		"options:\n"
		"  -s, --socket SOCKET  scscfd's control socket (default $SCSCFCTL_SOCKET,\n"
		"                       else " DEFAULT_SOCKET ")\n"
		"  --json               print the daemon's JSON answer as it is\n"
		"exit status: 0 done, 1 error, 2 usage\n",
		ctl_usage_commands);
	return status;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct timeval tv = {ANSWER_TIMEOUT_S, 0};
	int fd, e;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "scscfctl: socket path too long: %s\n", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "scscfctl: socket: %s\n", strerror(errno));
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)&sa, sizeof(sa)) != 0) {
		e = errno;
		if (e == ENOENT || e == ECONNREFUSED)
			fprintf(stderr, "scscfctl: cannot connect to %s: is scscfd running?\n", path);
		else
			fprintf(stderr, "scscfctl: cannot connect to %s: %s\n", path, strerror(e));
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Everything the daemon sends until it closes; NULL with a message. */
static char *read_answer(int fd, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap), *nb;
	ssize_t r;

	if (buf == NULL)
		fprintf(stderr, "scscfctl: out of memory\n");
	while (buf != NULL) {
		if (n + 1 == cap) {
			if (cap >= MAX_ANSWER) {
				fprintf(stderr, "scscfctl: answer larger than %u bytes\n", MAX_ANSWER);
				break;
			}
			nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				fprintf(stderr, "scscfctl: out of memory\n");
				break;
			}
			buf = nb;
			cap *= 2;
		}
		r = recv(fd, buf + n, cap - n - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		if (r < 0) {
			fprintf(stderr, "scscfctl: reading the answer: %s\n",
				errno == EAGAIN || errno == EWOULDBLOCK ? "timed out"
									 : strerror(errno));
			break;
		}
		n += (size_t)r;
	}
	free(buf);
	return NULL;
}

/* One exchange; the answer text, or NULL (message printed). */
static char *exchange(const char *path, int argc, char **argv, size_t *len)
{
	char line[CTL_MAX_LINE + 2];
	int n = ctl_req_build(argc, argv, line, sizeof(line)), fd;
	char *answer;

	if (n < 0) {
		fprintf(stderr, "scscfctl: the command is longer than %d bytes\n", CTL_MAX_LINE);
		return NULL;
	}
	fd = connect_to(path);
	if (fd < 0)
		return NULL;
	/* a blocking send on a stream socket queues all of it, or fails */
	if (send(fd, line, (size_t)n, MSG_NOSIGNAL) != n) {
		fprintf(stderr, "scscfctl: sending to %s: %s\n", path, strerror(errno));
		close(fd);
		return NULL;
	}
	shutdown(fd, SHUT_WR);
	answer = read_answer(fd, len);
	close(fd);
	if (answer != NULL && *len == 0) {
		fprintf(stderr, "scscfctl: %s closed without an answer\n", path);
		free(answer);
		answer = NULL;
	}
	return answer;
}

/* Exit status for an answer: ok 0, usage 2, other errors 1. */
static int status_of(const jv_t *doc)
{
	if (jv_true(jv_get(doc, "ok")))
		return 0;
	return jv_string(jv_get(doc, "kind")) != NULL &&
		       strcmp(jv_string(jv_get(doc, "kind")), "usage") == 0
		       ? 2
		       : 1;
}

int main(int argc, char **argv)
{
	static const jv_limits_t lim = {MAX_ANSWER, 32, 100000000};
	const char *path = getenv("SCSCFCTL_SOCKET");
	bool json = false;
	char err[512], *answer;
	ctl_cmd_t cmd;
	size_t len = 0;
	jv_t *doc;
	int i, rc;

	if (path == NULL || path[0] == '\0')
		path = DEFAULT_SOCKET;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if ((strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--socket") == 0) &&
			 i + 1 < argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--socket=", 9) == 0)
			path = argv[i] + 9;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return usage(stdout, 0);
		else if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--socket") == 0) {
			fprintf(stderr, "scscfctl: %s needs a SOCKET\n", argv[i]);
			return usage(stderr, 2);
		} else {
			fprintf(stderr, "scscfctl: unknown option %s\n", argv[i]);
			return usage(stderr, 2);
		}
	}
	if (i == argc) {
		fprintf(stderr, "scscfctl: no command\n");
		return usage(stderr, 2);
	}
	if (ctl_cmd_parse(argc - i, argv + i, &cmd, err, sizeof(err)) < 0) {
		fprintf(stderr, "scscfctl: %s\n", err);
		return usage(stderr, 2);
	}
	answer = exchange(path, argc - i, argv + i, &len);
	if (answer == NULL)
		return 1;
	doc = jv_parse(answer, len, &lim, err, sizeof(err));
	if (doc == NULL || doc->type != JV_OBJECT) {
		fprintf(stderr, "scscfctl: the answer from %s is not a JSON object%s%s\n", path,
			doc == NULL ? ": " : "", doc == NULL ? err : "");
		jv_free(doc);
		free(answer);
		return 1;
	}
	rc = status_of(doc);
	if (json)
		fwrite(answer, 1, len, stdout);
	else if (rc == 0)
		ctl_print(stdout, cmd.op, doc);
	else if (jv_string(jv_get(doc, "error")) != NULL)
		fprintf(stderr, "scscfctl: %s\n", jv_string(jv_get(doc, "error")));
	else
		fprintf(stderr, "scscfctl: the daemon refused the command\n");
	jv_free(doc);
	free(answer);
	if (fflush(stdout) != 0)
		return 1;
	return rc;
}
