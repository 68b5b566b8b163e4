/*
 * check_hss_subscribers.c - hss-sim's subscriber file parser
 * (tests/hss-sim/subscribers.c): the sample conf/subscribers.xml, every
 * attribute and its defaults, and hostile input: truncations at every
 * length, missing and malformed attributes, bad hex, unknown names,
 * duplicates, DTDs and entities, non-UTF-8, NUL bytes, and every limit.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scscf/base/hex.h"
#include "tests/hss-sim/subscribers.h"
#include "testutil.h"

#define PROFILE(impi)                                                                      \
	"<IMSSubscription><PrivateID>" impi "</PrivateID><ServiceProfile><PublicIdentity>"   \
	"<Identity>sip:" impi "</Identity></PublicIdentity></ServiceProfile></IMSSubscription>"
#define KEY "000102030405060708090a0b0c0d0e0f"
/* One subscriber with the given attributes and children. */
#define SUB(attrs, body) "<subscriber impi=\"u@h\" " attrs ">" body PROFILE("u@h") "</subscriber>"
#define FILE_OF(subs) "<subscribers>" subs "</subscribers>"
#define DIGEST "<digest password=\"pw\"/>"
#define AKA "<aka k=\"" KEY "\" op=\"" KEY "\"/>"

static hss_subscribers_t *parse_ok(const char *doc)
{
	char err[512];
	hss_subscribers_t *s = hss_subs_parse(doc, strlen(doc), NULL, err, sizeof(err));

	ck_assert_msg(s != NULL, "refused (%s): %s", err, doc);
	return s;
}

static void expect_error_n(const char *doc, size_t len, const hss_subs_limits_t *lim,
			   const char *msg)
{
	char err[512];
	hss_subscribers_t *s;

	strcpy(err, "stale");
	s = hss_subs_parse(doc, len, lim, err, sizeof(err));
	ck_assert_msg(s == NULL, "accepted: %.300s", doc);
	ck_assert_msg(strstr(err, msg) != NULL, "got \"%s\", want \"%s\"", err, msg);
}

static void expect_error(const char *doc, const char *msg)
{
	expect_error_n(doc, strlen(doc), NULL, msg);
}

/* --- the sample file --------------------------------------------------------- */

