/*
 * auth_hdr.c - see auth_hdr.h.
 *
 * Grammar read (RFC 2617 §3.2.2 and RFC 3261 §25.1, with LWS allowed
 * around '=' and ','):
 *   credentials = scheme LWS param *( "," param )
 *   param       = token LWS? "=" LWS? ( token / quoted-string )
 */
#include "config.h"

#include "scscf/registrar/auth_hdr.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_PARAMS 32

struct cursor {
	const char *p, *end;
};

static bool is_lws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_token_char(char c)
{
	/* c != '\0': strchr() finds the terminator, and a NUL inside len would
	 * otherwise pass as part of a token and silently cut the value short */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("-.!%*_+`'~:/@[]?&=$;", c) != NULL);
}

static void skip_lws(struct cursor *c)
{
	while (c->p < c->end && is_lws(*c->p))
		c->p++;
}

/* A token into buf (NUL-terminated); false when empty or too long.  '='
 * ends a name, so it is only a token character in values. */
static bool read_token(struct cursor *c, char *buf, size_t cap, bool is_name)
{
	size_t n = 0;

	while (c->p < c->end && is_token_char(*c->p) && !(is_name && *c->p == '=')) {
		if (n + 1 >= cap)
			return false;
		buf[n++] = *c->p++;
	}
	buf[n] = '\0';
	return n > 0;
}

/* A quoted string, unquoted into buf; false when unterminated or too long. */
static bool read_quoted(struct cursor *c, char *buf, size_t cap)
{
	size_t n = 0;

	c->p++; /* the opening quote */
	while (c->p < c->end && *c->p != '"') {
		char ch = *c->p++;

		if (ch == '\\') {
			if (c->p == c->end)
				return false;
			ch = *c->p++;
		}
		if (ch == '\0' || n + 1 >= cap)
			return false;
		buf[n++] = ch;
	}
	if (c->p == c->end)
		return false;
	c->p++; /* the closing quote */
	buf[n] = '\0';
	return true;
}

static char *field(auth_creds_t *a, const char *name, size_t *cap)
{
	static const struct {
		const char *name;
		size_t off, cap;
	} map[] = {
#define F(n, f) {n, offsetof(auth_creds_t, f), sizeof(((auth_creds_t *)0)->f)}
		F("username", username), F("realm", realm), F("nonce", nonce),
		F("uri", uri), F("response", response), F("algorithm", algorithm),
		F("cnonce", cnonce), F("nc", nc), F("qop", qop), F("opaque", opaque),
		F("auts", auts), F("integrity-protected", integrity_protected),
#undef F
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(name, map[i].name) == 0) {
			*cap = map[i].cap;
			return (char *)a + map[i].off;
		}
	return NULL;
}

int auth_creds_parse(const char *value, size_t len, auth_creds_t *out)
{
	struct cursor c = {value, value + len};
	char scheme[32], name[64], val[AUTH_HDR_MAX];
	int count = 0;

	memset(out, 0, sizeof(*out));
	if (len > AUTH_HDR_MAX)
		return -1;
	skip_lws(&c);
	if (!read_token(&c, scheme, sizeof(scheme), true))
		return -1;
	if (strcasecmp(scheme, "Digest") != 0)
		return 0; /* another scheme: well-formed enough, not ours */
	out->digest = true;
	for (;;) {
		char *dst;
		size_t cap = 0;

		skip_lws(&c);
		if (c.p == c.end)
			break;
		if (++count > MAX_PARAMS || !read_token(&c, name, sizeof(name), true))
			return -1;
		skip_lws(&c);
		if (c.p == c.end || *c.p != '=')
			return -1;
		c.p++;
		skip_lws(&c);
		if (c.p < c.end && *c.p == '"') {
			if (!read_quoted(&c, val, sizeof(val)))
				return -1;
		} else if (!read_token(&c, val, sizeof(val), false)) {
			return -1;
		}
		dst = field(out, name, &cap);
		if (dst != NULL) {
			if (strlen(val) >= cap)
				return -1;
			strcpy(dst, val);
			if (strcasecmp(name, "response") == 0)
				out->has_response = true;
			if (strcasecmp(name, "auts") == 0)
				out->has_auts = true;
		}
		skip_lws(&c);
		if (c.p == c.end)
			break;
		if (*c.p != ',')
			return -1;
		c.p++;
	}
	return 0;
}

bool auth_creds_protected(const auth_creds_t *c)
{
	static const char *const yes[] = {"yes", "tls-yes", "ip-assoc-yes", "tls-connected"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(c->integrity_protected, yes[i]) == 0)
			return true;
	return false;
}

static bool quotable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* An RFC 2616 §2.2 token (RFC 2617: algorithm = token): the algorithm is
 * written unquoted, so a space, comma or '=' in it would change the header's
 * meaning (e.g. "MD5, realm=x" would add a second realm). */
static bool is_token(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("-.!%*_+`'~", *s) != NULL))
			return false;
	return true;
}

int auth_challenge_format(char *buf, size_t len, const char *realm, const char *nonce,
			  const char *algorithm, const char *ik_hex, const char *ck_hex, bool stale)
{
	int n;

	if (!quotable(realm) || !quotable(nonce) || !is_token(algorithm) ||
	    (ik_hex != NULL && !quotable(ik_hex)) || (ck_hex != NULL && !quotable(ck_hex)))
		return -1;
	n = snprintf(buf, len, "Digest realm=\"%s\", nonce=\"%s\", algorithm=%s, qop=\"auth\"%s%s%s%s%s%s",
		     realm, nonce, algorithm, ik_hex != NULL ? ", ik=\"" : "",
		     ik_hex != NULL ? ik_hex : "", ik_hex != NULL ? "\", ck=\"" : "",
		     ck_hex != NULL && ik_hex != NULL ? ck_hex : "", ik_hex != NULL ? "\"" : "",
		     stale ? ", stale=TRUE" : "");
	return n >= 0 && (size_t)n < len ? n : -1;
}
