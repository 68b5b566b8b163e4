/*
 * check_sip_units.c - the SIP layer's pure parts: stream framing, the
 * configuration file, the timer heap and the string map.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/daemon/cfg.h"
#include "scscf/sip/sip_framing.h"
#include "scscf/sip/sip_msg.h"
#include "scscf/base/strmap.h"
#include "scscf/base/theap.h"
#include "testutil.h"

#define REQ(cl, body)                                                                    \
	"OPTIONS sip:s@h SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n"               \
	"Content-Length: " cl "\r\n\r\n" body

static frame_t frame(const char *buf, size_t len, size_t max)
{
	frame_t f;

	sip_frame(buf, len, max, &f);
	return f;
}

START_TEST(framing_by_content_length)
{
	static const char two[] = REQ("5", "hello") REQ("0", "");
	frame_t f = frame(two, sizeof(two) - 1, 65536);
	size_t first = sizeof(REQ("5", "hello")) - 1;

	ck_assert_int_eq(f.status, FRAME_MESSAGE);
	ck_assert_uint_eq(f.skip, 0);
	ck_assert_uint_eq(f.msg_len, first);
	f = frame(two + first, sizeof(two) - 1 - first, 65536);
	ck_assert_int_eq(f.status, FRAME_MESSAGE);
	ck_assert_uint_eq(f.msg_len, sizeof(REQ("0", "")) - 1);
}
END_TEST

START_TEST(framing_waits_for_all_bytes)
{
	static const char msg[] = REQ("5", "hello");
	size_t n;

	for (n = 0; n < sizeof(msg) - 1; n++)
		ck_assert_int_eq(frame(msg, n, 65536).status, FRAME_NEED_MORE);
	ck_assert_int_eq(frame(msg, n, 65536).status, FRAME_MESSAGE);
}
END_TEST

START_TEST(framing_crlf_and_ping)
{
	static const char lead[] = "\r\n" REQ("0", "");
	static const char ping[] = "\r\n\r\n" REQ("0", "");
	frame_t f = frame(lead, sizeof(lead) - 1, 65536);

	ck_assert_int_eq(f.status, FRAME_MESSAGE);
	ck_assert_uint_eq(f.skip, 2);
	f = frame(ping, sizeof(ping) - 1, 65536);
	ck_assert_int_eq(f.status, FRAME_PING);
	ck_assert_uint_eq(f.skip, 4);
	ck_assert_int_eq(frame("\r\n", 2, 65536).status, FRAME_NEED_MORE);
	ck_assert_int_eq(frame("\r", 1, 65536).status, FRAME_NEED_MORE);
}
END_TEST

START_TEST(framing_compact_and_folded_headers)
{
	static const char compact[] = "MESSAGE sip:a@b SIP/2.0\r\nl:  3 \r\n\r\nabc";
	static const char lf_only[] = "MESSAGE sip:a@b SIP/2.0\nContent-Length: 2\n\nab";
	frame_t f = frame(compact, sizeof(compact) - 1, 65536);

	ck_assert_int_eq(f.status, FRAME_MESSAGE);
	ck_assert_uint_eq(f.msg_len, sizeof(compact) - 1);
	f = frame(lf_only, sizeof(lf_only) - 1, 65536);
	ck_assert_int_eq(f.status, FRAME_MESSAGE);
	ck_assert_uint_eq(f.msg_len, sizeof(lf_only) - 1);
}
END_TEST

START_TEST(framing_errors)
{
	static const char neg[] = REQ("-5", "");
	static const char conflict[] = "A sip:a@b SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nab";
	static const char same[] = "A sip:a@b SIP/2.0\r\nContent-Length: 2\r\nl: 2\r\n\r\nab";
	static const char none[] = "A sip:a@b SIP/2.0\r\nVia: x\r\n\r\n";
	static const char huge[] = REQ("99999999999", "");
	static const char big[] = REQ("70000", "");
	frame_t f;

	f = frame(neg, sizeof(neg) - 1, 65536);
	ck_assert_int_eq(f.status, FRAME_ERROR);
	ck_assert_str_eq(f.why, "Malformed Content-Length");
	ck_assert_uint_eq(f.msg_len, sizeof(neg) - 1);
	f = frame(conflict, sizeof(conflict) - 1, 65536);
	ck_assert_int_eq(f.status, FRAME_ERROR);
	ck_assert_str_eq(f.why, "Conflicting Content-Length values");
	ck_assert_int_eq(frame(same, sizeof(same) - 1, 65536).status, FRAME_MESSAGE);
	f = frame(none, sizeof(none) - 1, 65536);
	ck_assert_int_eq(f.status, FRAME_ERROR);
	ck_assert_str_eq(f.why, "Missing Content-Length on a stream transport");
	f = frame(huge, sizeof(huge) - 1, 65536);
	ck_assert_int_eq(f.status, FRAME_ERROR);
	ck_assert_str_eq(f.why, "Content-Length too large");
	f = frame(big, sizeof(big) - 1, 65536);
	ck_assert_int_eq(f.status, FRAME_TOO_BIG);
	ck_assert_uint_eq(f.msg_len, sizeof(big) - 1);
	ck_assert_str_eq(f.why, "Message Too Large (70086 bytes, limit 65536)");
}
END_TEST

START_TEST(framing_endless_headers)
{
	size_t n = 70000;
	char *buf = malloc(n);
	frame_t f;

	memset(buf, 'a', n);
	memcpy(buf, "OPTIONS sip:a@b SIP/2.0\r\nX: ", 28);
	f = frame(buf, n, 65536);
	ck_assert_int_eq(f.status, FRAME_TOO_BIG);
	ck_assert_uint_eq(f.msg_len, 0);
	ck_assert_int_eq(frame(buf, 60000, 65536).status, FRAME_NEED_MORE);
	free(buf);
}
END_TEST

static int parse_cfg(const char *text, scscf_config_t *c, char *err, size_t errlen)
{
	scscf_config_defaults(c);
	return scscf_config_parse(text, strlen(text), "test.conf", c, err, errlen);
}

START_TEST(config_sample_loads)
{
	scscf_config_t c;
	char err[256], buf[96];

	ck_assert_msg(scscf_config_load(TEST_SRCDIR "/../conf/scscfd.conf", &c, err,
					sizeof(err)) == 0,
		      "%s", err);
	ck_assert_uint_eq(c.sip.nlisten, 4);
	ck_assert_str_eq(scscf_listen_str(&c.sip.listen[0], buf, sizeof(buf)), "udp:127.0.0.1:6060");
	ck_assert_str_eq(scscf_listen_str(&c.sip.listen[3], buf, sizeof(buf)), "tcp:[::1]:6060");
	ck_assert_str_eq(c.sip.domain, "open-ims.test");
	ck_assert_uint_eq(c.sip.max_message_size, 65536);
	ck_assert_uint_eq(c.sip.t1, 500);
	ck_assert_uint_eq(c.sip.t2, 4000);
	ck_assert_uint_eq(c.sip.t4, 5000);
	ck_assert_uint_eq(c.sip.tcp_idle_timeout, 300);
	ck_assert_int_eq(c.log.log_level, SLOG_INFO);
}
END_TEST

START_TEST(config_errors_name_the_line)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{"[sip]\nlisten = sctp:1.2.3.4:5060\n",
		 "test.conf:2: sip.listen \"sctp:1.2.3.4:5060\" is not udp:ADDRESS:PORT or "
		 "tcp:ADDRESS:PORT with a numeric address ([::1] for IPv6)"},
		{"[sip]\nlisten = udp:scscf.open-ims.test:5060\n",
		 "test.conf:2: sip.listen \"udp:scscf.open-ims.test:5060\" is not udp:ADDRESS:PORT"},
		{"[sip]\nlisten = udp:127.0.0.1:70000\n", "test.conf:2: sip.listen"},
		{"[sip]\nlisten = tcp:[::1:5060\n", "test.conf:2: sip.listen"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\ncolour = red\n",
		 "test.conf:3: unknown key \"sip.colour\""},
		{"[nope]\n", "test.conf:1: unknown section [nope]"},
		{"listen = udp:1.2.3.4:5060\n",
		 "test.conf:1: \"listen = udp:1.2.3.4:5060\" is outside any [section]"},
		{"[sip]\nlisten udp:1.2.3.4:5060\n",
		 "test.conf:2: expected \"key = value\", got \"listen udp:1.2.3.4:5060\""},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[timers]\nt1 = 0\n",
		 "test.conf:4: timers.t1 must be a whole number from 1 to 60000, not \"0\""},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[timers]\nt1 = -3\n",
		 "test.conf:4: timers.t1 must be a whole number from 1 to 60000, not \"-3\""},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[timers]\nt1 = 9000\n",
		 "test.conf:0: timers.t2 (4000) is smaller than timers.t1 (9000)"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[log]\nlevel = loud\n",
		 "test.conf:4: log.level \"loud\" is not error, warn, info or debug"},
		{"[log]\nlevel = debug\n", "test.conf:0: no sip.listen line: nothing to listen on"},
		{"[sip]\ndomain = a b\n", "test.conf:2: sip.domain \"a b\" is not a domain name"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[diameter]\nserver_name = sip:\n",
		 "test.conf:4: diameter.server_name \"sip:\" is not a SIP URI"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[diameter]\nserver_name = sip:s:60x\n",
		 "test.conf:4: diameter.server_name \"sip:s:60x\" is not a SIP URI"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[diameter]\nserver_name = tel:+1555\n",
		 "test.conf:4: diameter.server_name \"tel:+1555\" is not a SIP URI"},
	};
	scscf_config_t c;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_int_eq(parse_cfg(bad[i].text, &c, err, sizeof(err)), -1);
		ck_assert_msg(strncmp(err, bad[i].err, strlen(bad[i].err)) == 0,
			      "case %zu: got \"%s\"", i, err);
	}
	ck_assert_int_eq(scscf_config_load("/nonexistent/scscfd.conf", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/nonexistent/scscfd.conf: No such file or directory");
}
END_TEST

/* Service-Route from a Server-Name: only scheme, host, port, transport. */
START_TEST(route_to_a_server_name)
{
	static const struct {
		const char *uri, *route;
	} ok[] = {
		{"sip:scscf.open-ims.test:6060", "<sip:orig@scscf.open-ims.test:6060;lr>"},
		{"sip:scscf.open-ims.test", "<sip:orig@scscf.open-ims.test;lr>"},
		{"sips:scscf.open-ims.test:5061", "<sips:orig@scscf.open-ims.test:5061;lr>"},
		{"SIP:scscf@10.0.0.1:6060;transport=tcp;maddr=x",
		 "<sip:orig@10.0.0.1:6060;lr;transport=tcp>"},
		{"sip:[2001:db8::1]:6060", "<sip:orig@[2001:db8::1]:6060;lr>"},
	};
	static const char *const bad[] = {"sip:", "tel:+15551234", "sip:a:6x", "mailto:a@b",
					  "sip:@", "", "sip:a b"};
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(sip_route_to(ok[i].uri, "orig", buf, sizeof(buf)) == 0, "%s", ok[i].uri);
		ck_assert_str_eq(buf, ok[i].route);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(sip_route_to(bad[i], "orig", buf, sizeof(buf)) == -1, "%s", bad[i]);
	ck_assert_int_eq(sip_route_to("sip:scscf.open-ims.test:6060", "orig", buf, 20), -1);
}
END_TEST