START_TEST(sample_file)
{
	static const uint8_t alice_k[16] = {0x69, 0x6d, 0x73, 0x2d, 0x6c, 0x61, 0x62, 0x2d,
					    0x6b, 0x2d, 0x61, 0x6c, 0x69, 0x63, 0x65, 0x31};
	char err[512];
	hss_subscribers_t *s = hss_subs_load(HSS_CONF_DIR "/subscribers.xml", NULL, err, sizeof(err));
	hss_subscriber_t *a, *b, *c, *d;
	size_t n, i;
	const ud_public_identity_t *const *irs;

	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_uint_eq(s->n, 4);
	for (i = 1; i < s->n; i++)
		ck_assert(strcmp(s->v[i - 1].impi, s->v[i].impi) < 0);
	a = hss_subs_find(s, "alice@open-ims.test");
	b = hss_subs_find(s, "bob@open-ims.test");
	c = hss_subs_find(s, "carol@open-ims.test");
	d = hss_subs_find(s, "dave@open-ims.test");
	ck_assert(a != NULL && b != NULL && c != NULL && d != NULL);
	ck_assert_ptr_null(hss_subs_find(s, "nobody@open-ims.test"));
	ck_assert_ptr_null(hss_subs_find(s, ""));

	ck_assert_uint_eq(a->schemes, HSS_SCHEME_AKA | HSS_SCHEME_SIP_DIGEST);
	ck_assert_uint_eq(a->default_scheme, HSS_SCHEME_AKA);
	ck_assert(a->has_aka && a->has_digest && !a->op_is_opc);
	ck_assert_mem_eq(a->k, alice_k, 16);
	ck_assert_uint_eq(a->amf[0], 0x41); /* "AA": a key sipp can use */
	ck_assert_uint_eq(a->amf[1], 0x41);
	ck_assert_uint_eq(a->sqn, 0x20);
	ck_assert_uint_eq(a->sqn_step, 32);
	ck_assert_uint_eq(a->item_base, 1);
	ck_assert_str_eq(a->password, "alice");
	ck_assert_str_eq(a->realm, "open-ims.test");
	ck_assert_int_eq(a->digest_style, HSS_DIGEST_STANDARD);
	ck_assert(strncmp(a->user_data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0);
	ck_assert_uint_eq(strlen(a->user_data), a->user_data_len);
	ck_assert_ptr_nonnull(strstr(a->user_data, "<PrivateID>alice@open-ims.test</PrivateID>"));
	irs = ud_irs(a->ud, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(irs[0]->identity, "sip:alice@open-ims.test");
	ck_assert_str_eq(irs[1]->identity, "tel:+15551234");
	ck_assert(irs[2]->barred);
	ck_assert_uint_eq(a->ud->profiles[0].nifcs, 1);

	ck_assert_uint_eq(b->schemes, HSS_SCHEME_SIP_DIGEST);
	ck_assert(!b->has_aka);
	ck_assert_ptr_nonnull(ud_lookup(c->ud, "sip:carol-mobile@open-ims.test"));
	ck_assert(ud_lookup(c->ud, "sip:carol-mobile@open-ims.test")->is_wildcard);
	ck_assert(!ud_lookup(c->ud, "sip:carol@open-ims.test")->is_wildcard);

	ck_assert_int_eq(d->digest_style, HSS_DIGEST_FHOSS);
	ck_assert_uint_eq(d->item_base, 0);
	ck_assert(d->op_is_opc);
	ck_assert_uint_eq(d->sqn_step, 1);
	ck_assert_uint_eq(d->default_scheme, HSS_SCHEME_SIP_DIGEST);
	ck_assert_str_eq(d->realm, "open-ims.test"); /* from the IMPI */
	hss_subs_free(s);
}
END_TEST

/* --- attributes and defaults ------------------------------------------------- */

START_TEST(defaults)
{
	hss_subscribers_t *s;

	/* schemes from the credentials; AKA first; step 32; sqn 0; amf 8000 */
	s = parse_ok(FILE_OF(SUB("", DIGEST AKA)));
	ck_assert_uint_eq(s->v[0].schemes, HSS_SCHEME_AKA | HSS_SCHEME_SIP_DIGEST);
	ck_assert_uint_eq(s->v[0].default_scheme, HSS_SCHEME_AKA);
	ck_assert_uint_eq(s->v[0].sqn, 0);
	ck_assert_uint_eq(s->v[0].sqn_step, 32);
	ck_assert_uint_eq(s->v[0].amf[0], 0x80);
	ck_assert_str_eq(s->v[0].realm, "h");
	hss_subs_free(s);

	s = parse_ok(FILE_OF(SUB("", DIGEST)));
	ck_assert_uint_eq(s->v[0].schemes, HSS_SCHEME_SIP_DIGEST);
	ck_assert_uint_eq(s->v[0].default_scheme, HSS_SCHEME_SIP_DIGEST);
	hss_subs_free(s);

	/* the first listed is the default; names in any case; the Cx spelling too */
	s = parse_ok(FILE_OF(SUB("schemes=\" sip-digest\tDigest-AKAv1-MD5 \"", DIGEST AKA)));
	ck_assert_uint_eq(s->v[0].default_scheme, HSS_SCHEME_SIP_DIGEST);
	hss_subs_free(s);
	s = parse_ok(FILE_OF(SUB("schemes=\"SIP-Digest Digest-AKAv1-MD5\" "
				 "default-scheme=\"Digest-AKAv1-MD5\"",
				 DIGEST AKA)));
	ck_assert_uint_eq(s->v[0].default_scheme, HSS_SCHEME_AKA);
	hss_subs_free(s);
	s = parse_ok(FILE_OF(SUB("default-scheme=\"SIP Digest\"", DIGEST AKA)));
	ck_assert_uint_eq(s->v[0].default_scheme, HSS_SCHEME_SIP_DIGEST);
	hss_subs_free(s);

	/* credentials not listed in schemes are kept (a later PPR may use them) */
	s = parse_ok(FILE_OF(SUB("schemes=\"SIP-Digest\"", DIGEST AKA)));
	ck_assert_uint_eq(s->v[0].schemes, HSS_SCHEME_SIP_DIGEST);
	ck_assert(s->v[0].has_aka);
	hss_subs_free(s);

	s = parse_ok(FILE_OF(SUB("", "<aka k=\"" KEY "\" opc=\"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\" "
				     "amf=\"0000\" sqn=\"ffffffffffff\" sqn-step=\"1000000\"/>")));
	ck_assert(s->v[0].op_is_opc);
	ck_assert_uint_eq(s->v[0].op[15], 0xff);
	ck_assert_uint_eq(s->v[0].amf[0], 0);
	ck_assert_uint_eq(s->v[0].sqn, 0xffffffffffffULL);
	ck_assert_uint_eq(s->v[0].sqn_step, 1000000);
	hss_subs_free(s);

	/* entities XML itself defines are fine in attribute values */
	s = parse_ok(FILE_OF(SUB("", "<digest password=\"a&amp;b&#x3c;\" realm=\"r\"/>")));
	ck_assert_str_eq(s->v[0].password, "a&b<");
	hss_subs_free(s);

	/* comments, processing instructions and white space anywhere */
	s = parse_ok("<?xml version=\"1.0\"?>\n<!-- c --><subscribers>\n <!-- c --> <?pi x?>"
		     SUB("", " <!-- c --> " DIGEST " ") "\n</subscribers>\n");
	hss_subs_free(s);
}
END_TEST

START_TEST(sorted_and_found)
{
	hss_subscribers_t *s = parse_ok(
		"<subscribers>"
		"<subscriber impi=\"c@h\">" DIGEST PROFILE("c@h") "</subscriber>"
		"<subscriber impi=\"a@h\">" DIGEST PROFILE("a@h") "</subscriber>"
		"<subscriber impi=\"b@h\">" DIGEST PROFILE("b@h") "</subscriber>"
		"</subscribers>");

	ck_assert_uint_eq(s->n, 3);
	ck_assert_str_eq(s->v[0].impi, "a@h");
	ck_assert_str_eq(s->v[2].impi, "c@h");
	ck_assert_str_eq(hss_subs_find(s, "b@h")->impi, "b@h");
	ck_assert_uint_eq(hss_subs_find(s, "c@h")->line, 1);
	hss_subs_free(s);
}
END_TEST

START_TEST(scheme_names)
{
	ck_assert_uint_eq(hss_scheme_from_cx("SIP Digest", 10), HSS_SCHEME_SIP_DIGEST);
	ck_assert_uint_eq(hss_scheme_from_cx("sip digest", 10), HSS_SCHEME_SIP_DIGEST);
	ck_assert_uint_eq(hss_scheme_from_cx("Digest-AKAv1-MD5", 16), HSS_SCHEME_AKA);
	ck_assert_uint_eq(hss_scheme_from_cx("Digest-AKAv1-MD5x", 17), 0);
	ck_assert_uint_eq(hss_scheme_from_cx("Digest-AKAv1-MD5", 15), 0);
	ck_assert_uint_eq(hss_scheme_from_cx("Unknown", 7), 0);
	ck_assert_uint_eq(hss_scheme_from_cx("SIP-Digest", 10), 0);
	ck_assert_uint_eq(hss_scheme_from_cx("", 0), 0);
	ck_assert_str_eq(hss_scheme_cx_name(HSS_SCHEME_SIP_DIGEST), "SIP Digest");
	ck_assert_str_eq(hss_scheme_cx_name(HSS_SCHEME_AKA), "Digest-AKAv1-MD5");
}
END_TEST

START_TEST(hex_out)
{
	static const uint8_t in[] = {0x00, 0x9a, 0xff};
	char out[7];

	hex_encode(in, 3, out); /* hss-sim's own copy became scscf/base/hex */
	ck_assert_str_eq(out, "009aff");
}
END_TEST

START_TEST(profile_check)
{
	static const char good[] = PROFILE("u@h");
	char err[256];
	ud_subscription_t *ud;

	ud = hss_subs_check_profile(good, strlen(good), "u@h", NULL, err, sizeof(err));
	ck_assert_ptr_nonnull(ud);
	ud_free(ud);
	ck_assert_ptr_null(hss_subs_check_profile(good, strlen(good), "v@h", NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "PrivateID 'u@h'"));
	ck_assert_ptr_null(hss_subs_check_profile("<x/>", 4, "u@h", NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "IMSSubscription refused"));
}
END_TEST

/* --- refusals ---------------------------------------------------------------- */

START_TEST(missing_and_bad_attributes)
{
	expect_error(FILE_OF("<subscriber>" DIGEST PROFILE("u@h") "</subscriber>"),
		     "needs an impi");
	expect_error(FILE_OF("<subscriber impi=\"\">" DIGEST PROFILE("u@h") "</subscriber>"),
		     "needs an impi");
	expect_error(FILE_OF("<subscriber impi=\"u @h\">" DIGEST PROFILE("u@h") "</subscriber>"),
		     "without white space");
	expect_error(FILE_OF("<subscriber impi=\"u&#x1;@h\">" DIGEST PROFILE("u@h") "</subscriber>"),
		     "not well-formed");
	expect_error(FILE_OF("<subscriber impi=\"u&#x7f;@h\">" DIGEST PROFILE("u@h") "</subscriber>"),
		     "control characters");
	expect_error(FILE_OF(SUB("", "<digest realm=\"h\"/>")), "needs a password");
	expect_error(FILE_OF("<subscriber impi=\"nodomain\"><digest password=\"p\"/>"
			     PROFILE("nodomain") "</subscriber>"),
		     "needs a realm attribute");
	expect_error(FILE_OF(SUB("", "<digest password=\"p\" realm=\"\"/>")), "realm must be");
	expect_error(FILE_OF(SUB("", "<digest password=\"p\" realm=\"a b\"/>")), "realm must be");
	expect_error(FILE_OF(SUB("", "<aka op=\"" KEY "\"/>")), "k must be 32 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "0\" op=\"" KEY "\"/>")),
		     "k must be 32 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"000102030405060708090a0b0c0d0e0\" op=\"" KEY "\"/>")),
		     "k must be 32 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"g00102030405060708090a0b0c0d0e0f\" op=\"" KEY "\"/>")),
		     "k must be 32 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\"/>")), "exactly one of op and opc");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" opc=\"" KEY "\"/>")),
		     "exactly one of op and opc");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" opc=\" " KEY "\"/>")),
		     "opc must be 32 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" amf=\"800\"/>")),
		     "amf must be 4 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" amf=\"80x0\"/>")),
		     "amf must be 4 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" sqn=\"1000000000000\"/>")),
		     "sqn must be 1 to 12 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" sqn=\"\"/>")),
		     "sqn must be 1 to 12 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" sqn=\"-1\"/>")),
		     "sqn must be 1 to 12 hex digits");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" sqn-step=\"0\"/>")),
		     "sqn-step must be");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" sqn-step=\"1000001\"/>")),
		     "sqn-step must be");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" sqn-step=\"+5\"/>")),
		     "sqn-step must be");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" sqn-step=\"99999999999\"/>")),
		     "sqn-step must be");
	expect_error(FILE_OF(SUB("item-base=\"2\"", DIGEST)), "item-base must be 0 or 1");
	expect_error(FILE_OF(SUB("item-base=\"\"", DIGEST)), "item-base must be 0 or 1");
	expect_error(FILE_OF(SUB("digest-style=\"FHoSS\"", DIGEST)),
		     "digest-style must be standard or fhoss");
	expect_error(FILE_OF(SUB("schemes=\"SIP-Digest Digest-MD5\"", DIGEST)),
		     "unknown scheme 'Digest-MD5'");
	expect_error(FILE_OF(SUB("schemes=\" \"", DIGEST)), "schemes lists no scheme");
	expect_error(FILE_OF(SUB("schemes=\"Digest-AKAv1-MD5\"", DIGEST)),
		     "allows Digest-AKAv1-MD5 but has no <aka>");
	expect_error(FILE_OF(SUB("schemes=\"SIP-Digest\"", AKA)), "allows SIP-Digest but has no");
	expect_error(FILE_OF(SUB("default-scheme=\"Digest-AKAv1-MD5\"", DIGEST)),
		     "default-scheme 'Digest-AKAv1-MD5' is not one of its schemes");
	expect_error(FILE_OF(SUB("default-scheme=\"Unknown\"", DIGEST)), "default-scheme");
	expect_error(FILE_OF(SUB("", "")), "has neither <aka> nor <digest>");
	expect_error(FILE_OF(SUB("password=\"x\"", DIGEST)), "unknown attribute 'password'");
	expect_error(FILE_OF(SUB("xml:lang=\"en\"", DIGEST)), "unknown attribute 'lang'");
	expect_error(FILE_OF(SUB("", "<digest password=\"p\" qop=\"auth\"/>")),
		     "unknown attribute 'qop'");
	expect_error(FILE_OF(SUB("", "<aka k=\"" KEY "\" op=\"" KEY "\" K=\"" KEY "\"/>")),
		     "unknown attribute 'K'");
}
END_TEST

