/*
 * check_render.c - the reginfo renderer: exact output, schema validity under
 * both profiles, namespace and element order, escaping round trips, and the
 * models it must refuse.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "regevent/reginfo_parse.h"
#include "regevent/reginfo_render.h"
#include "testutil.h"

static re_policy_t oracle, rfc;

static void setup(void)
{
	ck_assert_int_eq(re_policy_builtin("oracle", &oracle), 0);
	ck_assert_int_eq(re_policy_builtin("rfc3680", &rfc), 0);
}

/* A model of the seed 001 example, plus what the seed's prose adds. */
static re_reginfo_t *seed_like(void)
{
	re_reginfo_t *info = re_reginfo_new(0, true);
	re_registration_t *reg =
	    re_reginfo_add_registration(info, "sip:joe@example.com", "as9", RE_REG_ACTIVE);
	re_contact_t *c = re_registration_add_contact(reg, "6", "sip:joe@pc887.example.com",
						      RE_CONTACT_ACTIVE, RE_EV_REGISTERED);

	c->has_expires = true;
	c->expires = 3600;
	c->has_duration_registered = true;
	c->duration_registered = 12;
	re_strset(&c->display_name, "Joe");
	re_contact_add_param(c, "+sip.instance", "\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"");
	re_contact_add_param(c, "reg-id", "1");
	re_contact_add_param(c, "+g.oma.sip-im", NULL);
	re_registration_add_contact(reg, "7", "sip:joe@university.edu", RE_CONTACT_TERMINATED,
				    RE_EV_EXPIRED);
	return info;
}

START_TEST(oracle_exact_output)
{
	static const char expect[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"0\" state=\"full\">\n"
	    "  <registration aor=\"sip:joe@example.com\" id=\"as9\" state=\"active\">\n"
	    "    <contact id=\"6\" state=\"active\" event=\"registered\">\n"
	    "      <uri>sip:joe@pc887.example.com</uri>\n"
	    "      <unknown-param name=\"+sip.instance\">&quot;&lt;urn:uuid:00000000-0000-1000-8000-000A95A0E128&gt;&quot;</unknown-param>\n"
	    "      <unknown-param name=\"reg-id\">1</unknown-param>\n"
	    "      <unknown-param name=\"+g.oma.sip-im\"/>\n"
	    "    </contact>\n"
	    "    <contact id=\"7\" state=\"terminated\" event=\"expired\">\n"
	    "      <uri>sip:joe@university.edu</uri>\n"
	    "    </contact>\n"
	    "  </registration>\n"
	    "</reginfo>\n";
	re_reginfo_t *info = seed_like();
	size_t len;
	char *body = tu_render_valid(info, &oracle, &len);

	ck_assert_str_eq(body, expect);
	ck_assert_uint_eq(len, strlen(expect));
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(rfc3680_emits_optional_attributes)
{
	re_reginfo_t *info = seed_like();
	size_t len;
	char *body = tu_render_valid(info, &rfc, &len);

	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@id='6'][@expires='3600']"), 1);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//r:contact[@id='6'][@duration-registered='12']"), 1);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@id='6']/r:display-name"), 1);
	/* display-name sits between uri and the unknown-params */
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//r:display-name/preceding-sibling::r:uri"), 1);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//r:display-name/following-sibling::r:unknown-param"), 3);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(oracle_omits_optional_attributes)
{
	re_reginfo_t *info = tu_sample_irs(5, 3, 1);
	size_t len;
	char *body = tu_render_valid(info, &oracle, &len);

	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact"), 15);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@expires]"), 0);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@retry-after]"), 0);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@duration-registered]"), 0);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:display-name"), 0);
	/* q, callid, cseq stay; so do unknown-params and GRUUs */
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@q][@callid][@cseq]"), 15);
	ck_assert_int_eq(tu_xpath_count(body, len, "//gr:pub-gruu"), 15);
	ck_assert_int_eq(tu_xpath_count(body, len, "//gr:temp-gruu[@first-cseq='54301']"), 15);
	/* implicitly registered IMPUs report "registered", never "created" */
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@event='created']"), 0);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@event='registered']"), 15);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(unknown_params_carry_instance_regid_and_tags)
{
	re_reginfo_t *info = tu_sample_irs(1, 1, 0);
	size_t len;
	char *body, *v;

	re_contact_add_param(info->regs[0]->contacts[0], "expires", "3600");
	body = tu_render_valid(info, &oracle, &len);

	v = tu_xpath_string(body, len, "//r:unknown-param[@name='+sip.instance']");
	ck_assert_str_eq(v, "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6b00>\"");
	free(v);
	v = tu_xpath_string(body, len, "//r:unknown-param[@name='reg-id']");
	ck_assert_str_eq(v, "1");
	free(v);
	v = tu_xpath_string(body, len, "//r:unknown-param[@name='+g.3gpp.icsi-ref']");
	ck_assert_str_eq(v, "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"");
	free(v);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:unknown-param[@name='audio'][not(node())]"),
			 1);
	/* expires and q have attributes of their own, never unknown-params */
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:unknown-param[@name='expires']"), 0);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:unknown-param"), 5);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(q_and_expires_params_any_case)
{
	re_reginfo_t *info = tu_sample_irs(1, 1, 0);
	re_contact_t *c = info->regs[0]->contacts[0];
	size_t len;
	char *body;

	re_contact_add_param(c, "Q", "0.1");
	re_contact_add_param(c, "EXPIRES", "10");
	body = tu_render_valid(info, &rfc, &len);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:unknown-param"), 5);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(rfc3680_reports_created_for_implicit)
{
	re_reginfo_t *info = tu_sample_irs(3, 2, 0);
	size_t len;
	char *body = tu_render_valid(info, &rfc, &len);

	ck_assert_int_eq(tu_xpath_count(body, len, "//r:registration[1]/r:contact[@event='registered']"), 2);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@event='created']"), 4);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(namespaces_only_when_used)
{
	re_reginfo_t *info = tu_sample_irs(2, 1, 0);
	re_policy_t nogruu = rfc;
	size_t len;
	char *body;

	/* gruus but no wildcard: gr declared, ere not */
	body = tu_render_valid(info, &rfc, &len);
	ck_assert_ptr_nonnull(strstr(body, "xmlns:gr=\"urn:ietf:params:xml:ns:gruuinfo\""));
	ck_assert_ptr_null(strstr(body, "xmlns:ere"));
	free(body);
	/* gruu attribute off: no gr at all */
	ck_assert_int_eq(re_policy_set_attr(&nogruu, "gruu", false, NULL, 0), 0);
	body = tu_render_valid(info, &nogruu, &len);
	ck_assert_ptr_null(strstr(body, "xmlns:gr"));
	ck_assert_ptr_null(strstr(body, "gruu"));
	free(body);
	/* a wildcard: ere declared once, on the root */
	re_registration_set_wildcard(info->regs[1], "sip:x!.*!@open-ims.test");
	body = tu_render_valid(info, &nogruu, &len);
	ck_assert_ptr_nonnull(
	    strstr(body, "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" "
			 "xmlns:ere=\"urn:3gpp:ns:extRegExp:1.0\" version=\"7\" state=\"full\">"));
	ck_assert_ptr_null(strstr(strstr(body, "xmlns:ere") + 1, "xmlns:ere"));
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(wildcard_after_contacts_once)
{
	re_reginfo_t *info = tu_sample_irs(3, 3, 1);
	size_t len;
	char *body = tu_render_valid(info, &oracle, &len);
	char *v;

	ck_assert_int_eq(tu_xpath_count(body, len, "//ere:wildcardedIdentity"), 1);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//ere:wildcardedIdentity/following-sibling::*"), 0);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//ere:wildcardedIdentity/preceding-sibling::r:contact"), 3);
	v = tu_xpath_string(body, len, "//r:registration[ere:wildcardedIdentity]/@aor");
	ck_assert_str_eq(v, "sip:user2-any@open-ims.test");
	free(v);
	v = tu_xpath_string(body, len, "//ere:wildcardedIdentity");
	ck_assert_str_eq(v, "sip:user!.*!@open-ims.test");
	free(v);
	/* gruu children come after the last unknown-param */
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//gr:pub-gruu/following-sibling::r:unknown-param"), 0);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//gr:temp-gruu/following-sibling::gr:pub-gruu"), 0);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(version_partial_and_init)
{
	re_reginfo_t *info = re_reginfo_new(UINT32_MAX, false);
	size_t len;
	char *body;

	re_reginfo_add_registration(info, "sip:new@open-ims.test", "r9", RE_REG_INIT);
	body = tu_render_valid(info, NULL, &len);
	ck_assert_ptr_nonnull(strstr(body, "version=\"4294967295\" state=\"partial\">"));
	ck_assert_ptr_nonnull(
	    strstr(body, "<registration aor=\"sip:new@open-ims.test\" id=\"r9\" state=\"init\"/>"));
	free(body);
	re_reginfo_free(info);

	info = re_reginfo_new(0, true);
	body = tu_render_valid(info, &oracle, &len);
	ck_assert_ptr_nonnull(strstr(body, "version=\"0\" state=\"full\"/>"));
	free(body);
	re_reginfo_free(info);
}
END_TEST

/* Hostile characters in every string the model carries survive
 * render -> parse unchanged. */
START_TEST(escaping_round_trips)
{
	static const char *const nasty[] = {
	    "sip:a&b<c>\"d\"'e'%41%s%n@h;x=\"<&>\"",
	    "\"<urn:uuid:&amp;'%00'>\"",
	    "tab\there, cr\rhere, lf\nhere",
	    "]]> <![CDATA[ x ]]>",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e",
	};
	re_reginfo_t *info = re_reginfo_new(5, true), *back;
	re_registration_t *reg;
	char err[256], why[256], *body;
	size_t i, len;

	for (i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
		re_contact_t *c;

		reg = re_reginfo_add_registration(info, nasty[i], nasty[i], RE_REG_ACTIVE);
		c = re_registration_add_contact(reg, nasty[i], nasty[i], RE_CONTACT_ACTIVE,
						RE_EV_REFRESHED);
		re_strset(&c->callid, nasty[i]);
		re_strset(&c->q, nasty[i]);
		re_strset(&c->display_name, nasty[i]);
		re_contact_add_param(c, nasty[i], nasty[i]);
		re_strset(&c->pub_gruu, nasty[i]);
		re_registration_set_wildcard(reg, "sip:w!.*!@h");
	}
	body = tu_render_valid(info, &rfc, &len); /* valid against the schema too */
	/* URIs and wildcards are anyURI, whose white space the schema collapses:
	 * the parser trims; the nasty strings hold none at the ends. */
	back = re_parse(body, len, NULL, err, sizeof(err));
	ck_assert_msg(back != NULL, "%s\n%s", err, body);
	ck_assert_msg(re_reginfo_diff(info, back, why, sizeof(why)) == 0, "%s", why);
	free(body);
	re_reginfo_free(back);
	re_reginfo_free(info);
}
END_TEST

static void expect_refusal(re_reginfo_t *info, const re_policy_t *p, const char *msg)
{
	char err[256], *body = (char *)"x";
	size_t len = 1;

	err[0] = '\0';
	ck_assert_int_eq(re_render(info, p, &body, &len, err, sizeof(err)), -1);
	ck_assert_ptr_null(body);
	ck_assert_uint_eq(len, 0);
	ck_assert_msg(strstr(err, msg) != NULL, "got \"%s\", want \"%s\"", err, msg);
}

START_TEST(shortened_without_expires_refused)
{
	re_reginfo_t *info = tu_sample_irs(1, 1, 0);
	re_contact_t *c = info->regs[0]->contacts[0];
	size_t len;
	char *body;

	c->event = RE_EV_SHORTENED;
	c->has_expires = false;
	expect_refusal(info, &rfc, "\"shortened\" requires expires");
	c->has_expires = true;
	c->expires = 600;
	body = tu_render_valid(info, &rfc, &len);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//r:contact[@event='shortened'][@expires='600']"), 1);
	free(body);
	/* the oracle profile suppresses shortened altogether */
	expect_refusal(info, &oracle, "event \"shortened\" is suppressed by profile oracle");
	re_reginfo_free(info);
}
END_TEST

START_TEST(probation_without_retry_after_refused)
{
	re_reginfo_t *info = tu_sample_irs(1, 1, 0);
	re_contact_t *c = info->regs[0]->contacts[0];
	size_t len;
	char *body;

	c->event = RE_EV_PROBATION;
	c->state = RE_CONTACT_TERMINATED;
	expect_refusal(info, &rfc, "\"probation\" requires retry-after");
	c->has_retry_after = true;
	c->retry_after = 120;
	body = tu_render_valid(info, &rfc, &len);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//r:contact[@event='probation'][@retry-after='120']"), 1);
	free(body);
	/* oracle reports it as deactivated, without retry-after */
	body = tu_render_valid(info, &oracle, &len);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//r:contact[@event='deactivated'][not(@retry-after)]"), 1);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(rejected_reported_as_deactivated_by_oracle)
{
	re_reginfo_t *info = tu_sample_irs(1, 1, 0);
	size_t len;
	char *body;

	info->regs[0]->state = RE_REG_TERMINATED;
	info->regs[0]->contacts[0]->state = RE_CONTACT_TERMINATED;
	info->regs[0]->contacts[0]->event = RE_EV_REJECTED;
	body = tu_render_valid(info, &oracle, &len);
	ck_assert_int_eq(
	    tu_xpath_count(body, len, "//r:registration[@state='terminated']/r:contact[@state='terminated'][@event='deactivated']"),
	    1);
	free(body);
	body = tu_render_valid(info, &rfc, &len);
	ck_assert_int_eq(tu_xpath_count(body, len, "//r:contact[@event='rejected']"), 1);
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(invalid_models_refused)
{
	re_reginfo_t *info = tu_sample_irs(1, 1, 0);
	re_contact_t *c = info->regs[0]->contacts[0];

	c->event = RE_EV_EXPIRED; /* active contact with a terminating event */
	expect_refusal(info, &rfc, "event \"expired\" cannot leave the contact active");
	c->event = RE_EV_REFRESHED;
	re_strset(&c->uri, "sip:bad\xff@h");
	expect_refusal(info, &rfc, "contact uri is not valid UTF-8 at byte 7");
	re_strset(&c->uri, "sip:overlong\xc0\xafx@h");
	expect_refusal(info, &rfc, "contact uri is not valid UTF-8");
	re_strset(&c->uri, "sip:ctl\x01@h");
	expect_refusal(info, &rfc, "contact uri holds character U+0001");
	re_strset(&c->uri, NULL);
	expect_refusal(info, &rfc, "contact uri is missing");
	re_strset(&c->uri, " \r\n");
	expect_refusal(info, &rfc, "contact uri is blank");
	re_strset(&c->uri, "sip:ok@h");
	re_registration_set_wildcard(info->regs[0], "\t");
	expect_refusal(info, &rfc, "wildcardedIdentity is blank");
	re_registration_set_wildcard(info->regs[0], NULL);
	re_strset(&c->uri, "sip:ok@h");
	re_strset(&c->params[1].value, "\x7f\xef\xbf\xbe");
	expect_refusal(info, &rfc, "unknown-param value holds character U+FFFE");
	re_strset(&c->params[1].value, "1");
	re_strset(&info->regs[0]->id, NULL);
	expect_refusal(info, &rfc, "registration id is missing");
	re_reginfo_free(info);
}
END_TEST

START_TEST(no_size_limit_but_memory)
{
	re_reginfo_t *info = tu_sample_irs(20, 60, 1);
	re_parse_limits_t lim = re_parse_default_limits;
	char err[256], why[256];
	re_reginfo_t *back;
	size_t len;
	char *body = tu_render_valid(info, &rfc, &len);

	ck_assert_uint_gt(len, 1000000);
	lim.max_bytes = len;
	back = re_parse(body, len, &lim, err, sizeof(err));
	ck_assert_msg(back != NULL, "%s", err);
	ck_assert_msg(re_reginfo_diff(info, back, why, sizeof(why)) == 0, "%s", why);
	re_reginfo_free(back);
	free(body);
	re_reginfo_free(info);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("render");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, oracle_exact_output);
	tcase_add_test(tc, rfc3680_emits_optional_attributes);
	tcase_add_test(tc, oracle_omits_optional_attributes);
	tcase_add_test(tc, unknown_params_carry_instance_regid_and_tags);
	tcase_add_test(tc, q_and_expires_params_any_case);
	tcase_add_test(tc, rfc3680_reports_created_for_implicit);
	tcase_add_test(tc, namespaces_only_when_used);
	tcase_add_test(tc, wildcard_after_contacts_once);
	tcase_add_test(tc, version_partial_and_init);
	tcase_add_test(tc, escaping_round_trips);
	tcase_add_test(tc, shortened_without_expires_refused);
	tcase_add_test(tc, probation_without_retry_after_refused);
	tcase_add_test(tc, rejected_reported_as_deactivated_by_oracle);
	tcase_add_test(tc, invalid_models_refused);
	tcase_add_test(tc, no_size_limit_but_memory);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
