/*
 * auth_hdr.h - the Digest credentials of an Authorization header (RFC 2617
 * §3.2.2, RFC 3310 §3.4, TS 24.229 §5.4.1.2) and the WWW-Authenticate
 * challenge the registrar sends.
 *
 * libosip2 parses Authorization too, but keeps only the RFC 2617 fields;
 * the IMS ones (auts, integrity-protected) are lost there, so this parser
 * reads the header value itself: "Digest" then comma-separated
 * name=token / name="quoted string" pairs, names case-insensitive, values
 * unquoted (backslash escapes resolved).  It is bounded (value length,
 * number of pairs) and never reads past len.
 */
#ifndef SCSCF_AUTH_HDR_H
#define SCSCF_AUTH_HDR_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_HDR_MAX 4096

typedef struct {
	bool digest; /* the scheme is Digest (else the other fields are empty) */
	char username[256], realm[256], nonce[256], uri[1024], response[128];
	char algorithm[32], cnonce[256], nc[16], qop[32], opaque[256];
	char auts[64];                /* RFC 3310: base64 of AUTS */
	char integrity_protected[32]; /* TS 24.229: "yes", "no", "tls-yes", ... */
	bool has_response;            /* response= present (even empty) */
	bool has_auts;
} auth_creds_t;

/* 0, or -1 for a header that is not well-formed (or whose known fields
 * overflow their buffers).  A non-Digest scheme parses, with digest false. */
int auth_creds_parse(const char *value, size_t len, auth_creds_t *out);

/* Whether integrity-protected says the REGISTER came over a protected
 * association ("yes", "tls-yes", "ip-assoc-yes", "tls-connected"). */
bool auth_creds_protected(const auth_creds_t *c);

/* A WWW-Authenticate value: Digest realm="..", nonce="..", algorithm=..,
 * qop="auth"[, ik="..", ck=".."][, stale=TRUE][, opaque="..."].  ik/ck may
 * be NULL.  Returns the length written, or -1 when buf is too small or a
 * value holds a quote, backslash or control character. */
int auth_challenge_format(char *buf, size_t len, const char *realm, const char *nonce,
			  const char *algorithm, const char *ik_hex, const char *ck_hex, bool stale);

#endif