START_TEST(bad_structure)
{
	expect_error(FILE_OF(""), "lists no subscriber");
	expect_error("<subscribers/>", "lists no subscriber");
	expect_error("<users>" SUB("", DIGEST) "</users>", "root element must be <subscribers>");
	expect_error("<subscribers version=\"1\">" SUB("", DIGEST) "</subscribers>",
		     "takes no attributes");
	expect_error(FILE_OF("text" SUB("", DIGEST)), "unexpected text inside <subscribers>");
	expect_error(FILE_OF("<user impi=\"u@h\"/>"), "unknown element <user>");
	expect_error(FILE_OF("<subscriber impi=\"u@h\">" DIGEST "</subscriber>"),
		     "subscriber u@h has no <IMSSubscription>");
	expect_error(FILE_OF(SUB("", DIGEST DIGEST)), "a second <digest>");
	expect_error(FILE_OF(SUB("", AKA AKA DIGEST)), "a second <aka>");
	expect_error(FILE_OF(SUB("", DIGEST PROFILE("u@h"))), "a second <IMSSubscription>");
	expect_error(FILE_OF(SUB("", DIGEST "<password>p</password>")), "unknown element <password>");
	expect_error(FILE_OF(SUB("", DIGEST "oops")), "unexpected text");
	expect_error(FILE_OF(SUB("", DIGEST "<![CDATA[x]]>")), "unexpected text");
	/* duplicates, with both lines */
	expect_error("<subscribers>\n" SUB("", DIGEST) "\n" SUB("", DIGEST) "\n</subscribers>",
		     "line 3: subscriber u@h is already on line 2");
	/* the profile: PrivateID must be the IMPI, and the User-Data parser decides */
	expect_error(FILE_OF("<subscriber impi=\"v@h\">" DIGEST PROFILE("u@h") "</subscriber>"),
		     "PrivateID 'u@h', not the IMPI");
	expect_error(FILE_OF("<subscriber impi=\"u@h\">" DIGEST
			     "<IMSSubscription><PrivateID>u@h</PrivateID></IMSSubscription>"
			     "</subscriber>"),
		     "IMSSubscription refused");
	expect_error(FILE_OF("<subscriber impi=\"u@h\">" DIGEST
			     "<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>"
			     "<PublicIdentity><Identity>sip:a!(!@h</Identity></PublicIdentity>"
			     "</ServiceProfile></IMSSubscription></subscriber>"),
		     "IMSSubscription refused");
	/* an error names its line */
	expect_error("<subscribers>\n\n<subscriber impi=\"u@h\">\n<digest/>" PROFILE("u@h")
		     "</subscriber></subscribers>",
		     "line 4: <digest> needs a password");
}
END_TEST

