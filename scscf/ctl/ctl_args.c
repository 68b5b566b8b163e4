/*
 * ctl_args.c - the grammar of the control commands (ctl_req.h): which
 * words make a command, for the daemon (before it runs one) and for
 * scscfctl (before it connects, so a typo is a usage error even when the
 * daemon is down).
 */
#include "config.h"

#include "scscf/ctl/ctl_req.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char ctl_usage_commands[] =
	"  show registration [IMPU|IMPI]\n"
	"  show subscription [IMPU]\n"
	"  deregister IMPU [--reason admin|probation|disabled] [--impi IMPI]\n"
	"  user-services IMPU down|up\n"
	"  move IMPU --registrar URI\n"
	"  stats\n"
	"  log-level [error|warn|info|debug]\n";

/* 1 when w is one of the words of list ("a|b|c"). */
static int one_of(const char *w, const char *list)
{
	size_t n = strlen(w);
	const char *p = list;

	while (*p != '\0') {
		const char *bar = strchr(p, '|');
		size_t len = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (len == n && strncmp(p, w, n) == 0)
			return 1;
		p += len + (bar != NULL);
	}
	return 0;
}

static int usage(char *err, size_t errlen, const char *what, const char *form)
{
	snprintf(err, errlen, "%s; usage: %s", what, form);
	return -1;
}

static int show(int argc, char *const *argv, ctl_cmd_t *cmd, char *err, size_t errlen)
{
	static const char form[] = "show registration [IMPU|IMPI] | show subscription [IMPU]";

	if (argc < 2 || argc > 3)
		return usage(err, errlen, "show takes what to show and at most one identity", form);
	if (strcmp(argv[1], "registration") == 0)
		cmd->op = CTL_SHOW_REGISTRATION;
	else if (strcmp(argv[1], "subscription") == 0)
		cmd->op = CTL_SHOW_SUBSCRIPTION;
	else
		return usage(err, errlen, "show what?", form);
	cmd->target = argc == 3 ? argv[2] : NULL;
	return 0;
}

/* deregister IMPU [--reason R] [--impi IMPI], the options in any order,
 * each at most once. */
static int deregister(int argc, char *const *argv, ctl_cmd_t *cmd, char *err, size_t errlen)
{
	static const char form[] = "deregister IMPU [--reason admin|probation|disabled]";
	static const char impi_form[] = "deregister IMPU [--reason R] [--impi IMPI]";
	int i;
	bool reason = false;

	cmd->op = CTL_DEREGISTER;
	cmd->value = "admin";
	if (argc < 2 || argc % 2 != 0)
		return usage(err, errlen, "bad arguments", form);
	cmd->target = argv[1];
	for (i = 2; i < argc; i += 2) {
		if (strcmp(argv[i], "--reason") == 0 && !reason) {
			reason = true;
			cmd->value = argv[i + 1];
		} else if (strcmp(argv[i], "--impi") == 0 && cmd->impi == NULL) {
			cmd->impi = argv[i + 1];
		} else {
			return usage(err, errlen, "bad arguments", impi_form);
		}
	}
	if (!one_of(cmd->value, "admin|probation|disabled"))
		return usage(err, errlen, "unknown reason", form);
	return 0;
}

int ctl_cmd_parse(int argc, char *const *argv, ctl_cmd_t *cmd, char *err, size_t errlen)
{
	const char *c = argc > 0 ? argv[0] : "";

	memset(cmd, 0, sizeof(*cmd));
	if (strcmp(c, "show") == 0)
		return show(argc, argv, cmd, err, errlen);
	if (strcmp(c, "deregister") == 0)
		return deregister(argc, argv, cmd, err, errlen);
	if (strcmp(c, "user-services") == 0) {
		cmd->op = CTL_USER_SERVICES;
		if (argc != 3 || !one_of(argv[2], "down|up"))
			return usage(err, errlen, "bad arguments", "user-services IMPU down|up");
		cmd->target = argv[1];
		cmd->value = argv[2];
		return 0;
	}
	if (strcmp(c, "move") == 0) {
		cmd->op = CTL_MOVE;
		if (argc != 4 || strcmp(argv[2], "--registrar") != 0)
			return usage(err, errlen, "bad arguments", "move IMPU --registrar URI");
		cmd->target = argv[1];
		cmd->value = argv[3];
		return 0;
	}
	if (strcmp(c, "stats") == 0) {
		cmd->op = CTL_STATS;
		return argc == 1 ? 0 : usage(err, errlen, "stats takes no argument", "stats");
	}
	if (strcmp(c, "log-level") == 0) {
		cmd->op = CTL_LOG_LEVEL;
		if (argc == 1)
			return 0;
		cmd->value = argv[1];
		if (argc == 2 && one_of(argv[1], "error|warn|info|debug"))
			return 0;
		return usage(err, errlen, "bad arguments", "log-level [error|warn|info|debug]");
	}
	snprintf(err, errlen, "unknown command \"%.64s\"", c);
	return -1;
}
