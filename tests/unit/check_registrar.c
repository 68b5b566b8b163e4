/*
 * check_registrar.c - the registrar's state machine, whole: REGISTERs go in
 * through the SIP core, the fake HSS answers MAR and SAR on the simulated
 * clock, and each test reads what the UE would get back (status lines,
 * headers) and what the HSS was asked.  Covers the challenge and the
 * Digest answer, each MAA and SAA failure, re-REGISTER, expiry, RTR by
 * IMPU and by IMPI, and PPR.
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
	"<PublicIdentity><BarringIndication>1</BarringIndication>"
	"<Identity>sip:alice-barred@open-ims.test</Identity></PublicIdentity>"
	"<PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>"
	"<PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>"
	"</ServiceProfile></IMSSubscription>";

static const char ALICE_BIGGER[] =
	"<?xml version=\"1.0\"?><IMSSubscription><PrivateID>alice@open-ims.test</PrivateID>"
	"<ServiceProfile>"
	"<PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>"
	"<PublicIdentity><Identity>sip:alice-work@open-ims.test</Identity></PublicIdentity>"
	"</ServiceProfile></IMSSubscription>";

#define ALICE_IMPU "sip:alice@open-ims.test"
#define ALICE_IMPI "alice@open-ims.test"

static sip_world_t *W;
static sim_ue_t UE;

static void start(const char *conf)
{
	W = sw_new(conf, false);
	fake_hss_add_user(W->hss, ALICE_IMPI, "open-ims.test", "alice", ALICE_PROFILE);
	sim_ue_init(&UE, W, "alice", "alice");
}

static void teardown(void)
{
	sw_free(W);
	W = NULL;
}

static void setup(void)
{
	start(NULL);
}

/* A REGISTER from alice; without the notifier its answer is all that is sent. */
static const char *ue_register(const char *contact, int expires, bool auth)
{
	const char *r = sim_ue_register(&UE, contact, expires, auth);

	ck_assert_uint_eq(W->nout, 1);
	return r;
}

static void take_challenge(const char *resp)
{
	sim_ue_take_challenge(&UE, resp);
}

#define assert_status sw_assert_status
#define assert_header sw_assert_header

static const char UE_CONTACT[] = "<sip:alice@127.0.0.1:5070>";

/* Challenge, answer, 200 OK. */
static const char *register_alice(int expires)
{
	take_challenge(ue_register(UE_CONTACT, expires, false));
	return ue_register(UE_CONTACT, expires, true);
}

static rs_set_t *alice_set(void)
{
	return regstore_find_impu(registrar_store(W->reg), ALICE_IMPU);
}

/* ---- the challenge and the 200 OK ---- */

START_TEST(test_first_register_challenged)
{
	const char *r = ue_register(UE_CONTACT, 600, false);
	const fh_record_t *mar = fake_hss_last(W->hss, 'M');
	char www[1024], nonce[128], want[1200];

	ck_assert_uint_eq(fake_hss_count(W->hss), 1);
	ck_assert_str_eq(mar->impi, ALICE_IMPI);
	ck_assert_str_eq(mar->impu, ALICE_IMPU);
	ck_assert_str_eq(mar->scheme, "Unknown");
	ck_assert(!mar->resync);
	assert_status(r, "SIP/2.0 401 Unauthorized");
	ck_assert_ptr_nonnull(sw_header(r, "WWW-Authenticate", 0, www, sizeof(www)));
	ck_assert_ptr_nonnull(sw_param(www, "nonce", nonce, sizeof(nonce)));
	ck_assert_uint_eq(strlen(nonce), 32);
	snprintf(want, sizeof(want),
		 "Digest realm=\"open-ims.test\", nonce=\"%s\", algorithm=MD5, qop=\"auth\"", nonce);
	ck_assert_str_eq(www, want);
	assert_header(r, "Call-ID", "reg-alice@127.0.0.1");
	assert_header(r, "CSeq", "1 REGISTER");
	ck_assert_ptr_null(alice_set()); /* nothing stored before the SAA */
}
END_TEST