START_TEST(config_comments_and_spaces)
{
	scscf_config_t c;
	char err[256];

	ck_assert_int_eq(parse_cfg("# top\n\n[sip]   \n  listen=udp:[::1]:5070   # v6\r\n"
				   "[log]\ntarget = syslog\n",
				   &c, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(c.sip.nlisten, 1);
	ck_assert_str_eq(c.sip.listen[0].host, "::1");
	ck_assert_uint_eq(c.sip.listen[0].port, 5070);
	ck_assert(c.log.log_syslog);
}
END_TEST

START_TEST(config_regevent)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\nprofile = kamailio\n",
		 "test.conf:4: regevent.profile \"kamailio\" is not oracle or rfc3680"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\nnotify.bogus = notify\n",
		 "test.conf:4: regevent.notify.bogus: "},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\nattribute.expires = maybe\n",
		 "test.conf:4: regevent.attribute.expires \"maybe\" is not yes or no"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\nnotify.shortened = notify\n",
		 "test.conf:0: regevent notify table: "},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\nmin_expires = 900\nmax_expires = 600\n",
		 "test.conf:0: regevent expiries: min_expires (900) > max_expires (600)"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\nwindow = 99999\n",
		 "test.conf:4: regevent.window must be a whole number from 0 to 10000"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\ntrusted = sip:as@x\n",
		 "test.conf:4: regevent.trusted \"sip:as@x\" is not a host name or address"},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\ncolour = red\n",
		 "test.conf:4: unknown key \"regevent.colour\""},
		{"[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\nattribute.expires = yes\n"
		 "profile = rfc3680\n",
		 "test.conf:5: regevent.profile must come before the notify.EVENT and "
		 "attribute.NAME lines (it would replace them)"},
	};
	scscf_config_t c;
	char err[256];
	size_t i;

	/* defaults: oracle, RFC 3680's 3761 s */
	ck_assert_int_eq(parse_cfg("[sip]\nlisten = udp:1.2.3.4:5060\n", &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.regevent.ev_policy.name, "oracle");
	ck_assert_uint_eq(c.regevent.ev_default_expires, 3761);
	ck_assert_uint_eq(c.regevent.ev_window, 20);
	ck_assert_int_eq(re_policy_report_event(&c.regevent.ev_policy, RE_EV_SHORTENED), RE_EV_NONE);
	/* a profile, then rows and attributes over it */
	ck_assert_int_eq(parse_cfg("[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\n"
				   "profile = oracle\nnotify.shortened = notify\n"
				   "attribute.expires = yes\ntrusted = 127.0.0.9\n"
				   "trusted = as.open-ims.test\nwindow = 0\n",
				   &c, err, sizeof(err)),
			 0);
	ck_assert_int_eq(re_policy_report_event(&c.regevent.ev_policy, RE_EV_SHORTENED), RE_EV_SHORTENED);
	ck_assert(c.regevent.ev_policy.attrs & RE_ATTR_EXPIRES);
	ck_assert_uint_eq(c.regevent.ev_ntrusted, 2);
	ck_assert_str_eq(c.regevent.ev_trusted[1], "as.open-ims.test");
	ck_assert_uint_eq(c.regevent.ev_window, 0);
	ck_assert_int_eq(parse_cfg("[sip]\nlisten = udp:1.2.3.4:5060\n[regevent]\n"
				   "profile = rfc3680\n",
				   &c, err, sizeof(err)),
			 0);
	ck_assert_int_eq(re_policy_report_event(&c.regevent.ev_policy, RE_EV_REJECTED), RE_EV_REJECTED);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_int_eq(parse_cfg(bad[i].text, &c, err, sizeof(err)), -1);
		ck_assert_msg(strncmp(err, bad[i].err, strlen(bad[i].err)) == 0,
			      "case %zu: got \"%s\"", i, err);
	}
}
END_TEST

