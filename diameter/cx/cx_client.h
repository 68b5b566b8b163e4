/*
 * cx_client.h - the S-CSCF's Cx client, used from the libuv loop.
 *
 * freeDiameter's threads never touch loop state: its answer, timeout and
 * request callbacks only put the message on a queue (under a mutex) and
 * wake the loop with uv_async_send; the loop reads the messages and calls
 * the completion callbacks and the RTR/PPR handlers.  Every callback
 * below runs on the loop thread.
 *
 * Each MAR/SAR ends in exactly one callback: with the answer's result
 * (Result-Code or Experimental-Result, and which), or with a local
 * failure (timeout, not sent, shutdown).  A MAR naming a scheme that the
 * HSS refuses with 5006 is sent once more with scheme "Unknown".  The HSS
 * that answered a user's MAR or SAR (Origin-Host/Realm) is remembered per
 * IMPI, and later requests for that IMPI go to it.
 *
 * Every RTR and PPR is answered.  A malformed one is answered by the
 * client (DIAMETER_MISSING_AVP / DIAMETER_INVALID_AVP_VALUE with
 * Failed-AVP); the others go to the handler set with cx_client_on_rtr /
 * _on_ppr, which answers with cx_client_answer_* (at once or later, on the
 * loop).  With no handler set, the client logs what would be removed or
 * changed and answers DIAMETER_SUCCESS.
 *
 * Stopping: cx_client_close() detaches the client from freeDiameter (an
 * RTR/PPR arriving afterwards is answered DIAMETER_UNABLE_TO_COMPLY on
 * freeDiameter's thread), ends every request in flight with
 * CX_LOCAL_SHUTDOWN, and drops the HSS requests not answered yet (the
 * HSS times them out).  Then diam_boot_stop().
 */
#ifndef DIAMETER_CX_CLIENT_H
#define DIAMETER_CX_CLIENT_H

#include <stddef.h>
#include <uv.h>

#include "diameter/cx/cx_dict.h"
#include "diameter/cx/cx_msg.h"
#include "diameter/cx/cx_tally.h"

typedef struct cx_client cx_client_t;
typedef struct cx_incoming cx_incoming_t;

typedef struct {
	const char *server_name; /* SIP URI of this S-CSCF, e.g. sip:scscf.open-ims.test:6060 */
	const char *dest_realm;  /* the HSS's realm */
	const char *dest_host;   /* a fixed HSS, or NULL to let realm routing choose */
	unsigned timeout_ms;     /* per request */
} cx_client_cfg_t;

typedef void (*cx_maa_cb)(void *arg, cx_maa_t *answer);
typedef void (*cx_saa_cb)(void *arg, cx_saa_t *answer);
typedef void (*cx_rtr_handler)(void *arg, cx_incoming_t *in, const cx_rtr_t *rtr);
typedef void (*cx_ppr_handler)(void *arg, cx_incoming_t *in, const cx_ppr_t *ppr);

/* After diam_boot_start(): registers the RTR/PPR dispatch callbacks. */
cx_client_t *cx_client_new(uv_loop_t *loop, const cx_dict_t *dict, const cx_client_cfg_t *cfg);
void cx_client_close(cx_client_t *c);

/* Send; the callback gets the answer (which it may take strings from,
 * setting them to NULL; the client clears the rest after it returns).
 * Return 0, or -1 when the request cannot be built (the callback is then
 * not called). */
int cx_client_mar(cx_client_t *c, const cx_mar_t *req, cx_maa_cb cb, void *arg);
int cx_client_sar(cx_client_t *c, const cx_sar_t *req, cx_saa_cb cb, void *arg);

void cx_client_on_rtr(cx_client_t *c, cx_rtr_handler h, void *arg);
void cx_client_on_ppr(cx_client_t *c, cx_ppr_handler h, void *arg);

/* Answer an RTR/PPR given to a handler (exactly once); assoc lists the
 * IMPIs to echo in the RTA's Associated-Identities. */
void cx_client_answer_rtr(cx_incoming_t *in, const cx_result_t *res, const char *const *assoc,
			  size_t nassoc);
void cx_client_answer_ppr(cx_incoming_t *in, const cx_result_t *res);

/* Requests sent and not yet completed. */
size_t cx_client_pending(const cx_client_t *c);

/* Every MAR/SAR outcome and every RTR/PPR answered, counted. */
const cx_tally_t *cx_client_tally(const cx_client_t *c);

/* The HSS remembered for an IMPI (NULL when none). */
const char *cx_client_hss_for(const cx_client_t *c, const char *impi);

#endif
