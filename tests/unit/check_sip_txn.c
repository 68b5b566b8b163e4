/*
 * check_sip_txn.c - the transaction state machines of RFC 3261 §17 under a
 * simulated clock: what is sent, when, and what the upper layer sees.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/sip/sip_msg.h"
#include "scscf/sip/sip_txn.h"
#include "testutil.h"

#define T1 500
#define T2 4000
#define T4 5000

static struct {
	uint64_t now;
	int sends;
	int fail_send;
	char last[4096];
	uint64_t send_times[64];
	int results, result_kind, result_status;
} W;

static uint64_t fake_now(void *ctx)
{
	(void)ctx;
	return W.now;
}

static int fake_send(void *ctx, const sip_dest_t *d, const char *buf, size_t len)
{
	(void)ctx, (void)d;
	if (W.fail_send)
		return -1;
	if (W.sends < 64)
		W.send_times[W.sends] = W.now;
	W.sends++;
	snprintf(W.last, sizeof(W.last), "%.*s", (int)len, buf);
	return 0;
}

static sip_txn_layer_t *L;

static void setup(void)
{
	sip_txn_env_t env = {fake_now, fake_send, NULL, NULL, T1, T2, T4, 0, NULL};

	parser_init();
	memset(&W, 0, sizeof(W));
	W.now = 1000000;
	L = sip_txn_layer_new(&env);
	ck_assert_ptr_nonnull(L);
}

static void teardown(void)
{
	sip_txn_layer_free(L);
}

/* Advance the clock to t, running timers at each deadline on the way. */
static void run_until(uint64_t t)
{
	for (;;) {
		uint64_t due = sip_txn_next_deadline(L);

		if (due > t)
			break;
		if (due > W.now)
			W.now = due;
		sip_txn_run_timers(L);
	}
	W.now = t;
}

static osip_message_t *parse(const char *text)
{
	osip_message_t *m = NULL;

	ck_assert_int_eq(osip_message_init(&m), 0);
	ck_assert_int_eq(osip_message_parse(m, text, strlen(text)), 0);
	return m;
}

static osip_message_t *request(const char *method, const char *branch)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "%s sip:open-ims.test SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 127.0.0.1:5070%s%s\r\n"
		 "From: <sip:alice@open-ims.test>;tag=f1\r\n"
		 "To: <sip:alice@open-ims.test>\r\n"
		 "Call-ID: c1@127.0.0.1\r\n"
		 "CSeq: 7 %s\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
		 method, branch ? ";branch=" : "", branch ? branch : "", method);
	return parse(text);
}

static sip_dest_t dest(sip_tp_t tp)
{
	sip_dest_t d;

	memset(&d, 0, sizeof(d));
	d.tp = tp;
	((struct sockaddr_in *)&d.addr)->sin_family = AF_INET;
	((struct sockaddr_in *)&d.addr)->sin_port = htons(5070);
	inet_pton(AF_INET, "127.0.0.1", &((struct sockaddr_in *)&d.addr)->sin_addr);
	return d;
}

static int respond(uint64_t id, const osip_message_t *req, int status)
{
	osip_message_t *r = sip_make_response(req, status, "Whatever", "tt", false);
	int rc = sip_txn_server_respond(L, id, r);

	osip_message_free(r);
	return rc;
}

START_TEST(server_absorbs_retransmissions_until_timer_j)
{
	osip_message_t *req = request("REGISTER", "z9hG4bKaaa");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id, id2;
	char first[4096];

	ck_assert_int_eq(sip_txn_server_request(L, req, &d, &id, NULL), TXN_NEW);
	/* before the upper layer answers: absorbed, nothing sent */
	ck_assert_int_eq(sip_txn_server_request(L, req, &d, &id2, NULL), TXN_RETRANSMISSION);
	ck_assert_int_eq(W.sends, 0);
	ck_assert_int_eq(respond(id, req, 200), 0);
	ck_assert_int_eq(W.sends, 1);
	strcpy(first, W.last);
	ck_assert_ptr_nonnull(strstr(first, "SIP/2.0 200 Whatever\r\n"));
	ck_assert_int_eq(respond(id, req, 500), -1); /* already final */
	/* each retransmission gets the identical response */
	run_until(W.now + 64 * T1 - 1);
	ck_assert_int_eq(sip_txn_server_request(L, req, &d, &id2, NULL), TXN_RETRANSMISSION);
	ck_assert_int_eq(W.sends, 2);
	ck_assert_str_eq(W.last, first);
	ck_assert_uint_eq(sip_txn_count_server(L), 1);
	/* Timer J = 64*T1 after the final response */
	run_until(W.now + 1);
	ck_assert_uint_eq(sip_txn_count_server(L), 0);
	ck_assert_int_eq(sip_txn_server_request(L, req, &d, &id2, NULL), TXN_NEW);
	ck_assert_uint_ne(id2, id);
	osip_message_free(req);
}
END_TEST

