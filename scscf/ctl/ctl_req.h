/*
 * ctl_req.h - the control socket's request line (doc/SCSCFCTL.md): one
 * line of at most CTL_MAX_LINE bytes before its newline, either a JSON
 * array of strings (what scscfctl sends: ["show","registration","sip:a@b"])
 * or plain words separated by blanks (for nc -U and scripts).  Every word
 * is non-empty UTF-8 without control characters; at most CTL_MAX_WORDS.
 */
#ifndef SCSCF_CTL_REQ_H
#define SCSCF_CTL_REQ_H

#include <stddef.h>

#define CTL_MAX_LINE 4096
#define CTL_MAX_WORDS 32

typedef struct {
	int argc;
	char *argv[CTL_MAX_WORDS + 1]; /* argv[argc] is NULL; words point into buf */
	char buf[CTL_MAX_LINE + 1];
} ctl_req_t;

/* Read line (len bytes; a trailing "\n" or "\r\n" is allowed) into req.
 * 0, or -1 with the reason in err. */
int ctl_req_parse(const char *line, size_t len, ctl_req_t *req, char *err, size_t errlen);

/* The JSON request line for argc words, newline included, into out (cap
 * bytes).  Its length, or -1 when it would be longer than CTL_MAX_LINE
 * (or out is too small, or memory ran out). */
int ctl_req_build(int argc, char *const *argv, char *out, size_t cap);

/* ---- the commands' grammar (ctl_args.c), shared by scscfd and scscfctl ---- */

typedef enum {
	CTL_SHOW_REGISTRATION, /* target: IMPU, IMPI or NULL */
	CTL_SHOW_SUBSCRIPTION, /* target: IMPU or NULL */
	CTL_DEREGISTER,        /* target: IMPU; value: admin, probation or disabled;
				* impi: only its bindings (NULL: every binding) */
	CTL_USER_SERVICES,     /* target: IMPU; value: down or up */
	CTL_MOVE,              /* target: IMPU; value: the registrar URI */
	CTL_STATS,
	CTL_LOG_LEVEL,         /* value: error, warn, info, debug, or NULL to ask */
} ctl_op_t;

typedef struct {
	ctl_op_t op;
	const char *target; /* points into argv */
	const char *value;
	const char *impi; /* deregister --impi IMPI, or NULL */
} ctl_cmd_t;

/* The commands, one per line, for usage messages. */
extern const char ctl_usage_commands[];

/* Check argv against the grammar.  0 with *cmd filled, or -1 with a
 * sentence naming what is wrong and the usage of that command in err. */
int ctl_cmd_parse(int argc, char *const *argv, ctl_cmd_t *cmd, char *err, size_t errlen);

#endif
