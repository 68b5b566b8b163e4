/*
 * registrar.h - the S-CSCF registrar (TS 24.229 §5.4.1): REGISTER from the
 * first 401 to the 200 OK, the Cx procedures around it (MAR, SAR), the
 * bindings in the registration store and their expiry, and what the HSS
 * asks (RTR, PPR).  Everything runs on the loop thread.
 *
 * A REGISTER goes through these steps (registrar.c, reg_challenge.c,
 * reg_assign.c, reg_bind.c):
 *   read it (reg_request) -> 4xx for what is malformed
 *   no usable credentials  -> MAR -> store the challenge -> 401
 *   credentials            -> check them (reg_auth): stale -> MAR -> 401
 *                             stale=TRUE; wrong -> 403 + SAR
 *                             AUTHENTICATION_FAILURE; auts -> MAR with
 *                             RAND||AUTS -> 401
 *   authenticated (or integrity-protected and registered, unless
 *   registrar.reauth = always)
 *                          -> expiries (423 below min_expires)
 *                          -> SAR REGISTRATION / RE_REGISTRATION
 *                          -> profile and bindings stored -> 200 OK
 *   de-REGISTER (all expiries 0, or Contact: *) -> bindings removed -> 200
 *                             OK; SAR USER_DEREGISTRATION when the set is
 *                             left without bindings.
 * A REGISTER is answered only when its Cx requests are done; nothing is
 * stored before the SAA says yes.
 */
#ifndef SCSCF_REGISTRAR_H
#define SCSCF_REGISTRAR_H

#include "scscf/base/clock.h"
#include "scscf/registrar/hss_port.h"
#include "scscf/registrar/reg_request.h"
#include "scscf/registrar/registrar_config.h"
#include "scscf/store/regstore.h"
#include "scscf/sip/sip_core.h"

typedef struct registrar registrar_t;

/* Attaches to core (the REGISTER handler, Supported tags) and to hss (the
 * RTR and PPR handlers); reads the time and arms its timer on clock.  The
 * tables are copied; what their ctx points to must outlive the registrar.
 * hss may be NULL: every REGISTER then gets 500.
 * From other sections: domain is the home domain (sip.domain), server_name
 * this S-CSCF's Server-Name (diameter.server_name, or "sip:scscf.DOMAIN:PORT"
 * when not configured), which the Service-Route is built from. */
registrar_t *registrar_new(const sclock_t *clock, sip_core_t *core, const hss_port_t *hss,
			   const registrar_config_t *cfg, const char *domain,
			   const char *server_name);
/* Before the HSS port is closed: REGISTERs still waiting for it get 500. */
void registrar_free(registrar_t *r);

regstore_t *registrar_store(registrar_t *r);

/* Operator de-registration of impu's implicit set: SAR
 * ADMINISTRATIVE_DEREGISTRATION and every binding removed (cause ADMIN).
 * 0, or -1 when nothing is registered for impu. */
int registrar_admin_deregister(registrar_t *r, const char *impu);

/* Remove impu's whole implicit set with cause (the store listener sends
 * the SAR the cause calls for).  0, or -1 when nothing is registered. */
int registrar_remove(registrar_t *r, const char *impu, re_cause_t cause);
/* Remove impi's bindings in impu's implicit set with cause (the set goes
 * with its last binding; the SAR names impi).  How many went, or -1 when
 * impi has none there. */
int registrar_remove_impi(registrar_t *r, const char *impu, const char *impi, re_cause_t cause);
/* Remove one binding with cause (its set goes with its last binding). */
void registrar_unbind(registrar_t *r, rs_binding_t *b, re_cause_t cause);

/* Called once a REGISTER has been answered 200 OK, with the request as
 * read and its implicit set (NULL when nothing is left registered).  The
 * notifier takes its Microsoft subscriptions from here.  One hook. */
typedef void (*registrar_hook_fn)(void *arg, const osip_message_t *req, const reg_request_t *rq,
				  const sip_req_ctx_t *ctx, const rs_set_t *set);
void registrar_on_registered(registrar_t *r, registrar_hook_fn fn, void *arg);

typedef struct {
	uint64_t registers, challenges, registered, deregistered, auth_failures;
	uint64_t rejected, hss_errors, expired, rtr, ppr;
} registrar_stats_t;

const registrar_stats_t *registrar_stats(const registrar_t *r);

#endif
