/*
 * aka.c - AKA vectors, resynchronisation and the test USIM on Milenage
 * (TS 33.102 §6.3.2, §6.3.3, §6.3.5), and RFC 3310 Digest-AKAv1-MD5.
 */
#include "config.h"

#include "diameter/crypto/aka.h"

#include <string.h>

#include "diameter/crypto/milenage.h"

static const uint8_t resync_amf[2] = {0x00, 0x00};

void aka_sqn_put(uint64_t sqn, uint8_t out[6])
{
	int i;

	for (i = 5; i >= 0; i--) {
		out[i] = (uint8_t)(sqn & 0xff);
		sqn >>= 8;
	}
}

uint64_t aka_sqn_get(const uint8_t in[6])
{
	uint64_t sqn = 0;
	int i;

	for (i = 0; i < 6; i++)
		sqn = (sqn << 8) | in[i];
	return sqn;
}

static void xor6(uint8_t *dst, const uint8_t *a, const uint8_t *b)
{
	int i;

	for (i = 0; i < 6; i++)
		dst[i] = a[i] ^ b[i];
}

/* Constant-time equality of n bytes. */
static int bytes_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

int aka_vector_make(const uint8_t k[16], const uint8_t opc[16], uint64_t sqn,
		    const uint8_t amf[2], const uint8_t rand[16], struct aka_vector *v)
{
	uint8_t sqn_b[6], ak[6], mac_a[8];
	int rc = AKA_ERR_CRYPTO;

	if (!v || sqn > AKA_SQN_MAX)
		return AKA_ERR_CRYPTO;
	aka_sqn_put(sqn, sqn_b);
	if (milenage_f1(k, opc, rand, sqn_b, amf, mac_a, NULL) != 0 ||
	    milenage_f2345(k, opc, rand, v->xres, v->ck, v->ik, ak, NULL) != 0)
		goto out;

	memcpy(v->rand, rand, AKA_RAND_LEN);
	xor6(v->autn, sqn_b, ak);
	memcpy(v->autn + 6, amf, 2);
	memcpy(v->autn + 8, mac_a, 8);
	memcpy(v->sip_authenticate, v->rand, AKA_RAND_LEN);
	memcpy(v->sip_authenticate + AKA_RAND_LEN, v->autn, AKA_AUTN_LEN);
	rc = AKA_OK;
out:
	if (rc != AKA_OK)
		cxcrypto_wipe(v, sizeof(*v));
	cxcrypto_wipe(ak, sizeof(ak));
	return rc;
}

int aka_auts_make(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		  uint64_t sqn_ms, uint8_t auts[14])
{
	uint8_t sqn_b[6], ak_star[6];
	int rc = AKA_ERR_CRYPTO;

	if (sqn_ms > AKA_SQN_MAX)
		return AKA_ERR_CRYPTO;
	aka_sqn_put(sqn_ms, sqn_b);
	if (milenage_f2345(k, opc, rand, NULL, NULL, NULL, NULL, ak_star) == 0 &&
	    milenage_f1(k, opc, rand, sqn_b, resync_amf, NULL, auts + 6) == 0) {
		xor6(auts, sqn_b, ak_star);
		rc = AKA_OK;
	}
	cxcrypto_wipe(ak_star, sizeof(ak_star));
	return rc;
}

int aka_resync(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
	       const uint8_t auts[14], uint64_t *sqn_ms)
{
	uint8_t ak_star[6], sqn_b[6], mac_s[8];
	int rc = AKA_ERR_CRYPTO;

	if (!auts || !sqn_ms)
		return AKA_ERR_CRYPTO;
	if (milenage_f2345(k, opc, rand, NULL, NULL, NULL, NULL, ak_star) != 0)
		goto out;
	xor6(sqn_b, auts, ak_star);
	if (milenage_f1(k, opc, rand, sqn_b, resync_amf, NULL, mac_s) != 0)
		goto out;
	if (!bytes_equal(mac_s, auts + 6, sizeof(mac_s))) {
		rc = AKA_ERR_MAC;
		goto out;
	}
	*sqn_ms = aka_sqn_get(sqn_b);
	rc = AKA_OK;
out:
	cxcrypto_wipe(ak_star, sizeof(ak_star));
	cxcrypto_wipe(mac_s, sizeof(mac_s));
	return rc;
}

int aka_resync_sip(const uint8_t k[16], const uint8_t opc[16],
		   const uint8_t rand_auts[AKA_RESYNC_LEN], uint64_t *sqn_ms)
{
	if (!rand_auts)
		return AKA_ERR_CRYPTO;
	return aka_resync(k, opc, rand_auts, rand_auts + AKA_RAND_LEN, sqn_ms);
}

static int sqn_fresh(const struct aka_usim *u, uint64_t sqn)
{
	if (sqn <= u->sqn_ms)
		return 0;
	return u->delta == 0 || sqn - u->sqn_ms <= u->delta;
}

int aka_usim_challenge(struct aka_usim *u, const uint8_t rand_autn[AKA_SIP_AUTH_LEN],
		       struct aka_usim_answer *a)
{
	const uint8_t *rand = rand_autn, *autn = rand_autn + AKA_RAND_LEN;
	uint8_t ak[6], sqn_b[6], xmac[8];
	int rc = AKA_ERR_CRYPTO;

	if (!u || !rand_autn || !a)
		return AKA_ERR_CRYPTO;
	memset(a, 0, sizeof(*a));
	if (milenage_f2345(u->k, u->opc, rand, a->res, a->ck, a->ik, ak, NULL) != 0)
		goto fail;
	xor6(sqn_b, autn, ak);
	if (milenage_f1(u->k, u->opc, rand, sqn_b, autn + 6, xmac, NULL) != 0)
		goto fail;
	if (!bytes_equal(xmac, autn + 8, sizeof(xmac))) {
		rc = AKA_ERR_MAC;
		goto fail;
	}
	a->sqn = aka_sqn_get(sqn_b);
	if (!sqn_fresh(u, a->sqn)) {
		if (aka_auts_make(u->k, u->opc, rand, u->sqn_ms, a->auts) != AKA_OK)
			goto fail;
		cxcrypto_wipe(a->res, sizeof(a->res));
		cxcrypto_wipe(a->ck, sizeof(a->ck));
		cxcrypto_wipe(a->ik, sizeof(a->ik));
		cxcrypto_wipe(ak, sizeof(ak));
		return AKA_ERR_SYNC;
	}
	u->sqn_ms = a->sqn;
	cxcrypto_wipe(ak, sizeof(ak));
	return AKA_OK;
fail:
	cxcrypto_wipe(a, sizeof(*a));
	cxcrypto_wipe(ak, sizeof(ak));
	return rc;
}

int aka_digest_response(const char *username, const char *realm, const uint8_t *res,
			size_t res_len, const struct digest_req *req,
			char response[DIGEST_HEX_SIZE])
{
	char ha1[DIGEST_HEX_SIZE];
	int rc;

	if (digest_ha1_bytes(username, realm, res, res_len, ha1) != 0)
		return -1;
	rc = digest_response(ha1, req, response);
	cxcrypto_wipe(ha1, sizeof(ha1));
	return rc;
}
