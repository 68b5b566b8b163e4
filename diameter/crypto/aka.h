/*
 * aka.h - UMTS/IMS AKA on top of Milenage (TS 33.102 §6.3): authentication
 * vectors for the HSS, resynchronisation from AUTS, the USIM side for
 * tests, and the Digest-AKAv1-MD5 response of RFC 3310 (XRES/RES as the
 * Digest password).  Pure computation, no I/O.
 *
 * Cx carries (REFERENCE §3.6): SIP-Authenticate = RAND || AUTN (32 octets),
 * SIP-Authorization = XRES, Confidentiality-Key = CK, Integrity-Key = IK,
 * and for a resync SIP-Authorization = RAND || AUTS (30 octets).
 */
#ifndef DIAMETER_AKA_H
#define DIAMETER_AKA_H

#include <stddef.h>
#include <stdint.h>

#include "diameter/crypto/digest.h"

#define AKA_RAND_LEN     16
#define AKA_AUTN_LEN     16
#define AKA_AUTS_LEN     14
#define AKA_RES_LEN      8
#define AKA_KEY_LEN      16
#define AKA_SIP_AUTH_LEN (AKA_RAND_LEN + AKA_AUTN_LEN)   /* RAND || AUTN */
#define AKA_RESYNC_LEN   (AKA_RAND_LEN + AKA_AUTS_LEN)   /* RAND || AUTS */
#define AKA_SQN_MAX      ((UINT64_C(1) << 48) - 1)

enum aka_status {
	AKA_OK = 0,
	AKA_ERR_CRYPTO = -1,    /* bad argument or libgcrypt failure */
	AKA_ERR_MAC = -2,       /* MAC-A (or MAC-S) does not verify */
	AKA_ERR_SYNC = -3,      /* MAC fine, SQN not fresh: AUTS produced */
};

/* One authentication vector as the HSS hands it out. */
struct aka_vector {
	uint8_t rand[AKA_RAND_LEN];
	uint8_t autn[AKA_AUTN_LEN];             /* (SQN ^ AK) || AMF || MAC-A */
	uint8_t sip_authenticate[AKA_SIP_AUTH_LEN]; /* RAND || AUTN */
	uint8_t xres[AKA_RES_LEN];
	uint8_t ck[AKA_KEY_LEN];
	uint8_t ik[AKA_KEY_LEN];
};

/* SQN (48 bits) to and from its 6 big-endian octets. */
void aka_sqn_put(uint64_t sqn, uint8_t out[6]);
uint64_t aka_sqn_get(const uint8_t in[6]);

/* Build the vector for SQN (<= AKA_SQN_MAX), AMF and RAND.  AKA_OK or
 * AKA_ERR_CRYPTO.  The caller draws RAND (e.g. gcry_randomize). */
int aka_vector_make(const uint8_t k[16], const uint8_t opc[16], uint64_t sqn,
		    const uint8_t amf[2], const uint8_t rand[16], struct aka_vector *v);

/*
 * HSS side of a resynchronisation: from RAND and AUTS = (SQN_MS ^ AK*) ||
 * MAC-S recover SQN_MS with f5* and check MAC-S with f1* (AMF = 0x0000,
 * TS 33.102 §6.3.3).  AKA_OK with *sqn_ms set, AKA_ERR_MAC, AKA_ERR_CRYPTO.
 */
int aka_resync(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
	       const uint8_t auts[14], uint64_t *sqn_ms);

/* The same from the 30 octets of SIP-Authorization (RAND || AUTS). */
int aka_resync_sip(const uint8_t k[16], const uint8_t opc[16],
		   const uint8_t rand_auts[AKA_RESYNC_LEN], uint64_t *sqn_ms);

/* AUTS for SQN_MS and RAND (what a USIM sends on a sync failure). */
int aka_auts_make(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		  uint64_t sqn_ms, uint8_t auts[14]);

/*
 * A USIM for tests: keys and the highest SQN accepted so far.  An SQN is
 * fresh when it is greater than sqn_ms and, if delta is not 0, at most
 * delta above it (TS 33.102 Annex C, without the IND array).
 */
struct aka_usim {
	uint8_t k[16];
	uint8_t opc[16];
	uint64_t sqn_ms;
	uint64_t delta;
};

struct aka_usim_answer {
	uint8_t res[AKA_RES_LEN];       /* AKA_OK */
	uint8_t ck[AKA_KEY_LEN];        /* AKA_OK */
	uint8_t ik[AKA_KEY_LEN];        /* AKA_OK */
	uint8_t auts[AKA_AUTS_LEN];     /* AKA_ERR_SYNC */
	uint64_t sqn;                   /* the SQN the network sent (AKA_OK, AKA_ERR_SYNC) */
};

/*
 * Run a challenge RAND || AUTN through the USIM: check MAC-A, then SQN
 * freshness.  AKA_OK (RES, CK, IK; sqn_ms advanced), AKA_ERR_SYNC (AUTS),
 * AKA_ERR_MAC (nothing but zeros in *a), AKA_ERR_CRYPTO.
 */
int aka_usim_challenge(struct aka_usim *u, const uint8_t rand_autn[AKA_SIP_AUTH_LEN],
		       struct aka_usim_answer *a);

/*
 * RFC 3310 Digest-AKAv1-MD5: the RFC 2617 response with RES (or XRES) as
 * the password, taken as res_len raw bytes (it may contain NULs).  The
 * S-CSCF computes it with XRES and compares it with digest_equal().
 */
int aka_digest_response(const char *username, const char *realm, const uint8_t *res,
			size_t res_len, const struct digest_req *req,
			char response[DIGEST_HEX_SIZE]);

#endif
