/*
 * check_sip_check.c - sip_check_message(): hand-written normal and hostile
 * messages (each asserting the action, the status and the exact reason),
 * then every RFC 4475 torture message against the expected handling table
 * of shared/testdata/rfc4475/README.md.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scscf/sip/sip_check.h"
#include "testutil.h"

#define RFC4475_DIR SHARED_DIR "/testdata/rfc4475/"

/* A string literal and its length (it may hold NULs). */
#define S(lit) (lit), (sizeof(lit) - 1)

#define M_VIA "Via: SIP/2.0/UDP ue.example.com:5060;branch=z9hG4bK776asdhds\r\n"
#define M_FROM "From: <sip:alice@example.com>;tag=1928301774\r\n"
#define M_TO "To: <sip:alice@example.com>\r\n"
#define M_CALLID "Call-ID: a84b4c76e66710@ue.example.com\r\n"
#define M_MF "Max-Forwards: 70\r\n"
#define M_CL0 "Content-Length: 0\r\n"
/* Every mandatory field but CSeq. */
#define M_HDRS M_VIA M_MF M_FROM M_TO M_CALLID
#define M_REGISTER "REGISTER sip:example.com SIP/2.0\r\n"
#define M_INVITE "INVITE sip:bob@example.com SIP/2.0\r\n"
#define M_OK_REGISTER M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"

static const char *const supported[] = {"path", "gruu", NULL};

static const char *const action_names[] = {"PROCESS", "RESPOND", "DROP"};

static sip_action_t run(const char *buf, size_t len, bool stream, sip_verdict_t *v)
{
	sip_check_opts_t o = {
		.max_message_size = 65535, .supported = supported, .is_stream = stream};

	return sip_check_message(buf, len, &o, v);
}

/* The contract of sip_check.h, whatever the verdict. */
static void check_contract(int line, const sip_verdict_t *v)
{
	const osip_via_t *via;

	switch (v->action) {
	case SIP_ACT_PROCESS:
		ck_assert_msg(v->msg != NULL && v->status == 0, "line %d: PROCESS contract", line);
		break;
	case SIP_ACT_RESPOND:
		ck_assert_msg(v->msg != NULL && MSG_IS_REQUEST(v->msg),
			      "line %d: RESPOND needs msg", line);
		via = osip_list_get(&v->msg->vias, 0);
		ck_assert_msg(via != NULL && via->host != NULL, "line %d: RESPOND needs a Via",
			      line);
		break;
	case SIP_ACT_DROP:
		ck_assert_msg(v->msg == NULL && v->reason[0] != '\0', "line %d: DROP contract",
			      line);
		break;
	}
}

/* Check the verdict on buf; the caller clears v. */
static void verdict_at(int line, bool stream, const char *buf, size_t len, sip_action_t act,
		       int status, const char *reason, sip_verdict_t *v)
{
	run(buf, len, stream, v);
	ck_assert_msg(v->action == act && v->status == status && strcmp(v->reason, reason) == 0,
		      "line %d: got %s %d \"%s\", want %s %d \"%s\"", line, action_names[v->action],
		      v->status, v->reason, action_names[act], status, reason);
	check_contract(line, v);
}

static void expect_at(int line, bool stream, const char *buf, size_t len, sip_action_t act,
		      int status, const char *reason)
{
	sip_verdict_t v;

	verdict_at(line, stream, buf, len, act, status, reason, &v);
	sip_verdict_clear(&v);
}

/* (stream, buf, len, action, status, reason[, &v]); buf, len may be S(). */
#define verdict(...) verdict_at(__LINE__, __VA_ARGS__)
#define expect(...) expect_at(__LINE__, __VA_ARGS__)
#define expect_udp(...) expect_at(__LINE__, false, __VA_ARGS__)

/* ---- well-formed messages ------------------------------------------- */

START_TEST(register_processed)
{
	sip_verdict_t v;

	verdict(false, S(M_OK_REGISTER), SIP_ACT_PROCESS, 0, "", &v);
	ck_assert_str_eq(v.msg->sip_method, "REGISTER");
	ck_assert_str_eq(v.msg->cseq->number, "1");
	ck_assert_str_eq(v.msg->call_id->number, "a84b4c76e66710");
	ck_assert_int_eq(osip_list_size(&v.msg->bodies), 0);
	ck_assert(!v.close_stream);
	sip_verdict_clear(&v);
	sip_verdict_clear(&v); /* twice is harmless */
	ck_assert_ptr_null(v.msg);
	/* the same over a stream */
	expect(true, S(M_OK_REGISTER), SIP_ACT_PROCESS, 0, "");
}
END_TEST

START_TEST(response_processed)
{
	sip_verdict_t v;

	verdict(false,
		S("SIP/2.0 200 OK\r\n" M_VIA M_FROM M_TO M_CALLID "CSeq: 1 REGISTER\r\n" M_CL0
		  "\r\n"),
		SIP_ACT_PROCESS, 0, "", &v);
	ck_assert_int_eq(v.msg->status_code, 200);
	sip_verdict_clear(&v);
}
END_TEST

START_TEST(no_options)
{
	sip_verdict_t v;

	sip_check_message(S(M_OK_REGISTER), NULL, &v);
	ck_assert_int_eq(v.action, SIP_ACT_PROCESS);
	sip_verdict_clear(&v);
	/* no supported list: every Require tag is unknown */
	sip_check_message(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nRequire: path\r\n" M_CL0 "\r\n"),
			  NULL, &v);
	ck_assert_int_eq(v.status, 420);
	ck_assert_str_eq(v.unsupported, "path");
	sip_verdict_clear(&v);
}
END_TEST

START_TEST(folded_header_unfolded)
{
	sip_verdict_t v;
	osip_header_t *h = NULL;

	verdict(false,
		S(M_REGISTER
		  "Via: SIP/2.0/UDP\r\n  ue.example.com:5060\r\n\t;branch=z9hG4bK776asdhds\r\n" M_MF
			  M_FROM "To:\r\n <sip:alice@example.com>\r\n" M_CALLID
		  "CSeq: 1\r\n REGISTER\r\nSubject: one\r\n   two  \r\n\tthree\r\n" M_CL0 "\r\n"),
		SIP_ACT_PROCESS, 0, "", &v);
	ck_assert_str_eq(((osip_via_t *)osip_list_get(&v.msg->vias, 0))->host, "ue.example.com");
	ck_assert_str_eq(v.msg->to->url->host, "example.com");
	ck_assert_str_eq(v.msg->cseq->method, "REGISTER");
	ck_assert_int_ge(osip_message_header_get_byname(v.msg, "subject", 0, &h), 0);
	ck_assert_str_eq(h->hvalue, "one two three");
	sip_verdict_clear(&v);
}
END_TEST

