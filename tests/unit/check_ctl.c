/*
 * check_ctl.c - the control socket's protocol (scscf/ctl_json.h,
 * scscf/ctl_req.h): the JSON writer and reader, the request line, the
 * commands' grammar, and the [control] and [metrics] configuration
 * keys.  The commands against a running daemon are tests/sip/ctl_test.py.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/daemon/cfg.h"
#include "scscf/ctl/ctl_json.h"
#include "scscf/ctl/ctl_req.h"
#include "testutil.h"
#include "tests/unit/cfg_text.h"

static const jv_limits_t lim = {1 << 20, 8, 1000};

static char *done(jw_t *w)
{
	char *doc;
	size_t len;

	ck_assert_int_eq(jw_done(w, &doc, &len), 0);
	ck_assert_uint_eq(strlen(doc), len);
	return doc;
}

START_TEST(writer_nesting_and_commas)
{
	jw_t w;
	char *doc;

	jw_init(&w);
	jw_obj(&w);
	jw_kbool(&w, "ok", true);
	jw_key(&w, "a");
	jw_arr(&w);
	jw_u64(&w, 18446744073709551615u);
	jw_str(&w, "x");
	jw_str(&w, NULL);
	jw_obj(&w);
	jw_end(&w);
	jw_end(&w);
	jw_key(&w, "b");
	jw_obj(&w);
	jw_kstr(&w, "c", "d");
	jw_ku64(&w, "e", 0);
	jw_end(&w);
	jw_end(&w);
	doc = done(&w);
	ck_assert_str_eq(doc, "{\"ok\":true,\"a\":[18446744073709551615,\"x\",null,{}],"
			      "\"b\":{\"c\":\"d\",\"e\":0}}");
	free(doc);
}
END_TEST

START_TEST(writer_escapes_and_repairs_strings)
{
	jw_t w;
	char *doc;

	jw_init(&w);
	jw_arr(&w);
	jw_str(&w, "q\"b\\s/\x01\n\x7f");
	jw_str(&w, "caf\xc3\xa9 \xf0\x9f\x98\x80");  /* UTF-8 kept as it is */
	jw_str(&w, "a\xff" "b\xc3" "c\xed\xa0\x80"); /* not UTF-8: U+FFFD each byte */
	jw_end(&w);
	doc = done(&w);
	ck_assert_str_eq(doc, "[\"q\\\"b\\\\s/\\u0001\\u000a\\u007f\","
			      "\"caf\xc3\xa9 \xf0\x9f\x98\x80\","
			      "\"a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"]");
	free(doc);
}
END_TEST

START_TEST(writer_refuses_misuse)
{
	jw_t w;
	char *doc;
	size_t len;
	int i;

	jw_init(&w);
	jw_end(&w); /* nothing open */
	ck_assert_int_eq(jw_done(&w, &doc, &len), -1);
	jw_init(&w);
	jw_arr(&w); /* never closed */
	ck_assert_int_eq(jw_done(&w, &doc, &len), -1);
	jw_init(&w);
	for (i = 0; i < JW_MAX_DEPTH + 1; i++)
		jw_arr(&w);
	for (i = 0; i < JW_MAX_DEPTH; i++)
		jw_end(&w);
	ck_assert_int_eq(jw_done(&w, &doc, &len), -1);
}
END_TEST

static jv_t *parse(const char *text)
{
	char err[128];

	return jv_parse(text, strlen(text), &lim, err, sizeof(err));
}

START_TEST(reader_values)
{
	jv_t *v = parse(" {\"s\":\"a\\u00e9\\ud83d\\ude00\\n\",\"n\":-1.5e+3,\"t\":true,"
			"\"f\":false,\"z\":null,\"a\":[[],{}],\"s\":\"second\"} ");

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, JV_OBJECT);
	ck_assert_str_eq(jv_string(jv_get(v, "s")), "a\xc3\xa9\xf0\x9f\x98\x80\n");
	ck_assert_str_eq(jv_text(jv_get(v, "n")), "-1.5e+3");
	ck_assert(jv_true(jv_get(v, "t")));
	ck_assert_str_eq(jv_text(jv_get(v, "f")), "false");
	ck_assert_int_eq(jv_get(v, "z")->type, JV_NULL);
	ck_assert_ptr_null(jv_text(jv_get(v, "z")));
	ck_assert_uint_eq(jv_get(v, "a")->n, 2);
	ck_assert_ptr_null(jv_get(v, "missing"));
	ck_assert_ptr_null(jv_string(jv_get(v, "n")));
	jv_free(v);
}
END_TEST

