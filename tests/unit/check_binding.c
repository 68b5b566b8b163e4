/*
 * check_binding.c - which binding a REGISTER's Contact names, and whose it
 * is: the registrar whole, through the SIP core, on the fake HSS and the
 * simulated clock.  Contact matching (RFC 3261 §10.3 and §19.1.4, RFC 5626
 * §6-7, RFC 5627): a URI-only Contact removes or refreshes an outbound
 * binding with that URI, an instance without reg-id names its binding, a
 * flow is its instance and reg-id.  Bindings belong to their IMPI (TS
 * 23.228, TS 24.229: a registration per IMPU and IMPI): two IMPIs sharing
 * an IMPU lose exactly their own contacts by RTR, de-REGISTER, expiry and
 * administrative de-registration, each SAR naming that IMPI.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "sim_ue.h"
#include "sip_world.h"
#include "testutil.h"

#define PROFILE(impi, impu)                                                                      \
	"<?xml version=\"1.0\"?><IMSSubscription><PrivateID>" impi "</PrivateID>"               \
	"<ServiceProfile><PublicIdentity><Identity>" impu "</Identity></PublicIdentity>"       \
	"</ServiceProfile></IMSSubscription>"

#define ALICE_IMPU "sip:alice@open-ims.test"
#define BOB_IMPU "sip:bob@open-ims.test"
#define INSTANCE "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\""
#define PLAIN "<sip:alice@127.0.0.1:5070>"
#define FLOW_URI "<sip:alice@127.0.0.1:11071>"
#define FLOW FLOW_URI ";" INSTANCE ";reg-id=1"

static sip_world_t *W;
static sim_ue_t ALICE, BOB, BOB2;

static void setup(void)
{
	W = sw_new(NULL, false);
	fake_hss_add_user(W->hss, "alice@open-ims.test", "open-ims.test", "alice",
			  PROFILE("alice@open-ims.test", ALICE_IMPU));
	fake_hss_add_user(W->hss, "bob@open-ims.test", "open-ims.test", "bob",
			  PROFILE("bob@open-ims.test", BOB_IMPU));
	fake_hss_add_user(W->hss, "bob2@open-ims.test", "open-ims.test", "bob2",
			  PROFILE("bob2@open-ims.test", BOB_IMPU));
	sim_ue_init(&ALICE, W, "alice", "alice");
	sim_ue_init(&BOB, W, "bob", "bob");
	sim_ue_init(&BOB2, W, "bob2", "bob2");
	sim_ue_set_impu(&BOB2, "bob");
}

static void teardown(void)
{
	sw_free(W);
	W = NULL;
}

static rs_set_t *set_of(const char *impu)
{
	return regstore_find_impu(registrar_store(W->reg), impu);
}

static size_t nbindings(const char *impu)
{
	rs_set_t *s = set_of(impu);

	return s != NULL ? s->nbindings : 0;
}

/* A REGISTER answered 200 (challenged first when auth is false). */
static const char *ok(sim_ue_t *ue, const char *contact, int expires, bool auth)
{
	const char *r = auth ? sim_ue_register(ue, contact, expires, true)
			     : sim_ue_register_auth(ue, contact, expires);

	sw_assert_status(r, "SIP/2.0 200 OK");
	return r;
}

/* The n-th Contact value of a response, or "" */
static const char *contact(const char *r, unsigned n)
{
	static char buf[512];

	return sw_header(r, "Contact", n, buf, sizeof(buf)) != NULL ? buf : "";
}

static void alice_with_flow(void)
{
	ok(&ALICE, PLAIN, 600, false);
	ck_assert_uint_eq(sw_header_count(ok(&ALICE, FLOW, 600, true), "Contact"), 2);
	ck_assert_uint_eq(nbindings(ALICE_IMPU), 2);
}

/* ---- contact matching ---- */

