/*
 * hss_ctl.h - hss-sim's control socket: a Unix stream socket (mode 0600)
 * that takes command lines and answers each with the reply of hss_cmd_run()
 * (the protocol is in doc/HSS-SIM.md), and the client side used by
 * `hss-sim --ctl SOCKET COMMAND...`.
 *
 * One thread accepts; each connection gets its own thread (at most
 * HSS_CTL_MAX_CONN at once), so a command waiting for an RTA does not hold
 * up the others.
 */
#ifndef HSS_SIM_HSS_CTL_H
#define HSS_SIM_HSS_CTL_H

#include <stddef.h>

#define HSS_CTL_MAX_CONN 16
#define HSS_CTL_MAX_LINE 4096
#define HSS_CTL_IDLE_S 300

/* Listen on path (a stale socket file there is replaced; a live one or a
 * file that is not a socket is an error).  0, or -1 with a message. */
int hss_ctl_start(const char *path, char *err, size_t errlen);

/* Stop accepting, end every connection (waiting for commands in flight)
 * and remove the socket file. */
void hss_ctl_stop(void);

/* Client: send the words as one command line, print the reply on stdout.
 * Exit status: 0 when the reply's last line starts with "ok", 1 otherwise. */
int hss_ctl_client(const char *path, int argc, char **argv);

#endif