/* Every strict prefix of a valid file is refused with a message. */
START_TEST(truncations)
{
	static const char doc[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" FILE_OF(
		SUB("schemes=\"SIP-Digest Digest-AKAv1-MD5\"", DIGEST AKA));
	size_t len = strlen(doc), i;
	char err[256];
	hss_subscribers_t *s;

	s = parse_ok(doc);
	hss_subs_free(s);
	for (i = 0; i < len; i++) {
		err[0] = '\0';
		s = hss_subs_parse(doc, i, NULL, err, sizeof(err));
		ck_assert_msg(s == NULL, "a prefix of %zu bytes was accepted", i);
		ck_assert_msg(err[0] != '\0', "a prefix of %zu bytes: no message", i);
	}
	/* and a message buffer too small for any message is safe */
	ck_assert_ptr_null(hss_subs_parse(doc, len / 2, NULL, err, 4));
	ck_assert_uint_eq(strlen(err), 3);
	ck_assert_ptr_null(hss_subs_parse(doc, len / 2, NULL, NULL, 0));
}
END_TEST

START_TEST(dtd_and_entities)
{
	expect_error("<!DOCTYPE subscribers>" FILE_OF(SUB("", DIGEST)),
		     "document type declarations are not allowed");
	expect_error("<!DOCTYPE subscribers [<!ENTITY pw \"secret\">]>"
		     FILE_OF(SUB("", "<digest password=\"&pw;\"/>")),
		     "document type declarations are not allowed");
	expect_error("<!DOCTYPE subscribers SYSTEM \"file:///etc/passwd\">" FILE_OF(SUB("", DIGEST)),
		     "document type declarations are not allowed");
	expect_error("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		     "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
		     "<subscribers>&lol2;</subscribers>",
		     "document type declarations are not allowed");
	/* an entity that was never declared */
	expect_error(FILE_OF(SUB("", "<digest password=\"&pw;\"/>")), "not well-formed");
	/* and none inside the profile either */
	expect_error(FILE_OF("<subscriber impi=\"u@h\">" DIGEST
			     "<IMSSubscription><PrivateID>&x;</PrivateID></IMSSubscription>"
			     "</subscriber>"),
		     "not well-formed");
}
END_TEST

