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
static const char *sub_user = "alice"; /* who subscribes (From, P-Asserted-Identity) */

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
		 "From: <sip:%s@open-ims.test>;tag=watcher-1\r\n"
		 "To: <%s>\r\n"
		 "Call-ID: sub-1@127.0.0.1\r\nCSeq: %u SUBSCRIBE\r\n"
		 "Contact: <sip:%s@127.0.0.1:5070>\r\n"
		 "Event: %s\r\nAccept: application/reginfo+xml\r\nExpires: %d\r\n"
		 "P-Asserted-Identity: <sip:%s@open-ims.test>\r\n"
		 "Content-Length: 0\r\n\r\n",
		 impu, sub_cseq, sub_user, impu, sub_cseq, sub_user, event, expires, sub_user);
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

/* ---- one <registration> per identity (rfc3680 profile) ---- */

#define GINA_INSTANCE "urn:uuid:00000000-0000-0000-0000-00000000000a"
#define GINA_CONTACT "<sip:gina@127.0.0.1:5070>;+sip.instance=\"<" GINA_INSTANCE ">\""

static void gina_world(const char *ids)
{
	char profile[2048];

	snprintf(profile, sizeof(profile),
		 "<?xml version=\"1.0\"?><IMSSubscription><PrivateID>gina@open-ims.test"
		 "</PrivateID><ServiceProfile>"
		 "<PublicIdentity><Identity>sip:gina@open-ims.test</Identity></PublicIdentity>"
		 "%s</ServiceProfile></IMSSubscription>",
		 ids);
	W = sw_new("[regevent]\nprofile = rfc3680\nwindow = 100\n", true);
	fake_hss_add_user(W->hss, "gina@open-ims.test", "open-ims.test", "gina", profile);
	sim_ue_init(&UE, W, "gina", "gina");
	snprintf(UE.extra, sizeof(UE.extra), "Supported: gruu\r\n");
	sub_cseq = 0;
	sub_user = "gina";
	sw_assert_status(sim_ue_register_auth(&UE, GINA_CONTACT, 3600), "SIP/2.0 200 OK");
}

static void gina_teardown(void)
{
	sub_user = "alice";
	teardown();
}

/* The reginfo body of a NOTIFY, schema-valid, copied (free it). */
static char *valid_body(const char *notify, size_t *len)
{
	const char *b = strstr(notify, "\r\n\r\n");
	char err[256];

	ck_assert_ptr_nonnull(b);
	b += 4;
	*len = strlen(b);
	ck_assert_msg(tu_validate(b, *len, err, sizeof(err)) == 0, "invalid reginfo: %s\n%s",
		      err, b);
	return strndup(b, *len);
}

/* The string value of expr on the NOTIFY's body. */
static void assert_xpath(const char *body, size_t len, const char *expr, const char *want)
{
	char *got = tu_xpath_string(body, len, expr);

	ck_assert_msg(got != NULL && strcmp(got, want) == 0, "%s: \"%s\", not \"%s\"\n%s", expr,
		      got ? got : "(null)", want, body);
	free(got);
}

/* RFC 5627/5628: a public GRUU is the AOR with gr=, so the contact under
 * each registration carries the pub-gruu of that registration's aor; a
 * tel URI has none. */
