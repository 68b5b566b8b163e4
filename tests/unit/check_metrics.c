/*
 * check_metrics.c - the metrics endpoint's pure parts: the HTTP request
 * reader (scscf/http_req.h), the Prometheus text renderer (scscf/prom.h),
 * and the Cx outcome tally (diameter/cx_tally.h); the [metrics]
 * configuration keys are in check_ctl.c.  The endpoint against a running
 * daemon is tests/sip/metrics_test.py.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/cx/cx_tally.h"
#include "scscf/ops/http_req.h"
#include "scscf/ops/prom.h"
#include "testutil.h"

static http_req_status_t parse(const char *text, http_req_t *r)
{
	return http_req_parse(text, strlen(text), 8192, r);
}

START_TEST(request_accepted_forms)
{
	http_req_t r;
	const char *prom = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9464\r\n"
			   "User-Agent: Prometheus/2.45.0\r\nAccept-Encoding: gzip\r\n\r\n";

	ck_assert_int_eq(parse(prom, &r), HTTP_REQ_OK);
	ck_assert_str_eq(r.method, "GET");
	ck_assert_str_eq(r.path, "/metrics");
	ck_assert_int_eq(r.minor, 1);
	ck_assert_uint_eq(r.head_len, strlen(prom));
	/* HTTP/1.0 needs no Host; a bare LF ends lines too; the query goes */
	ck_assert_int_eq(parse("HEAD /metrics?name[]=x HTTP/1.0\n\n", &r), HTTP_REQ_OK);
	ck_assert_str_eq(r.method, "HEAD");
	ck_assert_str_eq(r.path, "/metrics");
	ck_assert_int_eq(r.minor, 0);
	/* whatever follows the empty line is not the head's */
	ck_assert_int_eq(parse("GET / HTTP/1.0\r\n\r\nextra", &r), HTTP_REQ_OK);
	ck_assert_uint_eq(r.head_len, 18);
	ck_assert_int_eq(parse("GET / HTTP/1.0\r\nContent-Length:  000 \r\n\r\n", &r),
			 HTTP_REQ_OK);
	/* methods are case-sensitive tokens: "get" is read, and refused later */
	ck_assert_int_eq(parse("get / HTTP/1.0\r\n\r\n", &r), HTTP_REQ_OK);
	ck_assert_str_eq(r.method, "get");
}
END_TEST

START_TEST(request_incomplete)
{
	const char *full = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
	http_req_t r;
	size_t n;

	for (n = 0; n < strlen(full); n++)
		ck_assert_msg(http_req_parse(full, n, 8192, &r) == HTTP_REQ_INCOMPLETE, "at %zu", n);
	ck_assert_int_eq(http_req_parse(full, strlen(full), 8192, &r), HTTP_REQ_OK);
}
END_TEST