START_TEST(theap_orders_and_removes)
{
	enum { N = 1000 };
	theap_node_t nodes[N];
	theap_t h;
	uint64_t last = 0;
	size_t i, popped = 0;

	theap_init(&h);
	memset(nodes, 0, sizeof(nodes));
	for (i = 0; i < N; i++)
		ck_assert_int_eq(theap_set(&h, &nodes[i], (i * 7919) % 1009), 0);
	for (i = 0; i < N; i += 3)
		theap_remove(&h, &nodes[i]);
	ck_assert(!theap_armed(&nodes[0]));
	ck_assert_int_eq(theap_set(&h, &nodes[1], 5000), 0); /* move later */
	ck_assert_int_eq(theap_set(&h, &nodes[2], 0), 0);    /* move earlier */
	ck_assert_ptr_eq(theap_min(&h), &nodes[2]);
	ck_assert_ptr_eq(theap_pop_due(&h, 0), &nodes[2]);
	for (;;) {
		theap_node_t *n = theap_pop_due(&h, UINT64_MAX);

		if (n == NULL)
			break;
		ck_assert_uint_ge(n->due, last);
		last = n->due;
		popped++;
	}
	ck_assert_uint_eq(popped, N - (N + 2) / 3 - 1);
	ck_assert_uint_eq(last, 5000);
	theap_free(&h);
}
END_TEST

