/*
 * check_policy.c - the notify profiles: one test per event and attribute
 * rule of the oracle (seed 001) and rfc3680 profiles, overrides, validation
 * and the cause -> event mapping.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "regevent/notify_policy.h"
#include "testutil.h"

static re_policy_t oracle, rfc;

static void setup(void)
{
	ck_assert_int_eq(re_policy_builtin("oracle", &oracle), 0);
	ck_assert_int_eq(re_policy_builtin("rfc3680", &rfc), 0);
}

/* Seed 001: "Events that trigger NOTIFY messages include: Registered,
 * Registration refreshed, Registration expired, Registration deactivated,
 * UE unregistered". */
START_TEST(oracle_notifies_the_five)
{
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_REGISTERED), RE_EV_REGISTERED);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_REFRESHED), RE_EV_REFRESHED);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_EXPIRED), RE_EV_EXPIRED);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_DEACTIVATED), RE_EV_DEACTIVATED);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_UNREGISTERED),
			 RE_EV_UNREGISTERED);
}
END_TEST

/* "does not send NOTIFY messages for: created, shortened, probation,
 * rejected": none of them is ever written under its own name. */
START_TEST(oracle_never_emits_the_four)
{
	re_event_t ev;
	int c;

	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_CREATED), RE_EV_REGISTERED);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_SHORTENED), RE_EV_NONE);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_PROBATION), RE_EV_DEACTIVATED);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_REJECTED), RE_EV_DEACTIVATED);
	for (c = 0; c < RE_CAUSE_COUNT; c++) {
		ev = re_policy_event_for_cause(&oracle, (re_cause_t)c);
		ck_assert_msg(ev != RE_EV_CREATED && ev != RE_EV_SHORTENED &&
				  ev != RE_EV_PROBATION && ev != RE_EV_REJECTED,
			      "cause %s gives %s under oracle", re_cause_name((re_cause_t)c),
			      re_event_name(ev));
	}
}
END_TEST

START_TEST(oracle_omits_four_attributes)
{
	ck_assert_uint_eq(oracle.attrs & RE_ATTR_EXPIRES, 0);
	ck_assert_uint_eq(oracle.attrs & RE_ATTR_RETRY_AFTER, 0);
	ck_assert_uint_eq(oracle.attrs & RE_ATTR_DURATION_REGISTERED, 0);
	ck_assert_uint_eq(oracle.attrs & RE_ATTR_DISPLAY_NAME, 0);
	/* unknown-param carries +sip.instance, reg-id and feature tags */
	ck_assert_uint_ne(oracle.attrs & RE_ATTR_UNKNOWN_PARAM, 0);
	ck_assert_uint_ne(oracle.attrs & RE_ATTR_GRUU, 0);
}
END_TEST

START_TEST(rfc3680_emits_everything_as_itself)
{
	int ev;

	for (ev = 0; ev < RE_EV_COUNT; ev++)
		ck_assert_int_eq(re_policy_report_event(&rfc, (re_event_t)ev), ev);
	ck_assert_uint_eq(rfc.attrs, RE_ATTR_ALL);
	ck_assert_int_eq(re_policy_validate(&rfc, NULL, 0), 0);
	ck_assert_int_eq(re_policy_validate(&oracle, NULL, 0), 0);
}
END_TEST

START_TEST(causes_map_per_profile)
{
	static const struct {
		re_cause_t cause;
		re_event_t rfc, oracle;
	} rows[] = {
		{RE_CAUSE_REGISTERED, RE_EV_REGISTERED, RE_EV_REGISTERED},
		{RE_CAUSE_IMPLICIT, RE_EV_CREATED, RE_EV_REGISTERED},
		{RE_CAUSE_REFRESHED, RE_EV_REFRESHED, RE_EV_REFRESHED},
		{RE_CAUSE_REAUTH, RE_EV_SHORTENED, RE_EV_NONE},
		{RE_CAUSE_UE_DEREGISTER, RE_EV_UNREGISTERED, RE_EV_UNREGISTERED},
		{RE_CAUSE_EXPIRY, RE_EV_EXPIRED, RE_EV_EXPIRED},
		{RE_CAUSE_RTR_PERMANENT, RE_EV_REJECTED, RE_EV_DEACTIVATED},
		{RE_CAUSE_RTR_NEW_SERVER, RE_EV_DEACTIVATED, RE_EV_DEACTIVATED},
		{RE_CAUSE_RTR_SERVER_CHANGE, RE_EV_DEACTIVATED, RE_EV_DEACTIVATED},
		{RE_CAUSE_RTR_REMOVE_SCSCF, RE_EV_DEACTIVATED, RE_EV_DEACTIVATED},
		{RE_CAUSE_ADMIN, RE_EV_DEACTIVATED, RE_EV_DEACTIVATED},
		{RE_CAUSE_ADMIN_PROBATION, RE_EV_PROBATION, RE_EV_DEACTIVATED},
		{RE_CAUSE_USER_DISABLED, RE_EV_REJECTED, RE_EV_DEACTIVATED},
		{RE_CAUSE_POLICY_EVICTION, RE_EV_UNREGISTERED, RE_EV_UNREGISTERED},
		{RE_CAUSE_REGISTRAR_CHANGE, RE_EV_DEACTIVATED, RE_EV_DEACTIVATED},
		{RE_CAUSE_USER_SERVICES_DOWN, RE_EV_DEACTIVATED, RE_EV_DEACTIVATED},
	};
	size_t i;

	ck_assert_uint_eq(sizeof(rows) / sizeof(rows[0]), RE_CAUSE_COUNT);
	for (i = 0; i < RE_CAUSE_COUNT; i++) {
		ck_assert_int_eq(re_policy_event_for_cause(&rfc, rows[i].cause), rows[i].rfc);
		ck_assert_int_eq(re_policy_event_for_cause(&oracle, rows[i].cause),
				 rows[i].oracle);
	}
	ck_assert_int_eq(re_policy_event_for_cause(&rfc, RE_CAUSE_COUNT), RE_EV_NONE);
}
END_TEST

