/*
 * hss_state.h - everything hss-sim knows at run time, behind one mutex:
 * the subscribers (with their SQN, password and profile, which change
 * during the run) and, per IMPI, the S-CSCF assigned to it and the
 * registration state of each identity of its implicit registration set.
 *
 * freeDiameter's dispatch threads (MAR, SAR), the answer callbacks of
 * RTR/PPR and the control socket threads all go through here.  Every
 * function except init/free and the two lock functions must be called with
 * the lock held; pointers they return stay valid only until the unlock.
 */
#ifndef HSS_SIM_HSS_STATE_H
#define HSS_SIM_HSS_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "subscribers.h"

typedef enum {
	HSS_NOT_REGISTERED = 0,
	HSS_UNREGISTERED = 1, /* UNREGISTERED_USER: a server name is kept for it */
	HSS_REGISTERED = 2,
} hss_reg_t;

typedef struct {
	hss_subscriber_t *sub;  /* in the database; sqn, password, profile change */
	uint8_t opc[16];        /* from K and OP/OPc at start */
	char *server_name;      /* Server-Name of the S-CSCF assigned, or NULL */
	char *scscf_host;       /* Origin-Host of the last SAR for this IMPI, or NULL */
	char *scscf_realm;      /* its Origin-Realm */
	hss_reg_t *reg;         /* one per identity of ud_irs(sub->ud) */
	size_t nreg;
} hss_user_t;

/* Take ownership of db, derive OPc for every AKA subscriber.  0, or -1
 * with a message. */
int hss_state_init(hss_subscribers_t *db, char *err, size_t errlen);
void hss_state_free(void);

void hss_state_lock(void);
void hss_state_unlock(void);

/* --- with the lock held ---------------------------------------------------- */

size_t hss_user_count(void);
hss_user_t *hss_user_at(size_t i);          /* IMPI order */
hss_user_t *hss_user_by_impi(const char *impi);

/*
 * The user whose implicit registration set holds uri: a distinct identity
 * of any user beats a wildcard match; among wildcards the first user (IMPI
 * order) wins.  *index (may be NULL) gets the position in that user's IRS.
 * NULL when no one has it.
 */
hss_user_t *hss_user_by_impu(const char *uri, size_t *index);

/* The position of uri in u's IRS (ud_lookup: distinct first, then
 * wildcards), or -1. */
long hss_user_impu_index(const hss_user_t *u, const char *uri);

/* The IRS identity at index i (its string; the wildcard string for a
 * wildcarded one). */
const ud_public_identity_t *hss_user_impu(const hss_user_t *u, size_t i);

/* Every identity of u's set to r. */
void hss_user_set_all(hss_user_t *u, hss_reg_t r);

/* Store or clear (NULL) the server name; store the S-CSCF's Origin-Host /
 * Realm (NULL leaves them as they are).  -1 when out of memory. */
int hss_user_set_server(hss_user_t *u, const char *server_name);
int hss_user_set_scscf(hss_user_t *u, const char *host, const char *realm);

/* The highest state of any identity of u. */
hss_reg_t hss_user_state(const hss_user_t *u);

/*
 * Replace u's profile (takes user_data, malloc'd, and ud).  Identities that
 * stay keep their state; new ones take the user's highest state.  -1 when
 * out of memory (nothing changed, nothing taken).
 */
int hss_user_replace_profile(hss_user_t *u, char *user_data, size_t len, ud_subscription_t *ud);

/* Replace the SIP Digest password (creates the digest credentials, with
 * the IMPI's domain as realm, when the subscriber had none).  -1 when out
 * of memory or there is no realm to use. */
int hss_user_set_password(hss_user_t *u, const char *password);

const char *hss_reg_name(hss_reg_t r);

#endif