START_TEST(server_over_tcp_ends_at_once)
{
	osip_message_t *req = request("OPTIONS", "z9hG4bKbbb");
	sip_dest_t d = dest(SIP_TP_TCP);
	uint64_t id;

	ck_assert_int_eq(sip_txn_server_request(L, req, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(respond(id, req, 200), 0);
	ck_assert_uint_eq(sip_txn_next_deadline(L), W.now); /* Timer J = 0 */
	run_until(W.now);
	ck_assert_uint_eq(sip_txn_count_server(L), 0);
	osip_message_free(req);
}
END_TEST

START_TEST(server_provisional_then_final)
{
	osip_message_t *req = request("SUBSCRIBE", "z9hG4bKccc");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id, id2;

	ck_assert_int_eq(sip_txn_server_request(L, req, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(respond(id, req, 100), 0);
	ck_assert_int_eq(sip_txn_server_request(L, req, &d, &id2, NULL), TXN_RETRANSMISSION);
	ck_assert_int_eq(W.sends, 2);
	ck_assert_ptr_nonnull(strstr(W.last, "SIP/2.0 100 "));
	ck_assert_int_eq(respond(id, req, 202), 0);
	ck_assert_ptr_nonnull(strstr(W.last, "SIP/2.0 202 "));
	osip_message_free(req);
}
END_TEST

START_TEST(invite_rejection_retransmits_until_ack)
{
	osip_message_t *inv = request("INVITE", "z9hG4bKinv"), *ack = request("ACK", "z9hG4bKinv");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id, id2, t0;

	ck_assert_int_eq(sip_txn_server_request(L, inv, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(respond(id, inv, 200), -1); /* never a 2xx to an INVITE */
	ck_assert_int_eq(respond(id, inv, 405), 0);
	t0 = W.now;
	/* Timer G: T1, 2T1, 4T1, then T2 */
	run_until(t0 + T1 + 2 * T1 + 4 * T1 + T2);
	ck_assert_int_eq(W.sends, 5);
	ck_assert_uint_eq(W.send_times[1] - t0, T1);
	ck_assert_uint_eq(W.send_times[2] - t0, 3 * T1);
	ck_assert_uint_eq(W.send_times[3] - t0, 7 * T1);
	ck_assert_uint_eq(W.send_times[4] - t0, 7 * T1 + T2);
	ck_assert_int_eq(sip_txn_server_request(L, ack, &d, &id2, NULL), TXN_ACK_ABSORBED);
	run_until(W.now + T4 - 1);
	ck_assert_int_eq(W.sends, 5); /* G stopped */
	ck_assert_uint_eq(sip_txn_count_server(L), 1);
	run_until(W.now + 1); /* Timer I */
	ck_assert_uint_eq(sip_txn_count_server(L), 0);
	ck_assert_int_eq(sip_txn_server_request(L, ack, &d, &id2, NULL), TXN_NO_MATCH);
	osip_message_free(inv);
	osip_message_free(ack);
}
END_TEST

START_TEST(invite_rejection_without_ack_ends_at_timer_h)
{
	osip_message_t *inv = request("INVITE", "z9hG4bKinv2");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id, t0;

	ck_assert_int_eq(sip_txn_server_request(L, inv, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(respond(id, inv, 486), 0);
	t0 = W.now;
	run_until(t0 + 64 * T1 - 1);
	ck_assert_uint_eq(sip_txn_count_server(L), 1);
	run_until(t0 + 64 * T1);
	ck_assert_uint_eq(sip_txn_count_server(L), 0);
	osip_message_free(inv);
}
END_TEST

START_TEST(cancel_finds_its_target)
{
	osip_message_t *reg = request("REGISTER", "z9hG4bKx1"), *can = request("CANCEL", "z9hG4bKx1");
	osip_message_t *other = request("CANCEL", "z9hG4bKnone");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id, cid, target;

	ck_assert_int_eq(sip_txn_server_request(L, reg, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(sip_txn_server_request(L, can, &d, &cid, &target), TXN_NEW);
	ck_assert_uint_ne(cid, id);
	ck_assert_uint_eq(target, id);
	/* the CANCEL's answer takes the To tag of the target's (RFC 3261 9.2) */
	ck_assert_ptr_null(sip_txn_server_to_tag(L, id));
	ck_assert_int_eq(respond(id, reg, 200), 0);
	ck_assert_str_eq(sip_txn_server_to_tag(L, id), "tt");
	ck_assert_ptr_null(sip_txn_server_to_tag(L, id + 1000));
	ck_assert_int_eq(sip_txn_server_request(L, other, &d, &cid, &target), TXN_NEW);
	ck_assert_uint_eq(target, 0);
	osip_message_free(reg);
	osip_message_free(can);
	osip_message_free(other);
}
END_TEST

START_TEST(rfc2543_requests_match_without_branch)
{
	osip_message_t *a = request("REGISTER", NULL), *b = request("REGISTER", "z9hG4bK");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id, id2;

	ck_assert_int_eq(sip_txn_server_request(L, a, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(sip_txn_server_request(L, a, &d, &id2, NULL), TXN_RETRANSMISSION);
	/* a bare magic cookie is no RFC 3261 branch: matched the RFC 2543 way */
	ck_assert_int_eq(sip_txn_server_request(L, b, &d, &id2, NULL), TXN_RETRANSMISSION);
	osip_message_free(a);
	osip_message_free(b);
}
END_TEST

static void on_result(void *arg, const sip_txn_result_t *res)
{
	(void)arg;
	W.results++;
	W.result_kind = res->kind;
	W.result_status = res->resp ? res->resp->status_code : 0;
}

static osip_message_t *response_to(const osip_message_t *req, int status)
{
	return sip_make_response(req, status, "R", "peer", false);
}

/* Start a client transaction for req the way the notifier does: its bytes,
 * the branch of its Via and its CSeq method. */
static uint64_t client_send(const osip_message_t *req, const sip_dest_t *d, sip_txn_client_cb cb,
			    void *arg)
{
	osip_via_t *via = osip_list_get(&req->vias, 0);
	osip_generic_param_t *branch = NULL;
	sip_txn_request_t rq;

	ck_assert_int_eq(osip_via_param_get_byname(via, (char *)"branch", &branch), 0);
	rq.buf = sip_to_string(req, &rq.len);
	ck_assert_ptr_nonnull(rq.buf);
	rq.branch = branch->gvalue;
	rq.method = req->cseq->method;
	return sip_txn_client_send(L, &rq, d, cb, arg);
}

START_TEST(client_retransmits_and_completes)
{
	osip_message_t *req = request("NOTIFY", "z9hG4bKn1"), *r100, *r200;
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t t0 = W.now;

	ck_assert_uint_ne(client_send(req, &d, on_result, NULL), 0);
	ck_assert_int_eq(W.sends, 1);
	/* Timer E: T1, 2T1, 4T1 */
	run_until(t0 + 7 * T1);
	ck_assert_int_eq(W.sends, 4);
	ck_assert_uint_eq(W.send_times[3] - t0, 7 * T1);
	r100 = response_to(req, 100);
	ck_assert(sip_txn_client_response(L, r100));
	/* E is next due at 7T1 + min(8T1, T2); in Proceeding it repeats every T2 */
	run_until(t0 + 7 * T1 + 2 * T2);
	ck_assert_int_eq(W.sends, 6);
	ck_assert_uint_eq(W.send_times[5] - W.send_times[4], T2);
	ck_assert_int_eq(W.results, 0);
	r200 = response_to(req, 200);
	ck_assert(sip_txn_client_response(L, r200));
	ck_assert_int_eq(W.results, 1);
	ck_assert_int_eq(W.result_kind, TXN_RESULT_RESPONSE);
	ck_assert_int_eq(W.result_status, 200);
	/* a retransmitted 200 is absorbed during Timer K, reported once */
	ck_assert(sip_txn_client_response(L, r200));
	ck_assert_int_eq(W.results, 1);
	run_until(W.now + T4);
	ck_assert_uint_eq(sip_txn_count_client(L), 0);
	ck_assert(!sip_txn_client_response(L, r200));
	ck_assert_int_eq(W.sends, 6);
	osip_message_free(r100);
	osip_message_free(r200);
	osip_message_free(req);
}
END_TEST

START_TEST(client_times_out_at_timer_f)
{
	osip_message_t *req = request("NOTIFY", "z9hG4bKn2");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t t0 = W.now;

	ck_assert_uint_ne(client_send(req, &d, on_result, NULL), 0);
	run_until(t0 + 64 * T1 - 1);
	ck_assert_int_eq(W.results, 0);
	/* 0, .5, 1.5, 3.5, 7.5, then every 4 s: 11.5 ... 31.5 */
	ck_assert_int_eq(W.sends, 11);
	run_until(t0 + 64 * T1);
	ck_assert_int_eq(W.results, 1);
	ck_assert_int_eq(W.result_kind, TXN_RESULT_TIMEOUT);
	ck_assert_uint_eq(sip_txn_count_client(L), 0);
	osip_message_free(req);
}
END_TEST

START_TEST(client_over_tcp_never_retransmits)
{
	osip_message_t *req = request("NOTIFY", "z9hG4bKn3");
	sip_dest_t d = dest(SIP_TP_TCP);
	uint64_t t0 = W.now;

	ck_assert_uint_ne(client_send(req, &d, on_result, NULL), 0);
	run_until(t0 + 64 * T1);
	ck_assert_int_eq(W.sends, 1);
	ck_assert_int_eq(W.results, 1);
	ck_assert_int_eq(W.result_kind, TXN_RESULT_TIMEOUT);
	osip_message_free(req);
}
END_TEST

START_TEST(client_transport_errors)
{
	osip_message_t *a = request("NOTIFY", "z9hG4bKt1"), *b = request("NOTIFY", "z9hG4bKt2");
	sip_dest_t d = dest(SIP_TP_TCP);

	W.fail_send = 1;
	ck_assert_uint_ne(client_send(a, &d, on_result, NULL), 0);
	ck_assert_int_eq(W.results, 0); /* never from inside the send */
	run_until(W.now);
	ck_assert_int_eq(W.results, 1);
	ck_assert_int_eq(W.result_kind, TXN_RESULT_TRANSPORT);
	W.fail_send = 0;
	ck_assert_uint_ne(client_send(b, &d, on_result, NULL), 0);
	sip_txn_transport_failed(L, &d); /* e.g. the connection broke later */
	run_until(W.now);
	ck_assert_int_eq(W.results, 2);
	ck_assert_int_eq(W.result_kind, TXN_RESULT_TRANSPORT);
	ck_assert_uint_eq(sip_txn_count_client(L), 0);
	osip_message_free(a);
	osip_message_free(b);
}
END_TEST

START_TEST(client_abandon_and_duplicates)
{
	osip_message_t *req = request("NOTIFY", "z9hG4bKn4"), *r = response_to(req, 404);
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id = client_send(req, &d, on_result, NULL);

	ck_assert_uint_ne(id, 0);
	/* the same branch cannot start a second transaction */
	ck_assert_uint_eq(client_send(req, &d, on_result, NULL), 0);
	sip_txn_client_abandon(L, id);
	ck_assert(sip_txn_client_response(L, r));
	ck_assert_int_eq(W.results, 0);
	run_until(W.now + T4);
	ck_assert_uint_eq(sip_txn_count_client(L), 0);
	osip_message_free(r);
	osip_message_free(req);
}
END_TEST

START_TEST(server_cap_answers_overload)
{
	sip_txn_env_t env = {fake_now, fake_send, NULL, NULL, T1, T2, T4, 2, NULL};
	sip_txn_layer_t *capped = sip_txn_layer_new(&env);
	osip_message_t *a = request("OPTIONS", "z9hG4bKc1"), *b = request("OPTIONS", "z9hG4bKc2"),
		       *c = request("OPTIONS", "z9hG4bKc3");
	sip_dest_t d = dest(SIP_TP_UDP);
	uint64_t id;

	ck_assert_int_eq(sip_txn_server_request(capped, a, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(sip_txn_server_request(capped, b, &d, &id, NULL), TXN_NEW);
	ck_assert_int_eq(sip_txn_server_request(capped, c, &d, &id, NULL), TXN_OVERLOAD);
	/* a retransmission of a live one is still recognised */
	ck_assert_int_eq(sip_txn_server_request(capped, a, &d, &id, NULL), TXN_RETRANSMISSION);
	sip_txn_layer_free(capped);
	osip_message_free(a);
	osip_message_free(b);
	osip_message_free(c);
}
END_TEST

START_TEST(branches_are_unique)
{
	char a[32], b[32];

	sip_txn_new_branch(a, sizeof(a));
	sip_txn_new_branch(b, sizeof(b));
	ck_assert_uint_eq(strlen(a), 27);
	ck_assert(strncmp(a, "z9hG4bK", 7) == 0);
	ck_assert_str_ne(a, b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sip-txn");
	TCase *tc = tcase_create("txn");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, server_absorbs_retransmissions_until_timer_j);
	tcase_add_test(tc, server_over_tcp_ends_at_once);
	tcase_add_test(tc, server_provisional_then_final);
	tcase_add_test(tc, invite_rejection_retransmits_until_ack);
	tcase_add_test(tc, invite_rejection_without_ack_ends_at_timer_h);
	tcase_add_test(tc, cancel_finds_its_target);
	tcase_add_test(tc, rfc2543_requests_match_without_branch);
	tcase_add_test(tc, client_retransmits_and_completes);
	tcase_add_test(tc, client_times_out_at_timer_f);
	tcase_add_test(tc, client_over_tcp_never_retransmits);
	tcase_add_test(tc, client_transport_errors);
	tcase_add_test(tc, client_abandon_and_duplicates);
	tcase_add_test(tc, server_cap_answers_overload);
	tcase_add_test(tc, branches_are_unique);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
