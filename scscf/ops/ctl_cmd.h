/*
 * ctl_cmd.h - the commands of the control socket (doc/SCSCFCTL.md): one
 * request's words in, one JSON answer out, run on the loop thread against
 * the daemon's registrar, notifier and SIP stack.
 *
 * Every answer is an object with "ok".  On success the command's members
 * follow; on failure "error" (a sentence) and "kind": "usage" (unknown
 * command or bad arguments), "not-registered", "bad-uri", "busy",
 * "too-long", "bad-request", "timeout" or "internal".
 */
#ifndef SCSCF_CTL_CMD_H
#define SCSCF_CTL_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "scscf/ctl/ctl_json.h"
#include "scscf/ops/ctl_env.h"

/* The control socket's own figures, for "stats". */
typedef struct {
	uint64_t requests;     /* request lines answered */
	uint64_t errors;       /* of which answered ok:false */
	uint64_t refused;      /* connections turned away (too many clients) */
	uint64_t timeouts;     /* clients closed for idling */
	size_t clients;        /* connected now (set before each command) */
} ctl_counters_t;

/* Run argv (argc >= 1) and return the answer (malloc'd, len bytes plus a
 * NUL), or NULL when memory ran out. */
char *ctl_cmd_run(const ctl_env_t *env, const ctl_counters_t *cnt, int argc, char **argv,
		  size_t *len);

/* An ok:false answer with kind and message (NULL when memory ran out). */
char *ctl_cmd_error(const char *kind, const char *message, size_t *len);

/* ---- ctl_show.c ---- */

/* Members "sets" (show registration) and "subscriptions" (show
 * subscription) of an answer already opened in w.  who / impu NULL: all.
 * ctl_show_registration returns -1 (w untouched) when who names nothing
 * registered. */
int ctl_show_registration(const ctl_env_t *env, const char *who, jw_t *w);
void ctl_show_subscriptions(const ctl_env_t *env, const char *impu, jw_t *w);

#endif
