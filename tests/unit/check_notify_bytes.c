/*
 * check_notify_bytes.c - the NOTIFY as nt_dialog.c writes it, byte for
 * byte: built once, the header order, case and Content-Length padding the
 * wire has always had (they were libosip2's when it printed the NOTIFY),
 * a fresh branch in the Via, and a value with a line break (or a
 * Request-URI with a blank) refused.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/notifier/nt_internal.h"
#include "testutil.h"

static struct notifier N; /* no listen address: Via and Contact say 127.0.0.1:5060 */

static nt_request_t request(const char *body)
{
	static const char *const routes[] = {"<sip:pcscf@127.0.0.1:5062;lr>"};
	nt_request_t rq;

	memset(&rq, 0, sizeof(rq));
	rq.request_uri = "sip:watcher@127.0.0.1:5070";
	rq.routes = routes;
	rq.nroutes = 1;
	rq.from = "<sip:alice@open-ims.test>;tag=f00d";
	rq.to = "\"Alice\" <sip:alice@open-ims.test>;tag=beef";
	rq.call_id = "c1@127.0.0.1";
	rq.cseq = 3;
	rq.extra = "Event: reg;id=7\r\nSubscription-State: active;expires=600\r\n";
	rq.content_type = "application/reginfo+xml";
	rq.body = body;
	rq.body_len = strlen(body);
	return rq;
}

static sip_dest_t dest(sip_tp_t tp)
{
	sip_dest_t d;

	memset(&d, 0, sizeof(d));
	d.tp = tp;
	d.addr.ss_family = AF_INET;
	return d;
}

START_TEST(bytes_as_on_the_wire)
{
	nt_request_t rq = request("<reginfo/>");
	sip_dest_t d = dest(SIP_TP_UDP);
	nt_bytes_t w;
	char want[1024];

	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &w), 0);
	ck_assert_uint_eq(strlen(w.branch), 27);
	ck_assert(strncmp(w.branch, "z9hG4bK", 7) == 0);
	snprintf(want, sizeof(want),
		 "NOTIFY sip:watcher@127.0.0.1:5070 SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=%s;rport\r\n"
		 "Route: <sip:pcscf@127.0.0.1:5062;lr>\r\n"
		 "From: <sip:alice@open-ims.test>;tag=f00d\r\n"
		 "To: \"Alice\" <sip:alice@open-ims.test>;tag=beef\r\n"
		 "Call-ID: c1@127.0.0.1\r\n"
		 "CSeq: 3 NOTIFY\r\n"
		 "Contact: <sip:scscf@127.0.0.1:5060>\r\n"
		 "Content-Type: application/reginfo+xml\r\n"
		 "Max-Forwards: 70\r\n"
		 "Event: reg;id=7\r\n"
		 "Subscription-State: active;expires=600\r\n"
		 "Content-Length:    10\r\n"
		 "\r\n"
		 "<reginfo/>",
		 w.branch);
	ck_assert_uint_eq(w.len, strlen(want));
	ck_assert(memcmp(w.buf, want, w.len) == 0);
	free(w.buf);
}
END_TEST

START_TEST(tcp_and_content_lengths)
{
	static char big[123457];
	nt_request_t rq = request("");
	sip_dest_t d = dest(SIP_TP_TCP);
	nt_bytes_t a, b, c;

	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &a), 0);
	ck_assert_ptr_nonnull(strstr(a.buf, "Via: SIP/2.0/TCP 127.0.0.1:5060;branch="));
	ck_assert_ptr_nonnull(strstr(a.buf, "Contact: <sip:scscf@127.0.0.1:5060;transport=tcp>"));
	ck_assert_ptr_nonnull(strstr(a.buf, "\r\nContent-Length: 0\r\n\r\n"));
	memset(big, 'x', sizeof(big) - 1);
	rq.body = big;
	rq.body_len = 99999;
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &b), 0);
	ck_assert_ptr_nonnull(strstr(b.buf, "\r\nContent-Length: 99999\r\n\r\n"));
	rq.body_len = 123456;
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &c), 0);
	ck_assert_ptr_nonnull(strstr(c.buf, "\r\nContent-Length:123456\r\n\r\n"));
	ck_assert_str_ne(a.branch, b.branch);
	free(a.buf);
	free(b.buf);
	free(c.buf);
}
END_TEST

START_TEST(line_breaks_refused)
{
	nt_request_t rq = request("<reginfo/>");
	sip_dest_t d = dest(SIP_TP_UDP);
	nt_bytes_t w;

	rq.to = "<sip:alice@open-ims.test>\r\nX-Injected: 1";
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &w), -1);
	ck_assert_ptr_null(w.buf);
	rq = request("<reginfo/>");
	rq.request_uri = "sip:a@b\n";
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &w), -1);
}
END_TEST

/* The remote target is a Contact URI as the watcher wrote it: one with a
 * blank or a control character (a line fold inside <...>) cannot stand in
 * the request line (fuzz_subscribe found one sent). */
START_TEST(request_uri_with_a_blank_refused)
{
	nt_request_t rq = request("<reginfo/>");
	sip_dest_t d = dest(SIP_TP_UDP);
	nt_bytes_t w;

	rq.request_uri = "sip:w@127.0. \t5080";
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &w), -1);
	ck_assert_ptr_null(w.buf);
	rq.request_uri = "sip:w@127.0.0.1:5080;x=\x7f";
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &w), -1);
	rq.request_uri = "";
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &w), -1);
	rq.request_uri = "sip:w@127.0.0.1:5080";
	ck_assert_int_eq(nt_build_notify(&N, &rq, &d, &w), 0);
	free(w.buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("notify_bytes");
	TCase *tc = tcase_create("nt_dialog");

	tcase_add_test(tc, bytes_as_on_the_wire);
	tcase_add_test(tc, tcp_and_content_lengths);
	tcase_add_test(tc, line_breaks_refused);
	tcase_add_test(tc, request_uri_with_a_blank_refused);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