START_TEST(reader_refuses)
{
	static const char *const bad[] = {
		"", " ", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "\"abc",
		"\"a\x01\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
		"\"\\x\"", "\"\\u12g4\"", "01", "-", "1.", "1e", ".5", "+1", "tru", "nul",
		"[1] x", "[[[[[[[[[1]]]]]]]]]", "\"\xff\"", "\"\xc0\xaf\"", "[\"a\"]]",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		jv_t *v = parse(bad[i]);

		ck_assert_msg(v == NULL, "accepted %s", bad[i]);
	}
}
END_TEST

START_TEST(reader_bounds)
{
	static const jv_limits_t tiny = {16, 2, 3};
	char err[128];
	jv_t *v;

	ck_assert_ptr_null(jv_parse("[1,2,3]", 7, &tiny, err, sizeof(err)));
	ck_assert_str_eq(err, "more than 3 values");
	ck_assert_ptr_null(jv_parse("[[[]]]", 6, &tiny, err, sizeof(err)));
	ck_assert_str_eq(err, "nested deeper than 2");
	ck_assert_ptr_null(jv_parse("[\"0123456789abcd\"]", 18, &tiny, err, sizeof(err)));
	ck_assert_ptr_null(jv_parse("[1]\0", 4, &tiny, err, sizeof(err))); /* a NUL after */
	v = jv_parse("[[1]]", 5, &tiny, err, sizeof(err));
	ck_assert_ptr_nonnull(v);
	jv_free(v);
}
END_TEST

static void req_ok(const char *line, size_t len, int argc, const char *const *words)
{
	ctl_req_t r;
	char err[128] = "";
	int i;

	ck_assert_msg(ctl_req_parse(line, len, &r, err, sizeof(err)) == 0, "%.40s: %s", line, err);
	ck_assert_int_eq(r.argc, argc);
	for (i = 0; i < argc; i++)
		ck_assert_str_eq(r.argv[i], words[i]);
	ck_assert_ptr_null(r.argv[argc]);
}

static void req_bad(const char *line, size_t len, const char *why)
{
	ctl_req_t r;
	char err[128] = "";

	ck_assert_msg(ctl_req_parse(line, len, &r, err, sizeof(err)) == -1, "accepted %.40s", line);
	ck_assert_msg(strstr(err, why) != NULL, "%.40s: \"%s\" lacks \"%s\"", line, err, why);
}

START_TEST(request_line_forms)
{
	static const char *const show[] = {"show", "registration", "sip:a@b"};
	static const char *const odd[] = {"a b", "\xc3\xa9", "[x]"};
	static const char json[] = "[\"show\", \"registration\",\"sip:a@b\"]\r\n";
	static const char words[] = "  show\tregistration   sip:a@b \n";

	req_ok(json, sizeof(json) - 1, 3, show);
	req_ok(words, sizeof(words) - 1, 3, show);
	req_ok("[\"a b\",\"\\u00e9\",\"[x]\"]", 22, 3, odd);
	req_bad("", 0, "empty request");
	req_bad(" \t\r\n", 4, "empty request");
	req_bad("[]", 2, "non-empty JSON array");
	req_bad("[\"a\",1]", 7, "non-empty JSON array");
	req_bad("[[\"a\"]]", 7, "not JSON");
	req_ok("{\"a\":1}", 7, 1, (const char *const[]){"{\"a\":1}"}); /* a plain word */
	req_bad("[\"a\",\"\"]", 8, "empty");
	req_bad("[\"a\\nb\"]", 8, "control character");
	req_bad("show\x01", 5, "control character");
	req_bad("show \xff", 6, "not UTF-8");
	req_bad("show\0x", 6, "control character");
	req_bad("[\"a\"", 4, "not JSON");
}
END_TEST

