/*
 * check_milenage.c - the Cx crypto library: Milenage against the 3GPP
 * TS 35.208 test sets, AKA vectors, resync and the USIM loop, and HTTP
 * Digest (RFC 2617 §3.5 example, RFC 3310 binary password).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/crypto/aka.h"
#include "diameter/crypto/digest.h"
#include "diameter/crypto/milenage.h"
#include "testutil.h"

/*
 * TS 35.208 §4.3, test sets 1 to 6 (the same six open TS 35.207 §4-§6).
 * autn is (SQN ^ f5) || AMF || f1 as listed by an independent HSS test
 * suite (sets 1, 3-6); NULL where no source listed it.
 */
struct ts_set {
	const char *k, *rand, *sqn, *amf, *op, *opc;
	const char *f1, *f1s, *f2, *f5, *f3, *f4, *f5s;
	const char *autn;
};

static const struct ts_set sets[] = {
	{"465b5ce8b199b49faa5f0a2ee238a6bc", "23553cbe9637a89d218ae64dae47bf35", "ff9bb4d0b607",
	 "b9b9", "cdc202d5123e20f62b6d676ac72cb318", "cd63cb71954a9f4e48a5994e37a02baf",
	 "4a9ffac354dfafb3", "01cfaf9ec4e871e9", "a54211d5e3ba50bf", "aa689c648370",
	 "b40ba9a3c58b2a05bbf0d987b21bf8cb", "f769bcd751044604127672711c6d3441", "451e8beca43b",
	 "55f328b43577b9b94a9ffac354dfafb3"},
	{"0396eb317b6d1c36f19c1c84cd6ffd16", "c00d603103dcee52c4478119494202e8", "fd8eef40df7d",
	 "af17", "ff53bade17df5d4e793073ce9d7579fa", "53c15671c60a4b731c55b4a441c0bde2",
	 "5df5b31807e258b0", "a8c016e51ef4a343", "d3a628ed988620f0", "c47783995f72",
	 "58c433ff7a7082acd424220f2b67c556", "21a8c1f929702adb3e738488b9f5c5da", "30f1197061c1",
	 NULL},
	{"fec86ba6eb707ed08905757b1bb44b8f", "9f7c8d021accf4db213ccff0c7f71a6a", "9d0277595ffc",
	 "725c", "dbc59adcb6f9a0ef735477b7fadf8374", "1006020f0a478bf6b699f15c062e42b3",
	 "9cabc3e99baf7281", "95814ba2b3044324", "8011c48c0c214ed2", "33484dc2136b",
	 "5dbdbb2954e8f3cde665b046179a5098", "59a92d3b476a0443487055cf88b2307b", "deacdd848cc6",
	 "ae4a3a9b4c97725c9cabc3e99baf7281"},
	{"9e5944aea94b81165c82fbf9f32db751", "ce83dbc54ac0274a157c17f80d017bd6", "0b604a81eca8",
	 "9e09", "223014c5806694c007ca1eeef57f004f", "a64a507ae1a2a98bb88eb4210135dc87",
	 "74a58220cba84c49", "ac2cc74a96871837", "f365cd683cd92e96", "f0b9c08ad02e",
	 "e203edb3971574f5a94b0d61b816345d", "0c4524adeac041c4dd830d20854fc46b", "6085a86c6f63",
	 "fbd98a0b3c869e0974a58220cba84c49"},
	{"4ab1deb05ca6ceb051fc98e77d026a84", "74b0cd6031a1c8339b2b6ce2b8c4a186", "e880a1b580b6",
	 "9f07", "2d16c5cd1fdf6b22383584e3bef2a8d8", "dcf07cbd51855290b92a07a9891e523e",
	 "49e785dd12626ef2", "9e85790336bb3fa2", "5860fc1bce351e7e", "31e11a609118",
	 "7657766b373d1c2138f307e3de9242f9", "1c42e960d89b8fa99f2744e0708ccb53", "fe2555e54aa9",
	 "d961bbd511ae9f0749e785dd12626ef2"},
	{"6c38a116ac280c454f59332ee35c8c4f", "ee6466bc96202c5a557abbeff8babf63", "414b98222181",
	 "4464", "1ba00a1a7c6700ac8c3ff3e96ad08725", "3803ef5363b947c6aaa225e58fae3934",
	 "078adfb488241a57", "80246b8d0186bcf1", "16c8233f05a0ac28", "45b0f69ab06c",
	 "3f8c7587fe8e4b233af676aede30ba3b", "a7466cc1e6b2a1337d49d3b66e95d7b4", "1f53cd2b1113",
	 "04fb6eb891ed4464078adfb488241a57"},
};

