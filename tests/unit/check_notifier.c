/*
 * check_notifier.c - the reg-event notifier whole, with the real registrar
 * and store behind it: alice registers through the SIP core (the fake HSS
 * answers on the simulated clock), a watcher subscribes, and each test
 * reads the NOTIFYs the core sends and answers them as the watcher would.
 * Covers the first NOTIFY (version 0), a change (version 1), two changes
 * within the window sent as one NOTIFY, and the ends of a subscription: a
 * fatal answer (481), no answer at all (Timer F), expiry.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_ue.h"
#include "sip_world.h"
#include "testutil.h"

static const char ALICE_PROFILE[] =
	"<?xml version=\"1.0\"?><IMSSubscription><PrivateID>alice@open-ims.test</PrivateID>"
	"<ServiceProfile>"
	"<PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>"
	"<PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>"
	"</ServiceProfile></IMSSubscription>";

#define ALICE_IMPU "sip:alice@open-ims.test"
#define UE_CONTACT "<sip:alice@127.0.0.1:5070>"

static sip_world_t *W;
static sim_ue_t UE;
static unsigned sub_cseq;

/* [regevent] window: 100 ms; T1 500 ms, so Timer F is 32 s. */
static void setup(void)
{
	W = sw_new("[regevent]\nwindow = 100\n", true);
	fake_hss_add_user(W->hss, "alice@open-ims.test", "open-ims.test", "alice", ALICE_PROFILE);
	sim_ue_init(&UE, W, "alice", "alice");
	sub_cseq = 0;
	sw_assert_status(sim_ue_register_auth(&UE, UE_CONTACT, 3600), "SIP/2.0 200 OK");
}

static void teardown(void)
{
	sw_free(W);
	W = NULL;
}

/* The messages sent since the last sw_clear() that start with start. */
static unsigned count_sent(const char *start)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < W->nout; i++)
		if (strncmp(W->out[i], start, strlen(start)) == 0)
			n++;
	return n;
}

/* The last NOTIFY sent, or NULL. */
static const char *last_notify(void)
{
	size_t i = W->nout;

	while (i-- > 0)
		if (strncmp(W->out[i], "NOTIFY ", 7) == 0)
			return W->out[i];
	return NULL;
}

/* alice subscribes to the registration state of impu (event: the Event
 * header's value); returns the answer. */
static const char *subscribe_to(const char *impu, const char *event, int expires)
{
	char msg[1024];

	sub_cseq++;
	snprintf(msg, sizeof(msg),
		 "SUBSCRIBE %s SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK-sub-%u\r\n"
		 "Max-Forwards: 70\r\n"
		 "From: <sip:alice@open-ims.test>;tag=watcher-1\r\n"
		 "To: <%s>\r\n"
		 "Call-ID: sub-1@127.0.0.1\r\nCSeq: %u SUBSCRIBE\r\n"
		 "Contact: <sip:alice@127.0.0.1:5070>\r\n"
		 "Event: %s\r\nAccept: application/reginfo+xml\r\nExpires: %d\r\n"
		 "P-Asserted-Identity: <sip:alice@open-ims.test>\r\n"
		 "Content-Length: 0\r\n\r\n",
		 impu, sub_cseq, impu, sub_cseq, event, expires);
	sw_clear(W);
	sw_receive(W, msg);
	ck_assert_uint_ge(W->nout, 1);
	return W->out[0];
}

static const char *subscribe(int expires)
{
	return subscribe_to(ALICE_IMPU, "reg", expires);
}

/* The watcher's answer to a NOTIFY: its Via, From, To, Call-ID, CSeq. */
static void answer(const char *notify, int status, const char *reason)
{
	static const char *const copied[] = {"Via", "From", "To", "Call-ID", "CSeq"};
	char msg[2048], v[512];
	size_t i, n;

	n = (size_t)snprintf(msg, sizeof(msg), "SIP/2.0 %d %s\r\n", status, reason);
	for (i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
		ck_assert_ptr_nonnull(sw_header(notify, copied[i], 0, v, sizeof(v)));
		n += (size_t)snprintf(msg + n, sizeof(msg) - n, "%s: %s\r\n", copied[i], v);
	}
	snprintf(msg + n, sizeof(msg) - n, "Content-Length: 0\r\n\r\n");
	sw_clear(W);
	sw_receive(W, msg);
}

