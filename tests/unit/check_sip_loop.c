/*
 * check_sip_loop.c - outgoing requests over real sockets: two SIP stacks in
 * one libuv loop on loopback, one sending OPTIONS to the other through
 * client transactions, over UDP and TCP (connection opened on demand, then
 * reused), and to ports where nobody listens (transport error, timeout).
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/daemon/cfg.h"
#include "scscf/sip/sip_stack.h"
#include "testutil.h"

static uv_loop_t loop;
static uv_timer_t guard; /* ends a wait that takes too long */
static sip_stack_t *A, *B;
static int port_a, port_b;
static struct {
	int done, kind, status;
} R;

/* A free port for UDP and TCP on 127.0.0.1. */
static int free_port(void)
{
	uv_loop_t l;
	uv_udp_t u;
	uv_tcp_t t;
	struct sockaddr_in sa;
	int len = sizeof(sa), port = 0, tries;

	uv_loop_init(&l);
	for (tries = 0; tries < 50 && port == 0; tries++) {
		uv_udp_init(&l, &u);
		uv_tcp_init(&l, &t);
		uv_ip4_addr("127.0.0.1", 0, &sa);
		uv_udp_bind(&u, (struct sockaddr *)&sa, 0);
		uv_udp_getsockname(&u, (struct sockaddr *)&sa, &len);
		if (uv_tcp_bind(&t, (struct sockaddr *)&sa, 0) == 0 &&
		    uv_listen((uv_stream_t *)&t, 1, NULL) == 0)
			port = ntohs(sa.sin_port);
		uv_close((uv_handle_t *)&u, NULL);
		uv_close((uv_handle_t *)&t, NULL);
		uv_run(&l, UV_RUN_DEFAULT);
	}
	uv_loop_close(&l);
	ck_assert_int_ne(port, 0);
	return port;
}

static sip_stack_t *stack(int port)
{
	scscf_config_t cfg;
	char err[256] = "", spec[64];
	sip_stack_t *s;

	scscf_config_defaults(&cfg);
	snprintf(spec, sizeof(spec), "udp:127.0.0.1:%d", port);
	ck_assert_int_eq(scscf_listen_parse(spec, &cfg.sip.listen[cfg.sip.nlisten++]), 0);
	snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d", port);
	ck_assert_int_eq(scscf_listen_parse(spec, &cfg.sip.listen[cfg.sip.nlisten++]), 0);
	cfg.sip.t1 = 10; /* Timer F = 640 ms */
	cfg.sip.t2 = 40;
	cfg.sip.t4 = 50;
	cfg.sip.tcp_connect_timeout = 2;
	s = sip_stack_new(&loop, &cfg.sip, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

static void setup(void)
{
	slog_open("test", false, SLOG_WARN);
	ck_assert_int_eq(uv_loop_init(&loop), 0);
	port_a = free_port();
	port_b = free_port();
	A = stack(port_a);
	B = stack(port_b);
	uv_timer_init(&loop, &guard);
	memset(&R, 0, sizeof(R));
}

static void teardown(void)
{
	uv_close((uv_handle_t *)&guard, NULL);
	sip_stack_close(A);
	sip_stack_close(B);
	uv_run(&loop, UV_RUN_DEFAULT);
	sip_stack_free(A);
	sip_stack_free(B);
	ck_assert_int_eq(uv_loop_close(&loop), 0); /* every handle closed */
}

static void give_up(uv_timer_t *t)
{
	uv_stop(t->loop);
}

static void on_result(void *arg, const sip_txn_result_t *res)
{
	(void)arg;
	R.done++;
	R.kind = res->kind;
	R.status = res->resp ? res->resp->status_code : 0;
	uv_stop(&loop);
}

/* Send an OPTIONS from A to 127.0.0.1:port over tp and run the loop until
 * its transaction completes (at most 5 s). */
static void options(sip_tp_t tp, int port)
{
	char branch[32], text[1024];
	sip_txn_request_t rq;
	sip_dest_t dst;

	sip_txn_new_branch(branch, sizeof(branch));
	snprintf(text, sizeof(text),
		 "OPTIONS sip:127.0.0.1:%d SIP/2.0\r\n"
		 "Via: SIP/2.0/%s 127.0.0.1:%d;branch=%s\r\n"
		 "From: <sip:scscf@open-ims.test>;tag=a1\r\nTo: <sip:127.0.0.1:%d>\r\n"
		 "Call-ID: %s@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
		 "Content-Length: 0\r\n\r\n",
		 port, tp == SIP_TP_UDP ? "UDP" : "TCP", port_a, branch, port, branch);
	memset(&dst, 0, sizeof(dst));
	dst.tp = tp;
	uv_ip4_addr("127.0.0.1", port, (struct sockaddr_in *)&dst.addr);
	R.done = 0;
	rq.buf = strdup(text);
	rq.len = strlen(text);
	rq.branch = branch;
	rq.method = "OPTIONS";
	ck_assert_uint_ne(
	    sip_txn_client_send(sip_core_txn(sip_stack_core(A)), &rq, &dst, on_result, NULL), 0);
	sip_stack_kick(A);
	uv_timer_start(&guard, give_up, 5000, 0);
	uv_run(&loop, UV_RUN_DEFAULT); /* until on_result or give_up stops it */
	uv_timer_stop(&guard);
	ck_assert_int_eq(R.done, 1);
}

START_TEST(udp_request_and_response)
{
	options(SIP_TP_UDP, port_b);
	ck_assert_int_eq(R.kind, TXN_RESULT_RESPONSE);
	ck_assert_int_eq(R.status, 200);
	ck_assert_uint_eq(sip_core_stats(sip_stack_core(B))->options, 1);
}
END_TEST

START_TEST(tcp_connection_opened_then_reused)
{
	options(SIP_TP_TCP, port_b);
	ck_assert_int_eq(R.kind, TXN_RESULT_RESPONSE);
	ck_assert_int_eq(R.status, 200);
	ck_assert_uint_eq(sip_transport_connections(sip_stack_transport(A)), 1);
	options(SIP_TP_TCP, port_b);
	ck_assert_int_eq(R.status, 200);
	ck_assert_uint_eq(sip_transport_connections(sip_stack_transport(A)), 1);
	ck_assert_uint_eq(sip_transport_connections(sip_stack_transport(B)), 1);
	ck_assert_uint_eq(sip_core_stats(sip_stack_core(B))->options, 2);
}
END_TEST

START_TEST(tcp_refused_is_a_transport_error)
{
	int dead = free_port();

	options(SIP_TP_TCP, dead);
	ck_assert_int_eq(R.kind, TXN_RESULT_TRANSPORT);
	ck_assert_uint_eq(sip_transport_connections(sip_stack_transport(A)), 0);
}
END_TEST

START_TEST(udp_silence_times_out)
{
	int dead = free_port();
	uint64_t t0 = uv_now(&loop);

	options(SIP_TP_UDP, dead);
	ck_assert_int_eq(R.kind, TXN_RESULT_TIMEOUT);
	ck_assert_uint_ge(uv_now(&loop) - t0, 64 * 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sip-loop");
	TCase *tc = tcase_create("loop");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, udp_request_and_response);
	tcase_add_test(tc, tcp_connection_opened_then_reused);
	tcase_add_test(tc, tcp_refused_is_a_transport_error);
	tcase_add_test(tc, udp_silence_times_out);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