START_TEST(test_answered_challenge_registers)
{
	const char *r;
	const fh_record_t *sar;

	take_challenge(ue_register(UE_CONTACT, 600, false));
	r = ue_register(UE_CONTACT, 600, true);
	sar = fake_hss_last(W->hss, 'S');
	ck_assert_uint_eq(fake_hss_count(W->hss), 2); /* MAR, SAR */
	ck_assert_str_eq(sar->impi, ALICE_IMPI);
	ck_assert_str_eq(sar->impu, ALICE_IMPU);
	ck_assert_int_eq(sar->type, CX_SAT_REGISTRATION);
	assert_status(r, "SIP/2.0 200 OK");
	assert_header(r, "Contact", "<sip:alice@127.0.0.1:5070>;expires=600");
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	assert_header(r, "P-Associated-URI", "<sip:alice@open-ims.test>, <tel:+15551234>");
	assert_header(r, "Service-Route", "<sip:orig@scscf.open-ims.test:6060;lr>");
	assert_header(r, "Supported", "path, outbound, gruu");
	assert_header(r, "CSeq", "2 REGISTER");
	ck_assert_ptr_nonnull(alice_set());
	ck_assert_int_eq(alice_set()->state, RS_SET_REGISTERED);
	ck_assert_uint_eq(alice_set()->nbindings, 1);
	ck_assert_str_eq(alice_set()->impi, ALICE_IMPI);
}
END_TEST

START_TEST(test_max_expires_granted)
{
	sw_free(W);
	start("[registrar]\nmax_expires = 300\ndefault_expires = 300\n");
	assert_header(register_alice(3600), "Contact", "<sip:alice@127.0.0.1:5070>;expires=300");
}
END_TEST

START_TEST(test_wrong_password_forbidden)
{
	const char *r;
	const fh_record_t *sar;

	take_challenge(ue_register(UE_CONTACT, 600, false));
	snprintf(UE.password, sizeof(UE.password), "mallory");
	r = ue_register(UE_CONTACT, 600, true);
	assert_status(r, "SIP/2.0 403 Forbidden: authentication failed");
	sar = fake_hss_last(W->hss, 'S');
	ck_assert_ptr_nonnull(sar);
	ck_assert_int_eq(sar->type, CX_SAT_AUTHENTICATION_FAILURE);
	ck_assert_ptr_null(alice_set());
}
END_TEST

START_TEST(test_interval_too_brief)
{
	const char *r;

	take_challenge(ue_register(UE_CONTACT, 600, false));
	r = ue_register(UE_CONTACT, 10, true);
	assert_status(r, "SIP/2.0 423 Interval Too Brief");
	assert_header(r, "Min-Expires", "60");
	ck_assert_ptr_null(fake_hss_last(W->hss, 'S'));
}
END_TEST

START_TEST(test_no_hss_answers_500)
{
	const char *r;

	registrar_free(W->reg);
	W->reg = sw_registrar_new(W, NULL);
	r = ue_register(UE_CONTACT, 600, false);
	assert_status(r, "SIP/2.0 500 Server Internal Error: no HSS configured");
	ck_assert_uint_eq(fake_hss_count(W->hss), 0);
}
END_TEST

/* A REGISTER is answered once its MAR is: not before. */
START_TEST(test_answer_waits_for_the_hss)
{
	fake_hss_hold(W->hss, true);
	sim_ue_send_register(&UE, UE_CONTACT, 600, false);
	sw_advance(W, 1000);
	ck_assert_uint_eq(W->nout, 0);
	ck_assert_uint_eq(fake_hss_count(W->hss), 1);
	fake_hss_hold(W->hss, false);
	sw_settle(W);
	sw_assert_status(sw_last(W), "SIP/2.0 401 Unauthorized");
}
END_TEST

/* Shutting down with a SAR in flight: 500 at once, nothing stored when
 * the SAA comes afterwards (valgrind: the job is freed then). */
START_TEST(test_shutdown_while_waiting)
{
	take_challenge(ue_register(UE_CONTACT, 600, false));
	fake_hss_hold(W->hss, true);
	sim_ue_send_register(&UE, UE_CONTACT, 600, true);
	ck_assert_uint_eq(W->nout, 0);
	registrar_free(W->reg);
	W->reg = NULL;
	sw_assert_status(sw_last(W), "SIP/2.0 500 Server Internal Error: shutting down");
	fake_hss_hold(W->hss, false);
	sw_settle(W);
	ck_assert_uint_eq(W->nout, 1);
}
END_TEST

