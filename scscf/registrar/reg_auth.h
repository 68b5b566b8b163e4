/*
 * reg_auth.h - the registrar's authentication challenges: what a 401 gave
 * out (per nonce: the IMPI, the vector from the HSS, the nonce-count seen)
 * and the reg-await-auth timer (TS 24.229 §5.4.1.2.1), and checking the
 * response of the next REGISTER against it.
 *
 * SIP Digest (RFC 2617 with qop=auth, HA1 from the HSS): the nonce is 16
 * random bytes in hex; it stays usable until the timer ends, each use with
 * a higher nonce-count (a replayed or lower nc is refused).  IMS AKA (RFC
 * 3310): the nonce is base64(RAND || AUTN) and the password is XRES; it is
 * good for one successful use.
 *
 * Loop-thread data; times are milliseconds on the owner's clock.  The
 * challenge is stored before the 401 is sent (REFERENCE §8.6).
 */
#ifndef SCSCF_REG_AUTH_H
#define SCSCF_REG_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scscf/registrar/auth_hdr.h"
#include "diameter/cx/cx_msg.h"
#include "scscf/base/theap.h"

typedef struct reg_auth reg_auth_t;

typedef enum { RA_DIGEST, RA_AKA } ra_kind_t;

typedef struct ra_challenge {
	ra_kind_t kind;
	char *impi, *impu, *callid;
	char nonce[64];
	char realm[256];
	char algorithm[16]; /* as challenged: MD5 or AKAv1-MD5 */
	char ha1[65];       /* Digest */
	uint8_t xres[16], ck[16], ik[16], rand[16]; /* AKA */
	size_t xres_len;
	uint32_t nc_last; /* highest nonce-count accepted */
	bool verified;    /* a response matched */
	uint64_t expires_at;
	theap_node_t timer;
} ra_challenge_t;

typedef enum {
	RA_OK,        /* the response matches */
	RA_STALE,     /* no such nonce (expired or unknown): challenge again, stale=TRUE */
	RA_MISMATCH,  /* wrong response, wrong user, replayed nc, bad qop */
	RA_RESYNC,    /* AKA: the UE sent auts (sync failure); *rand_auts is filled */
} ra_verdict_t;

/* Called when a challenge's timer ends; verified says whether it was ever
 * answered correctly.  The challenge is freed after it returns. */
typedef void (*ra_timeout_fn)(void *arg, const ra_challenge_t *c);

reg_auth_t *reg_auth_new(uint64_t await_ms, ra_timeout_fn on_timeout, void *arg);
void reg_auth_free(reg_auth_t *a);

/*
 * Store a challenge built from an MAA item for impi/impu; returns it (its
 * nonce and realm fill the 401), or NULL (out of memory, or an item that
 * cannot be used).  realm is used for AKA (the S-CSCF's realm); Digest
 * takes the HSS's Digest-Realm.
 */
const ra_challenge_t *reg_auth_challenge(reg_auth_t *a, const cx_auth_item_t *item,
					 const char *impi, const char *impu, const char *callid,
					 const char *aka_realm, uint64_t now);

/* Check the credentials of a REGISTER (method REGISTER).  On RA_OK or
 * RA_RESYNC, *out is the challenge (valid until the next call that changes
 * the store).  rand_auts gets RAND || AUTS (30 bytes) for RA_RESYNC. */
ra_verdict_t reg_auth_verify(reg_auth_t *a, const auth_creds_t *cr, uint64_t now,
			     const ra_challenge_t **out, uint8_t rand_auts[30]);

/* The challenge with this nonce, or NULL (read-only). */
const ra_challenge_t *reg_auth_find(const reg_auth_t *a, const char *nonce);

/* Forget a challenge (after an AKA success, a resync, or a 403). */
void reg_auth_forget(reg_auth_t *a, const char *nonce);
/* Forget every challenge of an IMPI (its password changed). */
size_t reg_auth_forget_impi(reg_auth_t *a, const char *impi);

uint64_t reg_auth_next_expiry(const reg_auth_t *a);
void reg_auth_expire(reg_auth_t *a, uint64_t now);
size_t reg_auth_count(const reg_auth_t *a);

#endif
