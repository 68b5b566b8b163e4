/*
 * check_ms.c - the text/registration-event bodies of seed 000, their
 * ms-diagnostics-public values, and the cause mapping.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "regevent/ms_regevent.h"
#include "testutil.h"

/* Seed 000, value by value. */
START_TEST(six_values_and_error_ids)
{
	static const struct {
		re_ms_kind_t kind;
		const char *body;
		unsigned id;
		bool stays;
	} rows[] = {
		{RE_MS_DEREG_UNREGISTERED, "deregistered;event=unregistered", 4140, false},
		{RE_MS_DEREG_REJECTED, "deregistered;event=rejected", 4141, false},
		{RE_MS_DEREG_DEACTIVATED, "deregistered;event=deactivated", 4142, false},
		{RE_MS_DEREG_USERSERVICES, "deregistered;event=userservices-unavailable", 4165,
		 false},
		{RE_MS_DEREG_REGISTRAR_CHANGE, "deregistered;event=preferred-registrar-change",
		 4166, false},
		{RE_MS_REG_USERSERVICES, "registered;event=userservices-unavailable", 4165, true},
	};
	size_t i;

	ck_assert_uint_eq(sizeof(rows) / sizeof(rows[0]), RE_MS_KIND_COUNT);
	for (i = 0; i < RE_MS_KIND_COUNT; i++) {
		ck_assert_str_eq(re_ms_body(rows[i].kind), rows[i].body);
		ck_assert_uint_eq(re_ms_error_id(rows[i].kind), rows[i].id);
		ck_assert(re_ms_stays_registered(rows[i].kind) == rows[i].stays);
		ck_assert_ptr_nonnull(re_ms_reason(rows[i].kind));
	}
	ck_assert_ptr_null(re_ms_body(RE_MS_KIND_COUNT));
	ck_assert_uint_eq(re_ms_error_id(RE_MS_KIND_COUNT), 0);
}
END_TEST

START_TEST(causes_map_to_values)
{
	re_ms_kind_t k;

	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_POLICY_EVICTION, false, &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_UNREGISTERED);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_USER_DISABLED, false, &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_REJECTED);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_RTR_PERMANENT, false, &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_REJECTED);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_ADMIN, false, &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_DEACTIVATED);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_RTR_SERVER_CHANGE, false, &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_DEACTIVATED);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_REGISTRAR_CHANGE, false, &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_REGISTRAR_CHANGE);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_USER_SERVICES_DOWN, false, &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_USERSERVICES);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_USER_SERVICES_DOWN, true, &k), 0);
	ck_assert_int_eq(k, RE_MS_REG_USERSERVICES);
	/* the endpoint's own actions and expiry send nothing */
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_UE_DEREGISTER, false, &k), -1);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_EXPIRY, false, &k), -1);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_REGISTERED, false, &k), -1);
	ck_assert_int_eq(re_ms_kind_for_cause(RE_CAUSE_REFRESHED, false, &k), -1);
}
END_TEST

START_TEST(notify_headers)
{
	re_ms_notify_t n;

	ck_assert_int_eq(re_ms_notify_build(RE_MS_DEREG_REJECTED, NULL, false, &n), 0);
	ck_assert_str_eq(n.body, "deregistered;event=rejected");
	ck_assert_str_eq(n.diagnostics, "4141;reason=\"User disabled\"");
	ck_assert_str_eq(n.subscription_state, "terminated;expires=0");
	ck_assert_str_eq(n.preferred_registrar, "");

	ck_assert_int_eq(re_ms_notify_build(RE_MS_DEREG_REGISTRAR_CHANGE,
					    "sip:pool2.open-ims.test;transport=tcp", false, &n),
			 0);
	ck_assert_str_eq(n.preferred_registrar, "sip:pool2.open-ims.test;transport=tcp");
	ck_assert_str_eq(n.diagnostics, "4166;reason=\"Preferred registrar changed\"");
	ck_assert_int_eq(re_ms_notify_build(RE_MS_DEREG_REGISTRAR_CHANGE, "sip:p2@h", true, &n),
			 0);
	ck_assert_str_eq(n.diagnostics, "4167;reason=\"Preferred registrar changed\"");

	/* a registrar only goes with the registrar-change case */
	ck_assert_int_eq(re_ms_notify_build(RE_MS_DEREG_DEACTIVATED, "sip:p2@h", true, &n), 0);
	ck_assert_str_eq(n.preferred_registrar, "");
	ck_assert_str_eq(n.diagnostics,
			 "4142;reason=\"Service temporarily unavailable for the user\"");

	ck_assert_int_eq(re_ms_notify_build(RE_MS_REG_USERSERVICES, NULL, false, &n), 0);
	ck_assert_str_eq(n.subscription_state, "active");
	ck_assert_str_eq(n.body, "registered;event=userservices-unavailable");
}
END_TEST

START_TEST(header_injection_refused)
{
	static const char *const bad[] = {
	    "sip:a@h\r\nVia: evil", "sip:a@h b", "<sip:a@h>", "", "sip:a@h\x7f",
	};
	char longer[600];
	re_ms_notify_t n;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(
		    re_ms_notify_build(RE_MS_DEREG_REGISTRAR_CHANGE, bad[i], false, &n), -1);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	ck_assert_int_eq(re_ms_notify_build(RE_MS_DEREG_REGISTRAR_CHANGE, longer, false, &n),
			 -1);
	ck_assert_int_eq(re_ms_notify_build(RE_MS_KIND_COUNT, NULL, false, &n), -1);
}
END_TEST

START_TEST(received_bodies_parse)
{
	static const char spaced[] = " \r\nderegistered;event=rejected\t\r\n";
	re_ms_kind_t k;
	int i;

	ck_assert_int_eq(re_ms_kind_from_body(spaced, strlen(spaced), &k), 0);
	ck_assert_int_eq(k, RE_MS_DEREG_REJECTED);
	for (i = 0; i < RE_MS_KIND_COUNT; i++) {
		const char *b = re_ms_body((re_ms_kind_t)i);

		ck_assert_int_eq(re_ms_kind_from_body(b, strlen(b), &k), 0);
		ck_assert_int_eq(k, i);
	}
	ck_assert_int_eq(re_ms_kind_from_body("deregistered;event=rejectedX", 28, &k), -1);
	ck_assert_int_eq(re_ms_kind_from_body("deregistered", 12, &k), -1);
	ck_assert_int_eq(re_ms_kind_from_body("", 0, &k), -1);
	ck_assert_int_eq(re_ms_kind_from_body("   ", 3, &k), -1);
	/* an embedded NUL never matches */
	ck_assert_int_eq(re_ms_kind_from_body("deregistered;event=rejected\0", 28, &k), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ms");
	TCase *tc = tcase_create("ms");

	tcase_add_test(tc, six_values_and_error_ids);
	tcase_add_test(tc, causes_map_to_values);
	tcase_add_test(tc, notify_headers);
	tcase_add_test(tc, header_injection_refused);
	tcase_add_test(tc, received_bodies_parse);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