/* A MAA that says yes without a vector the registrar can use. */
START_TEST(test_maa_without_vector)
{
	sw_free(W);
	W = sw_new(NULL, false); /* alice unknown: no vector */
	sim_ue_init(&UE, W, "alice", "alice");
	fake_hss_script_mar(W->hss, CX_LOCAL_NONE, false, CX_DIAMETER_SUCCESS);
	assert_status(ue_register(UE_CONTACT, 600, false),
		      "SIP/2.0 403 Forbidden: no usable authentication vector");
}
END_TEST

/* ---- the HSS's failures ---- */

/* One MAA outcome and the answer the UE gets for it. */
static const struct {
	cx_local_t local;
	bool experimental;
	unsigned code;
	const char *line, *retry_after;
} MAA_CASES[] = {
	{CX_LOCAL_NONE, true, CX_ERROR_USER_UNKNOWN, "SIP/2.0 403 Forbidden: unknown user", NULL},
	{CX_LOCAL_NONE, true, CX_ERROR_IDENTITIES_DONT_MATCH,
	 "SIP/2.0 403 Forbidden: identities do not match", NULL},
	{CX_LOCAL_NONE, true, CX_ERROR_AUTH_SCHEME_NOT_SUPPORTED,
	 "SIP/2.0 403 Forbidden: authentication scheme not supported", NULL},
	{CX_LOCAL_NONE, true, CX_ERROR_ROAMING_NOT_ALLOWED,
	 "SIP/2.0 403 Forbidden: roaming not allowed", NULL},
	{CX_LOCAL_NONE, false, CX_DIAMETER_AUTHORIZATION_REJECTED, "SIP/2.0 403 Forbidden", NULL},
	{CX_LOCAL_TIMEOUT, false, 0, "SIP/2.0 500 Server Internal Error: HSS unavailable", "30"},
	{CX_LOCAL_SEND, false, 0, "SIP/2.0 500 Server Internal Error: HSS unavailable", "30"},
	{CX_LOCAL_NONE, false, CX_DIAMETER_UNABLE_TO_DELIVER,
	 "SIP/2.0 500 Server Internal Error: HSS unavailable", "30"},
	{CX_LOCAL_BAD_ANSWER, false, 0, "SIP/2.0 500 Server Internal Error: HSS unavailable",
	 "30"},
};

START_TEST(test_maa_failure)
{
	const char *r;
	char buf[64];

	fake_hss_script_mar(W->hss, MAA_CASES[_i].local, MAA_CASES[_i].experimental,
			    MAA_CASES[_i].code);
	r = ue_register(UE_CONTACT, 600, false);
	assert_status(r, MAA_CASES[_i].line);
	if (MAA_CASES[_i].retry_after != NULL)
		assert_header(r, "Retry-After", MAA_CASES[_i].retry_after);
	else
		ck_assert_ptr_null(sw_header(r, "Retry-After", 0, buf, sizeof(buf)));
	ck_assert_ptr_null(sw_header(r, "WWW-Authenticate", 0, buf, sizeof(buf)));
	ck_assert_uint_eq(fake_hss_count(W->hss), 1); /* the MAR only */
	ck_assert_ptr_null(alice_set());
}
END_TEST

START_TEST(test_unknown_user_404_by_config)
{
	sw_free(W);
	start("[registrar]\nunknown_user = 404\nretry_after = 7\n");
	fake_hss_script_mar(W->hss, CX_LOCAL_NONE, true, CX_ERROR_USER_UNKNOWN);
	assert_status(ue_register(UE_CONTACT, 600, false), "SIP/2.0 404 Not Found");
	fake_hss_script_mar(W->hss, CX_LOCAL_TIMEOUT, false, 0);
	assert_header(ue_register(UE_CONTACT, 600, false), "Retry-After", "7");
}
END_TEST

/* No script: the fake HSS does not know bob. */
START_TEST(test_user_unknown_to_the_hss)
{
	sw_receive(W, "REGISTER sip:open-ims.test SIP/2.0\r\n"
		      "Via: SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK-bob-1\r\n"
		      "Max-Forwards: 70\r\nFrom: <sip:bob@open-ims.test>;tag=b1\r\n"
		      "To: <sip:bob@open-ims.test>\r\nCall-ID: bob-1\r\nCSeq: 1 REGISTER\r\n"
		      "Contact: <sip:bob@127.0.0.1:5070>\r\nContent-Length: 0\r\n\r\n");
	assert_status(sw_last(W), "SIP/2.0 403 Forbidden: unknown user");
	ck_assert_str_eq(fake_hss_last(W->hss, 'M')->impi, "bob@open-ims.test");
}
END_TEST

