/*
 * cx_env.h - a Cx test bed on loopback for the tests and the benchmark:
 * this process as the S-CSCF (freeDiameter's core, a libuv loop, the Cx
 * client) and a real hss-sim process, each with a generated freeDiameter
 * configuration and certificate in a temporary directory, on ports drawn
 * from the process id.  Control commands go to hss-sim from a thread while
 * the loop runs, so the RTRs and PPRs they cause are answered.
 */
#ifndef TESTS_CX_ENV_H
#define TESTS_CX_ENV_H

#include <stdbool.h>
#include <sys/types.h>
#include <uv.h>

#include "diameter/cx/cx_client.h"

#define CX_ENV_REALM "open-ims.test"
#define CX_ENV_HSS "hss.open-ims.test"
#define CX_ENV_SCSCF "scscf.open-ims.test"

typedef struct {
	char dir[40], sock[64];
	int hss_port, scscf_port;
	pid_t hss;
	uv_loop_t loop;
	cx_dict_t dict;
	cx_client_t *cx;
} cx_env_t;

extern cx_env_t cx_env;

/* Everything up to a connected peer; 0, or -1 after saying why on stderr. */
int cx_env_start(const char *subscribers_xml, unsigned timeout_ms, const char *hss_log_level);
void cx_env_stop(void);

/* Runs the loop until *flag or ms pass; returns *flag. */
bool cx_env_run_until(const volatile bool *flag, unsigned ms);
/* Runs the loop until the HSS peer is (or is not) connected. */
bool cx_env_wait_peer(bool open, unsigned ms);
void cx_env_stop_hss(void);
/* hss-sim again, after cx_env_stop_hss(); 0 or -1. */
int cx_env_start_hss(void);

/* One hss-sim control command; the reply's lines, the last starting with
 * "ok" or "error".  The loop runs meanwhile. */
const char *cx_env_ctl(const char *cmd, char *reply, size_t len);

#endif