#define NSETS ((int)(sizeof(sets) / sizeof(sets[0])))

/* Decode exactly n bytes of hex or fail the test. */
static void unhex(const char *hex, uint8_t *out, size_t n)
{
	size_t i;

	ck_assert_uint_eq(strlen(hex), 2 * n);
	for (i = 0; i < n; i++) {
		char byte[3] = {hex[2 * i], hex[2 * i + 1], '\0'};
		char *end;

		out[i] = (uint8_t)strtoul(byte, &end, 16);
		ck_assert_msg(*end == '\0', "bad hex %s", hex);
	}
}

static void assert_bytes(const uint8_t *got, const char *want_hex, size_t n, int set,
			 const char *what)
{
	uint8_t want[32];

	unhex(want_hex, want, n);
	ck_assert_msg(memcmp(got, want, n) == 0, "test set %d: %s differs from %s", set + 1, what,
		      want_hex);
}

struct keys {
	uint8_t k[16], rand[16], sqn[6], amf[2], op[16], opc[16];
};

static void load(int i, struct keys *ks)
{
	unhex(sets[i].k, ks->k, 16);
	unhex(sets[i].rand, ks->rand, 16);
	unhex(sets[i].sqn, ks->sqn, 6);
	unhex(sets[i].amf, ks->amf, 2);
	unhex(sets[i].op, ks->op, 16);
	unhex(sets[i].opc, ks->opc, 16);
}

START_TEST(init_is_repeatable)
{
	ck_assert_int_eq(cxcrypto_init(), 0);
	ck_assert_int_eq(cxcrypto_init(), 0);
	ck_assert_int_eq(cxcrypto_init(), 0);
}
END_TEST

/* _i is the test set index (loop test). */
START_TEST(ts35208_set)
{
	struct keys ks;
	uint8_t opc[16], mac_a[8], mac_s[8], res[8], ck[16], ik[16], ak[6], ak_star[6];

	load(_i, &ks);
	ck_assert_int_eq(milenage_opc(ks.k, ks.op, opc), 0);
	assert_bytes(opc, sets[_i].opc, 16, _i, "OPc");

	ck_assert_int_eq(milenage_f1(ks.k, opc, ks.rand, ks.sqn, ks.amf, mac_a, mac_s), 0);
	assert_bytes(mac_a, sets[_i].f1, 8, _i, "f1");
	assert_bytes(mac_s, sets[_i].f1s, 8, _i, "f1*");

	ck_assert_int_eq(milenage_f2345(ks.k, opc, ks.rand, res, ck, ik, ak, ak_star), 0);
	assert_bytes(res, sets[_i].f2, 8, _i, "f2");
	assert_bytes(ak, sets[_i].f5, 6, _i, "f5");
	assert_bytes(ck, sets[_i].f3, 16, _i, "f3");
	assert_bytes(ik, sets[_i].f4, 16, _i, "f4");
	assert_bytes(ak_star, sets[_i].f5s, 6, _i, "f5*");
}
END_TEST

