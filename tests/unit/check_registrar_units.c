/*
 * check_registrar_units.c - the registrar's small parts on their own: the
 * Digest Authorization parser and the WWW-Authenticate formatter
 * (auth_hdr), base64, the challenge store (reg_auth: nonces, nonce-count
 * replay protection, AKA one use and resync, the reg-await-auth timer) and
 * the REGISTER reader (reg_request) on messages parsed by libosip2.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_parser.h>

#include "diameter/crypto/aka.h"
#include "diameter/cx/cx_msg.h"
#include "diameter/crypto/digest.h"
#include "scscf/registrar/auth_hdr.h"
#include "scscf/base/base64.h"
#include "scscf/registrar/reg_auth.h"
#include "scscf/registrar/reg_request.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* auth_hdr: parsing                                                   */
/* ------------------------------------------------------------------ */

static int parse_str(const char *s, auth_creds_t *c)
{
	return auth_creds_parse(s, strlen(s), c);
}

/* The value in a heap block of exactly len bytes, no NUL after it: a read
 * past len is caught by ASan and valgrind. */
static int parse_exact(const char *s, size_t len, auth_creds_t *c)
{
	char *copy = malloc(len > 0 ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s, len);
	rc = auth_creds_parse(copy, len, c);
	free(copy);
	return rc;
}

/* What sipp sends (scenario with [authentication]), unchanged. */
static const char sipp_authz[] =
	"Digest username=\"bob@open-ims.test\",realm=\"open-ims.test\",cnonce=\"6b8b4567\","
	"nc=00000001,qop=auth,uri=\"sip:127.0.0.1:6060\","
	"nonce=\"7c2c4fb26c6bc8e7c1d2a4a3e7d95d41\","
	"response=\"f1be7f2fe0b4c8e8a45e6e8f39b6cdd2\",algorithm=MD5";

START_TEST(auth_parses_sipp_digest)
{
	auth_creds_t c;

	ck_assert_int_eq(parse_exact(sipp_authz, strlen(sipp_authz), &c), 0);
	ck_assert(c.digest);
	ck_assert_str_eq(c.username, "bob@open-ims.test");
	ck_assert_str_eq(c.realm, "open-ims.test");
	ck_assert_str_eq(c.cnonce, "6b8b4567");
	ck_assert_str_eq(c.nc, "00000001");
	ck_assert_str_eq(c.qop, "auth");
	ck_assert_str_eq(c.uri, "sip:127.0.0.1:6060");
	ck_assert_str_eq(c.nonce, "7c2c4fb26c6bc8e7c1d2a4a3e7d95d41");
	ck_assert_str_eq(c.response, "f1be7f2fe0b4c8e8a45e6e8f39b6cdd2");
	ck_assert_str_eq(c.algorithm, "MD5");
	ck_assert(c.has_response);
	ck_assert(!c.has_auts);
	ck_assert_str_eq(c.opaque, "");
	ck_assert_str_eq(c.auts, "");
	ck_assert_str_eq(c.integrity_protected, "");
	ck_assert(!auth_creds_protected(&c));
}
END_TEST

START_TEST(auth_parses_ims_fields)
{
	/* TS 24.229 initial REGISTER (no response yet) and an AKA resync */
	static const char initial[] =
		"Digest username=\"alice@open-ims.test\", realm=\"open-ims.test\", nonce=\"\", "
		"uri=\"sip:open-ims.test\", response=\"\", integrity-protected=\"no\"";
	static const char resync[] =
		"Digest username=\"alice@open-ims.test\", realm=\"scscf.open-ims.test\", "
		"nonce=\"I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=\", uri=\"sip:open-ims.test\", "
		"response=\"3b2e6d4a9f8c7b6a5d4c3b2a19081726\", algorithm=AKAv1-MD5, "
		"auts=\"CpjEWdfb1TlLoQBpTW0=\", integrity-protected=\"tls-yes\", "
		"opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
	auth_creds_t c;

	ck_assert_int_eq(parse_str(initial, &c), 0);
	ck_assert(c.digest);
	ck_assert_str_eq(c.username, "alice@open-ims.test");
	ck_assert_str_eq(c.nonce, "");
	ck_assert_str_eq(c.response, "");
	ck_assert(c.has_response); /* response="" is present */
	ck_assert(!c.has_auts);
	ck_assert_str_eq(c.integrity_protected, "no");
	ck_assert(!auth_creds_protected(&c));

	ck_assert_int_eq(parse_str(resync, &c), 0);
	ck_assert_str_eq(c.realm, "scscf.open-ims.test");
	ck_assert_str_eq(c.nonce, "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=");
	ck_assert_str_eq(c.algorithm, "AKAv1-MD5");
	ck_assert(c.has_auts);
	ck_assert_str_eq(c.auts, "CpjEWdfb1TlLoQBpTW0=");
	ck_assert_str_eq(c.integrity_protected, "tls-yes");
	ck_assert_str_eq(c.opaque, "5ccc069c403ebaf9f0171e9517f40e41");
	ck_assert_str_eq(c.qop, "");
	ck_assert(auth_creds_protected(&c));

	/* no response= at all */
	ck_assert_int_eq(parse_str("Digest username=\"a\", integrity-protected=yes", &c), 0);
	ck_assert(!c.has_response);
	ck_assert(auth_creds_protected(&c));
	/* auts="" is present too */
	ck_assert_int_eq(parse_str("Digest username=a, auts=\"\"", &c), 0);
	ck_assert(c.has_auts);
	ck_assert_str_eq(c.auts, "");
}
END_TEST

START_TEST(auth_quoted_string_escapes)
{
	auth_creds_t c;

	ck_assert_int_eq(parse_str("Digest username=\"a\\\"b\\\\c\", realm=\"\\x\\y\", "
				   "opaque=\"with, comma = and ; semicolon\"",
				   &c),
			 0);
	ck_assert_str_eq(c.username, "a\"b\\c");
	ck_assert_str_eq(c.realm, "xy");
	ck_assert_str_eq(c.opaque, "with, comma = and ; semicolon");
	/* an escaped quote does not end the string */
	ck_assert_int_eq(parse_str("Digest username=\"\\\"\"", &c), 0);
	ck_assert_str_eq(c.username, "\"");
	/* UTF-8 inside quotes is kept byte for byte */
	ck_assert_int_eq(parse_str("Digest username=\"b\xc3\xa9" "b\"", &c), 0);
	ck_assert_str_eq(c.username, "b\xc3\xa9" "b");
}
END_TEST

START_TEST(auth_lws_and_folding)
{
	static const char folded[] = " \t Digest\r\n  username\r\n =\r\n \"bob\"\r\n ,\r\n\trealm = "
				     "open-ims.test ,nc\t=\t00000002 , qop=auth\r\n ";
	auth_creds_t c;

	ck_assert_int_eq(parse_exact(folded, strlen(folded), &c), 0);
	ck_assert(c.digest);
	ck_assert_str_eq(c.username, "bob");
	ck_assert_str_eq(c.realm, "open-ims.test");
	ck_assert_str_eq(c.nc, "00000002");
	ck_assert_str_eq(c.qop, "auth");
}
END_TEST

START_TEST(auth_names_case_insensitive)
{
	auth_creds_t c;

	ck_assert_int_eq(parse_str("dIGEST UserName=\"Bob\", REALM=Open-IMS.test, NC=0000000A, "
				   "Algorithm=md5, RESPONSE=\"AB\", Integrity-Protected=IP-ASSOC-YES, "
				   "AUTS=\"QQ==\"",
				   &c),
			 0);
	ck_assert(c.digest);
	/* values keep their case */
	ck_assert_str_eq(c.username, "Bob");
	ck_assert_str_eq(c.realm, "Open-IMS.test");
	ck_assert_str_eq(c.nc, "0000000A");
	ck_assert_str_eq(c.algorithm, "md5");
	ck_assert_str_eq(c.response, "AB");
	ck_assert(c.has_response);
	ck_assert(c.has_auts);
	ck_assert_str_eq(c.integrity_protected, "IP-ASSOC-YES");
	ck_assert(auth_creds_protected(&c));
}
END_TEST

START_TEST(auth_unknown_params_ignored)
{
	auth_creds_t c;

	ck_assert_int_eq(parse_str("Digest foo=bar, username=bob, x-y=\"quoted, with = signs\", "
				   "domain=\"sip:a sip:b\", realm=r",
				   &c),
			 0);
	ck_assert_str_eq(c.username, "bob");
	ck_assert_str_eq(c.realm, "r");
	/* a later duplicate replaces the earlier value */
	ck_assert_int_eq(parse_str("Digest username=a, username=b", &c), 0);
	ck_assert_str_eq(c.username, "b");
	/* a token value may hold URI characters */
	ck_assert_int_eq(parse_str("Digest uri=sip:bob@h:5060;transport=tcp?x=y", &c), 0);
	ck_assert_str_eq(c.uri, "sip:bob@h:5060;transport=tcp?x=y");
	/* no parameters at all, and an empty list element at the end (RFC 2616 #rule) */
	ck_assert_int_eq(parse_str("Digest", &c), 0);
	ck_assert(c.digest);
	ck_assert_str_eq(c.username, "");
	ck_assert_int_eq(parse_str("Digest username=a,", &c), 0);
	ck_assert_str_eq(c.username, "a");
}
END_TEST

START_TEST(auth_other_scheme)
{
	auth_creds_t c;

	ck_assert_int_eq(parse_str("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", &c), 0);
	ck_assert(!c.digest);
	ck_assert_str_eq(c.username, "");
	ck_assert(!c.has_response);
	ck_assert_int_eq(parse_str("NTLM", &c), 0);
	ck_assert(!c.digest);
	ck_assert_int_eq(parse_str("Digestive username=\"bob\"", &c), 0);
	ck_assert(!c.digest);
	ck_assert_str_eq(c.username, "");
	ck_assert_int_eq(parse_str("Bearer username=\"a\"", &c), 0);
	ck_assert(!c.digest);
	ck_assert_str_eq(c.username, "");
}
END_TEST

