/*
 * aka_ue.c - the USIM side of IMS AKA for the integration tests, which
 * sipp cannot play when the network's SQN is behind (it never sends auts):
 *
 *   aka_ue K OP SQN_MS NONCE USER REALM URI CNONCE NC
 *
 * K and OP in hex; SQN_MS the highest SQN the USIM has accepted; NONCE the
 * 401's nonce (base64 of RAND || AUTN).  Prints one line:
 *   ok SQN RESPONSE     the challenge is good: the RFC 3310 response for
 *                       REGISTER with qop=auth, and the SQN it carried
 *   sync AUTS           the SQN is not fresh: base64 of AUTS for auts=
 *   mac                 AUTN does not come from this K (exit 1)
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/crypto/aka.h"
#include "diameter/crypto/digest.h"
#include "diameter/crypto/milenage.h"
#include "scscf/base/base64.h"

static int hex16(const char *s, uint8_t out[16])
{
	size_t i;

	if (strlen(s) != 32)
		return -1;
	for (i = 0; i < 16; i++)
		if (sscanf(s + 2 * i, "%2hhx", &out[i]) != 1)
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	uint8_t k[16], op[16], ra[AKA_SIP_AUTH_LEN];
	struct aka_usim u;
	struct aka_usim_answer a;
	char out[DIGEST_HEX_SIZE], auts[BASE64_LEN(AKA_AUTS_LEN) + 1];
	struct digest_req req;

	if (argc != 10) {
		fprintf(stderr, "usage: aka_ue K OP SQN_MS NONCE USER REALM URI CNONCE NC\n");
		return 2;
	}
	if (cxcrypto_init() != 0 || hex16(argv[1], k) != 0 || hex16(argv[2], op) != 0 ||
	    base64_decode(argv[4], ra, sizeof(ra)) != (int)sizeof(ra)) {
		fprintf(stderr, "aka_ue: bad K, OP or nonce\n");
		return 2;
	}
	memset(&u, 0, sizeof(u));
	memcpy(u.k, k, 16);
	if (milenage_opc(k, op, u.opc) != 0)
		return 2;
	u.sqn_ms = strtoull(argv[3], NULL, 0);
	switch (aka_usim_challenge(&u, ra, &a)) {
	case AKA_OK:
		req.method = "REGISTER";
		req.uri = argv[7];
		req.nonce = argv[4];
		req.qop = "auth";
		req.nc = argv[9];
		req.cnonce = argv[8];
		if (aka_digest_response(argv[5], argv[6], a.res, AKA_RES_LEN, &req, out) != 0)
			return 2;
		printf("ok %" PRIu64 " %s\n", a.sqn, out);
		return 0;
	case AKA_ERR_SYNC:
		base64_encode(a.auts, AKA_AUTS_LEN, auts);
		printf("sync %s\n", auts);
		return 0;
	default:
		printf("mac\n");
		return 1;
	}
}