START_TEST(test_uri_only_removes_outbound_binding)
{
	const char *r;
	size_t sars;

	alice_with_flow();
	sars = fake_hss_count(W->hss);
	r = ok(&ALICE, FLOW_URI, 0, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	ck_assert_str_eq(contact(r, 0), PLAIN ";expires=600");
	ck_assert_uint_eq(nbindings(ALICE_IMPU), 1);
	ck_assert_str_eq(set_of(ALICE_IMPU)->bindings[0]->uri, "sip:alice@127.0.0.1:5070");
	ck_assert_uint_eq(fake_hss_count(W->hss), sars); /* alice is still registered */
}
END_TEST

START_TEST(test_uri_only_refresh_updates_outbound_binding)
{
	const char *r;
	const rs_binding_t *b;
	char id[64];

	ok(&ALICE, FLOW, 600, false);
	snprintf(id, sizeof(id), "%s", set_of(ALICE_IMPU)->bindings[0]->id);
	sw_advance(W, 100 * 1000);
	r = ok(&ALICE, FLOW_URI, 300, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	ck_assert_str_eq(contact(r, 0), FLOW_URI ";expires=300");
	ck_assert_uint_eq(nbindings(ALICE_IMPU), 1);
	b = set_of(ALICE_IMPU)->bindings[0];
	ck_assert_str_eq(b->id, id); /* the same binding, refreshed */
}
END_TEST

START_TEST(test_instance_without_reg_id)
{
	const char *r;

	ok(&ALICE, "<sip:alice@127.0.0.1:5080>;" INSTANCE, 600, false);
	/* the instance names the binding whatever the URI (RFC 5627) */
	r = ok(&ALICE, "<sip:alice@127.0.0.1:5082>;" INSTANCE, 600, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	ck_assert_str_eq(contact(r, 0), "<sip:alice@127.0.0.1:5082>;" INSTANCE ";expires=600");
	/* and removes it */
	r = ok(&ALICE, "<sip:alice@127.0.0.1:5099>;" INSTANCE, 0, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 0);
	ck_assert_ptr_null(set_of(ALICE_IMPU));
	ck_assert_int_eq(fake_hss_last(W->hss, 'S')->type, CX_SAT_USER_DEREGISTRATION);
}
END_TEST

START_TEST(test_instance_and_uri_name_a_flow)
{
	const char *r;

	alice_with_flow();
	/* the instance without reg-id: no binding of its own, the flow with its URI */
	r = ok(&ALICE, FLOW_URI ";" INSTANCE, 0, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	ck_assert_str_eq(contact(r, 0), PLAIN ";expires=600");
	ck_assert_uint_eq(nbindings(ALICE_IMPU), 1);
}
END_TEST

START_TEST(test_flows_are_instance_and_reg_id)
{
	const char *r;

	ok(&ALICE, FLOW, 600, false);
	/* another reg-id on the same URI is another flow */
	r = ok(&ALICE, FLOW_URI ";" INSTANCE ";reg-id=2", 600, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 2);
	/* a flow's refresh names it whatever the URI */
	r = ok(&ALICE, "<sip:alice@127.0.0.1:11079>;" INSTANCE ";reg-id=1", 900, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 2);
	ck_assert_str_eq(contact(r, 0), "<sip:alice@127.0.0.1:11079>;" INSTANCE ";reg-id=1;expires=900");
	/* the URI alone names every binding with it: reg-id 2 goes */
	r = ok(&ALICE, FLOW_URI, 0, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	ck_assert_uint_eq(nbindings(ALICE_IMPU), 1);
	ck_assert(set_of(ALICE_IMPU)->bindings[0]->reg_id == 1);
}
END_TEST

START_TEST(test_uris_compare_by_rfc3261)
{
	const char *r;

	ok(&ALICE, PLAIN, 600, false);
	/* escaped user, host case, a parameter in one only: the same URI */
	r = ok(&ALICE, "<sip:%61lice@127.0.0.1:5070;foo=bar>", 300, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	ck_assert_uint_eq(nbindings(ALICE_IMPU), 1);
	ck_assert_uint_eq(set_of(ALICE_IMPU)->bindings[0]->expires_at, sim_clock_now(W->clock) + 300 * 1000);
	/* an explicit default port is another URI: it does not remove this one */
	ok(&ALICE, "<sip:alice@127.0.0.1:5070;transport=udp>", 0, true);
	ck_assert_uint_eq(nbindings(ALICE_IMPU), 1);
	r = ok(&ALICE, "<sip:alice@127.0.0.1:5070;lr>", 0, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 0);
	ck_assert_ptr_null(set_of(ALICE_IMPU));
}
END_TEST

/* ---- two IMPIs sharing an IMPU ---- */

static void bob_and_bob2(void)
{
	ok(&BOB, "<sip:bob@127.0.0.1:5071>", 600, false);
	ok(&BOB2, "<sip:bob2@127.0.0.1:5073>", 300, false);
	ck_assert_uint_eq(nbindings(BOB_IMPU), 2);
}

static void assert_only(const char *impi, const char *uri)
{
	rs_set_t *s = set_of(BOB_IMPU);

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->state, RS_SET_REGISTERED);
	ck_assert_uint_eq(s->nbindings, 1);
	ck_assert_str_eq(s->bindings[0]->impi, impi);
	ck_assert_str_eq(s->bindings[0]->uri, uri);
}

static void assert_sar(const fh_record_t *sar, cx_sat_t type, const char *impi)
{
	ck_assert_ptr_nonnull(sar);
	ck_assert_int_eq(sar->type, type);
	ck_assert_str_eq(sar->impi, impi);
	ck_assert_str_eq(sar->impu, BOB_IMPU);
}

START_TEST(test_shared_impu_rtr_names_one_impi)
{
	char *impus[] = {(char *)BOB_IMPU};
	cx_rtr_t rtr = {.user_name = (char *)"bob2@open-ims.test", .impus = impus, .nimpus = 1,
			.reason_code = CX_REASON_PERMANENT_TERMINATION};
	fh_answer_t a;
	size_t before;

	bob_and_bob2();
	before = fake_hss_count(W->hss);
	fake_hss_rtr(W->hss, &rtr, &a);
	sw_settle(W);
	ck_assert(a.answered && !a.res.experimental);
	ck_assert_uint_eq(a.res.code, CX_DIAMETER_SUCCESS);
	assert_only("bob@open-ims.test", "sip:bob@127.0.0.1:5071");
	ck_assert_uint_eq(fake_hss_count(W->hss), before); /* the HSS asked: no SAR */
	/* without Public-Identity, User-Name's bindings wherever they are */
	ok(&BOB2, "<sip:bob2@127.0.0.1:5073>", 300, false);
	rtr.nimpus = 0;
	fake_hss_rtr(W->hss, &rtr, &a);
	assert_only("bob@open-ims.test", "sip:bob@127.0.0.1:5071");
	/* the last IMPI's RTR ends the set */
	rtr.user_name = (char *)"bob@open-ims.test";
	fake_hss_rtr(W->hss, &rtr, &a);
	ck_assert_ptr_null(set_of(BOB_IMPU));
}
END_TEST

START_TEST(test_shared_impu_deregister)
{
	const char *r;

	bob_and_bob2();
	/* Contact: * removes every binding of bob2's, none of bob's */
	r = ok(&BOB2, "*", 0, true);
	ck_assert_uint_eq(sw_header_count(r, "Contact"), 1);
	ck_assert_str_eq(contact(r, 0), "<sip:bob@127.0.0.1:5071>;expires=600");
	assert_only("bob@open-ims.test", "sip:bob@127.0.0.1:5071");
	assert_sar(fake_hss_last(W->hss, 'S'), CX_SAT_USER_DEREGISTRATION, "bob2@open-ims.test");
	/* bob2 naming bob's contact removes nothing of bob's */
	ok(&BOB2, "<sip:bob2@127.0.0.1:5073>", 300, false);
	ok(&BOB2, "<sip:bob@127.0.0.1:5071>", 0, true);
	ck_assert_uint_eq(nbindings(BOB_IMPU), 2);
	ok(&BOB2, "<sip:bob2@127.0.0.1:5073>", 0, true);
	assert_only("bob@open-ims.test", "sip:bob@127.0.0.1:5071");
	ok(&BOB, "<sip:bob@127.0.0.1:5071>", 0, true);
	ck_assert_ptr_null(set_of(BOB_IMPU));
	assert_sar(fake_hss_last(W->hss, 'S'), CX_SAT_USER_DEREGISTRATION, "bob@open-ims.test");
}
END_TEST

START_TEST(test_shared_impu_same_uri_two_bindings)
{
	ok(&BOB, "<sip:bob@127.0.0.1:5071>", 600, false);
	ok(&BOB2, "<sip:bob@127.0.0.1:5071>", 300, false);
	ck_assert_uint_eq(nbindings(BOB_IMPU), 2);
	ok(&BOB2, "<sip:bob@127.0.0.1:5071>", 0, true);
	assert_only("bob@open-ims.test", "sip:bob@127.0.0.1:5071");
}
END_TEST

START_TEST(test_shared_impu_expiry)
{
	bob_and_bob2();
	sw_advance(W, 300 * 1000);
	assert_only("bob@open-ims.test", "sip:bob@127.0.0.1:5071");
	assert_sar(fake_hss_last(W->hss, 'S'), CX_SAT_TIMEOUT_DEREGISTRATION, "bob2@open-ims.test");
	sw_advance(W, 300 * 1000);
	ck_assert_ptr_null(set_of(BOB_IMPU));
	assert_sar(fake_hss_last(W->hss, 'S'), CX_SAT_TIMEOUT_DEREGISTRATION, "bob@open-ims.test");
}
END_TEST

START_TEST(test_shared_impu_admin_deregister)
{
	size_t n;

	bob_and_bob2();
	n = fake_hss_count(W->hss);
	ck_assert_int_eq(registrar_admin_deregister(W->reg, BOB_IMPU), 0);
	ck_assert_ptr_null(set_of(BOB_IMPU));
	ck_assert_uint_eq(fake_hss_count(W->hss), n + 2); /* one SAR per IMPI */
	assert_sar(fake_hss_record(W->hss, n), CX_SAT_ADMINISTRATIVE_DEREGISTRATION,
		   "bob@open-ims.test");
	assert_sar(fake_hss_record(W->hss, n + 1), CX_SAT_ADMINISTRATIVE_DEREGISTRATION,
		   "bob2@open-ims.test");
}
END_TEST

START_TEST(test_shared_impu_admin_deregister_one_impi)
{
	size_t n;

	bob_and_bob2();
	n = fake_hss_count(W->hss);
	ck_assert_int_eq(registrar_remove_impi(W->reg, BOB_IMPU, "bob2@open-ims.test",
					       RE_CAUSE_ADMIN),
			 1);
	assert_only("bob@open-ims.test", "sip:bob@127.0.0.1:5071");
	ck_assert_uint_eq(fake_hss_count(W->hss), n + 1);
	assert_sar(fake_hss_record(W->hss, n), CX_SAT_ADMINISTRATIVE_DEREGISTRATION,
		   "bob2@open-ims.test");
	/* nothing of bob2's left; an IMPI never bound there */
	ck_assert_int_eq(registrar_remove_impi(W->reg, BOB_IMPU, "bob2@open-ims.test",
					       RE_CAUSE_ADMIN),
			 -1);
	ck_assert_int_eq(registrar_remove_impi(W->reg, BOB_IMPU, "alice@open-ims.test",
					       RE_CAUSE_ADMIN),
			 -1);
	ck_assert_int_eq(registrar_remove_impi(W->reg, BOB_IMPU, "bob@open-ims.test",
					       RE_CAUSE_ADMIN),
			 1);
	ck_assert_ptr_null(set_of(BOB_IMPU));
	assert_sar(fake_hss_last(W->hss, 'S'), CX_SAT_ADMINISTRATIVE_DEREGISTRATION,
		   "bob@open-ims.test");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("binding");
	TCase *match = tcase_create("matching"), *shared = tcase_create("shared impu");

	tcase_add_checked_fixture(match, setup, teardown);
	tcase_add_test(match, test_uri_only_removes_outbound_binding);
	tcase_add_test(match, test_uri_only_refresh_updates_outbound_binding);
	tcase_add_test(match, test_instance_without_reg_id);
	tcase_add_test(match, test_instance_and_uri_name_a_flow);
	tcase_add_test(match, test_flows_are_instance_and_reg_id);
	tcase_add_test(match, test_uris_compare_by_rfc3261);
	suite_add_tcase(s, match);
	tcase_add_checked_fixture(shared, setup, teardown);
	tcase_add_test(shared, test_shared_impu_rtr_names_one_impi);
	tcase_add_test(shared, test_shared_impu_deregister);
	tcase_add_test(shared, test_shared_impu_same_uri_two_bindings);
	tcase_add_test(shared, test_shared_impu_expiry);
	tcase_add_test(shared, test_shared_impu_admin_deregister);
	tcase_add_test(shared, test_shared_impu_admin_deregister_one_impi);
	suite_add_tcase(s, shared);
	return tu_run(s);
}