START_TEST(encoding)
{
	static const char latin1[] = "<subscribers><subscriber impi=\"u\xe9@h\">" DIGEST
				     PROFILE("u@h") "</subscriber></subscribers>";
	static const char nul[] = FILE_OF(SUB("", DIGEST));
	static const char declared[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
				       "<subscribers><subscriber impi=\"u\xe9@h\">" DIGEST
				       PROFILE("u\xe9@h") "</subscriber></subscribers>";
	hss_subscribers_t *s;
	char buf[sizeof(nul)];

	expect_error(latin1, "not well-formed");
	/* the declared encoding is ignored: UTF-8 is forced */
	expect_error(declared, "not well-formed");
	memcpy(buf, nul, sizeof(nul));
	buf[40] = '\0';
	expect_error_n(buf, sizeof(nul) - 1, NULL, "not well-formed");
	expect_error("\xff\xfe<\0s\0", "not well-formed");
	/* UTF-8 is fine */
	s = parse_ok("<subscribers><subscriber impi=\"\xc3\xa9@h\"><digest password=\"p\xc3\xa9\"/>"
		     PROFILE("\xc3\xa9@h") "</subscriber></subscribers>");
	ck_assert_str_eq(s->v[0].impi, "\xc3\xa9@h");
	hss_subs_free(s);
}
END_TEST

START_TEST(limits)
{
	static const char two[] = FILE_OF("<subscriber impi=\"a@h\">" DIGEST PROFILE("a@h")
					  "</subscriber><subscriber impi=\"b@h\">" DIGEST
					  PROFILE("b@h") "</subscriber>");
	hss_subs_limits_t lim = hss_subs_default_limits;
	char big[4096];
	hss_subscribers_t *s;

	s = hss_subs_parse(two, strlen(two), &lim, NULL, 0);
	ck_assert_ptr_nonnull(s);
	hss_subs_free(s);

	lim.max_bytes = strlen(two) - 1;
	expect_error_n(two, strlen(two), &lim, "over the");
	lim = hss_subs_default_limits;
	lim.max_subscribers = 1;
	expect_error_n(two, strlen(two), &lim, "more than 1 subscribers");
	lim = hss_subs_default_limits;
	lim.max_depth = 4;
	expect_error_n(two, strlen(two), &lim, "nested deeper than 4");
	lim = hss_subs_default_limits;
	lim.max_elements = 10;
	expect_error_n(two, strlen(two), &lim, "more than 10 elements");
	lim = hss_subs_default_limits;
	lim.max_attr = 2;
	expect_error_n(two, strlen(two), &lim, "attribute 'impi' is longer than 2 bytes");
	lim = hss_subs_default_limits;
	lim.profile.max_bytes = 100;
	expect_error_n(two, strlen(two), &lim, "IMSSubscription refused");

	/* the default attribute limit: 1024 bytes */
	memset(big, 'x', 31 + 1025);
	memcpy(big, "<subscribers><subscriber impi=\"", 31);
	snprintf(big + 31 + 1025, sizeof(big) - 31 - 1025,
		 "\">" DIGEST PROFILE("u@h") "</subscriber></subscribers>");
	expect_error(big, "longer than 1024 bytes");
}
END_TEST

START_TEST(load_errors)
{
	hss_subs_limits_t lim = hss_subs_default_limits;
	char err[512], path[] = "/tmp/check_hss_subs.XXXXXX";
	int fd;

	ck_assert_ptr_null(hss_subs_load("/nonexistent/subscribers.xml", NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "cannot open /nonexistent/subscribers.xml"));
	ck_assert_ptr_null(hss_subs_load("/", NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
	lim.max_bytes = 10;
	ck_assert_ptr_null(hss_subs_load(HSS_CONF_DIR "/subscribers.xml", &lim, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "over the 10-byte limit"));

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "<subscribers>", 13), 13);
	close(fd);
	ck_assert_ptr_null(hss_subs_load(path, NULL, err, sizeof(err)));
	ck_assert_msg(strncmp(err, path, strlen(path)) == 0 && strstr(err, "not well-formed"),
		      "%s", err);
	unlink(path);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hss_subscribers");
	TCase *t = tcase_create("parse");

	tcase_add_test(t, sample_file);
	tcase_add_test(t, defaults);
	tcase_add_test(t, sorted_and_found);
	tcase_add_test(t, scheme_names);
	tcase_add_test(t, hex_out);
	tcase_add_test(t, profile_check);
	tcase_add_test(t, missing_and_bad_attributes);
	tcase_add_test(t, bad_structure);
	tcase_add_test(t, truncations);
	tcase_add_test(t, dtd_and_entities);
	tcase_add_test(t, encoding);
	tcase_add_test(t, limits);
	tcase_add_test(t, load_errors);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
