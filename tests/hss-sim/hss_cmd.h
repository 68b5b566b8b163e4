/*
 * hss_cmd.h - the control commands of hss-sim (list, history, rtr, ppr,
 * peer, ping, help; doc/HSS-SIM.md has the grammar): one command line in,
 * reply lines out.  Every reply ends with one line that starts with "ok"
 * or "error"; data lines before it never do.  No sockets here (hss_ctl.c
 * carries the lines), so a command may block only while an RTR/PPR waits
 * for its answer.
 */
#ifndef HSS_SIM_HSS_CMD_H
#define HSS_SIM_HSS_CMD_H

#include <stdbool.h>
#include <stddef.h>

/* A growing reply buffer; oom set when an append failed (the reply is then
 * replaced by "error out of memory"). */
typedef struct {
	char *buf;
	size_t len, cap;
	bool oom;
} hss_out_t;

/* Append one line (the newline is added). */
void hss_out_line(hss_out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hss_out_free(hss_out_t *o);

/* Run one command (a line without its newline) and append its reply. */
void hss_cmd_run(const char *line, hss_out_t *out);

#endif
