/*
 * milenage.h - the MILENAGE algorithm set (3GPP TS 35.206): OPc and the
 * functions f1, f1*, f2, f3, f4, f5 and f5*, on AES-128 from libgcrypt.
 * Pure computation, no I/O.  Big-endian byte strings throughout, as in
 * the spec's tables.
 */
#ifndef DIAMETER_MILENAGE_H
#define DIAMETER_MILENAGE_H

#include <stddef.h>
#include <stdint.h>

#define MILENAGE_K_LEN    16
#define MILENAGE_OP_LEN   16
#define MILENAGE_RAND_LEN 16
#define MILENAGE_SQN_LEN  6
#define MILENAGE_AMF_LEN  2
#define MILENAGE_MAC_LEN  8
#define MILENAGE_RES_LEN  8
#define MILENAGE_CK_LEN   16
#define MILENAGE_IK_LEN   16
#define MILENAGE_AK_LEN   6

/*
 * Initialise libgcrypt once (gcry_check_version and, unless the program
 * already did, finish its initialisation).  Safe to call any number of
 * times from any thread; every function of this library (milenage, aka,
 * digest) calls it itself, so calling it up front only moves the cost.
 * 0 on success, -1 when libgcrypt is older than the version built against.
 */
int cxcrypto_init(void);

/* Overwrite n bytes at p with zeros in a way the compiler keeps. */
void cxcrypto_wipe(void *p, size_t n);

/* OPc = OP xor E_K(OP).  0 or -1 (libgcrypt failure). */
int milenage_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16]);

/*
 * f1 and f1*: MAC-A (network authentication) and MAC-S (resynchronisation)
 * over SQN and AMF.  Either output may be NULL.  0 or -1.
 */
int milenage_f1(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		const uint8_t sqn[6], const uint8_t amf[2], uint8_t mac_a[8], uint8_t mac_s[8]);

/*
 * f2 (RES), f3 (CK), f4 (IK), f5 (AK) and f5* (AK for resynchronisation)
 * of one RAND.  Any output may be NULL; its block is then not computed.
 * 0 or -1.
 */
int milenage_f2345(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		   uint8_t res[8], uint8_t ck[16], uint8_t ik[16], uint8_t ak[6],
		   uint8_t ak_star[6]);

#endif