START_TEST(outputs_one_at_a_time)
{
	struct keys ks;
	uint8_t mac_s[8], ck[16], ak_star[6];

	load(_i, &ks);
	ck_assert_int_eq(milenage_f1(ks.k, ks.opc, ks.rand, ks.sqn, ks.amf, NULL, mac_s), 0);
	assert_bytes(mac_s, sets[_i].f1s, 8, _i, "f1* alone");
	ck_assert_int_eq(milenage_f2345(ks.k, ks.opc, ks.rand, NULL, ck, NULL, NULL, NULL), 0);
	assert_bytes(ck, sets[_i].f3, 16, _i, "f3 alone");
	ck_assert_int_eq(milenage_f2345(ks.k, ks.opc, ks.rand, NULL, NULL, NULL, NULL, ak_star),
			 0);
	assert_bytes(ak_star, sets[_i].f5s, 6, _i, "f5* alone");
}
END_TEST

START_TEST(sqn_octets)
{
	uint8_t b[6];

	aka_sqn_put(UINT64_C(0xff9bb4d0b607), b);
	assert_bytes(b, "ff9bb4d0b607", 6, 0, "SQN octets");
	ck_assert_uint_eq(aka_sqn_get(b), UINT64_C(0xff9bb4d0b607));
	aka_sqn_put(AKA_SQN_MAX, b);
	ck_assert_uint_eq(aka_sqn_get(b), AKA_SQN_MAX);
	aka_sqn_put(1, b);
	assert_bytes(b, "000000000001", 6, 0, "SQN 1");
}
END_TEST

START_TEST(vector_from_set)
{
	struct keys ks;
	struct aka_vector v;
	uint8_t f5[6], autn[16];
	int j;

	load(_i, &ks);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, aka_sqn_get(ks.sqn), ks.amf, ks.rand, &v),
			 AKA_OK);
	/* AUTN = (SQN ^ AK) || AMF || MAC-A, from the table's own columns. */
	unhex(sets[_i].f5, f5, 6);
	for (j = 0; j < 6; j++)
		autn[j] = ks.sqn[j] ^ f5[j];
	memcpy(autn + 6, ks.amf, 2);
	unhex(sets[_i].f1, autn + 8, 8);
	ck_assert_mem_eq(v.autn, autn, 16);
	if (sets[_i].autn)
		assert_bytes(v.autn, sets[_i].autn, 16, _i, "AUTN");
	ck_assert_mem_eq(v.rand, ks.rand, 16);
	ck_assert_mem_eq(v.sip_authenticate, ks.rand, 16);
	ck_assert_mem_eq(v.sip_authenticate + 16, autn, 16);
	assert_bytes(v.xres, sets[_i].f2, 8, _i, "XRES");
	assert_bytes(v.ck, sets[_i].f3, 16, _i, "CK");
	assert_bytes(v.ik, sets[_i].f4, 16, _i, "IK");
}
END_TEST

START_TEST(auts_conceals_with_f5_star)
{
	struct keys ks;
	uint8_t auts[14], f5s[6], mac_s[8];
	uint64_t sqn_ms = 0;
	int j;

	load(_i, &ks);
	ck_assert_int_eq(aka_auts_make(ks.k, ks.opc, ks.rand, aka_sqn_get(ks.sqn), auts), AKA_OK);
	unhex(sets[_i].f5s, f5s, 6);
	for (j = 0; j < 6; j++)
		ck_assert_uint_eq(auts[j], ks.sqn[j] ^ f5s[j]);
	ck_assert_int_eq(aka_resync(ks.k, ks.opc, ks.rand, auts, &sqn_ms), AKA_OK);
	ck_assert_uint_eq(sqn_ms, aka_sqn_get(ks.sqn));

	/* The spec's MAC-S uses the set's AMF; a resync MAC-S uses 0x0000. */
	unhex(sets[_i].f1s, mac_s, 8);
	ck_assert_mem_ne(auts + 6, mac_s, 8);
	memcpy(auts + 6, mac_s, 8);
	ck_assert_int_eq(aka_resync(ks.k, ks.opc, ks.rand, auts, &sqn_ms), AKA_ERR_MAC);
}
END_TEST

