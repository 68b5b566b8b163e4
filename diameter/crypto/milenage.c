/*
 * milenage.c - MILENAGE (3GPP TS 35.206 §4.1) and the libgcrypt set-up
 * shared by the crypto helpers of diameter/.
 *
 * With TEMP = E_K(RAND xor OPc) and IN1 = SQN || AMF || SQN || AMF:
 *   OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc
 *   OUTi = E_K(rot(TEMP xor OPc, ri) xor ci) xor OPc     for i = 2..5
 * f1 = OUT1[0..63], f1* = OUT1[64..127], f5 = OUT2[0..47],
 * f2 = OUT2[64..127], f3 = OUT3, f4 = OUT4, f5* = OUT5[0..47].
 * r1..r5 = 64, 0, 32, 64, 96 bits; c1 = 0 and c2..c5 are zero except for
 * the last byte, 1, 2, 4, 8 (the spec's default constants).
 */
#include "config.h"

#include "diameter/crypto/milenage.h"

#include <pthread.h>
#include <string.h>

#include <gcrypt.h>

#define BLOCK 16
#define MIN_GCRYPT "1.8.0"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status = -1;

static void gcrypt_setup(void)
{
	/* Another part of the program may own libgcrypt's initialisation. */
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
		init_status = gcry_check_version(MIN_GCRYPT) ? 0 : -1;
		return;
	}
	if (!gcry_check_version(MIN_GCRYPT))
		return;
	/* Nothing here uses secure memory; AES contexts are wiped on close. */
	gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	init_status = 0;
}

int cxcrypto_init(void)
{
	if (pthread_once(&init_once, gcrypt_setup) != 0)
		return -1;
	return init_status;
}

void cxcrypto_wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}

/* An AES-128 ECB context keyed with K. */
static int kernel_open(gcry_cipher_hd_t *hd, const uint8_t k[16])
{
	if (cxcrypto_init() != 0)
		return -1;
	if (gcry_cipher_open(hd, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0) != 0)
		return -1;
	if (gcry_cipher_setkey(*hd, k, MILENAGE_K_LEN) != 0) {
		gcry_cipher_close(*hd);
		return -1;
	}
	return 0;
}

static int kernel(gcry_cipher_hd_t hd, const uint8_t in[BLOCK], uint8_t out[BLOCK])
{
	return gcry_cipher_encrypt(hd, out, BLOCK, in, BLOCK) == 0 ? 0 : -1;
}

static void xor_block(uint8_t *dst, const uint8_t *a, const uint8_t *b)
{
	int i;

	for (i = 0; i < BLOCK; i++)
		dst[i] = a[i] ^ b[i];
}

/* Cyclic rotation towards the most significant end by r bits (r % 8 == 0). */
static void rotate(uint8_t dst[BLOCK], const uint8_t src[BLOCK], unsigned r)
{
	unsigned shift = r / 8, i;

	for (i = 0; i < BLOCK; i++)
		dst[i] = src[(i + shift) % BLOCK];
}

/* TEMP = E_K(RAND xor OPc). */
static int temp_block(gcry_cipher_hd_t hd, const uint8_t opc[16], const uint8_t rand[16],
		      uint8_t temp[BLOCK])
{
	uint8_t in[BLOCK];
	int rc;

	xor_block(in, rand, opc);
	rc = kernel(hd, in, temp);
	cxcrypto_wipe(in, sizeof(in));
	return rc;
}

/* OUTi for i = 2..5: rotation r, constant byte c in the last position. */
static int out_block(gcry_cipher_hd_t hd, const uint8_t opc[16], const uint8_t temp[BLOCK],
		     unsigned r, uint8_t c, uint8_t out[BLOCK])
{
	uint8_t x[BLOCK], in[BLOCK], enc[BLOCK];
	int rc;

	xor_block(x, temp, opc);
	rotate(in, x, r);
	in[BLOCK - 1] ^= c;
	rc = kernel(hd, in, enc);
	xor_block(out, enc, opc);
	cxcrypto_wipe(x, sizeof(x));
	cxcrypto_wipe(in, sizeof(in));
	cxcrypto_wipe(enc, sizeof(enc));
	return rc;
}

int milenage_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16])
{
	gcry_cipher_hd_t hd;
	uint8_t enc[BLOCK];
	int rc;

	if (kernel_open(&hd, k) != 0)
		return -1;
	rc = kernel(hd, op, enc);
	gcry_cipher_close(hd);
	if (rc == 0)
		xor_block(opc, enc, op);
	cxcrypto_wipe(enc, sizeof(enc));
	return rc;
}

int milenage_f1(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		const uint8_t sqn[6], const uint8_t amf[2], uint8_t mac_a[8], uint8_t mac_s[8])
{
	gcry_cipher_hd_t hd;
	uint8_t temp[BLOCK], in1[BLOCK], x[BLOCK], in[BLOCK], out1[BLOCK];
	int rc;

	memcpy(in1, sqn, MILENAGE_SQN_LEN);
	memcpy(in1 + 6, amf, MILENAGE_AMF_LEN);
	memcpy(in1 + 8, in1, 8);

	if (kernel_open(&hd, k) != 0)
		return -1;
	rc = temp_block(hd, opc, rand, temp);
	if (rc == 0) {
		xor_block(x, in1, opc);
		rotate(in, x, 64);              /* r1 = 64, c1 = 0 */
		xor_block(in, in, temp);
		rc = kernel(hd, in, out1);
	}
	gcry_cipher_close(hd);
	if (rc == 0) {
		xor_block(out1, out1, opc);
		if (mac_a)
			memcpy(mac_a, out1, MILENAGE_MAC_LEN);
		if (mac_s)
			memcpy(mac_s, out1 + 8, MILENAGE_MAC_LEN);
	}
	cxcrypto_wipe(temp, sizeof(temp));
	cxcrypto_wipe(x, sizeof(x));
	cxcrypto_wipe(in, sizeof(in));
	cxcrypto_wipe(out1, sizeof(out1));
	return rc;
}

int milenage_f2345(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		   uint8_t res[8], uint8_t ck[16], uint8_t ik[16], uint8_t ak[6],
		   uint8_t ak_star[6])
{
	gcry_cipher_hd_t hd;
	uint8_t temp[BLOCK], out[BLOCK];
	int rc;

	if (kernel_open(&hd, k) != 0)
		return -1;
	rc = temp_block(hd, opc, rand, temp);
	if (rc == 0 && (res || ak)) {
		rc = out_block(hd, opc, temp, 0, 0x01, out);            /* OUT2 */
		if (rc == 0 && ak)
			memcpy(ak, out, MILENAGE_AK_LEN);
		if (rc == 0 && res)
			memcpy(res, out + 8, MILENAGE_RES_LEN);
	}
	if (rc == 0 && ck)
		rc = out_block(hd, opc, temp, 32, 0x02, ck);            /* OUT3 */
	if (rc == 0 && ik)
		rc = out_block(hd, opc, temp, 64, 0x04, ik);            /* OUT4 */
	if (rc == 0 && ak_star) {
		rc = out_block(hd, opc, temp, 96, 0x08, out);           /* OUT5 */
		if (rc == 0)
			memcpy(ak_star, out, MILENAGE_AK_LEN);
	}
	gcry_cipher_close(hd);
	cxcrypto_wipe(temp, sizeof(temp));
	cxcrypto_wipe(out, sizeof(out));
	return rc;
}