START_TEST(auth_hostile_input)
{
	static const char *const bad[] = {
		"",
		"   \r\n ",
		"=Digest",
		"Digest username=\"bob",          /* unterminated */
		"Digest username=\"bob\\",        /* escape at the very end */
		"Digest username=\"bob\\\"",      /* the only quote is escaped */
		"Digest username",                /* missing '=' */
		"Digest username bob",
		"Digest username=",               /* no value */
		"Digest username=,realm=x",       /* empty token */
		"Digest =bob",                    /* no name */
		"Digest ,username=bob",
		"Digest username=\"bob\" trailing", /* trailing garbage */
		"Digest username=\"bob\";realm=x",
		"Digest username=\"bob\"x",
		"Digest username=a\"b\"",
		"Digest username=bob realm=x",
		"Digest user{name=bob",
		"Digest username=b\xc3\xa9",      /* 8-bit outside quotes */
		"Digest username=bob,,realm=x",
		"Digest username=(bob)",
	};
	auth_creds_t c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse_exact(bad[i], strlen(bad[i]), &c);

		ck_assert_msg(rc == -1, "accepted: %s", bad[i]);
	}
}
END_TEST

/* Each known field: a value of exactly its buffer size - 1 fits (quoted and
 * as a token), one more byte refuses the whole header. */
START_TEST(auth_field_limits)
{
	static const struct {
		const char *name;
		size_t cap;
		size_t off;
	} f[] = {
		{"username", sizeof(((auth_creds_t *)0)->username), offsetof(auth_creds_t, username)},
		{"realm", sizeof(((auth_creds_t *)0)->realm), offsetof(auth_creds_t, realm)},
		{"nonce", sizeof(((auth_creds_t *)0)->nonce), offsetof(auth_creds_t, nonce)},
		{"uri", sizeof(((auth_creds_t *)0)->uri), offsetof(auth_creds_t, uri)},
		{"response", sizeof(((auth_creds_t *)0)->response), offsetof(auth_creds_t, response)},
		{"algorithm", sizeof(((auth_creds_t *)0)->algorithm), offsetof(auth_creds_t, algorithm)},
		{"cnonce", sizeof(((auth_creds_t *)0)->cnonce), offsetof(auth_creds_t, cnonce)},
		{"nc", sizeof(((auth_creds_t *)0)->nc), offsetof(auth_creds_t, nc)},
		{"qop", sizeof(((auth_creds_t *)0)->qop), offsetof(auth_creds_t, qop)},
		{"opaque", sizeof(((auth_creds_t *)0)->opaque), offsetof(auth_creds_t, opaque)},
		{"auts", sizeof(((auth_creds_t *)0)->auts), offsetof(auth_creds_t, auts)},
		{"integrity-protected", sizeof(((auth_creds_t *)0)->integrity_protected),
		 offsetof(auth_creds_t, integrity_protected)},
	};
	char *hdr = malloc(AUTH_HDR_MAX + 64), *val = malloc(AUTH_HDR_MAX);
	auth_creds_t c;
	size_t i;
	int q;

	ck_assert_ptr_nonnull(hdr);
	ck_assert_ptr_nonnull(val);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		for (q = 0; q < 2; q++) {
			const char *quote = q ? "\"" : "";

			memset(val, 'x', f[i].cap - 1);
			val[f[i].cap - 1] = '\0';
			snprintf(hdr, AUTH_HDR_MAX + 64, "Digest %s=%s%s%s, realm2=z", f[i].name, quote,
				 val, quote);
			ck_assert_msg(parse_exact(hdr, strlen(hdr), &c) == 0, "%s: size-1 refused",
				      f[i].name);
			ck_assert_str_eq((const char *)&c + f[i].off, val);
			val[f[i].cap - 1] = 'x';
			val[f[i].cap] = '\0';
			snprintf(hdr, AUTH_HDR_MAX + 64, "Digest %s=%s%s%s, realm2=z", f[i].name, quote,
				 val, quote);
			ck_assert_msg(parse_exact(hdr, strlen(hdr), &c) == -1, "%s: size accepted",
				      f[i].name);
		}
	}
	/* an unknown parameter may be long; its name may not */
	memset(val, 'v', 3000);
	val[3000] = '\0';
	snprintf(hdr, AUTH_HDR_MAX + 64, "Digest x=\"%s\", username=u", val);
	ck_assert_int_eq(parse_str(hdr, &c), 0);
	ck_assert_str_eq(c.username, "u");
	memset(val, 'n', 63);
	val[63] = '\0';
	snprintf(hdr, AUTH_HDR_MAX + 64, "Digest %s=1, username=u", val);
	ck_assert_int_eq(parse_str(hdr, &c), 0);
	memset(val, 'n', 64);
	val[64] = '\0';
	snprintf(hdr, AUTH_HDR_MAX + 64, "Digest %s=1, username=u", val);
	ck_assert_int_eq(parse_str(hdr, &c), -1);
	/* the whole value: AUTH_HDR_MAX bytes at most */
	strcpy(hdr, "Digest username=u, x=\"");
	i = strlen(hdr);
	memset(hdr + i, 'y', AUTH_HDR_MAX - i - 1);
	hdr[AUTH_HDR_MAX - 1] = '"';
	ck_assert_int_eq(parse_exact(hdr, AUTH_HDR_MAX, &c), 0);
	ck_assert_str_eq(c.username, "u");
	hdr[AUTH_HDR_MAX - 1] = 'y';
	hdr[AUTH_HDR_MAX] = '"';
	ck_assert_int_eq(parse_exact(hdr, AUTH_HDR_MAX + 1, &c), -1);
	free(hdr);
	free(val);
}
END_TEST

START_TEST(auth_param_count_limit)
{
	char hdr[1024];
	auth_creds_t c;
	size_t n = 0;
	int i;

	n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, "Digest username=u");
	for (i = 2; i <= 32; i++)
		n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, ", p%d=v", i);
	ck_assert_int_eq(parse_str(hdr, &c), 0); /* 32 pairs */
	ck_assert_str_eq(c.username, "u");
	snprintf(hdr + n, sizeof(hdr) - n, ", p33=v");
	ck_assert_int_eq(parse_str(hdr, &c), -1); /* 33 */
	/* a trailing comma is no 33rd pair */
	snprintf(hdr + n, sizeof(hdr) - n, ",");
	ck_assert_int_eq(parse_str(hdr, &c), 0);
}
END_TEST

START_TEST(auth_nul_bytes_and_len)
{
	static const char quoted[] = "Digest username=\"bo\0b\"";
	static const char token[] = "Digest username=bo\0b";
	static const char after[] = "Digest username=bob\0";
	static const char scheme[] = "Digest\0 username=bob";
	static const char two[] = "Digest username=\"bob\", realm=\"x\"";
	auth_creds_t c;

	/* a NUL inside len is never part of a well-formed header */
	ck_assert_int_eq(parse_exact(quoted, sizeof(quoted) - 1, &c), -1);
	ck_assert_int_eq(parse_exact(token, sizeof(token) - 1, &c), -1);
	ck_assert_int_eq(parse_exact(after, sizeof(after) - 1, &c), -1);
	ck_assert_int_eq(parse_exact(scheme, sizeof(scheme) - 1, &c), -1);
	/* len, not the NUL, ends the value */
	ck_assert_int_eq(parse_exact(two, strlen("Digest username=\"bob\""), &c), 0);
	ck_assert_str_eq(c.username, "bob");
	ck_assert_str_eq(c.realm, "");
	ck_assert_int_eq(parse_exact(two, strlen("Digest username=\"bob\", realm=\"x"), &c), -1);
	ck_assert_int_eq(parse_exact(two, strlen("Digest username=\"bo"), &c), -1);
	ck_assert_int_eq(parse_exact("Digest username=bob", strlen("Digest username=bo"), &c), 0);
	ck_assert_str_eq(c.username, "bo");
	ck_assert_int_eq(parse_exact(two, strlen("Digest user"), &c), -1);
	ck_assert_int_eq(parse_exact(two, strlen("Dig"), &c), 0);
	ck_assert(!c.digest);
	ck_assert_int_eq(parse_exact(two, 0, &c), -1);
}
END_TEST

START_TEST(auth_protected_values)
{
	static const struct {
		const char *v;
		bool yes;
	} t[] = {
		{"yes", true},           {"tls-yes", true},      {"ip-assoc-yes", true},
		{"tls-connected", true}, {"YES", true},          {"Tls-Yes", true},
		{"no", false},           {"tls-pending", false}, {"ip-assoc-pending", false},
		{"", false},             {"yess", false},        {"ye", false},
		{"auth-done", false},
	};
	char hdr[128];
	auth_creds_t c;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(hdr, sizeof(hdr), "Digest username=u, integrity-protected=\"%s\"", t[i].v);
		ck_assert_int_eq(parse_str(hdr, &c), 0);
		ck_assert_str_eq(c.integrity_protected, t[i].v);
		ck_assert_msg(auth_creds_protected(&c) == t[i].yes, "%s", t[i].v);
	}
	/* absent */
	ck_assert_int_eq(parse_str("Digest username=u", &c), 0);
	ck_assert(!auth_creds_protected(&c));
}
END_TEST

/* ------------------------------------------------------------------ */
/* auth_hdr: formatting                                                */
/* ------------------------------------------------------------------ */