START_TEST(test_pub_gruu_per_aor)
{
	char *b;
	size_t len;

	gina_world("<PublicIdentity><Identity>sip:gina-work@open-ims.test</Identity>"
		   "</PublicIdentity>"
		   "<PublicIdentity><Identity>tel:+15557777</Identity></PublicIdentity>");
	sw_assert_status(subscribe_to("sip:gina@open-ims.test", "reg", 600000), "SIP/2.0 200 OK");
	b = valid_body(last_notify(), &len);
	assert_xpath(b, len,
		     "string(//r:registration[@aor='sip:gina@open-ims.test']"
		     "/r:contact/gr:pub-gruu/@uri)",
		     "sip:gina@open-ims.test;gr=" GINA_INSTANCE);
	assert_xpath(b, len,
		     "string(//r:registration[@aor='sip:gina-work@open-ims.test']"
		     "/r:contact/gr:pub-gruu/@uri)",
		     "sip:gina-work@open-ims.test;gr=" GINA_INSTANCE);
	ck_assert_int_eq(tu_xpath_count(b, len, "//r:registration[@aor='tel:+15557777']/r:contact"),
			 1);
	ck_assert_int_eq(tu_xpath_count(b, len, "//r:registration[@aor='tel:+15557777']"
						"/r:contact/gr:pub-gruu"),
			 0);
	ck_assert_int_eq(tu_xpath_count(b, len, "//gr:pub-gruu"), 2);
	ck_assert_ptr_nonnull(strstr(b, "<gr:pub-gruu uri=\"sip:gina-work@open-ims.test;gr="
					GINA_INSTANCE "\"/>"));
	free(b);
}
END_TEST

#define GINA_EVENT                                                                                \
	"string(//r:registration[@aor='sip:gina@open-ims.test']"                                  \
	"/r:contact[r:uri='sip:gina@127.0.0.1:5070']/@event)"

/* rfc3680: a shortened contact is reported as shortened once; in later
 * full-state NOTIFYs it is what the shortening REGISTER made it,
 * refreshed.  A watcher that had not heard of it yet still gets it. */
START_TEST(test_shortened_reported_once)
{
	const char *n;
	char *b;
	size_t len;

	gina_world("");
	subscribe_to("sip:gina@open-ims.test", "reg", 600000);
	answer(last_notify(), 200, "OK");
	sim_ue_register(&UE, GINA_CONTACT, 600, true); /* 3600 s -> 600 s */
	sw_advance(W, 100);
	n = last_notify();
	ck_assert_int_eq(version_of(n), 1);
	b = valid_body(n, &len);
	assert_xpath(b, len, GINA_EVENT, "shortened");
	assert_xpath(b, len,
		     "string(//r:registration[@aor='sip:gina@open-ims.test']"
		     "/r:contact[r:uri='sip:gina@127.0.0.1:5070']/@expires)",
		     "600");
	free(b);
	answer(n, 200, "OK");
	/* another change: a second contact */
	sim_ue_register(&UE,
			"<sip:gina@127.0.0.1:5072>;+sip.instance=\"<urn:uuid:b>\";reg-id=1", 3600,
			true);
	sw_advance(W, 100);
	n = last_notify();
	ck_assert_int_eq(version_of(n), 2);
	b = valid_body(n, &len);
	assert_xpath(b, len, GINA_EVENT, "refreshed");
	assert_xpath(b, len,
		     "string(//r:registration[@aor='sip:gina@open-ims.test']"
		     "/r:contact[r:uri='sip:gina@127.0.0.1:5072']/@event)",
		     "registered");
	free(b);
}
END_TEST

/* The wildcard's <registration> (the one body has): its aor an IMPU the
 * wildcard covers, the pattern in <ere:wildcardedIdentity> after its one
 * contact. */
static void assert_wildcard_reg(const char *b, size_t len, const char *aor, const char *wildcard)
{
	ck_assert_int_eq(tu_xpath_count(b, len, "//ere:wildcardedIdentity"), 1);
	assert_xpath(b, len, "string(//r:registration[ere:wildcardedIdentity]/@aor)", aor);
	assert_xpath(b, len, "string(//ere:wildcardedIdentity)", wildcard);
	assert_xpath(b, len, "local-name(//r:registration[ere:wildcardedIdentity]/*[last()])",
		     "wildcardedIdentity");
	ck_assert_int_eq(
		tu_xpath_count(b, len, "//r:registration[ere:wildcardedIdentity]/r:contact"), 1);
}