static void usim_for(int i, struct aka_usim *u, uint64_t sqn_ms)
{
	memset(u, 0, sizeof(*u));
	unhex(sets[i].k, u->k, 16);
	unhex(sets[i].opc, u->opc, 16);
	u->sqn_ms = sqn_ms;
}

/* Challenge, response, replay, resync, new challenge: the whole loop. */
START_TEST(challenge_response_resync_loop)
{
	static const uint8_t amf[2] = {0x80, 0x00};
	struct keys ks;
	struct aka_usim u;
	struct aka_usim_answer a;
	struct aka_vector v;
	uint8_t rand_auts[AKA_RESYNC_LEN];
	uint64_t hss_sqn = 32, sqn_ms = 0;

	load(_i, &ks);
	usim_for(_i, &u, 0);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, hss_sqn, amf, ks.rand, &v), AKA_OK);
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_OK);
	ck_assert_mem_eq(a.res, v.xres, 8);
	ck_assert_mem_eq(a.ck, v.ck, 16);
	ck_assert_mem_eq(a.ik, v.ik, 16);
	ck_assert_uint_eq(a.sqn, hss_sqn);
	ck_assert_uint_eq(u.sqn_ms, hss_sqn);

	/* The same challenge again is stale: sync failure with AUTS. */
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_ERR_SYNC);
	ck_assert_uint_eq(a.sqn, hss_sqn);
	memcpy(rand_auts, ks.rand, 16);
	memcpy(rand_auts + 16, a.auts, 14);
	ck_assert_int_eq(aka_resync_sip(ks.k, ks.opc, rand_auts, &sqn_ms), AKA_OK);
	ck_assert_uint_eq(sqn_ms, hss_sqn);

	/* The HSS moves on past SQN_MS and the USIM accepts again. */
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, sqn_ms + 1, amf, ks.rand, &v), AKA_OK);
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_OK);
	ck_assert_uint_eq(u.sqn_ms, sqn_ms + 1);
}
END_TEST

START_TEST(usim_ahead_of_hss)
{
	static const uint8_t amf[2] = {0x80, 0x00};
	struct keys ks;
	struct aka_usim u;
	struct aka_usim_answer a;
	struct aka_vector v;
	uint64_t sqn_ms = 0;

	load(0, &ks);
	usim_for(0, &u, 1000);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, 5, amf, ks.rand, &v), AKA_OK);
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_ERR_SYNC);
	ck_assert_uint_eq(u.sqn_ms, 1000);
	ck_assert_int_eq(aka_resync(ks.k, ks.opc, ks.rand, a.auts, &sqn_ms), AKA_OK);
	ck_assert_uint_eq(sqn_ms, 1000);

	/* A tampered AUTS, or one checked against another RAND, is refused. */
	a.auts[13] ^= 0x01;
	ck_assert_int_eq(aka_resync(ks.k, ks.opc, ks.rand, a.auts, &sqn_ms), AKA_ERR_MAC);
	a.auts[13] ^= 0x01;
	ks.rand[0] ^= 0x80;
	ck_assert_int_eq(aka_resync(ks.k, ks.opc, ks.rand, a.auts, &sqn_ms), AKA_ERR_MAC);
}
END_TEST

START_TEST(usim_delta_limit)
{
	static const uint8_t amf[2] = {0x80, 0x00};
	struct keys ks;
	struct aka_usim u;
	struct aka_usim_answer a;
	struct aka_vector v;

	load(2, &ks);
	usim_for(2, &u, 100);
	u.delta = 50;
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, 151, amf, ks.rand, &v), AKA_OK);
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_ERR_SYNC);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, 150, amf, ks.rand, &v), AKA_OK);
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_OK);
	ck_assert_uint_eq(u.sqn_ms, 150);
}
END_TEST

