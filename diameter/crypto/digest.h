/*
 * digest.h - HTTP Digest with MD5 (RFC 2617, RFC 7616 §3.4): HA1, HA2, the
 * request-digest with qop=auth and without qop, and a constant-time
 * comparison of two digests.  Digests are 32 lowercase hex characters plus
 * a NUL (DIGEST_HEX_SIZE bytes).  MD5 comes from libgcrypt.
 */
#ifndef DIAMETER_DIGEST_H
#define DIAMETER_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_HEX_LEN  32
#define DIGEST_HEX_SIZE (DIGEST_HEX_LEN + 1)

/* What the response covers besides HA1. */
struct digest_req {
	const char *method;     /* "REGISTER" */
	const char *uri;        /* digest-uri exactly as in the Authorization header */
	const char *nonce;
	const char *qop;        /* "auth", or NULL / "" for the RFC 2069 form */
	const char *nc;         /* 8 hex digits; used only with qop */
	const char *cnonce;     /* used only with qop */
};

/* HA1 = MD5(username ":" realm ":" password).  0 or -1. */
int digest_ha1(const char *username, const char *realm, const char *password,
	       char ha1[DIGEST_HEX_SIZE]);

/* The same with a binary password of pwlen bytes (may contain NULs). */
int digest_ha1_bytes(const char *username, const char *realm, const uint8_t *password,
		     size_t pwlen, char ha1[DIGEST_HEX_SIZE]);

/* HA2 = MD5(method ":" uri) (qop absent or "auth").  0 or -1. */
int digest_ha2(const char *method, const char *uri, char ha2[DIGEST_HEX_SIZE]);

/*
 * The request-digest from HA1 (32 hex characters, either case, as the HSS
 * sends it in Digest-HA1):
 *   qop=auth: MD5(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)
 *   no qop:   MD5(HA1 ":" nonce ":" HA2)
 * -1 for a malformed HA1, a missing field, or a qop other than "auth"
 * (auth-int is not supported).
 */
int digest_response(const char *ha1, const struct digest_req *req,
		    char response[DIGEST_HEX_SIZE]);

/*
 * Whether a and b are the same digest: both exactly 32 hex characters and
 * equal, ignoring case.  The time taken does not depend on where they
 * differ.  NULL compares unequal to everything.
 */
bool digest_equal(const char *a, const char *b);

#endif