START_TEST(auth_format_exact)
{
	static const char md5[] =
		"Digest realm=\"open-ims.test\", nonce=\"0123456789abcdef0123456789abcdef\", "
		"algorithm=MD5, qop=\"auth\"";
	static const char aka[] =
		"Digest realm=\"scscf.open-ims.test\", "
		"nonce=\"I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=\", algorithm=AKAv1-MD5, "
		"qop=\"auth\", ik=\"f769bcd751044604127672711c6d3441\", "
		"ck=\"b40ba9a3c58b2a05bbf0d987b21bf8cb\", stale=TRUE";
	char buf[512];
	auth_creds_t c;

	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "open-ims.test",
					       "0123456789abcdef0123456789abcdef", "MD5", NULL, NULL,
					       false),
			 (int)strlen(md5));
	ck_assert_str_eq(buf, md5);
	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "open-ims.test",
					       "0123456789abcdef0123456789abcdef", "MD5", NULL, NULL,
					       true),
			 (int)strlen(md5) + 12);
	ck_assert_str_eq(buf + strlen(md5), ", stale=TRUE");
	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "scscf.open-ims.test",
					       "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=",
					       "AKAv1-MD5", "f769bcd751044604127672711c6d3441",
					       "b40ba9a3c58b2a05bbf0d987b21bf8cb", true),
			 (int)strlen(aka));
	ck_assert_str_eq(buf, aka);
	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "scscf.open-ims.test",
					       "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=",
					       "AKAv1-MD5", "f769bcd751044604127672711c6d3441",
					       "b40ba9a3c58b2a05bbf0d987b21bf8cb", false),
			 (int)strlen(aka) - 12);
	/* what we send reads back with our own parser */
	ck_assert_int_eq(parse_str(buf, &c), 0);
	ck_assert(c.digest);
	ck_assert_str_eq(c.realm, "scscf.open-ims.test");
	ck_assert_str_eq(c.nonce, "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=");
	ck_assert_str_eq(c.algorithm, "AKAv1-MD5");
	ck_assert_str_eq(c.qop, "auth");
	/* empty quoted values are fine */
	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "", "", "MD5", NULL, NULL, false),
			 (int)strlen("Digest realm=\"\", nonce=\"\", algorithm=MD5, qop=\"auth\""));
}
END_TEST

START_TEST(auth_format_refuses)
{
	static const char *const evil[] = {"a\"b", "a\\b", "a\rb", "a\nb", "a\tb", "\x01", "a\x7f"};
	char buf[256];
	size_t i;
	int n;

	for (i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), evil[i], "n", "MD5", NULL,
						       NULL, false),
				 -1);
		ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "r", evil[i], "MD5", NULL,
						       NULL, false),
				 -1);
		ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "r", "n", evil[i], NULL,
						       NULL, false),
				 -1);
		ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "r", "n", "AKAv1-MD5",
						       evil[i], "00", false),
				 -1);
		ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "r", "n", "AKAv1-MD5", "00",
						       evil[i], false),
				 -1);
	}
	/* the algorithm goes out unquoted: it must be a token */
	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "r", "n", "MD5, realm=x", NULL,
					       NULL, false),
			 -1);
	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "r", "n", "MD5 x", NULL, NULL,
					       false),
			 -1);
	ck_assert_int_eq(auth_challenge_format(buf, sizeof(buf), "r", "n", "", NULL, NULL, false),
			 -1);
	/* the buffer must hold the text and its NUL */
	n = auth_challenge_format(buf, sizeof(buf), "open-ims.test", "abc", "MD5", NULL, NULL,
				  true);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(auth_challenge_format(buf, (size_t)n + 1, "open-ims.test", "abc", "MD5",
					       NULL, NULL, true),
			 n);
	ck_assert_uint_eq(strlen(buf), (size_t)n);
	ck_assert_int_eq(auth_challenge_format(buf, (size_t)n, "open-ims.test", "abc", "MD5", NULL,
					       NULL, true),
			 -1);
	ck_assert_int_eq(auth_challenge_format(buf, 1, "open-ims.test", "abc", "MD5", NULL, NULL,
					       false),
			 -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* base64                                                              */
/* ------------------------------------------------------------------ */

START_TEST(base64_rfc4648_vectors)
{
	static const struct {
		const char *plain, *enc, *bare;
	} v[] = {
		{"", "", ""},
		{"f", "Zg==", "Zg"},
		{"fo", "Zm8=", "Zm8"},
		{"foo", "Zm9v", "Zm9v"},
		{"foob", "Zm9vYg==", "Zm9vYg"},
		{"fooba", "Zm9vYmE=", "Zm9vYmE"},
		{"foobar", "Zm9vYmFy", "Zm9vYmFy"},
	};
	char enc[16];
	uint8_t dec[16];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = strlen(v[i].plain);

		memset(enc, '#', sizeof(enc));
		base64_encode((const uint8_t *)v[i].plain, n, enc);
		ck_assert_str_eq(enc, v[i].enc);
		ck_assert_uint_eq(strlen(enc), BASE64_LEN(n));
		ck_assert_int_eq(base64_decode(v[i].enc, dec, sizeof(dec)), (int)n);
		ck_assert_mem_eq(dec, v[i].plain, n);
		ck_assert_int_eq(base64_decode(v[i].bare, dec, sizeof(dec)), (int)n);
		ck_assert_mem_eq(dec, v[i].plain, n);
		/* exactly n bytes of room is enough, n - 1 is not */
		ck_assert_int_eq(base64_decode(v[i].enc, dec, n), (int)n);
		if (n > 0)
			ck_assert_int_eq(base64_decode(v[i].enc, dec, n - 1), -1);
	}
	ck_assert_uint_eq(BASE64_LEN(0), 0);
	ck_assert_uint_eq(BASE64_LEN(14), 20);
	ck_assert_uint_eq(BASE64_LEN(32), 44);
}
END_TEST