START_TEST(usim_rejects_bad_mac)
{
	static const uint8_t amf[2] = {0x80, 0x00};
	static const uint8_t zero[sizeof(struct aka_usim_answer)];
	struct keys ks;
	struct aka_usim u;
	struct aka_usim_answer a;
	struct aka_vector v;
	uint8_t bad[AKA_SIP_AUTH_LEN];
	size_t j;

	load(_i, &ks);
	usim_for(_i, &u, 0);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, 7, amf, ks.rand, &v), AKA_OK);
	/* Any bit of RAND, SQN^AK, AMF or MAC-A changed: MAC failure. */
	for (j = 0; j < AKA_SIP_AUTH_LEN; j++) {
		memcpy(bad, v.sip_authenticate, sizeof(bad));
		bad[j] ^= (uint8_t)(1u << (j % 8));
		ck_assert_int_eq(aka_usim_challenge(&u, bad, &a), AKA_ERR_MAC);
		ck_assert_mem_eq(&a, zero, sizeof(a));
	}
	ck_assert_uint_eq(u.sqn_ms, 0);
	u.k[15] ^= 0x01;
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_ERR_MAC);
}
END_TEST

START_TEST(sqn_out_of_range)
{
	static const uint8_t amf[2] = {0x80, 0x00};
	struct keys ks;
	struct aka_vector v;
	uint8_t auts[14];

	load(0, &ks);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, AKA_SQN_MAX, amf, ks.rand, &v), AKA_OK);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, AKA_SQN_MAX + 1, amf, ks.rand, &v),
			 AKA_ERR_CRYPTO);
	ck_assert_int_eq(aka_auts_make(ks.k, ks.opc, ks.rand, AKA_SQN_MAX + 1, auts),
			 AKA_ERR_CRYPTO);
}
END_TEST

/* RFC 2617 §3.5. */
static const struct digest_req rfc2617_req = {
	.method = "GET",
	.uri = "/dir/index.html",
	.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093",
	.qop = "auth",
	.nc = "00000001",
	.cnonce = "0a4f113b",
};