START_TEST(lenient_framing_accepted)
{
	/* CRLFs before the start line (RFC 3261 7.5) */
	expect_udp(S("\r\n\r\n" M_OK_REGISTER), SIP_ACT_PROCESS, 0, "");
	/* bare LF line ends */
	expect_udp(S("REGISTER sip:example.com SIP/2.0\n"
		     "Via: SIP/2.0/UDP ue.example.com;branch=z9hG4bKx1\nMax-Forwards: 70\n"
		     "From: <sip:a@example.com>;tag=1\nTo: <sip:a@example.com>\nCall-ID: x@y\n"
		     "CSeq: 1 REGISTER\nContent-Length: 0\n\n"),
		   SIP_ACT_PROCESS, 0, "");
	/* no empty line after the last field (RFC 4475 baddn ends so) */
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nl: 0"), SIP_ACT_PROCESS, 0, "");
	/* "SIP" is case-insensitive in SIP-Version */
	expect_udp(S("REGISTER sip:example.com sip/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	/* tel: and sips: Request-URIs, any case */
	expect_udp(S("INVITE tel:+1-201-555-0123 SIP/2.0\r\n" M_HDRS "CSeq: 1 INVITE\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	expect_udp(S("OPTIONS SIPS:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 OPTIONS\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	/* compact forms */
	expect_udp(S(M_REGISTER
		     "v: SIP/2.0/UDP h.example.com;branch=z9hG4bKc1\r\n"
		     "f: <sip:a@example.com>;tag=1\r\nt: <sip:a@example.com>\r\ni: c1@h\r\n"
		     "CSeq: 1 REGISTER\r\nl: 0\r\n\r\n"),
		   SIP_ACT_PROCESS, 0, "");
}
END_TEST

START_TEST(unknown_method_processed)
{
	/* 405/501 are the dispatcher's answer, not this module's */
	expect_udp(S("FROBNICATE sip:bob@example.com SIP/2.0\r\n" M_HDRS
		     "CSeq: 7 FROBNICATE\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
}
END_TEST

/* ---- mandatory fields ----------------------------------------------- */

START_TEST(missing_call_id)
{
	sip_verdict_t v;

	verdict(false, S(M_REGISTER M_VIA M_MF M_FROM M_TO "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		SIP_ACT_RESPOND, 400, "Missing Call-ID", &v);
	/* the parsed message is there to build the response from */
	ck_assert_ptr_nonnull(v.msg->from);
	ck_assert_ptr_nonnull(v.msg->cseq);
	ck_assert_ptr_null(v.msg->call_id);
	sip_verdict_clear(&v);
}
END_TEST

START_TEST(missing_fields)
{
	expect_udp(S(M_REGISTER M_VIA M_MF M_TO M_CALLID "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Missing From");
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM M_CALLID "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Missing To");
	expect_udp(S(M_REGISTER M_HDRS M_CL0 "\r\n"), SIP_ACT_RESPOND, 400, "Missing CSeq");
	/* present but empty */
	expect_udp(S(M_REGISTER M_VIA M_MF "From:\r\n" M_TO M_CALLID "CSeq: 1 REGISTER\r\n" M_CL0
					   "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid From");
	/* without a Via there is nowhere to send a response */
	expect_udp(S(M_REGISTER M_MF M_FROM M_TO M_CALLID "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_DROP, 0, "Missing Via (no usable Via to answer)");
	expect_udp(S(M_REGISTER "Via: garbage\r\n" M_MF M_FROM M_TO M_CALLID
				"CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_DROP, 0, "Invalid Via (no usable Via to answer)");
}
END_TEST

START_TEST(duplicate_single_fields)
{
	expect_udp(S(M_REGISTER M_HDRS "To: <sip:bob@example.com>\r\nCSeq: 1 REGISTER\r\n" M_CL0
				       "\r\n"),
		   SIP_ACT_RESPOND, 400, "Duplicate To");
	expect_udp(S(M_REGISTER M_HDRS "i: other@h\r\nCSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Duplicate Call-ID");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nCSeq: 2 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Duplicate CSeq");
	expect_udp(S(M_REGISTER M_HDRS M_MF "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"), SIP_ACT_RESPOND,
		   400, "Duplicate Max-Forwards");
}
END_TEST

START_TEST(cseq_checked)
{
	expect_udp(S(M_REGISTER M_HDRS "CSeq: abc REGISTER\r\n" M_CL0 "\r\n"), SIP_ACT_RESPOND, 400,
		   "Invalid CSeq");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1\r\n" M_CL0 "\r\n"), SIP_ACT_RESPOND, 400,
		   "Invalid CSeq");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1REGISTER\r\n" M_CL0 "\r\n"), SIP_ACT_RESPOND, 400,
		   "Invalid CSeq");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER x\r\n" M_CL0 "\r\n"), SIP_ACT_RESPOND, 400,
		   "Invalid CSeq");
	/* 2**32 - 1 is the largest */
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 4294967295 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 4294967296 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid CSeq");
	expect_udp(
		S(M_REGISTER M_HDRS "CSeq: 99999999999999999999999999 REGISTER\r\n" M_CL0 "\r\n"),
		SIP_ACT_RESPOND, 400, "Invalid CSeq");
	/* method names are case-sensitive */
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 register\r\n" M_CL0 "\r\n"), SIP_ACT_RESPOND, 400,
		   "CSeq method mismatch");
}
END_TEST

START_TEST(call_id_and_addresses_checked)
{
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM M_TO
		     "Call-ID: two words\r\nCSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Call-ID");
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM M_TO
		     "Call-ID: a@b@c\r\nCSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Call-ID");
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM M_TO "Call-ID: @b\r\nCSeq: 1 REGISTER\r\n" M_CL0
						       "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Call-ID");
	/* an addr-spec with '?' or ',' needs <> (RFC 3261 20.10) */
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM "To: sip:a@example.com?x=y\r\n" M_CALLID
						  "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid To");
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM
		     "To: <sip:a@example.com>, <sip:b@example.com>\r\n" M_CALLID
		     "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid To");
	/* but not inside <> or a quoted display name */
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM
		     "To: \"a, b?\" <sip:a@example.com>\r\n" M_CALLID
		     "CSeq: 1 REGISTER\r\nContact: <sip:a@h?Route=x>, <sip:b@h>\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
}
END_TEST

START_TEST(max_forwards)
{
	sip_verdict_t v;

	/* absent: 70 (RFC 2543 clients send none) */
	expect_udp(S(M_INVITE M_VIA M_FROM M_TO M_CALLID "CSeq: 1 INVITE\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	expect_udp(S(M_INVITE M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: many\r\nCSeq: 1 INVITE\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Max-Forwards");
	/* above 255: treated as absent (RFC 4475 3.1.2.4), not as 0 */
	expect_udp(S(M_INVITE M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 256\r\nCSeq: 1 INVITE\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	/* 0 on a request this S-CSCF would forward: 483 */
	verdict(false,
		S(M_INVITE M_VIA M_FROM M_TO M_CALLID "Max-Forwards: 0\r\nCSeq: 1 INVITE\r\n" M_CL0
						      "\r\n"),
		SIP_ACT_RESPOND, 483, "Too Many Hops", &v);
	ck_assert_str_eq(v.msg->call_id->number, "a84b4c76e66710");
	sip_verdict_clear(&v);
	expect_udp(S("MESSAGE sip:bob@example.com SIP/2.0\r\n" M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 00\r\nCSeq: 1 MESSAGE\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 483, "Too Many Hops");
	expect_udp(S("NOTIFY sip:bob@example.com SIP/2.0\r\n" M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 0\r\nCSeq: 1 NOTIFY\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 483, "Too Many Hops");
	expect_udp(S("FROBNICATE sip:bob@example.com SIP/2.0\r\n" M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 0\r\nCSeq: 1 FROBNICATE\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 483, "Too Many Hops");
	/* ... but processed normally where this S-CSCF is the UAS (RFC 4475
	 * zeromf): REGISTER, SUBSCRIBE, OPTIONS, ACK, CANCEL */
	expect_udp(S(M_REGISTER M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 0\r\nCSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	expect_udp(S("SUBSCRIBE sip:alice@example.com SIP/2.0\r\n" M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 0\r\nCSeq: 1 SUBSCRIBE\r\nEvent: reg\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	expect_udp(S("ACK sip:bob@example.com SIP/2.0\r\n" M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 0\r\nCSeq: 1 ACK\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	expect_udp(S("CANCEL sip:bob@example.com SIP/2.0\r\n" M_VIA M_FROM M_TO M_CALLID
		     "Max-Forwards: 0\r\nCSeq: 1 CANCEL\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
}
END_TEST

START_TEST(require_and_proxy_require)
{
	sip_verdict_t v;

	verdict(false,
		S(M_REGISTER M_HDRS
		  "CSeq: 1 REGISTER\r\nRequire: path, foo\r\nRequire: GRUU ,bar\r\n" M_CL0 "\r\n"),
		SIP_ACT_RESPOND, 420, "Bad Extension", &v);
	ck_assert_str_eq(v.unsupported, "foo, bar");
	sip_verdict_clear(&v);
	/* supported tags compare case-insensitively */
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nRequire: Path\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nRequire: a b\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Require");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nRequire: a,,b\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Require");
	/* a UAS ignores Proxy-Require ... */
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nProxy-Require: foo\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	/* ... a proxy checks it, and leaves Require to the UAS */
	verdict(false,
		S(M_INVITE M_HDRS "CSeq: 1 INVITE\r\nProxy-Require: foo\r\nRequire: bar\r\n" M_CL0
				  "\r\n"),
		SIP_ACT_RESPOND, 420, "Bad Extension", &v);
	ck_assert_str_eq(v.unsupported, "foo");
	sip_verdict_clear(&v);
	expect_udp(S(M_INVITE M_HDRS "CSeq: 1 INVITE\r\nRequire: bar\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
	/* never on CANCEL or ACK */
	expect_udp(S("CANCEL sip:bob@example.com SIP/2.0\r\n" M_HDRS
		     "CSeq: 1 CANCEL\r\nRequire: foo\r\n" M_CL0 "\r\n"),
		   SIP_ACT_PROCESS, 0, "");
}
END_TEST

START_TEST(unsupported_list_bounded)
{
	char buf[4096];
	size_t n = 0, i;
	sip_verdict_t v;

	n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			      M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nRequire: ");
	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%stag-number-%02zu", i ? "," : "",
				      i);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\r\n" M_CL0 "\r\n");
	verdict(false, buf, n, SIP_ACT_RESPOND, 420, "Bad Extension", &v);
	/* whole tags only, as many as fit */
	ck_assert_uint_lt(strlen(v.unsupported), sizeof(v.unsupported));
	ck_assert_ptr_eq(strstr(v.unsupported, "tag-number-00, tag-number-01"), v.unsupported);
	ck_assert(strlen(v.unsupported) > 200);
	ck_assert_int_eq(v.unsupported[strlen(v.unsupported) - 3], '-');
	sip_verdict_clear(&v);
}
END_TEST

/* ---- start line ------------------------------------------------------ */

START_TEST(start_line_checked)
{
	expect_udp(S("REGISTER sip:example.com SIP/3.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_RESPOND, 505, "Version Not Supported");
	expect_udp(S("REGISTER  sip:example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed Request-Line");
	expect_udp(S("REGISTER sip:example.com SIP/2.0 \r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed Request-Line");
	expect_udp(S("REGISTER sip:example.com\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed Request-Line");
	expect_udp(S("REG{STER sip:example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 REG{STER\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed Request-Line");
	expect_udp(S("REGISTER sip:exa\"mple.com SIP/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Request-URI");
	expect_udp(S("REGISTER example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Request-URI");
	expect_udp(S("REGISTER sip: SIP/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Request-URI");
	expect_udp(S("OPTIONS mailto:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 OPTIONS\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_RESPOND, 416, "Unsupported URI Scheme");
	/* the request line alone, nothing after it */
	expect_udp(S("REGISTER sip:example.com SIP/2.0"), SIP_ACT_DROP, 0,
		   "Malformed Request-Line (no usable Via to answer)");
}
END_TEST

START_TEST(responses_never_answered)
{
	static const char *const bad_lines[] = {"SIP/2.0", "SIP/2 200 OK", "SIP/2.0 2x0 OK",
						"SIP/2.0 200 O\x01K", "SIP/2.0  200 OK"};
	char buf[512];
	size_t i, n;

	for (i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		n = (size_t)snprintf(buf, sizeof(buf),
				     "%s\r\n" M_VIA M_FROM M_TO M_CALLID "CSeq: 1 INVITE\r\n" M_CL0
				     "\r\n",
				     bad_lines[i]);
		expect_udp(buf, n, SIP_ACT_DROP, 0, "Malformed Status-Line (response)");
	}
	expect_udp(S("SIP/2.0 099 Early\r\n" M_VIA M_FROM M_TO M_CALLID "CSeq: 1 INVITE\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_DROP, 0, "Malformed Status-Line (response)");
	expect_udp(S("SIP/2.0 700 Late\r\n" M_VIA M_FROM M_TO M_CALLID "CSeq: 1 INVITE\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_DROP, 0, "Malformed Status-Line (response)");
	expect_udp(S("SIP/2.0 2000 OK\r\n" M_VIA M_FROM M_TO M_CALLID "CSeq: 1 INVITE\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_DROP, 0, "Malformed Status-Line (response)");
	expect_udp(
		S("SIP/2.0 200\r\n" M_VIA M_FROM M_TO M_CALLID "CSeq: 1 INVITE\r\n" M_CL0 "\r\n"),
		SIP_ACT_DROP, 0, "Malformed Status-Line (response)");
	expect_udp(S("SIP/2.1 200 OK\r\n" M_VIA M_FROM M_TO M_CALLID "CSeq: 1 INVITE\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_DROP, 0, "Version Not Supported (response)");
	expect_udp(S("SIP/2.0 200 OK\r\n" M_VIA M_FROM M_TO "CSeq: 1 INVITE\r\n" M_CL0 "\r\n"),
		   SIP_ACT_DROP, 0, "Missing Call-ID (response)");
	expect_udp(S("SIP/2.0 200 OK\r\n" M_VIA M_FROM M_TO M_CALLID
		     "CSeq: 1 INVITE\r\nl: -1\r\n\r\n"),
		   SIP_ACT_DROP, 0, "Invalid Content-Length (response)");
	/* a stream whose framing is lost is closed, answered or not */
	{
		sip_verdict_t v;

		verdict(true,
			S("SIP/2.0 200 OK\r\n" M_VIA M_FROM M_TO M_CALLID
			  "CSeq: 1 INVITE\r\nl: 1, 2\r\n\r\n"),
			SIP_ACT_DROP, 0, "Invalid Content-Length (response)", &v);
		ck_assert(v.close_stream);
		sip_verdict_clear(&v);
	}
}
END_TEST

START_TEST(ack_never_answered)
{
	expect_udp(S("ACK sip:bob@example.com SIP/2.0\r\n" M_VIA M_MF M_FROM M_TO
		     "CSeq: 1 ACK\r\n" M_CL0 "\r\n"),
		   SIP_ACT_DROP, 0, "Missing Call-ID (ACK is never answered)");
	expect_udp(S("ACK sip:bob@example.com SIP/7.0\r\n" M_HDRS "CSeq: 1 ACK\r\n" M_CL0 "\r\n"),
		   SIP_ACT_DROP, 0, "Version Not Supported (ACK is never answered)");
}
END_TEST

/* ---- header section -------------------------------------------------- */

START_TEST(nul_and_controls)
{
	sip_verdict_t v;

	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nSubject: a\0b\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "NUL in header");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nSub\0ject: ab\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "NUL in header");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nSubject: a\x07z\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Control character in header");
	/* a NUL before the Via still leaves the Via usable */
	expect_udp(S(M_REGISTER "X: \0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "NUL in header");
	/* a NUL in the only Via leaves nothing to answer */
	expect_udp(S(M_REGISTER "Via: SIP/2.0/UDP h\0st\r\n" M_MF M_FROM M_TO M_CALLID
				"CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_DROP, 0, "NUL in header (no usable Via to answer)");
	/* a NUL in the start line */
	expect_udp(S("REGISTER sip:exa\0mple.com SIP/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0
		     "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Request-URI");
	/* quoted-pair may escape any control, NUL too (RFC 3261 25.1);
	 * libosip2 keeps C strings, so it sees '?' */
	verdict(false,
		S(M_REGISTER M_VIA M_MF M_FROM
		  "To: \"a\\\0b\\\x7f\" <sip:alice@example.com>\r\n" M_CALLID
		  "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		SIP_ACT_PROCESS, 0, "", &v);
	ck_assert_str_eq(v.msg->to->displayname, "\"a\\?b\\\x7f\"");
	sip_verdict_clear(&v);
	/* ... but not outside quotes */
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM "To: a\\\0 <sip:alice@example.com>\r\n" M_CALLID
						  "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "NUL in header");
}
END_TEST

START_TEST(malformed_fields)
{
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nNo colon here\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed header field");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\n: novalue\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed header field");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nSub ject: x\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed header field");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nSubject: a\rb\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed header field");
	/* a quoted-pair cannot escape a line end */
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM
		     "To: \"a\\\r\n b\" <sip:a@example.com>\r\n" M_CALLID
		     "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed header field");
	/* a continuation line with nothing to continue */
	expect_udp(S(M_REGISTER " folded: x\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Malformed header field");
	/* libosip2 refuses the field: the reason names it */
	expect_udp(S(M_REGISTER M_VIA M_MF M_FROM
		     "To: \"unterminated <sip:a@example.com>\r\n" M_CALLID
		     "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid To");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContent-Type: /\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Content-Type");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nVia: SIP/2.0/UDP\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Via");
	/* the branch of the top Via */
	expect_udp(S(M_REGISTER
		     "Via: SIP/2.0/UDP h.example.com;branch\r\n" M_MF M_FROM M_TO M_CALLID
		     "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Via branch");
}
END_TEST

/* ---- Content-Length and body ----------------------------------------- */

START_TEST(content_length_framing)
{
	sip_verdict_t v;

	/* bytes past Content-Length are ignored, on UDP and on a stream */
	verdict(false,
		S("MESSAGE sip:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 MESSAGE\r\n"
		  "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello, and more"),
		SIP_ACT_PROCESS, 0, "", &v);
	{
		osip_body_t *b = osip_list_get(&v.msg->bodies, 0);

		ck_assert_ptr_nonnull(b);
		ck_assert_uint_eq(b->length, 5);
		ck_assert_int_eq(memcmp(b->body, "hello", 5), 0);
	}
	sip_verdict_clear(&v);
	expect(true,
	       S("MESSAGE sip:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 MESSAGE\r\n"
		 "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello, and more"),
	       SIP_ACT_PROCESS, 0, "");
	/* no Content-Length on UDP: the rest of the datagram, NULs included */
	verdict(false,
		S("MESSAGE sip:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 MESSAGE\r\n"
		  "Content-Type: application/octet-stream\r\n\r\nab\0cd"),
		SIP_ACT_PROCESS, 0, "", &v);
	{
		osip_body_t *b = osip_list_get(&v.msg->bodies, 0);

		ck_assert_uint_eq(b->length, 5);
		ck_assert_int_eq(memcmp(b->body, "ab\0cd", 5), 0);
	}
	sip_verdict_clear(&v);
	/* ... mandatory on a stream */
	verdict(true, S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\n\r\n"), SIP_ACT_RESPOND, 400,
		"Missing Content-Length", &v);
	ck_assert(v.close_stream);
	sip_verdict_clear(&v);
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\n\r\n"), SIP_ACT_PROCESS, 0, "");
	/* longer than what arrived */
	verdict(false,
		S(M_REGISTER M_HDRS
		  "CSeq: 1 REGISTER\r\nContent-Type: text/plain\r\nl: 10\r\n\r\nshort"),
		SIP_ACT_RESPOND, 400, "Content-Length exceeds body", &v);
	ck_assert(!v.close_stream);
	sip_verdict_clear(&v);
	verdict(true,
		S(M_REGISTER M_HDRS
		  "CSeq: 1 REGISTER\r\nContent-Type: text/plain\r\nl: 10\r\n\r\nshort"),
		SIP_ACT_RESPOND, 400, "Content-Length exceeds body", &v);
	ck_assert(v.close_stream);
	sip_verdict_clear(&v);
	/* malformed values */
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContent-Length: -1\r\n\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Content-Length");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContent-Length: 0x10\r\n\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Content-Length");
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContent-Length:\r\n\r\n"),
		   SIP_ACT_RESPOND, 400, "Invalid Content-Length");
	expect_udp(S(M_REGISTER M_HDRS
		     "CSeq: 1 REGISTER\r\nContent-Length: 99999999999999999999999\r\n"
		     "\r\n"),
		   SIP_ACT_RESPOND, 400, "Content-Length exceeds body");
	verdict(true,
		S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContent-Length: 0\r\nl: 3\r\n\r\nabc"),
		SIP_ACT_RESPOND, 400, "Conflicting Content-Length", &v);
	ck_assert(v.close_stream);
	sip_verdict_clear(&v);
	/* the same value twice frames well: 400, and the stream stays open */
	verdict(true, S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContent-Length: 0\r\nl: 0\r\n\r\n"),
		SIP_ACT_RESPOND, 400, "Duplicate Content-Length", &v);
	ck_assert(!v.close_stream);
	sip_verdict_clear(&v);
	/* a body needs a Content-Type (RFC 3261 20.15) */
	expect_udp(S(M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContent-Length: 3\r\n\r\nabc"),
		   SIP_ACT_RESPOND, 400, "Missing Content-Type");
	/* a multipart body libosip2 cannot split */
	expect_udp(S("MESSAGE sip:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 MESSAGE\r\n"
		     "Content-Type: multipart/mixed;boundary=zz\r\nContent-Length: 5\r\n\r\nhello"),
		   SIP_ACT_RESPOND, 400, "Malformed message body");
}
END_TEST

START_TEST(multipart_bodies)
{
	sip_verdict_t v;

	verdict(false,
		S("MESSAGE sip:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 MESSAGE\r\n"
		  "Content-Type: multipart/mixed;boundary=zz\r\nContent-Length: 88\r\n\r\n"
		  "--zz\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
		  "--zz\r\nContent-Type: text/plain\r\n\r\nworld\r\n--zz--"),
		SIP_ACT_PROCESS, 0, "", &v);
	ck_assert_int_eq(osip_list_size(&v.msg->bodies), 2);
	sip_verdict_clear(&v);
	/* two Content-Types in one part: libosip2 would leak the first */
	expect_udp(S("MESSAGE sip:bob@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 MESSAGE\r\n"
		     "Content-Type: multipart/mixed;boundary=zz\r\nContent-Length: 72\r\n\r\n"
		     "--zz\r\nContent-Type: text/plain\r\nContent-Type: text/html\r\n\r\nhello\r\n"
		     "--zz--"),
		   SIP_ACT_RESPOND, 400, "Malformed message body");
}
END_TEST

START_TEST(message_size)
{
	sip_check_opts_t o = {.max_message_size = 64, .is_stream = false};
	sip_verdict_t v;

	sip_check_message(S(M_OK_REGISTER), &o, &v);
	ck_assert_int_eq(v.action, SIP_ACT_RESPOND);
	ck_assert_int_eq(v.status, 513);
	ck_assert_str_eq(v.reason, "Message Too Large");
	ck_assert(!v.close_stream);
	ck_assert_ptr_nonnull(osip_list_get(&v.msg->vias, 0));
	ck_assert_ptr_nonnull(v.msg->call_id);
	sip_verdict_clear(&v);
	o.is_stream = true;
	sip_check_message(S(M_OK_REGISTER), &o, &v);
	ck_assert_int_eq(v.status, 513);
	ck_assert(v.close_stream);
	sip_verdict_clear(&v);
	/* exactly at the limit is fine */
	o.max_message_size = sizeof(M_OK_REGISTER) - 1;
	sip_check_message(S(M_OK_REGISTER), &o, &v);
	ck_assert_int_eq(v.action, SIP_ACT_PROCESS);
	sip_verdict_clear(&v);
	/* too large and no Via, or a response: dropped */
	o.max_message_size = 16;
	sip_check_message(
		S(M_REGISTER M_MF M_FROM M_TO M_CALLID "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n"), &o,
		&v);
	ck_assert_int_eq(v.action, SIP_ACT_DROP);
	ck_assert_str_eq(v.reason, "Message Too Large (no usable Via to answer)");
	sip_verdict_clear(&v);
	sip_check_message(S("SIP/2.0 200 OK\r\n" M_VIA M_FROM M_TO M_CALLID
			    "CSeq: 1 INVITE\r\n" M_CL0 "\r\n"),
			  &o, &v);
	ck_assert_int_eq(v.action, SIP_ACT_DROP);
	ck_assert_str_eq(v.reason, "Message Too Large (response)");
	sip_verdict_clear(&v);
}
END_TEST

/* ---- hostile input --------------------------------------------------- */

START_TEST(garbage_dropped)
{
	static const unsigned char noise[] = {0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1,
					      0x03, 0x03, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0x00};
	sip_verdict_t v;

	expect_udp("", 0, SIP_ACT_DROP, 0, "Empty message");
	expect_udp(S("\r\n\r\n"), SIP_ACT_DROP, 0, "Empty message");
	expect_udp(S("hello world"), SIP_ACT_DROP, 0,
		   "Malformed Request-Line (no usable Via to answer)");
	expect_udp(S("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"), SIP_ACT_DROP, 0,
		   "Malformed Request-Line (no usable Via to answer)");
	expect_udp((const char *)noise, sizeof(noise), SIP_ACT_DROP, 0,
		   "Malformed Request-Line (no usable Via to answer)");
	sip_check_message(NULL, 5, NULL, &v);
	ck_assert_int_eq(v.action, SIP_ACT_DROP);
	ck_assert_str_eq(v.reason, "Empty message");
}
END_TEST

/* Every prefix of a message with a body, and every single-byte change of
 * it to a NUL, CR, LF, SP, ',' or '"': no crash, no leak, a verdict that
 * keeps the contract. */
START_TEST(mutations_survive)
{
	static const char msg[] =
		M_INVITE M_HDRS "CSeq: 1 INVITE\r\nContact: <sip:a@h>;expires=3\r\n"
				"Require: path\r\nContent-Type: application/sdp\r\n"
				"Content-Length: 12\r\n\r\nv=0\r\ns=-\r\nxx";
	static const char subst[] = {'\0', '\r', '\n', ' ', ',', '"'};
	char copy[sizeof(msg)];
	size_t i, j;
	sip_verdict_t v;

	for (i = 0; i <= sizeof(msg) - 1; i++) {
		char *prefix = malloc(i + 1);

		memcpy(prefix, msg, i);
		run(prefix, i, false, &v);
		check_contract(__LINE__, &v);
		sip_verdict_clear(&v);
		run(prefix, i, true, &v);
		check_contract(__LINE__, &v);
		sip_verdict_clear(&v);
		free(prefix);
	}
	for (i = 0; i < sizeof(msg) - 1; i++) {
		for (j = 0; j < sizeof(subst); j++) {
			memcpy(copy, msg, sizeof(msg));
			copy[i] = subst[j];
			run(copy, sizeof(msg) - 1, false, &v);
			check_contract(__LINE__, &v);
			sip_verdict_clear(&v);
		}
	}
}
END_TEST

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 1000 Via fields (and 1000 values in one field): well-formed and under the
 * size limit, so processed, quickly; over the limit, 513. */
START_TEST(thousand_vias)
{
	size_t cap = 200000, n = 0, i;
	char *buf = malloc(cap);
	sip_check_opts_t o = {.max_message_size = 150000};
	struct timespec t0;
	sip_verdict_t v;

	n += (size_t)snprintf(buf + n, cap - n, "OPTIONS sip:bob@example.com SIP/2.0\r\n");
	for (i = 0; i < 1000; i++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "Via: SIP/2.0/UDP proxy%zu.example.com;branch=z9hG4bK%zu\r\n",
				      i, i);
	n += (size_t)snprintf(buf + n, cap - n,
			      M_MF M_FROM M_TO M_CALLID "CSeq: 1 OPTIONS\r\n" M_CL0 "\r\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sip_check_message(buf, n, &o, &v);
	ck_assert_double_lt(seconds_since(&t0), 5.0);
	ck_assert_int_eq(v.action, SIP_ACT_PROCESS);
	ck_assert_int_eq(osip_list_size(&v.msg->vias), 1000);
	sip_verdict_clear(&v);
	o.max_message_size = 32768;
	sip_check_message(buf, n, &o, &v);
	ck_assert_int_eq(v.status, 513);
	sip_verdict_clear(&v);

	n = 0;
	n += (size_t)snprintf(buf + n, cap - n, "OPTIONS sip:bob@example.com SIP/2.0\r\nVia: ");
	for (i = 0; i < 1000; i++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "%sSIP/2.0/TCP p%zu.example.com;branch=z9hG4bK%zu",
				      i ? ", " : "", i, i);
	n += (size_t)snprintf(buf + n, cap - n,
			      "\r\n" M_MF M_FROM M_TO M_CALLID "CSeq: 1 OPTIONS\r\n" M_CL0 "\r\n");
	o.max_message_size = 150000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sip_check_message(buf, n, &o, &v);
	ck_assert_double_lt(seconds_since(&t0), 5.0);
	ck_assert_int_eq(v.action, SIP_ACT_PROCESS);
	ck_assert_int_eq(osip_list_size(&v.msg->vias), 1000);
	sip_verdict_clear(&v);
	free(buf);
}
END_TEST

/* Long values and many small ones in a 64 KiB message.  libosip2 appends
 * to its lists by walking them, so tens of thousands of parameters, values
 * or fields would take it seconds: they are refused first. */
START_TEST(long_values_survive)
{
	static const struct {
		const char *shape;
		const char *reason; /* NULL: any verdict */
	} shapes[] = {
		{";p", "Too many parameters"},
		{";p=1", "Too many parameters"},
		{",", "Too many values"},
		{"<sip:a@b>,", "Too many values"},
		{",<sip:a@b>;p", "Too many values"},
		{"\"\",", "Too many values"},
		{"\"", NULL},
		{"<", NULL},
		{"%", NULL},
		{"a", NULL},
	};
	size_t cap = 65535, n, i;
	char *buf = malloc(cap + 1);
	struct timespec t0;
	sip_verdict_t v;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		size_t k = strlen(shapes[i].shape);

		n = (size_t)snprintf(buf, cap,
				     M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\nContact: <sip:x@y>");
		while (n + k + 10 < cap) {
			memcpy(buf + n, shapes[i].shape, k);
			n += k;
		}
		memcpy(buf + n, "\r\nl: 0\r\n\r\n", 10);
		n += 10;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		run(buf, n, false, &v);
		ck_assert_msg(seconds_since(&t0) < 2.0, "shape %s is slow", shapes[i].shape);
		check_contract(__LINE__, &v);
		if (shapes[i].reason != NULL)
			ck_assert_msg(v.status == 400 && strcmp(v.reason, shapes[i].reason) == 0,
				      "shape %s: %d %s", shapes[i].shape, v.status, v.reason);
		sip_verdict_clear(&v);
	}
	/* one 64 KiB Request-URI: fine; one with 300 parameters: not */
	n = (size_t)snprintf(buf, cap, "REGISTER sip:");
	while (n < cap - 400)
		buf[n++] = 'a';
	n += (size_t)snprintf(buf + n, cap - n,
			      "@example.com SIP/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0
			      "\r\n");
	run(buf, n, false, &v);
	ck_assert_int_eq(v.action, SIP_ACT_PROCESS);
	sip_verdict_clear(&v);
	n = (size_t)snprintf(buf, cap, "REGISTER sip:example.com");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(buf + n, cap - n, ";p%zu", i);
	n += (size_t)snprintf(buf + n, cap - n,
			      " SIP/2.0\r\n" M_HDRS "CSeq: 1 REGISTER\r\n" M_CL0 "\r\n");
	expect_udp(buf, n, SIP_ACT_RESPOND, 400, "Too many parameters");
	/* 3000 fields */
	n = (size_t)snprintf(buf, cap, M_REGISTER M_HDRS "CSeq: 1 REGISTER\r\n");
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "X: %zu\r\n", i % 10);
	n += (size_t)snprintf(buf + n, cap - n, M_CL0 "\r\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	verdict(true, buf, n, SIP_ACT_RESPOND, 400, "Too many header fields", &v);
	ck_assert_double_lt(seconds_since(&t0), 2.0);
	ck_assert(!v.close_stream); /* Content-Length is still seen */
	sip_verdict_clear(&v);
	free(buf);
}
END_TEST

/* ---- RFC 4475 ---------------------------------------------------------- */

struct torture {
	const char *file;
	/* over UDP */
	sip_action_t action;
	int status;
	const char *reason;
	/* over a stream, where it differs: action, status, close_stream */
	bool stream_differs;
	sip_action_t stream_action;
	int stream_status;
	bool stream_close;
};

#define UDP_AND_STREAM(a, s, r) a, s, r, false, a, s, false
#define PROCESSED UDP_AND_STREAM(SIP_ACT_PROCESS, 0, "")

/* Expectations quoted from shared/testdata/rfc4475/README.md. */
static const struct torture torture[] = {
	/* valid: "Process normally. The unknown header with value ;;,,;;,; is an
	 * opaque value" */
	{"wsinv.dat", PROCESSED},
	/* valid: "Parses. The method is unknown, so a UAS answers 501 with
	 * Allow." The dispatcher answers 501; here it parses. */
	{"intmeth.dat", PROCESSED},
	/* valid: "Accept. Decode %HH only where the grammar allows escaped" */
	{"esc01.dat", PROCESSED},
	/* valid: "Accept the REGISTER. %00 must not cut the user name short." */
	{"escnull.dat", PROCESSED},
	/* valid: "Accept. RE%47IST%45R is an unknown method, not REGISTER, so a
	 * UAS answers 501." The dispatcher's job. */
	{"esc02.dat", PROCESSED},
	/* valid: "Accept as well formed." */
	{"lwsdisp.dat", PROCESSED},
	/* valid: "Accept. ... plus 34 Via values." */
	{"longreq.dat", PROCESSED},
	/* valid: "Process the REGISTER (Content-Length 0). Ignore the INVITE-like
	 * trailing bytes and never forward them." */
	{"dblreq.dat", PROCESSED},
	/* valid: "Accept. The Request-URI user part is user;par=u@example.net." */
	{"semiuri.dat", PROCESSED},
	/* valid: "Accept. Process as usual whatever transport the later Via
	 * values name" */
	{"transports.dat", PROCESSED},
	/* valid: "Accept even without multipart/signed support. The binary part
	 * contains NUL octets, so frame by Content-Length." */
	{"mpart01.dat", PROCESSED},
	/* valid: "Response: accept. The reason phrase has reserved characters
	 * and non-ASCII UTF-8." */
	{"unreason.dat", PROCESSED},
	/* valid: "Response: accept. The status line is SIP/2.0 100 with the
	 * required SP and an empty phrase." */
	{"noreason.dat", PROCESSED},
	/* invalid: "400 Bad Request." (Via: SIP/2.0/UDP 192.0.2.15;;,;,,) The
	 * top Via is answered at its sent-by, without its parameters. */
	{"badinv01.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid Via")},
	/* invalid: "Over UDP: 400. Over a stream: wait for more data and close
	 * the connection if none arrives." The framing layer waits; what it
	 * hands over short is a lost frame: 400 and close. */
	{"clerr.dat", SIP_ACT_RESPOND, 400, "Content-Length exceeds body", true, SIP_ACT_RESPOND,
	 400, true},
	/* invalid: "Error response. UDP: discard the rest of the datagram. TCP:
	 * the framing is unrecoverable, so close the connection." */
	{"ncl.dat", SIP_ACT_RESPOND, 400, "Invalid Content-Length", true, SIP_ACT_RESPOND, 400,
	 true},
	/* invalid: "400, because the CSeq is above 2^32-1." (Max-Forwards 300 is
	 * treated as absent; Expires is the registrar's) */
	{"scalar02.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid CSeq")},
	/* invalid: "Response: discard it." */
	{"scalarlg.dat", UDP_AND_STREAM(SIP_ACT_DROP, 0, "Invalid CSeq (response)")},
	/* invalid: "400. A lenient element may carefully infer the closing
	 * quote." Strict: 400. */
	{"quotbal.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid To")},
	/* invalid: "400. A lenient element may ignore the brackets" Strict. */
	{"ltgtruri.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid Request-URI")},
	/* invalid: "400. A lenient element may ignore the LWS" Strict. */
	{"lwsruri.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Malformed Request-Line")},
	/* invalid: "May be rejected as malformed (400)." Rejected. */
	{"lwsstart.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Malformed Request-Line")},
	/* invalid: "May be rejected as malformed (400)." Rejected. */
	{"trws.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Malformed Request-Line")},
	/* invalid: "400 is acceptable. A lenient element may ignore ?Route=..."
	 * 400: RFC 3261 19.1.1 allows no headers in a Request-URI. */
	{"escruri.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid Request-URI")},
	/* invalid: "Reject only if Date matters to processing." It does not
	 * here. */
	{"baddate.dat", PROCESSED},
	/* invalid: "400. A lenient element may infer the angle brackets."
	 * 400: an addr-spec with '?' must be in <>. */
	{"regbadct.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid Contact")},
	/* invalid: "400. ... The parser must not crash." */
	{"badaspec.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid To")},
	/* invalid: "400. A lenient element may infer the quotes" (From is the
	 * first of the two bad fields) */
	{"baddn.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid From")},
	/* invalid: "505 Version Not Supported (version is SIP/7.0)." */
	{"badvers.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 505, "Version Not Supported")},
	/* invalid: "400." */
	{"mismatch01.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "CSeq method mismatch")},
	/* invalid: "501 Not Implemented is preferred; 400 is also acceptable."
	 * 400: the mismatch is checked whatever the method; 501 would mean
	 * handing a malformed request to the dispatcher. */
	{"mismatch02.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "CSeq method mismatch")},
	/* invalid: "Response with code 4294967301 (above 699): drop it." */
	{"bigcode.dat", UDP_AND_STREAM(SIP_ACT_DROP, 0, "Malformed Status-Line (response)")},
	/* transaction: "Either reply 400 (preferably statelessly) or fall back to
	 * RFC 2543 transaction matching." 400: a bare magic cookie claims RFC
	 * 3261 matching with no identifier. */
	{"badbranch.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Invalid Via branch")},
	/* application: "No Call-ID, From or To. Must not crash; ideally 400."
	 * From is checked first. */
	{"insuf.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Missing From")},
	/* application: "Well formed. 416 Unsupported URI Scheme." */
	{"unkscm.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 416, "Unsupported URI Scheme")},
	/* application: "416 if the scheme is never accepted" This S-CSCF takes
	 * only sip, sips and tel. */
	{"novelsc.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 416, "Unsupported URI Scheme")},
	/* application: "A registrar answers 400, because To must be a SIP/SIPS
	 * AOR." Syntactically valid: the registrar must answer 400. */
	{"unksm2.dat", PROCESSED},
	/* application: "420 Bad Extension, with Unsupported listing the Require
	 * tags (UAS role)" OPTIONS: this S-CSCF is the UAS. */
	{"bext01.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 420, "Bad Extension")},
	/* application: "A UAS answers 415 Unsupported Media Type." The upper
	 * layer must answer 415 (or ignore the body of a REGISTER). */
	{"invut.dat", PROCESSED},
	/* application: "A registrar that uses auth answers 401 with a challenge
	 * it understands." The registrar must ignore the unknown scheme and
	 * challenge. */
	{"regaut01.dat", PROCESSED},
	/* application: "Must not crash. 400." (From is the first duplicate) */
	{"multi01.dat", UDP_AND_STREAM(SIP_ACT_RESPOND, 400, "Duplicate From")},
	/* application: "Conflicting lengths are a framing error. Error response.
	 * UDP: discard the rest of the datagram. TCP: close the connection." */
	{"mcl01.dat", SIP_ACT_RESPOND, 400, "Conflicting Content-Length", true, SIP_ACT_RESPOND,
	 400, true},
	/* application: "Well-formed response. An endpoint discards it. A proxy
	 * should drop it" The transaction layer must drop it (matches nothing)
	 * and never forward to 255.255.255.255. */
	{"bcast.dat", PROCESSED},
	/* application: "Legal. A proxy answers 483 Too Many Hops and does not
	 * forward. A UAS processes it normally." OPTIONS: UAS role here (an
	 * INVITE with Max-Forwards 0 gets 483: see max_forwards). */
	{"zeromf.dat", PROCESSED},
	/* application: "The REGISTER succeeds. unknownparam is a Contact
	 * parameter" The registrar must keep it out of the binding's URI. */
	{"cparam01.dat", PROCESSED},
	/* application: "The REGISTER succeeds. A later fetch of the binding must
	 * show unknownparam as a URI parameter." The registrar's job. */
	{"cparam02.dat", PROCESSED},
	/* application: "The REGISTER succeeds. A later fetch must show the
	 * escaped Route header in the contact URI." The registrar's job. */
	{"regescrt.dat", PROCESSED},
	/* application: "406 Not Acceptable with Warning 399, or 400." The upper
	 * layer decides (a REGISTER has no SDP to offer). */
	{"sdp01.dat", PROCESSED},
	/* backward-compat: "An element keeping backward compatibility accepts
	 * it and processes it normally." (no Content-Length: body = rest of the
	 * datagram).  On a stream Content-Length is mandatory (RFC 3261 18.3). */
	{"inv2543.dat", SIP_ACT_PROCESS, 0, "", true, SIP_ACT_RESPOND, 400, true},
	/* unclassified: "the RFC gives no expected outcome. Content: a request
	 * line without SIP-Version, no Via or CSeq" No Via: nothing to answer. */
	{"test.dat",
	 UDP_AND_STREAM(SIP_ACT_DROP, 0, "Malformed Request-Line (no usable Via to answer)")},
};

START_TEST(rfc4475_file)
{
	const struct torture *t = &torture[_i];
	char *buf;
	size_t len;
	sip_verdict_t v;

	{
		char path[512];

		snprintf(path, sizeof(path), "%s%s", RFC4475_DIR, t->file);
		buf = tu_read_file(path, &len);
	}
	run(buf, len, false, &v);
	ck_assert_msg(v.action == t->action && v.status == t->status &&
			      strcmp(v.reason, t->reason) == 0,
		      "%s over UDP: got %s %d \"%s\"", t->file, action_names[v.action], v.status,
		      v.reason);
	check_contract(__LINE__, &v);
	ck_assert(!v.close_stream);
	sip_verdict_clear(&v);

	run(buf, len, true, &v);
	if (t->stream_differs) {
		ck_assert_msg(v.action == t->stream_action && v.status == t->stream_status &&
				      v.close_stream == t->stream_close,
			      "%s over a stream: got %s %d \"%s\" close %d", t->file,
			      action_names[v.action], v.status, v.reason, v.close_stream);
	} else {
		ck_assert_msg(v.action == t->action && v.status == t->status &&
				      strcmp(v.reason, t->reason) == 0 && !v.close_stream,
			      "%s over a stream: got %s %d \"%s\"", t->file, action_names[v.action],
			      v.status, v.reason);
	}
	check_contract(__LINE__, &v);
	sip_verdict_clear(&v);
	free(buf);
}
END_TEST

/* Every .dat file of the folder is in the table. */
START_TEST(rfc4475_table_complete)
{
	char *readme = tu_read_file(RFC4475_DIR "README.md", NULL);
	const char *p = readme;
	size_t rows = 0, i;

	while ((p = strstr(p, ".dat |")) != NULL) {
		const char *b = p;
		bool found = false;

		while (b > readme && b[-1] != '|' && b[-1] != ' ')
			b--;
		for (i = 0; i < sizeof(torture) / sizeof(torture[0]); i++)
			if (strncmp(torture[i].file, b, (size_t)(p - b) + 4) == 0 &&
			    strlen(torture[i].file) == (size_t)(p - b) + 4)
				found = true;
		ck_assert_msg(found, "README row %.*s has no expectation", (int)(p - b) + 4, b);
		rows++;
		p++;
	}
	ck_assert_uint_eq(rows, 50);
	ck_assert_uint_eq(sizeof(torture) / sizeof(torture[0]), 50);
	free(readme);
}
END_TEST

/* What the upper layers rely on in some of the valid messages. */
START_TEST(rfc4475_details)
{
	sip_verdict_t v;
	osip_body_t *b;
	char *buf;
	size_t len;

	/* dblreq: the REGISTER, not the INVITE after it */
	buf = tu_read_file(RFC4475_DIR "dblreq.dat", &len);
	run(buf, len, false, &v);
	ck_assert_str_eq(v.msg->sip_method, "REGISTER");
	ck_assert_str_eq(v.msg->call_id->number, "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
	ck_assert_int_eq(osip_list_size(&v.msg->bodies), 0);
	ck_assert_int_eq(osip_list_size(&v.msg->vias), 1);
	sip_verdict_clear(&v);
	free(buf);

	/* inv2543: the body is the rest of the datagram */
	buf = tu_read_file(RFC4475_DIR "inv2543.dat", &len);
	run(buf, len, false, &v);
	b = osip_list_get(&v.msg->bodies, 0);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(b->length, (size_t)(buf + len - (strstr(buf, "\r\n\r\n") + 4)));
	sip_verdict_clear(&v);
	free(buf);

	/* mpart01: two parts, the binary one whole */
	buf = tu_read_file(RFC4475_DIR "mpart01.dat", &len);
	run(buf, len, false, &v);
	ck_assert_int_eq(osip_list_size(&v.msg->bodies), 2);
	b = osip_list_get(&v.msg->bodies, 1);
	ck_assert_ptr_nonnull(memchr(b->body, '\0', b->length));
	sip_verdict_clear(&v);
	free(buf);

	/* esc02: two Contact values; the C%6Fntact field is another header */
	buf = tu_read_file(RFC4475_DIR "esc02.dat", &len);
	run(buf, len, false, &v);
	ck_assert_str_eq(v.msg->sip_method, "RE%47IST%45R");
	ck_assert_int_eq(osip_list_size(&v.msg->contacts), 2);
	sip_verdict_clear(&v);
	free(buf);

	/* intmeth: the escaped NUL in To's display name */
	buf = tu_read_file(RFC4475_DIR "intmeth.dat", &len);
	run(buf, len, false, &v);
	ck_assert_str_eq(v.msg->sip_method, "!interesting-Method0123456789_*+`.%indeed'~");
	ck_assert_ptr_nonnull(strstr(v.msg->to->displayname, "NUL:\\?"));
	sip_verdict_clear(&v);
	free(buf);

	/* wsinv: folded fields unfolded, three Via values */
	buf = tu_read_file(RFC4475_DIR "wsinv.dat", &len);
	run(buf, len, false, &v);
	ck_assert_int_eq(osip_list_size(&v.msg->vias), 3);
	ck_assert_str_eq(v.msg->cseq->method, "INVITE");
	ck_assert_str_eq(v.msg->cseq->number, "0009");
	sip_verdict_clear(&v);
	free(buf);

	/* bext01: both Require tags listed */
	buf = tu_read_file(RFC4475_DIR "bext01.dat", &len);
	run(buf, len, false, &v);
	ck_assert_str_eq(v.unsupported, "nothingSupportsThis, nothingSupportsThisEither");
	sip_verdict_clear(&v);
	free(buf);

	/* badinv01: answerable at the top Via's sent-by */
	buf = tu_read_file(RFC4475_DIR "badinv01.dat", &len);
	run(buf, len, false, &v);
	ck_assert_str_eq(((osip_via_t *)osip_list_get(&v.msg->vias, 0))->host, "192.0.2.15");
	ck_assert_str_eq(v.msg->call_id->number, "badinv01.0ha0isndaksdjasdf3234nas");
	sip_verdict_clear(&v);
	free(buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sip_check");
	TCase *tc = tcase_create("messages");
	TCase *tt = tcase_create("rfc4475");

	sip_check_init();
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, register_processed);
	tcase_add_test(tc, response_processed);
	tcase_add_test(tc, no_options);
	tcase_add_test(tc, folded_header_unfolded);
	tcase_add_test(tc, lenient_framing_accepted);
	tcase_add_test(tc, unknown_method_processed);
	tcase_add_test(tc, missing_call_id);
	tcase_add_test(tc, missing_fields);
	tcase_add_test(tc, duplicate_single_fields);
	tcase_add_test(tc, cseq_checked);
	tcase_add_test(tc, call_id_and_addresses_checked);
	tcase_add_test(tc, max_forwards);
	tcase_add_test(tc, require_and_proxy_require);
	tcase_add_test(tc, unsupported_list_bounded);
	tcase_add_test(tc, start_line_checked);
	tcase_add_test(tc, responses_never_answered);
	tcase_add_test(tc, ack_never_answered);
	tcase_add_test(tc, nul_and_controls);
	tcase_add_test(tc, malformed_fields);
	tcase_add_test(tc, content_length_framing);
	tcase_add_test(tc, multipart_bodies);
	tcase_add_test(tc, message_size);
	tcase_add_test(tc, garbage_dropped);
	tcase_add_test(tc, mutations_survive);
	tcase_add_test(tc, thousand_vias);
	tcase_add_test(tc, long_values_survive);
	suite_add_tcase(s, tc);
	tcase_set_timeout(tt, 60);
	tcase_add_loop_test(tt, rfc4475_file, 0, (int)(sizeof(torture) / sizeof(torture[0])));
	tcase_add_test(tt, rfc4475_table_complete);
	tcase_add_test(tt, rfc4475_details);
	suite_add_tcase(s, tt);
	return tu_run(s);
}