/* The reginfo version="N" of a NOTIFY's body, or -1. */
static int version_of(const char *notify)
{
	const char *p = strstr(notify, "<reginfo ");

	p = p != NULL ? strstr(p, " version=\"") : NULL;
	return p != NULL ? atoi(p + 10) : -1;
}

/* Subscribed, NOTIFY 0 answered 200. */
static void subscribed(void)
{
	subscribe(600000);
	answer(last_notify(), 200, "OK");
}

START_TEST(test_subscribe_gets_version_0)
{
	const char *r = subscribe(600000), *n;

	sw_assert_status(r, "SIP/2.0 200 OK");
	sw_assert_header(r, "Expires", "600000");
	ck_assert_uint_eq(count_sent("NOTIFY "), 1);
	n = last_notify();
	ck_assert_ptr_nonnull(strstr(n, "NOTIFY sip:alice@127.0.0.1:5070 SIP/2.0\r\n"));
	sw_assert_header(n, "Event", "reg");
	sw_assert_header(n, "Subscription-State", "active;expires=600000");
	sw_assert_header(n, "Content-Type", "application/reginfo+xml");
	sw_assert_header(n, "Call-ID", "sub-1@127.0.0.1");
	ck_assert_int_eq(version_of(n), 0);
	ck_assert_ptr_nonnull(strstr(n, "state=\"full\""));
	ck_assert_ptr_nonnull(strstr(n, "<uri>sip:alice@127.0.0.1:5070</uri>"));
	answer(n, 200, "OK");
	ck_assert_uint_eq(notifier_stats(W->nt)->subscriptions, 1);
	ck_assert_uint_eq(notifier_stats(W->nt)->notify_ok, 1);
}
END_TEST

START_TEST(test_change_gets_version_1)
{
	const char *n;

	subscribed();
	sim_ue_register(&UE, "<sip:alice@127.0.0.1:5072>;+sip.instance=\"<urn:uuid:1>\";reg-id=1",
			3600, true);
	ck_assert_uint_eq(count_sent("NOTIFY "), 0); /* not before the window ends */
	sw_advance(W, 100);
	ck_assert_uint_eq(count_sent("NOTIFY "), 1);
	n = last_notify();
	ck_assert_int_eq(version_of(n), 1);
	ck_assert_ptr_nonnull(strstr(n, "<uri>sip:alice@127.0.0.1:5072</uri>"));
	sw_assert_header(n, "Subscription-State", "active;expires=599999");
}
END_TEST

START_TEST(test_changes_in_window_coalesced)
{
	const char *n;

	subscribed();
	sim_ue_register(&UE, "<sip:alice@127.0.0.1:5072>;+sip.instance=\"<urn:uuid:1>\";reg-id=1",
			3600, true);
	sw_advance(W, 50);
	sim_ue_register(&UE, "<sip:alice@127.0.0.1:5074>;+sip.instance=\"<urn:uuid:2>\";reg-id=1",
			3600, true);
	sw_advance(W, 50);
	n = last_notify();
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(count_sent("NOTIFY "), 1); /* both changes, one NOTIFY */
	ck_assert_int_eq(version_of(n), 1);
	ck_assert_ptr_nonnull(strstr(n, "<uri>sip:alice@127.0.0.1:5072</uri>"));
	ck_assert_ptr_nonnull(strstr(n, "<uri>sip:alice@127.0.0.1:5074</uri>"));
	answer(n, 200, "OK");
	sw_advance(W, 1000);
	ck_assert_uint_eq(count_sent("NOTIFY "), 0);
	ck_assert_uint_eq(notifier_stats(W->nt)->notify_sent, 2);
}
END_TEST

