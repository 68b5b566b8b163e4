/*
 * check_model.c - the reginfo model: construction, names, comparison.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "regevent/reg_model.h"
#include "testutil.h"

START_TEST(names_round_trip)
{
	static const char *const events[] = {"registered", "created",     "refreshed",
					     "shortened",  "expired",     "deactivated",
					     "probation",  "unregistered", "rejected"};
	re_event_t ev;
	re_reg_state_t rs;
	re_contact_state_t cs;
	int i;

	for (i = 0; i < RE_EV_COUNT; i++) {
		ck_assert_str_eq(re_event_name((re_event_t)i), events[i]);
		ck_assert_int_eq(re_event_from_name(events[i], &ev), 0);
		ck_assert_int_eq(ev, i);
	}
	ck_assert_int_eq(re_event_from_name("Registered", &ev), -1);
	ck_assert_int_eq(re_event_from_name(NULL, &ev), -1);
	ck_assert_ptr_null(re_event_name(RE_EV_NONE));
	ck_assert_ptr_null(re_event_name(RE_EV_COUNT));
	ck_assert_int_eq(re_reg_state_from_name("terminated", &rs), 0);
	ck_assert_int_eq(rs, RE_REG_TERMINATED);
	ck_assert_int_eq(re_reg_state_from_name("pending", &rs), -1);
	ck_assert_int_eq(re_contact_state_from_name("active", &cs), 0);
	ck_assert_int_eq(cs, RE_CONTACT_ACTIVE);
	ck_assert_int_eq(re_contact_state_from_name("init", &cs), -1);
}
END_TEST

START_TEST(event_resulting_state)
{
	ck_assert_int_eq(re_event_resulting_state(RE_EV_REGISTERED), RE_CONTACT_ACTIVE);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_CREATED), RE_CONTACT_ACTIVE);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_REFRESHED), RE_CONTACT_ACTIVE);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_SHORTENED), RE_CONTACT_ACTIVE);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_EXPIRED), RE_CONTACT_TERMINATED);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_DEACTIVATED), RE_CONTACT_TERMINATED);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_PROBATION), RE_CONTACT_TERMINATED);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_UNREGISTERED), RE_CONTACT_TERMINATED);
	ck_assert_int_eq(re_event_resulting_state(RE_EV_REJECTED), RE_CONTACT_TERMINATED);
}
END_TEST

START_TEST(build_and_find)
{
	re_reginfo_t *info = re_reginfo_new(3, false);
	re_registration_t *reg;
	re_contact_t *c;
	int i;

	reg = re_reginfo_add_registration(info, "sip:a@x", "r1", RE_REG_ACTIVE);
	ck_assert_ptr_nonnull(reg);
	/* Pointers stay valid while the arrays grow. */
	c = re_registration_add_contact(reg, "c0", "sip:a@1.2.3.4", RE_CONTACT_ACTIVE,
					RE_EV_REGISTERED);
	for (i = 1; i < 40; i++)
		ck_assert_ptr_nonnull(re_registration_add_contact(reg, "cx", "sip:b@h",
								  RE_CONTACT_ACTIVE,
								  RE_EV_REFRESHED));
	ck_assert_str_eq(c->uri, "sip:a@1.2.3.4");
	ck_assert_uint_eq(reg->ncontacts, 40);
	ck_assert_int_eq(re_contact_add_param(c, "+sip.instance", "\"<urn:uuid:1>\""), 0);
	ck_assert_int_eq(re_contact_add_param(c, "video", NULL), 0);
	ck_assert_str_eq(re_contact_find_param(c, "+sip.instance")->value, "\"<urn:uuid:1>\"");
	ck_assert_ptr_null(re_contact_find_param(c, "video")->value);
	ck_assert_ptr_null(re_contact_find_param(c, "audio"));
	ck_assert_int_eq(re_strset(&c->q, "0.5"), 0);
	ck_assert_int_eq(re_strset(&c->q, NULL), 0);
	ck_assert_ptr_null(c->q);
	re_reginfo_free(info);
	re_reginfo_free(NULL);
}
END_TEST

START_TEST(diff_names_the_difference)
{
	re_reginfo_t *a = re_reginfo_new(1, true), *b = re_reginfo_new(1, true);
	re_contact_t *ca, *cb;
	char why[128];

	ca = re_registration_add_contact(
	    re_reginfo_add_registration(a, "sip:a@x", "r", RE_REG_ACTIVE), "c", "sip:u@h",
	    RE_CONTACT_ACTIVE, RE_EV_REGISTERED);
	cb = re_registration_add_contact(
	    re_reginfo_add_registration(b, "sip:a@x", "r", RE_REG_ACTIVE), "c", "sip:u@h",
	    RE_CONTACT_ACTIVE, RE_EV_REGISTERED);
	ck_assert_int_eq(re_reginfo_diff(a, b, why, sizeof(why)), 0);
	re_contact_add_param(ca, "reg-id", "1");
	re_contact_add_param(cb, "reg-id", "2");
	ck_assert_int_eq(re_reginfo_diff(a, b, why, sizeof(why)), 1);
	ck_assert_msg(strstr(why, "unknown-param value") != NULL, "%s", why);
	cb->params[0].value[0] = '1';
	ck_assert_int_eq(re_reginfo_diff(a, b, why, sizeof(why)), 0);
	cb->event = RE_EV_REFRESHED;
	ck_assert_int_eq(re_reginfo_diff(a, b, why, sizeof(why)), 1);
	ck_assert_msg(strstr(why, "event: registered vs refreshed") != NULL, "%s", why);
	b->version = 2;
	ck_assert_int_eq(re_reginfo_diff(a, b, why, sizeof(why)), 1);
	ck_assert_str_eq(why, "version: 1 vs 2");
	re_reginfo_free(a);
	re_reginfo_free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, names_round_trip);
	tcase_add_test(tc, event_resulting_state);
	tcase_add_test(tc, build_and_find);
	tcase_add_test(tc, diff_names_the_difference);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