/* Each malformed request, the status it calls for. */
START_TEST(request_refused)
{
	static const struct {
		const char *text;
		int status;
	} cases[] = {
		{"GET /metrics HTTP/1.1\r\n\r\n", 400}, /* no Host */
		{"GET /metrics HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400},
		{"GET /metrics HTTP/2.0\r\n\r\n", 505},
		{"GET /metrics HTTP/1.2\r\n\r\n", 505},
		{"GET /metrics HTTP/1.10\r\n\r\n", 505},
		{"GET /metrics http/1.0\r\n\r\n", 400},
		{"GET /metrics\r\n\r\n", 400},  /* HTTP/0.9 */
		{"GET metrics HTTP/1.0\r\n\r\n", 400},
		{"GET http://x/metrics HTTP/1.0\r\n\r\n", 400},
		{"GET  /metrics HTTP/1.0\r\n\r\n", 400},
		{" GET /metrics HTTP/1.0\r\n\r\n", 400},
		{"G(T /metrics HTTP/1.0\r\n\r\n", 400},
		{"GET /met rics HTTP/1.0\r\n\r\n", 400},
		{"GET /m\x80 HTTP/1.0\r\n\r\n", 400},
		{"GET /m\x01 HTTP/1.0\r\n\r\n", 400},
		{"GETTTTTTTTTTTTTTTTTTT / HTTP/1.0\r\n\r\n", 400},
		{"GET / HTTP/1.0\r\n folded: x\r\n\r\n", 400},
		{"GET / HTTP/1.0\r\nno colon\r\n\r\n", 400},
		{"GET / HTTP/1.0\r\n: empty name\r\n\r\n", 400},
		{"GET / HTTP/1.0\r\nBad Name: x\r\n\r\n", 400},
		{"GET / HTTP/1.0\r\nX: a\x01b\r\n\r\n", 400},
		{"GET / HTTP/1.0\r\nContent-Length: 1\r\n\r\nx", 400},
		{"GET / HTTP/1.0\r\nContent-Length: -0\r\n\r\n", 400},
		{"GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
	};
	http_req_t r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(parse(cases[i].text, &r) == HTTP_REQ_BAD, "case %zu accepted", i);
		ck_assert_msg(r.status == cases[i].status, "case %zu: %d", i, r.status);
		ck_assert_ptr_nonnull(r.why);
	}
	/* a NUL anywhere, even after the head */
	ck_assert_int_eq(http_req_parse("GET / HTTP/1.0\r\n\r\n\0", 19, 8192, &r), HTTP_REQ_BAD);
}
END_TEST

START_TEST(request_bounds)
{
	char big[9000];
	http_req_t r;

	/* a request line that never ends within the limit: 414 */
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	ck_assert_int_eq(http_req_parse(big, sizeof(big), 8192, &r), HTTP_REQ_BAD);
	ck_assert_int_eq(r.status, 414);
	ck_assert_int_eq(http_req_parse(big, 8191, 8192, &r), HTTP_REQ_INCOMPLETE);
	/* a header section that never ends within the limit: 431 */
	snprintf(big, sizeof(big), "GET / HTTP/1.0\r\nX: ");
	memset(big + strlen(big), 'b', sizeof(big) - strlen(big));
	ck_assert_int_eq(http_req_parse(big, sizeof(big), 8192, &r), HTTP_REQ_BAD);
	ck_assert_int_eq(r.status, 431);
	/* a target longer than the path buffer: 414 */
	snprintf(big, sizeof(big), "GET /%0300d HTTP/1.0\r\n\r\n", 0);
	ck_assert_int_eq(parse(big, &r), HTTP_REQ_BAD);
	ck_assert_int_eq(r.status, 414);
}
END_TEST

static char *render(const stat_t *stats, size_t n)
{
	prom_t p;
	size_t i, len = 0;
	char *out;

	prom_init(&p);
	for (i = 0; i < n; i++)
		prom_add(&p, &stats[i]);
	out = prom_done(&p, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(strlen(out), len);
	return out;
}

START_TEST(prom_families_and_labels)
{
	const stat_t stats[] = {
		{NULL, "uptime", "Seconds up.", STAT_GAUGE, {NULL, NULL}, {NULL, NULL}, 5},
		{"registrar", "registers", "REGISTERs.", STAT_COUNTER, {NULL, NULL}, {NULL, NULL},
		 18446744073709551615u},
		{"sip", "responses", "Final responses.", STAT_COUNTER, {"method", "code"},
		 {"REGISTER", "200"}, 3},
		{"sip", "responses", "Final responses.", STAT_COUNTER, {"method", "code"},
		 {"REGISTER", "401"}, 4},
		{"cx", "mar", "MARs.", STAT_COUNTER, {"result", NULL}, {"timeout", NULL}, 1},
	};
	char *out = render(stats, 5);

	ck_assert_str_eq(out, "# HELP scscf_uptime Seconds up.\n"
			      "# TYPE scscf_uptime gauge\n"
			      "scscf_uptime 5\n"
			      "# HELP scscf_registrar_registers_total REGISTERs.\n"
			      "# TYPE scscf_registrar_registers_total counter\n"
			      "scscf_registrar_registers_total 18446744073709551615\n"
			      "# HELP scscf_sip_responses_total Final responses.\n"
			      "# TYPE scscf_sip_responses_total counter\n"
			      "scscf_sip_responses_total{method=\"REGISTER\",code=\"200\"} 3\n"
			      "scscf_sip_responses_total{method=\"REGISTER\",code=\"401\"} 4\n"
			      "# HELP scscf_cx_mar_total MARs.\n"
			      "# TYPE scscf_cx_mar_total counter\n"
			      "scscf_cx_mar_total{result=\"timeout\"} 1\n");
	free(out);
}
END_TEST

START_TEST(prom_escaping)
{
	const stat_t s = {"diameter", "peer_up", "a \\ b\nc \"d\"", STAT_GAUGE, {"peer", NULL},
			  {"h\"o\\s\nt", NULL}, 1};
	char *out = render(&s, 1);

	ck_assert_str_eq(out, "# HELP scscf_diameter_peer_up a \\\\ b\\nc \"d\"\n"
			      "# TYPE scscf_diameter_peer_up gauge\n"
			      "scscf_diameter_peer_up{peer=\"h\\\"o\\\\s\\nt\"} 1\n");
	free(out);
}
END_TEST

static void collect(void *arg, const cx_tally_row_t *row)
{
	char *buf = arg;
	size_t n = strlen(buf);

	snprintf(buf + n, 4096 - n, "%s/%d/%s=%llu;", cx_tally_cmd_name(row->cmd), row->reason,
		 row->result, (unsigned long long)row->count);
}

START_TEST(tally_names_and_bounds)
{
	cx_tally_t *t = calloc(1, sizeof(*t));
	cx_status_t ok = {CX_LOCAL_NONE, false, 2001}, first = {CX_LOCAL_NONE, true, 2001};
	cx_status_t odd = {CX_LOCAL_NONE, true, 5999}, late = {CX_LOCAL_TIMEOUT, false, 0};
	cx_result_t unable = {.code = 5012};
	char buf[4096] = "", label[48];
	int i;

	ck_assert_str_eq(cx_status_label(&ok, label, sizeof(label)), "DIAMETER_SUCCESS");
	ck_assert_str_eq(cx_status_label(&first, label, sizeof(label)),
			 "DIAMETER_FIRST_REGISTRATION");
	ck_assert_str_eq(cx_status_label(&odd, label, sizeof(label)), "Experimental-Result-5999");
	ck_assert_str_eq(cx_status_label(&late, label, sizeof(label)), "timeout");
	ck_assert_str_eq(cx_result_label(&unable, label, sizeof(label)),
			 "DIAMETER_UNABLE_TO_COMPLY");
	cx_tally_add(t, CX_TALLY_MAR, -1, "DIAMETER_SUCCESS");
	cx_tally_add(t, CX_TALLY_RTR, 2, "DIAMETER_SUCCESS");
	cx_tally_add(t, CX_TALLY_MAR, -1, "DIAMETER_SUCCESS");
	cx_tally_each(t, collect, buf);
	ck_assert_str_eq(buf, "MAR/-1/DIAMETER_SUCCESS=2;RTR/2/DIAMETER_SUCCESS=1;");
	/* past CX_TALLY_MAX rows, one "other" row per command */
	for (i = 0; i < CX_TALLY_MAX + 5; i++) {
		snprintf(label, sizeof(label), "R%d", i);
		cx_tally_add(t, i % 2 ? CX_TALLY_SAR : CX_TALLY_PPR, -1, label);
	}
	ck_assert_uint_eq(t->n, CX_TALLY_MAX);
	ck_assert_uint_eq(t->other[CX_TALLY_SAR].count + t->other[CX_TALLY_PPR].count, 7);
	ck_assert_str_eq(t->other[CX_TALLY_SAR].result, "other");
	ck_assert_int_eq(t->other[CX_TALLY_PPR].cmd, CX_TALLY_PPR);
	free(t);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *t = tcase_create("metrics");

	tcase_add_test(t, request_accepted_forms);
	tcase_add_test(t, request_incomplete);
	tcase_add_test(t, request_refused);
	tcase_add_test(t, request_bounds);
	tcase_add_test(t, prom_families_and_labels);
	tcase_add_test(t, prom_escaping);
	tcase_add_test(t, tally_names_and_bounds);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