START_TEST(base64_rejects)
{
	static const char *const bad[] = {
		"Z",        "Zm9vY",  "Zm9vY=",   "Zm9vY==",     /* len % 4 == 1 */
		"Zm9v!",    "Zm 9v",  "Zm9v\n",   "Zm9v\r\n",    /* outside the alphabet */
		"Zm-_",     "Zm9v\xff", "Z=g=",   "=Zg",  "Zg===", "====", "=",
		"Zm9v=",    "Zm8==",  "Zg=",     /* padding that does not make a quantum of 4 */
	};
	uint8_t out[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(base64_decode(bad[i], out, sizeof(out)) == -1, "accepted \"%s\"", bad[i]);
	/* too small an output buffer */
	ck_assert_int_eq(base64_decode("Zm9vYmFy", out, 5), -1);
	ck_assert_int_eq(base64_decode("Zm9vYmFy", out, 0), -1);
	ck_assert_int_eq(base64_decode("", out, 0), 0);
}
END_TEST

START_TEST(base64_round_trips)
{
	static const uint8_t rand_autn[32] = {
		0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d, 0x21, 0x8a, 0xe6,
		0x4d, 0xae, 0x47, 0xbf, 0x35, 0x55, 0xf3, 0x28, 0xb4, 0x35, 0x77,
		0xb9, 0xb9, 0x4a, 0x9f, 0xfa, 0xc3, 0x54, 0xdf, 0xaf, 0xb3,
	};
	uint8_t all[256], back[256];
	char enc[BASE64_LEN(256) + 1];
	size_t n, i;

	base64_encode(rand_autn, sizeof(rand_autn), enc);
	ck_assert_str_eq(enc, "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=");
	ck_assert_int_eq(base64_decode(enc, back, 32), 32);
	ck_assert_mem_eq(back, rand_autn, 32);
	for (i = 0; i < sizeof(all); i++)
		all[i] = (uint8_t)(255 - i);
	for (n = 0; n <= sizeof(all); n++) {
		memset(enc, '#', sizeof(enc));
		base64_encode(all, n, enc);
		ck_assert_uint_eq(strlen(enc), BASE64_LEN(n));
		ck_assert_int_eq(base64_decode(enc, back, n), (int)n);
		ck_assert_mem_eq(back, all, n);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* reg_auth                                                            */
/* ------------------------------------------------------------------ */

#define AWAIT_MS 30000
#define T0 1000000

static const char bob[] = "bob@open-ims.test";
static const char bob_impu[] = "sip:bob@open-ims.test";
static const char realm[] = "open-ims.test";
static const char reg_uri[] = "sip:open-ims.test";

/* TS 35.208 test set 1 */
static const uint8_t K[16] = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
			      0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
static const uint8_t OPC[16] = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
				0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
static const uint8_t RAND[16] = {0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
				 0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35};
static const uint8_t AMF[2] = {0xb9, 0xb9};
static const uint64_t SQN = UINT64_C(0xff9bb4d0b607);
static const uint8_t RES1[8] = {0xa5, 0x42, 0x11, 0xd5, 0xe3, 0xba, 0x50, 0xbf};

static void digest_item(cx_auth_item_t *it, const char *password)
{
	memset(it, 0, sizeof(*it));
	it->kind = CX_ITEM_DIGEST;
	snprintf(it->scheme, sizeof(it->scheme), "%s", CX_SCHEME_DIGEST);
	snprintf(it->realm, sizeof(it->realm), "%s", realm);
	snprintf(it->qop, sizeof(it->qop), "auth");
	snprintf(it->algorithm, sizeof(it->algorithm), "MD5");
	ck_assert_int_eq(digest_ha1(bob, realm, password, it->ha1), 0);
}

static void aka_item(cx_auth_item_t *it, struct aka_vector *v)
{
	ck_assert_int_eq(aka_vector_make(K, OPC, SQN, AMF, RAND, v), AKA_OK);
	memset(it, 0, sizeof(*it));
	it->kind = CX_ITEM_AKA;
	snprintf(it->scheme, sizeof(it->scheme), "%s", CX_SCHEME_AKA);
	memcpy(it->rand, v->rand, 16);
	memcpy(it->autn, v->autn, 16);
	memcpy(it->xres, v->xres, AKA_RES_LEN);
	it->xres_len = AKA_RES_LEN;
	memcpy(it->ck, v->ck, 16);
	memcpy(it->ik, v->ik, 16);
}

/* Credentials as a UE sends them, through the header parser.  qop NULL
 * leaves qop, nc and cnonce out; auts NULL leaves auts out. */
static void creds(auth_creds_t *cr, const char *user, const char *nonce, const char *qop,
		  const char *nc, const char *response, const char *auts)
{
	char hdr[1024];
	int n;

	n = snprintf(hdr, sizeof(hdr),
		     "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
		     "response=\"%s\"",
		     user, realm, nonce, reg_uri, response);
	if (qop != NULL)
		n += snprintf(hdr + n, sizeof(hdr) - (size_t)n, ", qop=%s, nc=%s, cnonce=\"0a4f113b\"",
			      qop, nc);
	if (auts != NULL)
		n += snprintf(hdr + n, sizeof(hdr) - (size_t)n, ", auts=\"%s\"", auts);
	ck_assert_int_lt(n, (int)sizeof(hdr));
	ck_assert_int_eq(parse_str(hdr, cr), 0);
}

/* A correct SIP Digest response with qop=auth (qop NULL: the RFC 2069 form). */
static void digest_answer(auth_creds_t *cr, const char *user, const char *ha1, const char *nonce,
			  const char *qop, const char *nc)
{
	const struct digest_req req = {"REGISTER", reg_uri, nonce, qop, nc, "0a4f113b"};
	char resp[DIGEST_HEX_SIZE];

	ck_assert_int_eq(digest_response(ha1, &req, resp), 0);
	creds(cr, user, nonce, qop, nc, resp, NULL);
}

static void aka_answer(auth_creds_t *cr, const char *user, const char *rlm, const uint8_t *res,
		       const char *nonce, const char *qop, const char *nc)
{
	const struct digest_req req = {"REGISTER", reg_uri, nonce, qop, nc, "0a4f113b"};
	char resp[DIGEST_HEX_SIZE];

	ck_assert_int_eq(aka_digest_response(user, rlm, res, AKA_RES_LEN, &req, resp), 0);
	creds(cr, user, nonce, qop, nc, resp, NULL);
}

static bool is_lower_hex(const char *s, size_t len)
{
	size_t i;

	if (strlen(s) != len)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

START_TEST(ra_digest_flow)
{
	reg_auth_t *a = reg_auth_new(AWAIT_MS, NULL, NULL);
	const ra_challenge_t *c, *out = NULL;
	cx_auth_item_t it;
	auth_creds_t cr;
	char nonce[64];

	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(reg_auth_next_expiry(a), UINT64_MAX);
	digest_item(&it, "secret");
	c = reg_auth_challenge(a, &it, bob, bob_impu, "call-1@ue", "ignored.realm", T0);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->kind, RA_DIGEST);
	ck_assert(is_lower_hex(c->nonce, 32));
	ck_assert_str_eq(c->realm, realm); /* the HSS's Digest-Realm */
	ck_assert_str_eq(c->algorithm, "MD5");
	ck_assert_str_eq(c->ha1, it.ha1);
	ck_assert_str_eq(c->impi, bob);
	ck_assert_str_eq(c->impu, bob_impu);
	ck_assert_str_eq(c->callid, "call-1@ue");
	ck_assert_uint_eq(c->expires_at, T0 + AWAIT_MS);
	ck_assert_uint_eq(c->nc_last, 0);
	ck_assert(!c->verified);
	ck_assert_uint_eq(reg_auth_count(a), 1);
	ck_assert_uint_eq(reg_auth_next_expiry(a), T0 + AWAIT_MS);
	snprintf(nonce, sizeof(nonce), "%s", c->nonce);

	/* nc=1: good */
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "00000001");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 10, &out, NULL), RA_OK);
	ck_assert_ptr_eq(out, c);
	ck_assert(c->verified);
	ck_assert_uint_eq(c->nc_last, 1);
	/* the same nc again: a replay */
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 20, &out, NULL), RA_MISMATCH);
	/* a higher one: fine, also with upper-case hex and a gap */
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "0000000A");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 30, &out, NULL), RA_OK);
	ck_assert_uint_eq(c->nc_last, 10);
	/* a lower one */
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "00000009");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 40, &out, NULL), RA_MISMATCH);
	ck_assert_uint_eq(c->nc_last, 10);
	/* nc that is not 8 hex digits, or zero */
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "0000000g");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 40, &out, NULL), RA_MISMATCH);
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "00000000");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 40, &out, NULL), RA_MISMATCH);
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "000000011");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 40, &out, NULL), RA_MISMATCH);
	/* a wrong password */
	{
		char bad_ha1[DIGEST_HEX_SIZE];

		ck_assert_int_eq(digest_ha1(bob, realm, "guess", bad_ha1), 0);
		digest_answer(&cr, bob, bad_ha1, nonce, "auth", "00000020");
		ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 50, &out, NULL), RA_MISMATCH);
		ck_assert_uint_eq(c->nc_last, 10); /* a failure does not use up the nc */
	}
	/* a wrong username, even with a response right for it */
	digest_answer(&cr, "eve@open-ims.test", it.ha1, nonce, "auth", "00000020");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 50, &out, NULL), RA_MISMATCH);
	ck_assert_ptr_null(out);
	/* qop missing: refused although the RFC 2069 response is right */
	digest_answer(&cr, bob, it.ha1, nonce, NULL, NULL);
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 60, &out, NULL), RA_MISMATCH);
	/* qop=auth-int */
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "00000021");
	snprintf(cr.qop, sizeof(cr.qop), "auth-int");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 60, &out, NULL), RA_MISMATCH);
	/* unknown nonce */
	digest_answer(&cr, bob, it.ha1, "00000000000000000000000000000000", "auth", "00000030");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 70, &out, NULL), RA_STALE);
	ck_assert_ptr_null(out);
	/* just before the timer: still good; at it and past it: stale */
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "00000031");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + AWAIT_MS - 1, &out, NULL), RA_OK);
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "00000032");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + AWAIT_MS, &out, NULL), RA_STALE);
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + AWAIT_MS + 5000, &out, NULL), RA_STALE);
	ck_assert_ptr_null(out);
	/* forgotten */
	ck_assert_uint_eq(reg_auth_count(a), 1);
	reg_auth_forget(a, nonce);
	reg_auth_forget(a, nonce); /* twice is harmless */
	reg_auth_forget(a, "no-such-nonce");
	ck_assert_uint_eq(reg_auth_count(a), 0);
	ck_assert_uint_eq(reg_auth_next_expiry(a), UINT64_MAX);
	digest_answer(&cr, bob, it.ha1, nonce, "auth", "00000040");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 100, &out, NULL), RA_STALE);
	reg_auth_free(a);
}
END_TEST

START_TEST(ra_digest_items_refused)
{
	reg_auth_t *a = reg_auth_new(AWAIT_MS, NULL, NULL);
	cx_auth_item_t it;

	digest_item(&it, "secret");
	snprintf(it.algorithm, sizeof(it.algorithm), "SHA-256");
	ck_assert_ptr_null(reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0));
	snprintf(it.algorithm, sizeof(it.algorithm), "MD5-sess");
	ck_assert_ptr_null(reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0));
	snprintf(it.algorithm, sizeof(it.algorithm), "MD5");
	snprintf(it.qop, sizeof(it.qop), "auth-int");
	ck_assert_ptr_null(reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0));
	snprintf(it.qop, sizeof(it.qop), "%s", "");
	ck_assert_ptr_null(reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0));
	ck_assert_uint_eq(reg_auth_count(a), 0);
	ck_assert_uint_eq(reg_auth_next_expiry(a), UINT64_MAX);
	/* names compare without case; a NULL Call-ID is stored as "" */
	snprintf(it.algorithm, sizeof(it.algorithm), "md5");
	snprintf(it.qop, sizeof(it.qop), "AUTH");
	{
		const ra_challenge_t *c = reg_auth_challenge(a, &it, bob, bob_impu, NULL, "r", T0);

		ck_assert_ptr_nonnull(c);
		ck_assert_str_eq(c->algorithm, "MD5");
		ck_assert_str_eq(c->callid, "");
	}
	ck_assert_uint_eq(reg_auth_count(a), 1);
	reg_auth_free(a); /* with a challenge still stored */
}
END_TEST

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

START_TEST(ra_nonces_unique)
{
	enum { N = 2000 };
	reg_auth_t *a = reg_auth_new(AWAIT_MS, NULL, NULL);
	char **nonces = calloc(N, sizeof(*nonces));
	cx_auth_item_t it;
	int i;

	ck_assert_ptr_nonnull(nonces);
	digest_item(&it, "secret");
	for (i = 0; i < N; i++) {
		const ra_challenge_t *c =
			reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0 + (uint64_t)i);

		ck_assert_ptr_nonnull(c);
		ck_assert(is_lower_hex(c->nonce, 32));
		nonces[i] = strdup(c->nonce);
	}
	ck_assert_uint_eq(reg_auth_count(a), N);
	qsort(nonces, N, sizeof(*nonces), cmp_str);
	for (i = 1; i < N; i++)
		ck_assert_str_ne(nonces[i - 1], nonces[i]);
	for (i = 0; i < N; i++)
		free(nonces[i]);
	free(nonces);
	ck_assert_uint_eq(reg_auth_next_expiry(a), T0 + AWAIT_MS);
	reg_auth_free(a);
}
END_TEST