static const struct {
	cx_local_t local;
	bool experimental;
	unsigned code;
	const char *line, *retry_after;
} SAA_CASES[] = {
	{CX_LOCAL_NONE, true, CX_ERROR_USER_UNKNOWN, "SIP/2.0 403 Forbidden: unknown user", NULL},
	{CX_LOCAL_NONE, true, CX_ERROR_TOO_MUCH_DATA,
	 "SIP/2.0 500 Server Internal Error: user profile too big", NULL},
	{CX_LOCAL_NONE, false, CX_DIAMETER_UNABLE_TO_COMPLY,
	 "SIP/2.0 500 Server Internal Error: HSS unavailable", "30"},
	{CX_LOCAL_TIMEOUT, false, 0, "SIP/2.0 500 Server Internal Error: HSS unavailable", "30"},
	{CX_LOCAL_SHUTDOWN, false, 0, "SIP/2.0 500 Server Internal Error: HSS unavailable", "30"},
};

START_TEST(test_saa_failure)
{
	const char *r;
	char buf[64];

	take_challenge(ue_register(UE_CONTACT, 600, false));
	fake_hss_script_sar(W->hss, SAA_CASES[_i].local, SAA_CASES[_i].experimental,
			    SAA_CASES[_i].code);
	r = ue_register(UE_CONTACT, 600, true);
	assert_status(r, SAA_CASES[_i].line);
	if (SAA_CASES[_i].retry_after != NULL)
		assert_header(r, "Retry-After", SAA_CASES[_i].retry_after);
	else
		ck_assert_ptr_null(sw_header(r, "Retry-After", 0, buf, sizeof(buf)));
	ck_assert_ptr_null(sw_header(r, "Contact", 0, buf, sizeof(buf)));
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_REGISTRATION);
	ck_assert_ptr_null(alice_set()); /* nothing stored without the SAA's yes */
}
END_TEST

START_TEST(test_saa_profile_without_the_impu)
{
	fake_hss_t *h;

	sw_free(W);
	W = sw_new(NULL, false);
	h = W->hss;
	fake_hss_add_user(h, ALICE_IMPI, "open-ims.test", "alice",
			  "<?xml version=\"1.0\"?><IMSSubscription><PrivateID>alice@open-ims.test"
			  "</PrivateID><ServiceProfile><PublicIdentity><Identity>"
			  "sip:someone-else@open-ims.test</Identity></PublicIdentity>"
			  "</ServiceProfile></IMSSubscription>");
	sim_ue_init(&UE, W, "alice", "alice");
	assert_status(register_alice(600), "SIP/2.0 403 Forbidden: identity not in the user profile");
	ck_assert_int_eq(fake_hss_last(h, 'S')->type, CX_SAT_USER_DEREGISTRATION);
	ck_assert_ptr_null(alice_set());
}
END_TEST

START_TEST(test_saa_bad_profile)
{
	sw_free(W);
	W = sw_new(NULL, false);
	fake_hss_add_user(W->hss, ALICE_IMPI, "open-ims.test", "alice", "<IMSSubscription>");
	sim_ue_init(&UE, W, "alice", "alice");
	assert_status(register_alice(600), "SIP/2.0 500 Server Internal Error: bad user profile");
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_DEREGISTRATION_TOO_MUCH_DATA);
	ck_assert_ptr_null(alice_set());
}
END_TEST

/* ---- re-REGISTER, de-REGISTER, expiry ---- */

#define OUTBOUND_CONTACT \
	"<sip:alice@127.0.0.1:5072>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\"" \
	";reg-id=1"