START_TEST(cause_names_round_trip)
{
	re_cause_t c;
	int i;

	for (i = 0; i < RE_CAUSE_COUNT; i++) {
		ck_assert_ptr_nonnull(re_cause_name((re_cause_t)i));
		ck_assert_int_eq(re_cause_from_name(re_cause_name((re_cause_t)i), &c), 0);
		ck_assert_int_eq(c, i);
	}
	ck_assert_int_eq(re_cause_from_name("nonsense", &c), -1);
}
END_TEST

START_TEST(unknown_profile_refused)
{
	re_policy_t p;

	ck_assert_int_eq(re_policy_builtin("kamailio", &p), -1);
	ck_assert_int_eq(re_policy_builtin(NULL, &p), 0);
	ck_assert_str_eq(p.name, "oracle");
}
END_TEST

START_TEST(row_overrides)
{
	char err[160];

	ck_assert_int_eq(re_policy_set_row(&oracle, "rejected", "rejected", err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_report_event(&oracle, RE_EV_REJECTED), RE_EV_REJECTED);
	ck_assert_int_eq(re_policy_set_row(&oracle, "refreshed", "suppress", err, sizeof(err)),
			 0);
	ck_assert_int_eq(re_policy_event_for_cause(&oracle, RE_CAUSE_REFRESHED), RE_EV_NONE);
	ck_assert_int_eq(re_policy_set_row(&oracle, "created", "notify", err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_event_for_cause(&oracle, RE_CAUSE_IMPLICIT), RE_EV_CREATED);
	ck_assert_int_eq(re_policy_validate(&oracle, err, sizeof(err)), 0);

	ck_assert_int_eq(re_policy_set_row(&oracle, "bogus", "notify", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "unknown contact event \"bogus\"");
	ck_assert_int_eq(re_policy_set_row(&oracle, "expired", "maybe", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "row \"expired\": \"maybe\" is not notify, suppress or a contact event");
}
END_TEST

START_TEST(as_rows_validated)
{
	char err[200];

	/* an active-state event cannot be reported as a terminating one */
	ck_assert_int_eq(re_policy_set_row(&rfc, "created", "expired", err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_validate(&rfc, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "row \"created\" reports as \"expired\", which leaves the contact "
			      "terminated instead of active");
	/* the target must itself notify */
	ck_assert_int_eq(re_policy_set_row(&rfc, "created", "registered", err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_set_row(&rfc, "registered", "suppress", err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_validate(&rfc, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "row \"created\" reports as \"registered\", which does not notify");
	ck_assert_int_eq(re_policy_report_event(&rfc, RE_EV_CREATED), RE_EV_NONE);
}
END_TEST

START_TEST(shortened_without_expires_refused)
{
	char err[200];

	ck_assert_int_eq(re_policy_set_row(&oracle, "shortened", "notify", err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_validate(&oracle, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "requires expires with shortened") != NULL, "%s", err);
	ck_assert_int_eq(re_policy_set_attr(&oracle, "expires", true, err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_validate(&oracle, err, sizeof(err)), 0);

	ck_assert_int_eq(re_policy_set_attr(&rfc, "expires", false, err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_validate(&rfc, err, sizeof(err)), -1);
}
END_TEST

START_TEST(probation_without_retry_after_refused)
{
	char err[200];

	ck_assert_int_eq(re_policy_set_attr(&rfc, "retry-after", false, err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_validate(&rfc, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "requires retry-after with probation") != NULL, "%s", err);
	ck_assert_int_eq(re_policy_set_row(&rfc, "probation", "deactivated", err, sizeof(err)), 0);
	ck_assert_int_eq(re_policy_validate(&rfc, err, sizeof(err)), 0);
}
END_TEST

START_TEST(attr_overrides)
{
	char err[100];
	unsigned bit;

	ck_assert_int_eq(re_policy_set_attr(&oracle, "display-name", true, err, sizeof(err)), 0);
	ck_assert_uint_ne(oracle.attrs & RE_ATTR_DISPLAY_NAME, 0);
	ck_assert_int_eq(re_policy_set_attr(&oracle, "callid", false, err, sizeof(err)), 0);
	ck_assert_uint_eq(oracle.attrs & RE_ATTR_CALLID, 0);
	ck_assert_int_eq(re_policy_set_attr(&oracle, "colour", true, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "unknown contact attribute \"colour\"");
	for (bit = 1; bit & RE_ATTR_ALL; bit <<= 1)
		ck_assert_ptr_nonnull(re_attr_name(bit));
	ck_assert_ptr_null(re_attr_name(RE_ATTR_ALL + 1));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, oracle_notifies_the_five);
	tcase_add_test(tc, oracle_never_emits_the_four);
	tcase_add_test(tc, oracle_omits_four_attributes);
	tcase_add_test(tc, rfc3680_emits_everything_as_itself);
	tcase_add_test(tc, causes_map_per_profile);
	tcase_add_test(tc, cause_names_round_trip);
	tcase_add_test(tc, unknown_profile_refused);
	tcase_add_test(tc, row_overrides);
	tcase_add_test(tc, as_rows_validated);
	tcase_add_test(tc, shortened_without_expires_refused);
	tcase_add_test(tc, probation_without_retry_after_refused);
	tcase_add_test(tc, attr_overrides);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