START_TEST(ra_aka_flow)
{
	static const char aka_realm[] = "scscf.open-ims.test";
	reg_auth_t *a = reg_auth_new(AWAIT_MS, NULL, NULL);
	struct aka_usim usim = {.sqn_ms = SQN - 1, .delta = 0};
	struct aka_usim_answer ans;
	const ra_challenge_t *c, *out = NULL;
	struct aka_vector v;
	cx_auth_item_t it;
	auth_creds_t cr;
	uint8_t wrong[AKA_RES_LEN];
	char nonce[64];

	memcpy(usim.k, K, 16);
	memcpy(usim.opc, OPC, 16);
	aka_item(&it, &v);
	ck_assert_mem_eq(v.xres, RES1, 8); /* the test set is what we think it is */
	c = reg_auth_challenge(a, &it, bob, bob_impu, "call-2", aka_realm, T0);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->kind, RA_AKA);
	ck_assert_str_eq(c->nonce, "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=");
	ck_assert_str_eq(c->realm, aka_realm);
	ck_assert_str_eq(c->algorithm, "AKAv1-MD5");
	ck_assert_mem_eq(c->rand, RAND, 16);
	ck_assert_mem_eq(c->xres, v.xres, 8);
	ck_assert_uint_eq(c->xres_len, 8);
	ck_assert_mem_eq(c->ck, v.ck, 16);
	ck_assert_mem_eq(c->ik, v.ik, 16);
	snprintf(nonce, sizeof(nonce), "%s", c->nonce);

	/* the UE: base64-decode the nonce, run it through the USIM */
	{
		uint8_t ra[32];

		ck_assert_int_eq(base64_decode(nonce, ra, sizeof(ra)), 32);
		ck_assert_int_eq(aka_usim_challenge(&usim, ra, &ans), AKA_OK);
	}
	ck_assert_mem_eq(ans.res, RES1, 8);
	/* a wrong RES first: refused, and the challenge stays usable */
	memcpy(wrong, ans.res, sizeof(wrong));
	wrong[7] ^= 1;
	aka_answer(&cr, bob, aka_realm, wrong, nonce, "auth", "00000001");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 1, &out, NULL), RA_MISMATCH);
	ck_assert(!c->verified);
	/* right RES but the realm of the response is not the challenge's */
	aka_answer(&cr, bob, "open-ims.test", ans.res, nonce, "auth", "00000001");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 1, &out, NULL), RA_MISMATCH);
	/* qop=auth with a malformed nc */
	aka_answer(&cr, bob, aka_realm, ans.res, nonce, "auth", "1");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 1, &out, NULL), RA_MISMATCH);
	/* right */
	aka_answer(&cr, bob, aka_realm, ans.res, nonce, "auth", "00000001");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 2, &out, NULL), RA_OK);
	ck_assert_ptr_eq(out, c);
	ck_assert(c->verified);
	/* one use only, even with a fresh nc */
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 3, &out, NULL), RA_MISMATCH);
	aka_answer(&cr, bob, aka_realm, ans.res, nonce, "auth", "00000002");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 3, &out, NULL), RA_MISMATCH);
	/* the same RAND from the HSS again while stored: refused */
	ck_assert_ptr_null(reg_auth_challenge(a, &it, bob, bob_impu, "call-2", aka_realm, T0 + 4));
	ck_assert_uint_eq(reg_auth_count(a), 1);
	reg_auth_forget(a, nonce);

	/* RFC 3310 without qop */
	c = reg_auth_challenge(a, &it, bob, bob_impu, "call-3", aka_realm, T0 + 5);
	ck_assert_ptr_nonnull(c);
	aka_answer(&cr, bob, aka_realm, RES1, nonce, NULL, NULL);
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 6, &out, NULL), RA_OK);
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 7, &out, NULL), RA_MISMATCH);
	reg_auth_free(a);
}
END_TEST

START_TEST(ra_aka_resync)
{
	static const char aka_realm[] = "scscf.open-ims.test";
	reg_auth_t *a = reg_auth_new(AWAIT_MS, NULL, NULL);
	struct aka_usim usim = {.sqn_ms = SQN + 100, .delta = 0}; /* ahead of the HSS */
	struct aka_usim_answer ans;
	const ra_challenge_t *c, *out = NULL;
	struct aka_vector v;
	cx_auth_item_t it;
	auth_creds_t cr;
	uint8_t ra[32], rand_auts[30], auts[14];
	char auts64[BASE64_LEN(16) + 1], nonce[64];
	uint64_t sqn_ms = 0;

	memcpy(usim.k, K, 16);
	memcpy(usim.opc, OPC, 16);
	aka_item(&it, &v);
	c = reg_auth_challenge(a, &it, bob, bob_impu, "call-4", aka_realm, T0);
	ck_assert_ptr_nonnull(c);
	snprintf(nonce, sizeof(nonce), "%s", c->nonce);
	ck_assert_int_eq(base64_decode(nonce, ra, sizeof(ra)), 32);
	ck_assert_int_eq(aka_usim_challenge(&usim, ra, &ans), AKA_ERR_SYNC);
	ck_assert_int_eq(aka_auts_make(K, OPC, RAND, SQN + 100, auts), AKA_OK);
	ck_assert_mem_eq(ans.auts, auts, 14);
	base64_encode(ans.auts, 14, auts64);

	/* auts with an empty response, as the UE sends it */
	creds(&cr, bob, nonce, NULL, NULL, "", auts64);
	ck_assert(cr.has_auts);
	memset(rand_auts, 0, sizeof(rand_auts));
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 1, &out, rand_auts), RA_RESYNC);
	ck_assert_ptr_eq(out, c);
	ck_assert_mem_eq(rand_auts, RAND, 16);
	ck_assert_mem_eq(rand_auts + 16, ans.auts, 14);
	ck_assert(!c->verified);
	/* the HSS side recovers SQN_MS from what we would send it */
	ck_assert_int_eq(aka_resync_sip(K, OPC, rand_auts, &sqn_ms), AKA_OK);
	ck_assert_uint_eq(sqn_ms, SQN + 100);

	/* auts that is not base64, or not 14 bytes */
	creds(&cr, bob, nonce, NULL, NULL, "", "!!!!notbase64!!!!!!=");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 2, &out, rand_auts), RA_MISMATCH);
	base64_encode(ans.auts, 13, auts64);
	creds(&cr, bob, nonce, NULL, NULL, "", auts64);
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 2, &out, rand_auts), RA_MISMATCH);
	{
		uint8_t fifteen[15] = {0};

		base64_encode(fifteen, 15, auts64);
		creds(&cr, bob, nonce, NULL, NULL, "", auts64);
		ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 2, &out, rand_auts), RA_MISMATCH);
	}
	creds(&cr, bob, nonce, NULL, NULL, "", "");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 2, &out, rand_auts), RA_MISMATCH);
	/* auts for a nonce we do not know: stale */
	base64_encode(ans.auts, 14, auts64);
	creds(&cr, bob, "AAAA", NULL, NULL, "", auts64);
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 2, &out, rand_auts), RA_STALE);
	reg_auth_free(a);
}
END_TEST

/* auts on a Digest challenge means nothing: the response decides */
START_TEST(ra_digest_ignores_auts)
{
	reg_auth_t *a = reg_auth_new(AWAIT_MS, NULL, NULL);
	const ra_challenge_t *c, *out = NULL;
	const struct digest_req req = {"REGISTER", reg_uri, NULL, "auth", "00000001", "0a4f113b"};
	struct digest_req r2 = req;
	cx_auth_item_t it;
	auth_creds_t cr;
	char resp[DIGEST_HEX_SIZE];
	uint8_t rand_auts[30];

	digest_item(&it, "secret");
	c = reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0);
	ck_assert_ptr_nonnull(c);
	r2.nonce = c->nonce;
	ck_assert_int_eq(digest_response(it.ha1, &r2, resp), 0);
	creds(&cr, bob, c->nonce, "auth", "00000001", resp, "CpjEWdfb1TlLoQBpTW0=");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 1, &out, rand_auts), RA_OK);
	reg_auth_free(a);
}
END_TEST

struct timeouts {
	int calls;
	char impi[8][64];
	char nonce[8][64];
	bool verified[8];
	reg_auth_t *a;
	size_t count_during;
};

static void on_timeout(void *arg, const ra_challenge_t *c)
{
	struct timeouts *t = arg;

	ck_assert_int_lt(t->calls, 8);
	snprintf(t->impi[t->calls], sizeof(t->impi[0]), "%s", c->impi);
	snprintf(t->nonce[t->calls], sizeof(t->nonce[0]), "%s", c->nonce);
	t->verified[t->calls] = c->verified;
	t->count_during = reg_auth_count(t->a); /* already out of the store */
	t->calls++;
}

START_TEST(ra_expire_calls_back)
{
	struct timeouts t = {0};
	reg_auth_t *a = reg_auth_new(AWAIT_MS, on_timeout, &t);
	const ra_challenge_t *c1, *c2, *out = NULL;
	cx_auth_item_t it;
	auth_creds_t cr;
	char n1[64], n2[64];

	t.a = a;
	digest_item(&it, "secret");
	c1 = reg_auth_challenge(a, &it, bob, bob_impu, "c1", "r", T0);
	ck_assert_ptr_nonnull(c1);
	snprintf(n1, sizeof(n1), "%s", c1->nonce);
	c2 = reg_auth_challenge(a, &it, "carol@open-ims.test", "sip:carol@open-ims.test", "c2", "r",
				T0 + 5000);
	ck_assert_ptr_nonnull(c2);
	snprintf(n2, sizeof(n2), "%s", c2->nonce);
	digest_answer(&cr, bob, it.ha1, n1, "auth", "00000001");
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 100, &out, NULL), RA_OK);

	ck_assert_uint_eq(reg_auth_next_expiry(a), T0 + AWAIT_MS);
	reg_auth_expire(a, T0 + AWAIT_MS - 1);
	ck_assert_int_eq(t.calls, 0);
	ck_assert_uint_eq(reg_auth_count(a), 2);
	reg_auth_expire(a, T0 + AWAIT_MS);
	ck_assert_int_eq(t.calls, 1);
	ck_assert_str_eq(t.impi[0], bob);
	ck_assert_str_eq(t.nonce[0], n1);
	ck_assert(t.verified[0]);
	ck_assert_uint_eq(t.count_during, 1);
	ck_assert_uint_eq(reg_auth_count(a), 1);
	ck_assert_uint_eq(reg_auth_next_expiry(a), T0 + 5000 + AWAIT_MS);
	ck_assert_int_eq(reg_auth_verify(a, &cr, T0 + 100, &out, NULL), RA_STALE);
	reg_auth_expire(a, UINT64_MAX - 1);
	ck_assert_int_eq(t.calls, 2);
	ck_assert_str_eq(t.impi[1], "carol@open-ims.test");
	ck_assert_str_eq(t.nonce[1], n2);
	ck_assert(!t.verified[1]);
	ck_assert_uint_eq(reg_auth_count(a), 0);
	ck_assert_uint_eq(reg_auth_next_expiry(a), UINT64_MAX);
	reg_auth_expire(a, UINT64_MAX);
	ck_assert_int_eq(t.calls, 2);
	/* forgotten challenges never time out */
	c1 = reg_auth_challenge(a, &it, bob, bob_impu, "c1", "r", T0);
	ck_assert_ptr_nonnull(c1);
	snprintf(n1, sizeof(n1), "%s", c1->nonce);
	reg_auth_forget(a, n1);
	reg_auth_expire(a, UINT64_MAX);
	ck_assert_int_eq(t.calls, 2);
	reg_auth_free(a);
}
END_TEST