START_TEST(test_reregister)
{
	const char *r;
	char buf[256];

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	sw_advance(W, 100 * 1000);
	assert_header(ue_register(UE_CONTACT, 600, true), "Contact",
		      "<sip:alice@127.0.0.1:5070>;expires=600");
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_RE_REGISTRATION);
	ck_assert_uint_eq(fake_hss_count(W->hss), 3); /* MAR, SAR, SAR: no new challenge */
	/* an outbound contact (reg-id) joins the first */
	r = ue_register(OUTBOUND_CONTACT, 1200, true);
	assert_status(r, "SIP/2.0 200 OK");
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 2);
	ck_assert_uint_eq(alice_set()->nbindings, 2);
	/* a new contact without reg-id replaces the one without (the UE moved) */
	r = ue_register("<sip:alice@127.0.0.1:5074>", 600, true);
	assert_status(r, "SIP/2.0 200 OK");
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 2);
	assert_header(r, "Contact", OUTBOUND_CONTACT ";expires=1200");
	ck_assert_ptr_nonnull(sw_header(r, "Contact", 1, buf, sizeof(buf)));
	ck_assert_str_eq(buf, "<sip:alice@127.0.0.1:5074>;expires=600");
}
END_TEST

START_TEST(test_deregister)
{
	const char *r;
	char buf[64];

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	r = ue_register(UE_CONTACT, 0, true);
	assert_status(r, "SIP/2.0 200 OK");
	ck_assert_ptr_null(sw_header(r, "Contact", 0, buf, sizeof(buf)));
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_USER_DEREGISTRATION);
	ck_assert_ptr_null(alice_set());
}
END_TEST

START_TEST(test_expiry)
{
	const fh_record_t *sar;

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	sw_advance(W, 599 * 1000);
	ck_assert_ptr_nonnull(alice_set());
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_REGISTRATION);
	sw_advance(W, 1000);
	sar = fake_hss_last(W->hss, 'S');
	ck_assert_int_eq(sar->type, CX_SAT_TIMEOUT_DEREGISTRATION);
	ck_assert_str_eq(sar->impi, ALICE_IMPI);
	ck_assert_uint_eq(sar->nimpus, 3); /* every identity of the set, the barred one too */
	ck_assert_ptr_null(alice_set());
	/* the next REGISTER starts over: challenged, then REGISTRATION */
	assert_status(register_alice(600), "SIP/2.0 200 OK");
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_REGISTRATION);
}
END_TEST

START_TEST(test_unanswered_challenge_times_out)
{
	take_challenge(ue_register(UE_CONTACT, 600, false));
	sw_advance(W, 240 * 1000);
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_AUTHENTICATION_TIMEOUT);
	/* the old nonce is no longer accepted: challenged again */
	assert_status(ue_register(UE_CONTACT, 600, true), "SIP/2.0 401 Unauthorized");
}
END_TEST

/* ---- the HSS's requests ---- */

START_TEST(test_rtr_by_impu)
{
	char *impus[] = {(char *)ALICE_IMPU};
	cx_rtr_t rtr = {.user_name = (char *)ALICE_IMPI, .impus = impus, .nimpus = 1,
			.reason_code = CX_REASON_PERMANENT_TERMINATION};
	fh_answer_t a;
	size_t before;

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	before = fake_hss_count(W->hss);
	fake_hss_rtr(W->hss, &rtr, &a);
	sw_settle(W);
	ck_assert(a.answered);
	ck_assert(!a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_DIAMETER_SUCCESS);
	ck_assert_ptr_null(alice_set());
	ck_assert_uint_eq(fake_hss_count(W->hss), before); /* the HSS asked: no SAR */
	ck_assert_uint_eq(registrar_stats(W->reg)->rtr, 1);
	/* once more: nothing left to remove */
	fake_hss_rtr(W->hss, &rtr, &a);
	ck_assert(a.answered);
	ck_assert(a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_ERROR_USER_UNKNOWN);
}
END_TEST

START_TEST(test_rtr_by_impi)
{
	char *assoc[] = {(char *)"alice-2@open-ims.test"};
	cx_rtr_t rtr = {.user_name = (char *)ALICE_IMPI, .assoc = assoc, .nassoc = 1,
			.reason_code = CX_REASON_NEW_SERVER_ASSIGNED};
	fh_answer_t a;

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	assert_status(ue_register(OUTBOUND_CONTACT, 600, true), "SIP/2.0 200 OK");
	ck_assert_uint_eq(alice_set()->nbindings, 2);
	fake_hss_rtr(W->hss, &rtr, &a);
	ck_assert(a.answered);
	ck_assert(!a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_DIAMETER_SUCCESS);
	ck_assert_uint_eq(a.nassoc, 1); /* Associated-Identities echoed */
	ck_assert_ptr_null(alice_set());
	ck_assert_ptr_null(regstore_find_impu(registrar_store(W->reg), "tel:+15551234"));
}
END_TEST