/* Clearwater's shape: the wildcard as the Identity (type 4) and an
 * explicitly provisioned IMPU in its range (type 3) naming it: that IMPU
 * is the aor. */
START_TEST(test_wildcard_aor_distinct_impu)
{
	char *b;
	size_t len;

	gina_world("<PublicIdentity><Identity>sip:gina-7@open-ims.test</Identity><Extension>"
		   "<IdentityType>3</IdentityType><Extension><Extension><WildcardedIMPU>"
		   "sip:gina-!.*!@open-ims.test</WildcardedIMPU></Extension></Extension>"
		   "</Extension></PublicIdentity>"
		   "<PublicIdentity><Identity>sip:gina-!.*!@open-ims.test</Identity><Extension>"
		   "<IdentityType>4</IdentityType><Extension><Extension><WildcardedIMPU>"
		   "sip:gina-!.*!@open-ims.test</WildcardedIMPU></Extension></Extension>"
		   "</Extension></PublicIdentity>");
	subscribe_to("sip:gina@open-ims.test", "reg", 600000);
	b = valid_body(last_notify(), &len);
	assert_wildcard_reg(b, len, "sip:gina-7@open-ims.test", "sip:gina-!.*!@open-ims.test");
	/* gina-7 has its own registration too; the pattern is no aor */
	ck_assert_int_eq(tu_xpath_count(b, len, "//r:registration[@aor='sip:gina-7@open-ims.test']"),
			 2);
	ck_assert_int_eq(tu_xpath_count(b, len, "//r:registration[@aor="
						"'sip:gina-!.*!@open-ims.test']"),
			 0);
	free(b);
}
END_TEST

/* No IMPU listed for it: one derived from the pattern, which no identity
 * listed by name shadows (".*" as nothing would be sip:gina@ itself). */
START_TEST(test_wildcard_aor_derived)
{
	char *b;
	size_t len;

	gina_world("<PublicIdentity><Identity>sip:gina!.*!@open-ims.test</Identity>"
		   "</PublicIdentity>");
	subscribe_to("sip:gina@open-ims.test", "reg", 600000);
	b = valid_body(last_notify(), &len);
	assert_wildcard_reg(b, len, "sip:gina0@open-ims.test", "sip:gina!.*!@open-ims.test");
	ck_assert_int_eq(tu_xpath_count(b, len, "//r:registration"), 2);
	free(b);
}
END_TEST

/* FHoSS sends a wildcarded PSI as a glob: <wildcardedIdentity> carries it
 * in the TS 23.003 form, the literal '.' and '+' escaped. */
START_TEST(test_wildcard_glob_written_as_regex)
{
	char *b;
	size_t len;

	gina_world("<PublicIdentity><Identity>sip:psi-*.v+?@open-ims.test</Identity>"
		   "<Extension><IdentityType>2</IdentityType><WildcardedPSI>"
		   "sip:psi-*.v+?@open-ims.test</WildcardedPSI></Extension></PublicIdentity>");
	subscribe_to("sip:gina@open-ims.test", "reg", 600000);
	b = valid_body(last_notify(), &len);
	assert_wildcard_reg(b, len, "sip:psi-0.v+0@open-ims.test",
			    "sip:psi-!.*\\.v\\+.!@open-ims.test");
	ck_assert_ptr_nonnull(strstr(b, "<ere:wildcardedIdentity>sip:psi-!.*\\.v\\+.!@open-ims.test"
					"</ere:wildcardedIdentity>\n  </registration>"));
	free(b);
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
	tc = tcase_create("per registration");
	tcase_add_checked_fixture(tc, NULL, gina_teardown);
	tcase_add_test(tc, test_pub_gruu_per_aor);
	tcase_add_test(tc, test_shortened_reported_once);
	tcase_add_test(tc, test_wildcard_aor_distinct_impu);
	tcase_add_test(tc, test_wildcard_aor_derived);
	tcase_add_test(tc, test_wildcard_glob_written_as_regex);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