START_TEST(ra_forget_impi)
{
	enum { MANY = 100 };
	reg_auth_t *a = reg_auth_new(AWAIT_MS, NULL, NULL);
	cx_auth_item_t it;
	int i;

	digest_item(&it, "secret");
	for (i = 0; i < 3; i++)
		ck_assert_ptr_nonnull(reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0 + (uint64_t)i));
	for (i = 0; i < 2; i++)
		ck_assert_ptr_nonnull(reg_auth_challenge(a, &it, "carol@open-ims.test",
							 "sip:carol@open-ims.test", "c", "r", T0));
	ck_assert_uint_eq(reg_auth_count(a), 5);
	ck_assert_uint_eq(reg_auth_forget_impi(a, "nobody"), 0);
	ck_assert_uint_eq(reg_auth_forget_impi(a, bob), 3);
	ck_assert_uint_eq(reg_auth_count(a), 2);
	ck_assert_uint_eq(reg_auth_next_expiry(a), T0 + AWAIT_MS);
	ck_assert_uint_eq(reg_auth_forget_impi(a, bob), 0);
	/* every one of them, however many there are */
	for (i = 0; i < MANY; i++)
		ck_assert_ptr_nonnull(reg_auth_challenge(a, &it, bob, bob_impu, "c", "r", T0));
	ck_assert_uint_eq(reg_auth_count(a), MANY + 2);
	ck_assert_uint_eq(reg_auth_forget_impi(a, bob), MANY);
	ck_assert_uint_eq(reg_auth_count(a), 2);
	ck_assert_uint_eq(reg_auth_forget_impi(a, "carol@open-ims.test"), 2);
	ck_assert_uint_eq(reg_auth_count(a), 0);
	ck_assert_uint_eq(reg_auth_next_expiry(a), UINT64_MAX);
	reg_auth_free(a);
	reg_auth_free(NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* reg_request                                                         */
/* ------------------------------------------------------------------ */

#define REG_LINE "REGISTER sip:open-ims.test SIP/2.0\r\n"
#define REG_VIA "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-524287-1\r\nMax-Forwards: 70\r\n"
#define REG_FROM "From: <sip:alice@open-ims.test>;tag=f1\r\n"
#define REG_CALLID "Call-ID: reg-1@10.0.0.1\r\n"
#define REG_CSEQ "CSeq: 7 REGISTER\r\n"
#define REG_TO "To: <sip:alice@open-ims.test>\r\n"
#define REG_END "Content-Length: 0\r\n\r\n"

/* Parse text with libosip2 and read it; the message is freed before the
 * result is looked at, so anything kept must be a copy. */
static int rr_text(const char *text, const char *authz, reg_request_t *r, const char **reason)
{
	osip_message_t *m = NULL;
	int status;

	ck_assert_int_eq(osip_message_init(&m), 0);
	ck_assert_msg(osip_message_parse(m, text, strlen(text)) == 0, "libosip2 refused:\n%s", text);
	*reason = NULL;
	status = reg_request_read(m, authz, r, reason);
	osip_message_free(m);
	if (status == 0)
		ck_assert_ptr_null(*reason);
	else
		ck_assert_msg(*reason != NULL && **reason != '\0', "status %d without a reason", status);
	return status;
}

/* A REGISTER with Via, From, Call-ID and CSeq, then headers. */
static int rr(const char *headers, const char *authz, reg_request_t *r, const char **reason)
{
	char text[8192];

	ck_assert_int_lt(snprintf(text, sizeof(text), REG_LINE REG_VIA REG_FROM REG_CALLID REG_CSEQ
				  "%s" REG_END,
				  headers),
			 (int)sizeof(text));
	return rr_text(text, authz, r, reason);
}

START_TEST(rr_impu_canonical)
{
	static const struct {
		const char *to, *impu, *impi;
	} t[] = {
		{"<sip:alice@open-ims.test>", "sip:alice@open-ims.test", "alice@open-ims.test"},
		{"\"Alice\" <sip:Alice@Open-IMS.test:5060;user=phone;transport=udp>",
		 "sip:Alice@Open-IMS.test", "Alice@Open-IMS.test"},
		{"<SIP:alice@open-ims.test>;tag=x", "sip:alice@open-ims.test", "alice@open-ims.test"},
		{"SIPS:bob@example.com:5061", "sips:bob@example.com", "bob@example.com"},
		{"<sip:open-ims.test;lr>", "sip:open-ims.test", "open-ims.test"},
		{"<sip:alice:secret@open-ims.test>", "sip:alice@open-ims.test", "alice@open-ims.test"},
		{"<tel:+15551234;phone-context=open-ims.test>",
		 "tel:+15551234;phone-context=open-ims.test", "+15551234;phone-context=open-ims.test"},
		{"<TEL:+15551234>", "tel:+15551234", "+15551234"},
	};
	reg_request_t r;
	const char *reason;
	char hdr[256];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(hdr, sizeof(hdr), "To: %s\r\n", t[i].to);
		ck_assert_int_eq(rr(hdr, NULL, &r, &reason), 0);
		ck_assert_str_eq(r.impu, t[i].impu);
		ck_assert_str_eq(r.impi, t[i].impi);
		ck_assert(!r.impi_given);
		ck_assert(!r.has_auth);
		reg_request_clear(&r);
	}
	ck_assert_ptr_null(r.impu); /* clear leaves it zeroed */
}
END_TEST