START_TEST(test_rtr_unknown_impi)
{
	cx_rtr_t rtr = {.user_name = (char *)"nobody@open-ims.test",
			.reason_code = CX_REASON_PERMANENT_TERMINATION};
	fh_answer_t a;

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	fake_hss_rtr(W->hss, &rtr, &a);
	ck_assert(a.answered);
	ck_assert(a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_ERROR_USER_UNKNOWN);
	ck_assert_ptr_nonnull(alice_set()); /* alice untouched */
}
END_TEST

START_TEST(test_ppr_replaces_profile)
{
	cx_ppr_t ppr = {.user_name = (char *)ALICE_IMPI, .user_data = (char *)ALICE_BIGGER,
			.user_data_len = sizeof(ALICE_BIGGER) - 1};
	fh_answer_t a;
	const char *r;

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	fake_hss_ppr(W->hss, &ppr, &a);
	ck_assert(a.answered);
	ck_assert(!a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_DIAMETER_SUCCESS);
	ck_assert_uint_eq(registrar_stats(W->reg)->ppr, 1);
	/* the bindings stay; the next 200 OK lists the new identities */
	ck_assert_ptr_nonnull(regstore_find_impu(registrar_store(W->reg),
						 "sip:alice-work@open-ims.test"));
	ck_assert_ptr_null(regstore_find_impu(registrar_store(W->reg), "tel:+15551234"));
	r = ue_register(UE_CONTACT, -1, true);
	assert_status(r, "SIP/2.0 200 OK");
	assert_header(r, "P-Associated-URI",
		      "<sip:alice@open-ims.test>, <sip:alice-work@open-ims.test>");
}
END_TEST

/* The set a PPR replaces carries what the PPR brought: the HSS that sent
 * it, and the SAA's wildcard only while the new profile lists it. */
static const char ALICE_WILD[] =
	"<?xml version=\"1.0\"?><IMSSubscription><PrivateID>alice@open-ims.test</PrivateID>"
	"<ServiceProfile>"
	"<PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>"
	"<PublicIdentity><Identity>sip:alice-!.*!@open-ims.test</Identity></PublicIdentity>"
	"</ServiceProfile></IMSSubscription>";

START_TEST(test_ppr_sets_hss_and_wildcard)
{
	cx_ppr_t ppr = {.user_name = (char *)ALICE_IMPI, .user_data = (char *)ALICE_WILD,
			.user_data_len = sizeof(ALICE_WILD) - 1,
			.origin_host = (char *)"hss2.open-ims.test",
			.origin_realm = (char *)"hss2.test"};
	fh_answer_t a;

	fake_hss_saa_wildcard(W->hss, "sip:alice-!.*!@open-ims.test");
	assert_status(register_alice(600), "SIP/2.0 200 OK");
	ck_assert_str_eq(alice_set()->hss_host, "hss.open-ims.test");
	ck_assert_str_eq(alice_set()->wildcard, "sip:alice-!.*!@open-ims.test");
	/* the new profile still lists the wildcard: kept; the HSS is the PPR's */
	fake_hss_ppr(W->hss, &ppr, &a);
	ck_assert(a.answered);
	ck_assert_uint_eq(a.res.code, CX_DIAMETER_SUCCESS);
	ck_assert_str_eq(alice_set()->hss_host, "hss2.open-ims.test");
	ck_assert_str_eq(alice_set()->hss_realm, "hss2.test");
	ck_assert_str_eq(alice_set()->wildcard, "sip:alice-!.*!@open-ims.test");
	/* a profile without it: the set has no wildcard any more */
	ppr.user_data = (char *)ALICE_BIGGER;
	ppr.user_data_len = sizeof(ALICE_BIGGER) - 1;
	ppr.origin_host = (char *)"hss3.open-ims.test";
	fake_hss_ppr(W->hss, &ppr, &a);
	ck_assert_uint_eq(a.res.code, CX_DIAMETER_SUCCESS);
	ck_assert_str_eq(alice_set()->hss_host, "hss3.open-ims.test");
	ck_assert_ptr_null(alice_set()->wildcard);
}
END_TEST