START_TEST(strmap_basics)
{
	strmap_t m;
	char key[32];
	int i, v[2000];

	ck_assert_int_eq(strmap_init(&m), 0);
	for (i = 0; i < 2000; i++) {
		v[i] = i;
		snprintf(key, sizeof(key), "k%d", i);
		ck_assert_int_eq(strmap_put(&m, key, &v[i]), 0);
	}
	ck_assert_int_eq(strmap_put(&m, "k7", &v[8]), 1);
	ck_assert_ptr_eq(strmap_get(&m, "k7"), &v[8]);
	ck_assert_ptr_eq(strmap_get(&m, "k1999"), &v[1999]);
	ck_assert_ptr_null(strmap_get(&m, "k2000"));
	ck_assert_ptr_eq(strmap_del(&m, "k5"), &v[5]);
	ck_assert_ptr_null(strmap_del(&m, "k5"));
	ck_assert_uint_eq(m.count, 1999);
	strmap_free(&m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sip-units");
	TCase *tc = tcase_create("units");

	tcase_add_test(tc, framing_by_content_length);
	tcase_add_test(tc, framing_waits_for_all_bytes);
	tcase_add_test(tc, framing_crlf_and_ping);
	tcase_add_test(tc, framing_compact_and_folded_headers);
	tcase_add_test(tc, framing_errors);
	tcase_add_test(tc, framing_endless_headers);
	tcase_add_test(tc, config_sample_loads);
	tcase_add_test(tc, config_errors_name_the_line);
	tcase_add_test(tc, config_comments_and_spaces);
	tcase_add_test(tc, config_regevent);
	tcase_add_test(tc, route_to_a_server_name);
	tcase_add_test(tc, theap_orders_and_removes);
	tcase_add_test(tc, strmap_basics);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