START_TEST(rr_bad_to_scheme)
{
	static const char *const to[] = {"<isbn:2983792873>", "<mailto:alice@open-ims.test>",
					 "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"};
	reg_request_t r;
	const char *reason;
	size_t i;
	char hdr[256];

	for (i = 0; i < sizeof(to) / sizeof(to[0]); i++) {
		snprintf(hdr, sizeof(hdr), "To: %s\r\n", to[i]);
		ck_assert_int_eq(rr(hdr, NULL, &r, &reason), 400);
		ck_assert_str_eq(reason, "To must be a SIP or tel URI");
		reg_request_clear(&r);
	}
	/* no To at all */
	ck_assert_int_eq(rr("", NULL, &r, &reason), 400);
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_fields_and_auth)
{
	reg_request_t r;
	const char *reason;

	ck_assert_int_eq(rr(REG_TO "User-Agent: sipp 3.7.1\r\n",
			    "Digest username=\"alice_private@open-ims.test\", realm=\"open-ims.test\", "
			    "nonce=\"\", uri=\"sip:open-ims.test\", response=\"\"",
			    &r, &reason),
			 0);
	ck_assert_str_eq(r.impu, "sip:alice@open-ims.test");
	ck_assert_str_eq(r.impi, "alice_private@open-ims.test");
	ck_assert(r.impi_given);
	ck_assert(r.has_auth);
	ck_assert(r.auth.digest);
	ck_assert_str_eq(r.auth.realm, "open-ims.test");
	ck_assert(r.auth.has_response);
	ck_assert_str_eq(r.callid, "reg-1@10.0.0.1");
	ck_assert_uint_eq(r.cseq, 7);
	ck_assert_str_eq(r.user_agent, "sipp 3.7.1");
	ck_assert_uint_eq(r.ncontacts, 0);
	ck_assert(!r.star);
	ck_assert(!r.has_expires_hdr);
	ck_assert_uint_eq(r.npath, 0);
	ck_assert(!r.sup_gruu && !r.sup_outbound && !r.sup_path);
	reg_request_clear(&r);

	/* another scheme: ignored, the IMPI comes from the IMPU */
	ck_assert_int_eq(rr(REG_TO, "Basic YWxpY2U6c2VjcmV0", &r, &reason), 0);
	ck_assert(!r.has_auth);
	ck_assert(!r.impi_given);
	ck_assert_str_eq(r.impi, "alice@open-ims.test");
	ck_assert_ptr_null(r.user_agent);
	reg_request_clear(&r);

	/* malformed */
	ck_assert_int_eq(rr(REG_TO, "Digest username=\"alice", &r, &reason), 400);
	ck_assert_str_eq(reason, "Invalid Authorization");
	reg_request_clear(&r);
	ck_assert_int_eq(rr(REG_TO, "", &r, &reason), 400);
	ck_assert_str_eq(reason, "Invalid Authorization");
	reg_request_clear(&r);
	/* Digest without username, or with an empty one */
	ck_assert_int_eq(rr(REG_TO, "Digest realm=\"open-ims.test\", nonce=\"\"", &r, &reason), 400);
	ck_assert_str_eq(reason, "Authorization without username");
	reg_request_clear(&r);
	ck_assert_int_eq(rr(REG_TO, "Digest username=\"\"", &r, &reason), 400);
	ck_assert_str_eq(reason, "Authorization without username");
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_callid_cseq)
{
	reg_request_t r;
	const char *reason;

	ck_assert_int_eq(rr_text(REG_LINE REG_VIA REG_FROM REG_TO REG_CSEQ REG_END, NULL, &r, &reason),
			 400);
	ck_assert_str_eq(reason, "Invalid Call-ID");
	reg_request_clear(&r);
	ck_assert_int_eq(rr_text(REG_LINE REG_VIA REG_FROM REG_TO REG_CALLID REG_END, NULL, &r, &reason),
			 400);
	ck_assert_str_eq(reason, "Invalid CSeq");
	reg_request_clear(&r);
	ck_assert_int_eq(rr_text(REG_LINE REG_VIA REG_FROM REG_TO "Call-ID: abc\r\n"
				 "CSeq: 4294967295 REGISTER\r\n" REG_END,
				 NULL, &r, &reason),
			 0);
	ck_assert_str_eq(r.callid, "abc");
	ck_assert_uint_eq(r.cseq, UINT32_MAX);
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_contacts)
{
	reg_request_t r;
	const char *reason;
	const reg_contact_t *c;

	ck_assert_int_eq(
		rr(REG_TO
		   "Contact: \"Alice A\" <sip:alice@10.0.0.1:5060;transport=udp>;expires=600;"
		   "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\";reg-id=1;"
		   "lr;q=0.5;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\";"
		   "Audio\r\n"
		   "Contact: <sip:alice@10.0.0.2>;+sip.instance=\"<urn:gsma:imei:35209900-176148-1>\", "
		   "sip:alice@10.0.0.3;p=\"a,b;c\"\r\n"
		   "m: <sip:alice@10.0.0.4>;reg-id=2;expires=abc\r\n",
		   NULL, &r, &reason),
		0);
	ck_assert_uint_eq(r.ncontacts, 4);

	c = &r.contacts[0];
	ck_assert_str_eq(c->uri, "sip:alice@10.0.0.1:5060;transport=udp");
	ck_assert_str_eq(c->display_name, "\"Alice A\"");
	ck_assert_uint_eq(c->nparams, 7);
	ck_assert_str_eq(c->params[0].name, "expires");
	ck_assert_str_eq(c->params[0].value, "600");
	ck_assert_str_eq(c->params[1].name, "+sip.instance");
	ck_assert_str_eq(c->params[1].value, "\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\"");
	ck_assert_str_eq(c->params[2].name, "reg-id");
	ck_assert_str_eq(c->params[2].value, "1");
	ck_assert_str_eq(c->params[3].name, "lr");
	ck_assert_ptr_null(c->params[3].value);
	ck_assert_str_eq(c->params[4].name, "q");
	ck_assert_str_eq(c->params[4].value, "0.5");
	ck_assert_str_eq(c->params[5].name, "+g.3gpp.icsi-ref");
	ck_assert_str_eq(c->params[5].value, "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"");
	ck_assert_str_eq(c->params[6].name, "Audio");
	ck_assert_ptr_null(c->params[6].value);
	ck_assert_str_eq(c->instance, "\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\"");
	ck_assert(c->has_reg_id);
	ck_assert_uint_eq(c->reg_id, 1);
	ck_assert_str_eq(c->q, "0.5");
	ck_assert(c->has_expires);
	ck_assert_uint_eq(c->expires, 600);
	ck_assert_str_eq(c->key, "\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\";reg-id=1");

	c = &r.contacts[1];
	ck_assert_str_eq(c->uri, "sip:alice@10.0.0.2");
	ck_assert_ptr_null(c->display_name);
	ck_assert_str_eq(c->instance, "\"<urn:gsma:imei:35209900-176148-1>\"");
	ck_assert(!c->has_reg_id);
	ck_assert_ptr_null(c->q);
	ck_assert(!c->has_expires);
	ck_assert_str_eq(c->key, "\"<urn:gsma:imei:35209900-176148-1>\"");

	c = &r.contacts[2];
	ck_assert_str_eq(c->uri, "sip:alice@10.0.0.3");
	ck_assert_uint_eq(c->nparams, 1);
	ck_assert_str_eq(c->params[0].name, "p");
	ck_assert_str_eq(c->params[0].value, "\"a,b;c\"");
	ck_assert_ptr_null(c->instance);
	ck_assert_str_eq(c->key, "sip:alice@10.0.0.3");

	/* reg-id without an instance does not make a key; a bad expires is no expires */
	c = &r.contacts[3];
	ck_assert_str_eq(c->uri, "sip:alice@10.0.0.4");
	ck_assert(c->has_reg_id);
	ck_assert_uint_eq(c->reg_id, 2);
	ck_assert(!c->has_expires);
	ck_assert_str_eq(c->key, "sip:alice@10.0.0.4");
	reg_request_clear(&r);

	/* no parameters at all */
	ck_assert_int_eq(rr(REG_TO "Contact: <sip:alice@10.0.0.9>\r\n", NULL, &r, &reason), 0);
	ck_assert_uint_eq(r.contacts[0].nparams, 0);
	ck_assert_ptr_null(r.contacts[0].params);
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_contact_param_edge_cases)
{
	reg_request_t r;
	const char *reason;
	char *big, hdr[2048];
	const reg_contact_t *c;

	/* parameters repeated: the last one counts, nothing leaks */
	ck_assert_int_eq(rr(REG_TO "Contact: <sip:a@10.0.0.1>;+sip.instance=\"<urn:a>\";"
			    "+sip.instance=\"<urn:b>\";q=1;q=0.5;reg-id=3;reg-id=4;expires=5;expires=6\r\n",
			    NULL, &r, &reason),
			 0);
	c = &r.contacts[0];
	ck_assert_uint_eq(c->nparams, 8);
	ck_assert_str_eq(c->instance, "\"<urn:b>\"");
	ck_assert_str_eq(c->q, "0.5");
	ck_assert_uint_eq(c->reg_id, 4);
	ck_assert_uint_eq(c->expires, 6);
	ck_assert_str_eq(c->key, "\"<urn:b>\";reg-id=4");
	reg_request_clear(&r);

	/* names without case; valueless expires/reg-id/+sip.instance count for nothing */
	ck_assert_int_eq(rr(REG_TO "Contact: <sip:a@10.0.0.1>;Expires=7;REG-ID=3;"
			    "+SIP.INSTANCE=\"<urn:x>\"\r\n"
			    "Contact: <sip:b@10.0.0.1>;expires;reg-id;+sip.instance;q\r\n",
			    NULL, &r, &reason),
			 0);
	ck_assert(r.contacts[0].has_expires);
	ck_assert_uint_eq(r.contacts[0].expires, 7);
	ck_assert_str_eq(r.contacts[0].key, "\"<urn:x>\";reg-id=3");
	c = &r.contacts[1];
	ck_assert(!c->has_expires && !c->has_reg_id);
	ck_assert_ptr_null(c->instance);
	ck_assert_ptr_null(c->q);
	ck_assert_str_eq(c->key, "sip:b@10.0.0.1");
	ck_assert_uint_eq(c->nparams, 4);
	reg_request_clear(&r);

	/* an empty +sip.instance names no instance: each contact is keyed by
	 * its URI, not by "" that both would share (found by fuzzing) */
	ck_assert_int_eq(rr(REG_TO "Contact: <sip:c@10.0.0.1>;+sip.instance= \r\n"
			    "Contact: <sip:d@10.0.0.1>;+sip.instance= ;reg-id=2\r\n",
			    NULL, &r, &reason),
			 0);
	ck_assert_uint_eq(r.ncontacts, 2);
	ck_assert_ptr_null(r.contacts[0].instance);
	ck_assert_ptr_null(r.contacts[1].instance);
	ck_assert_str_eq(r.contacts[0].key, "sip:c@10.0.0.1");
	ck_assert_str_eq(r.contacts[1].key, "sip:d@10.0.0.1");
	reg_request_clear(&r);

	/* a long instance is kept whole in the key */
	big = malloc(1200);
	ck_assert_ptr_nonnull(big);
	memset(big, 'u', 1000);
	big[1000] = '\0';
	snprintf(hdr, sizeof(hdr),
		 REG_TO "Contact: <sip:a@10.0.0.1>;+sip.instance=\"<urn:%s>\";reg-id=9\r\n", big);
	ck_assert_int_eq(rr(hdr, NULL, &r, &reason), 0);
	snprintf(hdr, sizeof(hdr), "\"<urn:%s>\";reg-id=9", big);
	ck_assert_str_eq(r.contacts[0].key, hdr);
	reg_request_clear(&r);
	free(big);
}
END_TEST

START_TEST(rr_expires)
{
	reg_request_t r;
	const char *reason;

	ck_assert_int_eq(rr(REG_TO "Contact: <sip:a@10.0.0.1>;expires=30, <sip:b@10.0.0.1>\r\n"
			    "Expires: 600\r\n",
			    NULL, &r, &reason),
			 0);
	ck_assert(r.has_expires_hdr);
	ck_assert_uint_eq(r.expires_hdr, 600);
	ck_assert_uint_eq(reg_contact_expires(&r, &r.contacts[0], 3600), 30);
	ck_assert_uint_eq(reg_contact_expires(&r, &r.contacts[1], 3600), 600);
	ck_assert_uint_eq(reg_contact_expires(&r, NULL, 3600), 600);
	reg_request_clear(&r);

	ck_assert_int_eq(rr(REG_TO "Contact: <sip:a@10.0.0.1>;expires=0, <sip:b@10.0.0.1>\r\n", NULL,
			    &r, &reason),
			 0);
	ck_assert(!r.has_expires_hdr);
	ck_assert_uint_eq(reg_contact_expires(&r, &r.contacts[0], 3600), 0);
	ck_assert_uint_eq(reg_contact_expires(&r, &r.contacts[1], 3600), 3600);
	ck_assert_uint_eq(reg_contact_expires(&r, NULL, 1234), 1234);
	reg_request_clear(&r);

	/* overlarge values clamp to 32 bits (RFC 4475 scalar02) */
	ck_assert_int_eq(rr(REG_TO "Contact: <sip:a@10.0.0.1>;expires=99999999999999999999999, "
			    "<sip:b@10.0.0.1>;expires=4294967295, <sip:c@10.0.0.1>;expires=4294967296, "
			    "<sip:d@10.0.0.1>;expires=0000000000000000000000012\r\n"
			    "Expires: 18446744073709551616\r\n",
			    NULL, &r, &reason),
			 0);
	ck_assert_uint_eq(r.contacts[0].expires, UINT32_MAX);
	ck_assert_uint_eq(r.contacts[1].expires, UINT32_MAX);
	ck_assert_uint_eq(r.contacts[2].expires, UINT32_MAX);
	ck_assert_uint_eq(r.contacts[3].expires, 12);
	ck_assert_uint_eq(r.expires_hdr, UINT32_MAX);
	reg_request_clear(&r);

	/* an Expires header that is not a number */
	ck_assert_int_eq(rr(REG_TO "Contact: <sip:a@10.0.0.1>\r\nExpires: soon\r\n", NULL, &r, &reason),
			 400);
	ck_assert_str_eq(reason, "Invalid Expires");
	reg_request_clear(&r);
	ck_assert_int_eq(rr(REG_TO "Expires: -1\r\n", NULL, &r, &reason), 400);
	reg_request_clear(&r);
	ck_assert_int_eq(rr(REG_TO "Expires: 12abc\r\n", NULL, &r, &reason), 400);
	reg_request_clear(&r);
	ck_assert_int_eq(rr(REG_TO "Expires:\r\n", NULL, &r, &reason), 400);
	ck_assert_str_eq(reason, "Invalid Expires");
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_star)
{
	static const char *const bad[] = {
		REG_TO "Contact: *\r\n",
		REG_TO "Contact: *\r\nExpires: 1\r\n",
		REG_TO "Contact: *\r\nContact: <sip:a@10.0.0.1>\r\nExpires: 0\r\n",
		REG_TO "Contact: <sip:a@10.0.0.1>\r\nContact: *\r\nExpires: 0\r\n",
		REG_TO "Contact: *, <sip:a@10.0.0.1>\r\nExpires: 0\r\n",
	};
	reg_request_t r;
	const char *reason;
	size_t i;

	ck_assert_int_eq(rr(REG_TO "Contact: *\r\nExpires: 0\r\n", NULL, &r, &reason), 0);
	ck_assert(r.star);
	ck_assert_uint_eq(r.ncontacts, 0);
	ck_assert(r.has_expires_hdr);
	ck_assert_uint_eq(r.expires_hdr, 0);
	reg_request_clear(&r);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(rr(bad[i], NULL, &r, &reason), 400);
		ck_assert_str_eq(reason, "Contact * needs Expires: 0 and no other Contact");
		reg_request_clear(&r);
	}
	/* "*" with a parameter is no valid Contact */
	ck_assert_int_eq(rr(REG_TO "Contact: *;expires=0\r\nExpires: 0\r\n", NULL, &r, &reason), 400);
	ck_assert_str_eq(reason, "Invalid Contact");
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_contact_limit)
{
	char hdr[4096];
	reg_request_t r;
	const char *reason;
	size_t n = 0;
	int i;

	n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, REG_TO);
	for (i = 0; i < REG_MAX_CONTACTS; i++)
		n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, "Contact: <sip:a%d@10.0.0.1>\r\n", i);
	ck_assert_int_eq(rr(hdr, NULL, &r, &reason), 0);
	ck_assert_uint_eq(r.ncontacts, REG_MAX_CONTACTS);
	ck_assert_str_eq(r.contacts[REG_MAX_CONTACTS - 1].uri, "sip:a15@10.0.0.1");
	reg_request_clear(&r);
	snprintf(hdr + n, sizeof(hdr) - n, "Contact: <sip:one-more@10.0.0.1>;expires=5\r\n");
	ck_assert_int_eq(rr(hdr, NULL, &r, &reason), 403);
	ck_assert_str_eq(reason, "Too Many Contacts");
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_path)
{
	char hdr[4096];
	reg_request_t r;
	const char *reason;
	size_t n = 0;
	int i;

	ck_assert_int_eq(rr(REG_TO "Path: <sip:term@pcscf.open-ims.test:4060;lr;ob>, "
			    "<sip:ibcf.open-ims.test;lr>\r\nPath: <sip:third.open-ims.test;lr>\r\n",
			    NULL, &r, &reason),
			 0);
	ck_assert_uint_eq(r.npath, 3);
	ck_assert_str_eq(r.path[0], "<sip:term@pcscf.open-ims.test:4060;lr;ob>");
	ck_assert_str_eq(r.path[1], "<sip:ibcf.open-ims.test;lr>");
	ck_assert_str_eq(r.path[2], "<sip:third.open-ims.test;lr>");
	reg_request_clear(&r);

	n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, REG_TO);
	for (i = 0; i < REG_MAX_PATH; i++)
		n += (size_t)snprintf(hdr + n, sizeof(hdr) - n, "Path: <sip:p%d.open-ims.test;lr>\r\n", i);
	ck_assert_int_eq(rr(hdr, NULL, &r, &reason), 0);
	ck_assert_uint_eq(r.npath, REG_MAX_PATH);
	ck_assert_str_eq(r.path[REG_MAX_PATH - 1], "<sip:p7.open-ims.test;lr>");
	reg_request_clear(&r);
	snprintf(hdr + n, sizeof(hdr) - n, "Path: <sip:extra.open-ims.test;lr>\r\n");
	ck_assert_int_eq(rr(hdr, NULL, &r, &reason), 400);
	ck_assert_str_eq(reason, "Too many Path values");
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_supported)
{
	reg_request_t r;
	const char *reason;

	ck_assert_int_eq(rr(REG_TO "Supported: path, GRUU\r\n", NULL, &r, &reason), 0);
	ck_assert(r.sup_path && r.sup_gruu && !r.sup_outbound);
	reg_request_clear(&r);
	ck_assert_int_eq(rr(REG_TO "k: outbound\r\n", NULL, &r, &reason), 0);
	ck_assert(!r.sup_path && !r.sup_gruu && r.sup_outbound);
	reg_request_clear(&r);
	ck_assert_int_eq(rr(REG_TO "Supported: 100rel\r\nk: timer, gruu\r\nSupported: sec-agree\r\n",
			    NULL, &r, &reason),
			 0);
	ck_assert(!r.sup_path && r.sup_gruu && !r.sup_outbound);
	reg_request_clear(&r);
	/* Require is not Supported; a tag is a whole token */
	ck_assert_int_eq(rr(REG_TO "Require: gruu\r\nSupported: gruu2, xpath\r\nSupported:\r\n", NULL,
			    &r, &reason),
			 0);
	ck_assert(!r.sup_path && !r.sup_gruu && !r.sup_outbound);
	reg_request_clear(&r);
}
END_TEST