START_TEST(test_ppr_refused)
{
	cx_ppr_t unknown = {.user_name = (char *)"nobody@open-ims.test",
			    .user_data = (char *)ALICE_BIGGER,
			    .user_data_len = sizeof(ALICE_BIGGER) - 1};
	cx_ppr_t bad = {.user_name = (char *)ALICE_IMPI, .user_data = (char *)"<nope/>",
			.user_data_len = 7};
	fh_answer_t a;

	assert_status(register_alice(600), "SIP/2.0 200 OK");
	fake_hss_ppr(W->hss, &unknown, &a);
	ck_assert(a.answered);
	ck_assert(a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_ERROR_USER_UNKNOWN);
	fake_hss_ppr(W->hss, &bad, &a);
	ck_assert(a.answered);
	ck_assert(a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_ERROR_NOT_SUPPORTED_USER_DATA);
	ck_assert_ptr_nonnull(regstore_find_impu(registrar_store(W->reg), "tel:+15551234"));
}
END_TEST

/* A PPR with new SIP Digest credentials drops the open challenge: its
 * answer is challenged again, with a new MAR. */
START_TEST(test_ppr_new_credentials)
{
	cx_ppr_t ppr = {.user_name = (char *)ALICE_IMPI, .has_auth_item = true};
	fh_answer_t a;

	take_challenge(ue_register(UE_CONTACT, 600, false));
	fake_hss_ppr(W->hss, &ppr, &a);
	ck_assert(a.answered);
	ck_assert(!a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_DIAMETER_SUCCESS);
	assert_status(ue_register(UE_CONTACT, 600, true), "SIP/2.0 401 Unauthorized");
	ck_assert_uint_eq(fake_hss_count(W->hss), 2);
	ck_assert_int_eq(fake_hss_record(W->hss, 0)->kind, 'M');
	ck_assert_int_eq(fake_hss_record(W->hss, 1)->kind, 'M'); /* no SAR */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("registrar");
	TCase *reg = tcase_create("register"), *hss = tcase_create("hss failures");
	TCase *life = tcase_create("life"), *req = tcase_create("hss requests");

	tcase_add_checked_fixture(reg, setup, teardown);
	tcase_add_test(reg, test_first_register_challenged);
	tcase_add_test(reg, test_answered_challenge_registers);
	tcase_add_test(reg, test_max_expires_granted);
	tcase_add_test(reg, test_wrong_password_forbidden);
	tcase_add_test(reg, test_interval_too_brief);
	tcase_add_test(reg, test_no_hss_answers_500);
	tcase_add_test(reg, test_answer_waits_for_the_hss);
	tcase_add_test(reg, test_shutdown_while_waiting);
	tcase_add_test(reg, test_maa_without_vector);
	suite_add_tcase(s, reg);
	tcase_add_checked_fixture(hss, setup, teardown);
	tcase_add_loop_test(hss, test_maa_failure, 0, (int)(sizeof(MAA_CASES) / sizeof(MAA_CASES[0])));
	tcase_add_test(hss, test_unknown_user_404_by_config);
	tcase_add_test(hss, test_user_unknown_to_the_hss);
	tcase_add_loop_test(hss, test_saa_failure, 0, (int)(sizeof(SAA_CASES) / sizeof(SAA_CASES[0])));
	tcase_add_test(hss, test_saa_profile_without_the_impu);
	tcase_add_test(hss, test_saa_bad_profile);
	suite_add_tcase(s, hss);
	tcase_add_checked_fixture(life, setup, teardown);
	tcase_add_test(life, test_reregister);
	tcase_add_test(life, test_deregister);
	tcase_add_test(life, test_expiry);
	tcase_add_test(life, test_unanswered_challenge_times_out);
	suite_add_tcase(s, life);
	tcase_add_checked_fixture(req, setup, teardown);
	tcase_add_test(req, test_rtr_by_impu);
	tcase_add_test(req, test_rtr_by_impi);
	tcase_add_test(req, test_rtr_unknown_impi);
	tcase_add_test(req, test_ppr_replaces_profile);
	tcase_add_test(req, test_ppr_sets_hss_and_wildcard);
	tcase_add_test(req, test_ppr_refused);
	tcase_add_test(req, test_ppr_new_credentials);
	suite_add_tcase(s, req);
	return tu_run(s);
}