START_TEST(digest_rfc2617_example)
{
	char ha1[DIGEST_HEX_SIZE], ha2[DIGEST_HEX_SIZE], resp[DIGEST_HEX_SIZE];
	struct digest_req no_qop = rfc2617_req;

	ck_assert_int_eq(digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life", ha1), 0);
	ck_assert_str_eq(ha1, "939e7578ed9e3c518a452acee763bce9");
	ck_assert_int_eq(digest_ha2("GET", "/dir/index.html", ha2), 0);
	ck_assert_str_eq(ha2, "39aff3a2bab6126f332b942af96d3366");
	ck_assert_int_eq(digest_response(ha1, &rfc2617_req, resp), 0);
	ck_assert_str_eq(resp, "6629fae49393a05397450978507c4ef1");

	/* HA1 as an HSS may send it, in upper case. */
	ck_assert_int_eq(digest_response("939E7578ED9E3C518A452ACEE763BCE9", &rfc2617_req, resp),
			 0);
	ck_assert_str_eq(resp, "6629fae49393a05397450978507c4ef1");

	/* RFC 2069 form: MD5(HA1:nonce:HA2) (expected value from Python's hashlib). */
	no_qop.qop = NULL;
	ck_assert_int_eq(digest_response(ha1, &no_qop, resp), 0);
	ck_assert_str_eq(resp, "670fd8c2df070c60b045671b8b24ff02");
	no_qop.qop = "";
	ck_assert_int_eq(digest_response(ha1, &no_qop, resp), 0);
	ck_assert_str_eq(resp, "670fd8c2df070c60b045671b8b24ff02");
}
END_TEST

START_TEST(digest_refuses_bad_input)
{
	char ha1[DIGEST_HEX_SIZE] = "939e7578ed9e3c518a452acee763bce9", resp[DIGEST_HEX_SIZE];
	struct digest_req r = rfc2617_req;

	r.qop = "auth-int";
	ck_assert_int_eq(digest_response(ha1, &r, resp), -1);
	r = rfc2617_req;
	r.cnonce = NULL;
	ck_assert_int_eq(digest_response(ha1, &r, resp), -1);
	r = rfc2617_req;
	r.nonce = NULL;
	ck_assert_int_eq(digest_response(ha1, &r, resp), -1);
	ck_assert_int_eq(digest_response("939e7578ed9e3c518a452acee763bce", &rfc2617_req, resp),
			 -1);
	ck_assert_int_eq(digest_response("939e7578ed9e3c518a452acee763bcez", &rfc2617_req, resp),
			 -1);
	ck_assert_int_eq(digest_response(NULL, &rfc2617_req, resp), -1);
	ck_assert_int_eq(digest_ha1("u", "r", NULL, ha1), -1);
	ck_assert_int_eq(digest_ha1_bytes("u", "r", NULL, 1, ha1), -1);
	ck_assert_int_eq(digest_ha2(NULL, "/", ha1), -1);
}
END_TEST

START_TEST(digest_equal_rules)
{
	const char *a = "6629fae49393a05397450978507c4ef1";
	char b[DIGEST_HEX_SIZE];
	size_t i;

	ck_assert(digest_equal(a, "6629fae49393a05397450978507c4ef1"));
	ck_assert(digest_equal(a, "6629FAE49393A05397450978507C4EF1"));
	for (i = 0; i < DIGEST_HEX_LEN; i++) {
		memcpy(b, a, sizeof(b));
		b[i] = b[i] == '0' ? '1' : '0';
		ck_assert_msg(!digest_equal(a, b), "difference at %zu not seen", i);
	}
	ck_assert(!digest_equal(a, "6629fae49393a05397450978507c4ef"));
	ck_assert(!digest_equal(a, "6629fae49393a05397450978507c4ef10"));
	ck_assert(!digest_equal(a, ""));
	ck_assert(!digest_equal(a, NULL));
	ck_assert(!digest_equal(NULL, a));
	ck_assert(!digest_equal(NULL, NULL));
	/* 'g' | 0x20 == 'G' | 0x20: non-hex never matches. */
	ck_assert(!digest_equal("g629fae49393a05397450978507c4ef1",
				"G629fae49393a05397450978507c4ef1"));
}
END_TEST

/* RFC 3310: XRES of test set 1 as the password (values from Python's hashlib). */
START_TEST(digest_aka_xres_password)
{
	static const char nonce[] = "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=";
	uint8_t xres[8];
	char resp[DIGEST_HEX_SIZE], ha1[DIGEST_HEX_SIZE];
	struct digest_req r = {
		.method = "REGISTER",
		.uri = "sip:open-ims.test",
		.nonce = nonce,
		.qop = "auth",
		.nc = "00000001",
		.cnonce = "0a4f113b",
	};

	unhex(sets[0].f2, xres, 8);
	ck_assert_int_eq(digest_ha1_bytes("alice@open-ims.test", "open-ims.test", xres, 8, ha1), 0);
	ck_assert_str_eq(ha1, "4066167b8c092db4f487f7d675648ca9");
	ck_assert_int_eq(aka_digest_response("alice@open-ims.test", "open-ims.test", xres, 8, &r,
					     resp),
			 0);
	ck_assert_str_eq(resp, "8989073c387c374f6f99dd66da921d63");
	r.qop = NULL;
	ck_assert_int_eq(aka_digest_response("alice@open-ims.test", "open-ims.test", xres, 8, &r,
					     resp),
			 0);
	ck_assert_str_eq(resp, "5810f00a515f150a732c74122032332d");
}
END_TEST

START_TEST(digest_aka_password_with_nuls)
{
	static const uint8_t res[8] = {0x00, 0x5a, 0x00, 0x00, 0xc3, 0x00, 0x7f, 0x00};
	char resp[DIGEST_HEX_SIZE], ha1[DIGEST_HEX_SIZE];
	struct digest_req r = {
		.method = "REGISTER",
		.uri = "sip:open-ims.test",
		.nonce = "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M=",
		.qop = "auth",
		.nc = "00000001",
		.cnonce = "0a4f113b",
	};

	ck_assert_int_eq(digest_ha1_bytes("alice@open-ims.test", "open-ims.test", res, 8, ha1), 0);
	ck_assert_str_eq(ha1, "5b1db8141bad2604c070fc507ecedc96");
	/* Not the hash of the empty string a C-string password would give. */
	ck_assert_int_eq(digest_ha1("alice@open-ims.test", "open-ims.test", (const char *)res,
				    ha1),
			 0);
	ck_assert_str_eq(ha1, "e4694ee3d3b5f781abe8c1f547ea0a07");
	ck_assert_int_eq(aka_digest_response("alice@open-ims.test", "open-ims.test", res, 8, &r,
					     resp),
			 0);
	ck_assert_str_eq(resp, "fbc387267fbfd2416f9ad7a45d05f754");
}
END_TEST

/* The S-CSCF's view: the UE's RES-based response checks against XRES. */
START_TEST(sip_aka_end_to_end)
{
	static const uint8_t amf[2] = {0x80, 0x00};
	struct keys ks;
	struct aka_usim u;
	struct aka_usim_answer a;
	struct aka_vector v;
	char ue[DIGEST_HEX_SIZE], scscf[DIGEST_HEX_SIZE];
	struct digest_req r = {
		.method = "REGISTER",
		.uri = "sip:open-ims.test",
		.nonce = "nonce",
		.qop = "auth",
		.nc = "00000001",
		.cnonce = "c",
	};

	load(_i, &ks);
	usim_for(_i, &u, 0);
	ck_assert_int_eq(aka_vector_make(ks.k, ks.opc, 1, amf, ks.rand, &v), AKA_OK);
	ck_assert_int_eq(aka_usim_challenge(&u, v.sip_authenticate, &a), AKA_OK);
	ck_assert_int_eq(aka_digest_response("bob", "realm", a.res, 8, &r, ue), 0);
	ck_assert_int_eq(aka_digest_response("bob", "realm", v.xres, 8, &r, scscf), 0);
	ck_assert(digest_equal(ue, scscf));
	a.res[7] ^= 1;
	ck_assert_int_eq(aka_digest_response("bob", "realm", a.res, 8, &r, ue), 0);
	ck_assert(!digest_equal(ue, scscf));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("milenage");
	TCase *mil = tcase_create("milenage");
	TCase *aka = tcase_create("aka");
	TCase *dig = tcase_create("digest");

	tcase_add_test(mil, init_is_repeatable);
	tcase_add_loop_test(mil, ts35208_set, 0, NSETS);
	tcase_add_loop_test(mil, outputs_one_at_a_time, 0, NSETS);
	suite_add_tcase(s, mil);

	tcase_add_test(aka, sqn_octets);
	tcase_add_loop_test(aka, vector_from_set, 0, NSETS);
	tcase_add_loop_test(aka, auts_conceals_with_f5_star, 0, NSETS);
	tcase_add_loop_test(aka, challenge_response_resync_loop, 0, NSETS);
	tcase_add_test(aka, usim_ahead_of_hss);
	tcase_add_test(aka, usim_delta_limit);
	tcase_add_loop_test(aka, usim_rejects_bad_mac, 0, NSETS);
	tcase_add_test(aka, sqn_out_of_range);
	tcase_add_loop_test(aka, sip_aka_end_to_end, 0, NSETS);
	suite_add_tcase(s, aka);

	tcase_add_test(dig, digest_rfc2617_example);
	tcase_add_test(dig, digest_refuses_bad_input);
	tcase_add_test(dig, digest_equal_rules);
	tcase_add_test(dig, digest_aka_xres_password);
	tcase_add_test(dig, digest_aka_password_with_nuls);
	suite_add_tcase(s, dig);
	return tu_run(s);
}