START_TEST(rr_clear_everything)
{
	reg_request_t r;
	const char *reason;

	/* a request using every owned pointer; valgrind checks the rest */
	ck_assert_int_eq(
		rr(REG_TO "Contact: \"A\" <sip:a@10.0.0.1>;+sip.instance=\"<urn:a>\";reg-id=1;q=1;x\r\n"
		   "Contact: <sip:b@10.0.0.1>;q=0.1\r\nPath: <sip:p@h;lr>\r\nPath: <sip:q@h;lr>\r\n"
		   "User-Agent: ua\r\nExpires: 60\r\nSupported: path\r\n",
		   "Digest username=\"a@b\"", &r, &reason),
		0);
	reg_request_clear(&r);
	ck_assert_ptr_null(r.impu);
	ck_assert_uint_eq(r.ncontacts, 0);
	ck_assert_uint_eq(r.npath, 0);
	reg_request_clear(&r); /* again: nothing left to free */
	/* what a failure leaves behind is freed too */
	ck_assert_int_eq(rr(REG_TO "Contact: <sip:a@10.0.0.1>;+sip.instance=\"<urn:a>\"\r\n"
			    "Path: <sip:p@h;lr>\r\nContact: *\r\n",
			    "Digest username=\"a@b\"", &r, &reason),
			 400);
	reg_request_clear(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("registrar-units");
	TCase *ah = tcase_create("auth_hdr");
	TCase *b64 = tcase_create("base64");
	TCase *ra = tcase_create("reg_auth");
	TCase *rq = tcase_create("reg_request");

	parser_init();
	tcase_add_test(ah, auth_parses_sipp_digest);
	tcase_add_test(ah, auth_parses_ims_fields);
	tcase_add_test(ah, auth_quoted_string_escapes);
	tcase_add_test(ah, auth_lws_and_folding);
	tcase_add_test(ah, auth_names_case_insensitive);
	tcase_add_test(ah, auth_unknown_params_ignored);
	tcase_add_test(ah, auth_other_scheme);
	tcase_add_test(ah, auth_hostile_input);
	tcase_add_test(ah, auth_field_limits);
	tcase_add_test(ah, auth_param_count_limit);
	tcase_add_test(ah, auth_nul_bytes_and_len);
	tcase_add_test(ah, auth_protected_values);
	tcase_add_test(ah, auth_format_exact);
	tcase_add_test(ah, auth_format_refuses);
	suite_add_tcase(s, ah);

	tcase_add_test(b64, base64_rfc4648_vectors);
	tcase_add_test(b64, base64_rejects);
	tcase_add_test(b64, base64_round_trips);
	suite_add_tcase(s, b64);

	tcase_add_test(ra, ra_digest_flow);
	tcase_add_test(ra, ra_digest_items_refused);
	tcase_add_test(ra, ra_nonces_unique);
	tcase_add_test(ra, ra_aka_flow);
	tcase_add_test(ra, ra_aka_resync);
	tcase_add_test(ra, ra_digest_ignores_auts);
	tcase_add_test(ra, ra_expire_calls_back);
	tcase_add_test(ra, ra_forget_impi);
	suite_add_tcase(s, ra);

	tcase_add_test(rq, rr_impu_canonical);
	tcase_add_test(rq, rr_bad_to_scheme);
	tcase_add_test(rq, rr_fields_and_auth);
	tcase_add_test(rq, rr_callid_cseq);
	tcase_add_test(rq, rr_contacts);
	tcase_add_test(rq, rr_contact_param_edge_cases);
	tcase_add_test(rq, rr_expires);
	tcase_add_test(rq, rr_star);
	tcase_add_test(rq, rr_contact_limit);
	tcase_add_test(rq, rr_path);
	tcase_add_test(rq, rr_supported);
	tcase_add_test(rq, rr_clear_everything);
	suite_add_tcase(s, rq);
	return tu_run(s);
}