START_TEST(request_line_bounds)
{
	char line[CTL_MAX_LINE + 8];
	ctl_req_t r;
	char err[128];
	int i;

	memset(line, 'a', sizeof(line));
	ck_assert_int_eq(ctl_req_parse(line, CTL_MAX_LINE, &r, err, sizeof(err)), 0);
	ck_assert_uint_eq(strlen(r.argv[0]), CTL_MAX_LINE);
	req_bad(line, CTL_MAX_LINE + 1, "longer than 4096");
	line[CTL_MAX_LINE] = '\r'; /* the line end is not part of the line */
	line[CTL_MAX_LINE + 1] = '\n';
	ck_assert_int_eq(ctl_req_parse(line, CTL_MAX_LINE + 2, &r, err, sizeof(err)), 0);
	for (i = 0; i < 33; i++)
		memcpy(line + 2 * i, "a ", 2);
	req_bad(line, 66, "more than 32 words");
	ck_assert_int_eq(ctl_req_parse(line, 64, &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.argc, 32);
}
END_TEST

START_TEST(request_build_round_trip)
{
	char w0[] = "move", w1[] = "sip:a@b", w2[] = "--registrar", w3[] = "sip:\"x\"\\y\xc3\xa9";
	char *words[] = {w0, w1, w2, w3, NULL};
	char line[CTL_MAX_LINE + 2], *big;
	ctl_req_t r;
	char err[128];
	int n, i;

	n = ctl_req_build(4, words, line, sizeof(line));
	ck_assert_int_gt(n, 0);
	ck_assert_str_eq(line, "[\"move\",\"sip:a@b\",\"--registrar\",\"sip:\\\"x\\\"\\\\y\xc3\xa9\"]\n");
	ck_assert_int_eq(ctl_req_parse(line, (size_t)n, &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.argc, 4);
	for (i = 0; i < 4; i++)
		ck_assert_str_eq(r.argv[i], words[i]);
	big = malloc(CTL_MAX_LINE);
	ck_assert_ptr_nonnull(big);
	memset(big, 'b', CTL_MAX_LINE - 1);
	big[CTL_MAX_LINE - 1] = '\0';
	words[1] = big;
	ck_assert_int_eq(ctl_req_build(2, words, line, sizeof(line)), -1);
	free(big);
}
END_TEST

/* c points into the request's words: they stay here until the next call */
static int cmd(const char *line, ctl_cmd_t *c, char *err, size_t errlen)
{
	static ctl_req_t r;

	ck_assert_int_eq(ctl_req_parse(line, strlen(line), &r, err, errlen), 0);
	return ctl_cmd_parse(r.argc, r.argv, c, err, errlen);
}

START_TEST(grammar)
{
	static const struct {
		const char *line;
		ctl_op_t op;
		const char *target, *value;
	} good[] = {
		{"show registration", CTL_SHOW_REGISTRATION, NULL, NULL},
		{"show registration alice@open-ims.test", CTL_SHOW_REGISTRATION,
		 "alice@open-ims.test", NULL},
		{"show subscription sip:a@b", CTL_SHOW_SUBSCRIPTION, "sip:a@b", NULL},
		{"deregister sip:a@b", CTL_DEREGISTER, "sip:a@b", "admin"},
		{"deregister sip:a@b --reason probation", CTL_DEREGISTER, "sip:a@b", "probation"},
		{"deregister sip:a@b --reason disabled", CTL_DEREGISTER, "sip:a@b", "disabled"},
		{"user-services sip:a@b down", CTL_USER_SERVICES, "sip:a@b", "down"},
		{"move sip:a@b --registrar sip:s2", CTL_MOVE, "sip:a@b", "sip:s2"},
		{"stats", CTL_STATS, NULL, NULL},
		{"log-level", CTL_LOG_LEVEL, NULL, NULL},
		{"log-level debug", CTL_LOG_LEVEL, NULL, "debug"},
	};
	static const char *const bad[] = {
		"show", "show registrations", "show registration a b", "deregister",
		"deregister sip:a@b --reason", "deregister sip:a@b --reason later",
		"deregister sip:a@b probation", "user-services sip:a@b", "user-services sip:a@b off",
		"move sip:a@b sip:s2", "move sip:a@b --registrar", "stats now", "log-level loud",
		"log-level info debug", "frobnicate",
	};
	char err[256];
	ctl_cmd_t c;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(cmd(good[i].line, &c, err, sizeof(err)) == 0, "%s: %s", good[i].line,
			      err);
		ck_assert_int_eq(c.op, good[i].op);
		if (good[i].target == NULL)
			ck_assert_ptr_null(c.target);
		else
			ck_assert_str_eq(c.target, good[i].target);
		if (good[i].value == NULL)
			ck_assert_ptr_null(c.value);
		else
			ck_assert_str_eq(c.value, good[i].value);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cmd(bad[i], &c, err, sizeof(err)) == -1, "accepted %s", bad[i]);
	cmd("deregister sip:a@b --reason later", &c, err, sizeof(err));
	ck_assert_str_eq(err, "unknown reason; usage: deregister IMPU "
			      "[--reason admin|probation|disabled]");
	cmd("frobnicate now", &c, err, sizeof(err));
	ck_assert_str_eq(err, "unknown command \"frobnicate\"");
	/* deregister --impi: one IMPI's bindings, the options in any order */
	ck_assert_int_eq(cmd("deregister sip:a@b", &c, err, sizeof(err)), 0);
	ck_assert_ptr_null(c.impi);
	ck_assert_int_eq(cmd("deregister sip:a@b --impi b2@x --reason probation", &c, err,
			     sizeof(err)), 0);
	ck_assert_str_eq(c.target, "sip:a@b");
	ck_assert_str_eq(c.impi, "b2@x");
	ck_assert_str_eq(c.value, "probation");
	ck_assert_int_eq(cmd("deregister sip:a@b --reason admin --impi b2@x", &c, err, sizeof(err)),
			 0);
	ck_assert_str_eq(c.impi, "b2@x");
	ck_assert_int_eq(cmd("deregister sip:a@b --impi x --impi y", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "bad arguments; usage: deregister IMPU [--reason R] [--impi IMPI]");
	ck_assert_int_eq(cmd("deregister sip:a@b --impi", &c, err, sizeof(err)), -1);
	ck_assert_int_eq(cmd("deregister sip:a@b --frob x", &c, err, sizeof(err)), -1);
}
END_TEST

START_TEST(config_control_section)
{
	scscf_config_t c;
	char err[256], line[300];

	ck_assert_int_eq(cfg_text_parse("", &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.control.ctl_socket, ""); /* off unless asked for */
	ck_assert_uint_eq(c.control.ctl_max_clients, 8);
	ck_assert_uint_eq(c.control.ctl_idle_timeout, 10);
	ck_assert_int_eq(cfg_text_parse("[control]\nsocket = /tmp/s.sock\nmax_clients = 2\n"
				   "idle_timeout = 1\n",
				   &c, err, sizeof(err)),
			 0);
	ck_assert_str_eq(c.control.ctl_socket, "/tmp/s.sock");
	ck_assert_uint_eq(c.control.ctl_max_clients, 2);
	ck_assert_uint_eq(c.control.ctl_idle_timeout, 1);
	ck_assert_int_eq(cfg_text_parse("[control]\nsocket = a.sock\nsocket =\n", &c, err, sizeof(err)),
			 0);
	ck_assert_str_eq(c.control.ctl_socket, "");
	ck_assert_int_eq(cfg_text_parse("[control]\nmax_clients = 0\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: control.max_clients must be a whole number from 1 to "
			      "1024, not \"0\"");
	ck_assert_int_eq(cfg_text_parse("[control]\nidle_timeout = 3601\n", &c, err, sizeof(err)), -1);
	ck_assert_int_eq(cfg_text_parse("[control]\nsocket = a b\n", &c, err, sizeof(err)), -1);
	ck_assert_int_eq(cfg_text_parse("[control]\nport = 1\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: unknown key \"control.port\"");
	snprintf(line, sizeof(line), "[control]\nsocket = /%0107d\n", 0); /* 108 bytes */
	ck_assert_int_eq(cfg_text_parse(line, &c, err, sizeof(err)), -1);
}
END_TEST

START_TEST(config_metrics_section)
{
	scscf_config_t c;
	char err[256];

	ck_assert_int_eq(cfg_text_parse("", &c, err, sizeof(err)), 0);
	ck_assert(!c.metrics.metrics_on); /* off unless asked for */
	ck_assert_uint_eq(c.metrics.metrics_max_clients, 8);
	ck_assert_uint_eq(c.metrics.metrics_idle_timeout, 5);
	ck_assert_int_eq(cfg_text_parse("[metrics]\nlisten = 127.0.0.1:9464\nmax_clients = 2\n"
				   "idle_timeout = 1\n",
				   &c, err, sizeof(err)),
			 0);
	ck_assert(c.metrics.metrics_on);
	ck_assert_str_eq(c.metrics.metrics_listen.host, "127.0.0.1");
	ck_assert_uint_eq(c.metrics.metrics_listen.port, 9464);
	ck_assert_uint_eq(c.metrics.metrics_max_clients, 2);
	ck_assert_uint_eq(c.metrics.metrics_idle_timeout, 1);
	ck_assert_int_eq(cfg_text_parse("[metrics]\nlisten = [::1]:9464\n", &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.metrics.metrics_listen.host, "::1");
	ck_assert_int_eq(cfg_text_parse("[metrics]\nlisten = [::1]:1\nlisten =\n", &c, err,
				   sizeof(err)),
			 0);
	ck_assert(!c.metrics.metrics_on);
	ck_assert_int_eq(cfg_text_parse("[metrics]\nlisten = localhost:9464\n", &c, err, sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "t.conf:4: metrics.listen \"localhost:9464\" is not a numeric "
			      "ADDRESS:PORT (IPv6 in brackets)");
	ck_assert_int_eq(cfg_text_parse("[metrics]\nlisten = 127.0.0.1\n", &c, err, sizeof(err)), -1);
	ck_assert_int_eq(cfg_text_parse("[metrics]\nlisten = 127.0.0.1:0\n", &c, err, sizeof(err)), -1);
	ck_assert_int_eq(cfg_text_parse("[metrics]\nmax_clients = 0\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: metrics.max_clients must be a whole number from 1 to "
			      "1024, not \"0\"");
	ck_assert_int_eq(cfg_text_parse("[metrics]\nidle_timeout = 3601\n", &c, err, sizeof(err)), -1);
	ck_assert_int_eq(cfg_text_parse("[metrics]\npath = /m\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: unknown key \"metrics.path\"");
}
END_TEST

START_TEST(config_sample_has_a_socket)
{
	scscf_config_t c;
	char err[256];

	ck_assert_msg(scscf_config_load(TEST_SRCDIR "/../conf/scscfd.conf", &c, err,
					sizeof(err)) == 0,
		      "%s", err);
	ck_assert_str_eq(c.control.ctl_socket, "scscfd.sock");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ctl");
	TCase *t = tcase_create("protocol");

	tcase_add_test(t, writer_nesting_and_commas);
	tcase_add_test(t, writer_escapes_and_repairs_strings);
	tcase_add_test(t, writer_refuses_misuse);
	tcase_add_test(t, reader_values);
	tcase_add_test(t, reader_refuses);
	tcase_add_test(t, reader_bounds);
	tcase_add_test(t, request_line_forms);
	tcase_add_test(t, request_line_bounds);
	tcase_add_test(t, request_build_round_trip);
	tcase_add_test(t, grammar);
	tcase_add_test(t, config_control_section);
	tcase_add_test(t, config_metrics_section);
	tcase_add_test(t, config_sample_has_a_socket);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
