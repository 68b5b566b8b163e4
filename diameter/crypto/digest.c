/*
 * digest.c - HTTP Digest MD5 computations (RFC 2617 §3.2.2, RFC 7616 §3.4)
 * and the constant-time comparison of digests.
 */
#include "config.h"

#include "diameter/crypto/digest.h"

#include <string.h>

#include <gcrypt.h>

#include "diameter/crypto/milenage.h"
#include "scscf/base/hex.h"

#define MD5_LEN 16

/* One field of a colon-separated hash input. */
struct part {
	const void *data;
	size_t len;
};

/* hex = lowercase hex of MD5(p[0] ":" p[1] ":" ... p[n-1]). */
static int md5_parts(const struct part *p, size_t n, char hex[DIGEST_HEX_SIZE])
{
	gcry_md_hd_t md;
	size_t i;

	if (cxcrypto_init() != 0 || gcry_md_open(&md, GCRY_MD_MD5, 0) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (i > 0)
			gcry_md_putc(md, ':');
		gcry_md_write(md, p[i].data, p[i].len);
	}
	hex_encode(gcry_md_read(md, GCRY_MD_MD5), MD5_LEN, hex);
	gcry_md_close(md);
	return 0;
}

static struct part str_part(const char *s)
{
	return (struct part){.data = s, .len = strlen(s)};
}

int digest_ha1_bytes(const char *username, const char *realm, const uint8_t *password,
		     size_t pwlen, char ha1[DIGEST_HEX_SIZE])
{
	struct part p[3];

	if (!username || !realm || (!password && pwlen > 0))
		return -1;
	p[0] = str_part(username);
	p[1] = str_part(realm);
	p[2] = (struct part){.data = password ? (const void *)password : "", .len = pwlen};
	return md5_parts(p, 3, ha1);
}

int digest_ha1(const char *username, const char *realm, const char *password,
	       char ha1[DIGEST_HEX_SIZE])
{
	if (!password)
		return -1;
	return digest_ha1_bytes(username, realm, (const uint8_t *)password, strlen(password),
				ha1);
}

int digest_ha2(const char *method, const char *uri, char ha2[DIGEST_HEX_SIZE])
{
	struct part p[2];

	if (!method || !uri)
		return -1;
	p[0] = str_part(method);
	p[1] = str_part(uri);
	return md5_parts(p, 2, ha2);
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Copy a 32-hex-digit HA1 in lowercase; -1 when it is anything else. */
static int normalise_ha1(const char *ha1, char out[DIGEST_HEX_SIZE])
{
	size_t i;

	if (!ha1 || strlen(ha1) != DIGEST_HEX_LEN)
		return -1;
	for (i = 0; i < DIGEST_HEX_LEN; i++) {
		if (!is_hex(ha1[i]))
			return -1;
		out[i] = (char)(ha1[i] | 0x20);
	}
	out[DIGEST_HEX_LEN] = '\0';
	return 0;
}

int digest_response(const char *ha1, const struct digest_req *req,
		    char response[DIGEST_HEX_SIZE])
{
	char h1[DIGEST_HEX_SIZE], h2[DIGEST_HEX_SIZE];
	bool with_qop;
	struct part p[6];
	int rc;

	if (!req || !req->nonce || normalise_ha1(ha1, h1) != 0)
		return -1;
	with_qop = req->qop && req->qop[0];
	if (with_qop && (strcmp(req->qop, "auth") != 0 || !req->nc || !req->cnonce))
		return -1;
	if (digest_ha2(req->method, req->uri, h2) != 0)
		return -1;

	p[0] = str_part(h1);
	p[1] = str_part(req->nonce);
	if (with_qop) {
		p[2] = str_part(req->nc);
		p[3] = str_part(req->cnonce);
		p[4] = str_part(req->qop);
		p[5] = str_part(h2);
		rc = md5_parts(p, 6, response);
	} else {
		p[2] = str_part(h2);
		rc = md5_parts(p, 3, response);
	}
	cxcrypto_wipe(h1, sizeof(h1));
	return rc;
}

/* 1 when c is a hex digit, without branching on c. */
static unsigned ct_is_hex(unsigned char c)
{
	unsigned digit = (unsigned)(c - '0') < 10u;
	unsigned letter = (unsigned)((c | 0x20) - 'a') < 6u;

	return digit | letter;
}

bool digest_equal(const char *a, const char *b)
{
	unsigned diff = 0;
	size_t i;

	/* Lengths and the hex alphabet are public; only the values are not. */
	if (!a || !b || strlen(a) != DIGEST_HEX_LEN || strlen(b) != DIGEST_HEX_LEN)
		return false;
	for (i = 0; i < DIGEST_HEX_LEN; i++) {
		diff |= (ct_is_hex((unsigned char)a[i]) & ct_is_hex((unsigned char)b[i])) ^ 1u;
		/* Hex digits already have 0x20 set; this folds A-F to a-f. */
		diff |= (unsigned)(((unsigned char)a[i] | 0x20) ^ ((unsigned char)b[i] | 0x20));
	}
	return diff == 0;
}