START_TEST(test_481_ends_subscription)
{
	subscribed();
	sim_ue_register(&UE, "<sip:alice@127.0.0.1:5072>;+sip.instance=\"<urn:uuid:1>\";reg-id=1",
			3600, true);
	sw_advance(W, 100);
	answer(last_notify(), 481, "Call/Transaction Does Not Exist");
	ck_assert_uint_eq(notifier_stats(W->nt)->subscriptions, 0);
	/* another change: nobody to tell */
	sim_ue_register(&UE, UE_CONTACT, 0, true);
	sw_advance(W, 1000);
	ck_assert_uint_eq(count_sent("NOTIFY "), 0);
}
END_TEST

START_TEST(test_timer_f_ends_subscription)
{
	subscribed();
	sim_ue_register(&UE, "<sip:alice@127.0.0.1:5072>;+sip.instance=\"<urn:uuid:1>\";reg-id=1",
			3600, true);
	sw_advance(W, 100);
	ck_assert_uint_eq(count_sent("NOTIFY "), 1);
	sw_advance(W, 31000); /* Timer E retransmits over UDP */
	ck_assert_uint_gt(count_sent("NOTIFY "), 1);
	ck_assert_uint_eq(notifier_stats(W->nt)->subscriptions, 1);
	sw_advance(W, 1000); /* Timer F: 64*T1 after the first send */
	ck_assert_uint_eq(notifier_stats(W->nt)->subscriptions, 0);
	ck_assert_uint_eq(notifier_stats(W->nt)->notify_failed, 1);
	sw_clear(W);
	sim_ue_register(&UE, UE_CONTACT, 0, true);
	sw_advance(W, 1000);
	ck_assert_uint_eq(count_sent("NOTIFY "), 0);
}
END_TEST

START_TEST(test_expiry_sends_final_notify)
{
	const char *n;

	subscribe(600);
	answer(last_notify(), 200, "OK");
	sw_advance(W, 600 * 1000);
	n = last_notify();
	ck_assert_ptr_nonnull(n);
	sw_assert_header(n, "Subscription-State", "terminated;reason=timeout");
	ck_assert_int_eq(version_of(n), 1);
	answer(n, 200, "OK");
	ck_assert_uint_eq(notifier_stats(W->nt)->subscriptions, 0);
}
END_TEST

START_TEST(test_subscribe_refused)
{
	const char *r = subscribe_to(ALICE_IMPU, "presence", 600000);

	sw_assert_status(r, "SIP/2.0 489 Bad Event");
	sw_assert_header(r, "Allow-Events", "reg");
	r = subscribe_to("sip:nobody@open-ims.test", "reg", 600000);
	sw_assert_status(r, "SIP/2.0 480 Temporarily Unavailable");
	ck_assert_uint_eq(count_sent("NOTIFY "), 0);
	ck_assert_uint_eq(notifier_stats(W->nt)->subscriptions, 0);
}
END_TEST

/* Expires: 0 fetches the state once: a final NOTIFY, no subscription. */
START_TEST(test_fetch)
{
	const char *n;

	sw_assert_status(subscribe(0), "SIP/2.0 200 OK");
	n = last_notify();
	ck_assert_ptr_nonnull(n);
	sw_assert_header(n, "Subscription-State", "terminated;reason=timeout");
	ck_assert_int_eq(version_of(n), 0);
	answer(n, 200, "OK");
	ck_assert_uint_eq(notifier_stats(W->nt)->subscriptions, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("notifier");
	TCase *tc = tcase_create("reg event");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_subscribe_gets_version_0);
	tcase_add_test(tc, test_change_gets_version_1);
	tcase_add_test(tc, test_changes_in_window_coalesced);
	tcase_add_test(tc, test_481_ends_subscription);
	tcase_add_test(tc, test_timer_f_ends_subscription);
	tcase_add_test(tc, test_expiry_sends_final_notify);
	tcase_add_test(tc, test_subscribe_refused);
	tcase_add_test(tc, test_fetch);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
