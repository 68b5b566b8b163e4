/*
 * check_cx.c - the Cx client through real freeDiameter on loopback.
 *
 * The test process is the S-CSCF: it starts freeDiameter's core with a
 * generated configuration, runs a libuv loop with the Cx client, and talks
 * to a real hss-sim process (started here, with its own configuration and
 * the subscribers below) over TCP on 127.0.0.1.  The HSS's RTRs and PPRs
 * are triggered through hss-sim's control socket, from a thread, while the
 * loop runs and answers them; hss-sim reports the answer it got.
 *
 * freeDiameter's core can be started once per process, so the suite runs
 * without fork, its cases in order, and the last one stops the HSS.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "diameter/crypto/aka.h"
#include "diameter/cx/cx_client.h"
#include "diameter/crypto/digest.h"
#include "diameter/crypto/milenage.h"
#include "diameter/userdata/user_data.h"
#include "scscf/base/log.h"
#include "cx_env.h"

#define REALM CX_ENV_REALM
#define HSS_ID CX_ENV_HSS
#define TIMEOUT_MS 2000

/* alice: AKA and SIP Digest; bob: SIP Digest the FHoSS way. */
static const char alice_k[] = "465b5ce8b199b49faa5f0a2ee238a6bc";
static const char alice_op[] = "cdc202d5123e20f62b6d676ac72cb318";

static const char subscribers[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<subscribers>\n"
	" <subscriber impi=\"alice@open-ims.test\" schemes=\"Digest-AKAv1-MD5 SIP-Digest\"\n"
	"   default-scheme=\"Digest-AKAv1-MD5\">\n"
	"  <digest password=\"alicepw\" realm=\"open-ims.test\"/>\n"
	"  <aka k=\"465b5ce8b199b49faa5f0a2ee238a6bc\" op=\"cdc202d5123e20f62b6d676ac72cb318\"\n"
	"       amf=\"b9b9\" sqn=\"000000000020\"/>\n"
	"  <IMSSubscription><PrivateID>alice@open-ims.test</PrivateID><ServiceProfile>\n"
	"   <PublicIdentity><BarringIndication>1</BarringIndication>\n"
	"    <Identity>sip:alice-barred@open-ims.test</Identity></PublicIdentity>\n"
	"   <PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>\n"
	"   <PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>\n"
	"  </ServiceProfile></IMSSubscription>\n"
	" </subscriber>\n"
	" <subscriber impi=\"bob@open-ims.test\" schemes=\"SIP-Digest\" default-scheme=\"SIP-Digest\"\n"
	"   digest-style=\"fhoss\">\n"
	"  <digest password=\"bobpw\" realm=\"open-ims.test\"/>\n"
	"  <IMSSubscription><PrivateID>bob@open-ims.test</PrivateID><ServiceProfile>\n"
	"   <PublicIdentity><Identity>sip:bob@open-ims.test</Identity></PublicIdentity>\n"
	"  </ServiceProfile></IMSSubscription>\n"
	" </subscriber>\n"
	"</subscribers>\n";

static bool up; /* set-up succeeded */

static bool run_until(const volatile bool *flag, unsigned ms)
{
	return cx_env_run_until(flag, ms);
}

struct ctl {
	char reply[8192];
};

static const char *ctl(struct ctl *c, const char *cmd)
{
	return cx_env_ctl(cmd, c->reply, sizeof(c->reply));
}

static void suite_setup(void)
{
	slog_open("check_cx", false, getenv("CX_DEBUG") ? SLOG_DEBUG : SLOG_ERROR);
	cxcrypto_init();
	up = cx_env_start(subscribers, TIMEOUT_MS, getenv("CX_DEBUG") ? "debug" : "warn") == 0;
}

static void suite_teardown(void)
{
	cx_env_stop();
}

/* ---- MAR ---- */

struct maa_result {
	volatile bool done;
	cx_maa_t a;
	uint64_t took_ms;
	uint64_t started;
};

static void on_maa(void *arg, cx_maa_t *a)
{
	struct maa_result *r = arg;

	r->a = *a; /* take everything: the client clears only what is left */
	memset(a, 0, sizeof(*a));
	r->took_ms = uv_now(&cx_env.loop) - r->started;
	r->done = true;
}

static void mar(struct maa_result *r, const char *impi, const char *impu, const char *scheme,
		unsigned items, const uint8_t *resync)
{
	const cx_mar_t req = {.impi = impi, .impu = impu, .scheme = scheme, .items = items,
			      .resync = resync};

	memset(r, 0, sizeof(*r));
	uv_update_time(&cx_env.loop);
	r->started = uv_now(&cx_env.loop);
	ck_assert_int_eq(cx_client_mar(cx_env.cx, &req, on_maa, r), 0);
	ck_assert_msg(run_until(&r->done, TIMEOUT_MS + 3000), "no MAA callback");
}

static void hex_to(const char *hex, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

static void alice_usim(struct aka_usim *u)
{
	uint8_t op[16];

	memset(u, 0, sizeof(*u));
	hex_to(alice_k, u->k, 16);
	hex_to(alice_op, op, 16);
	ck_assert_int_eq(milenage_opc(u->k, op, u->opc), 0);
}

START_TEST(peer_connects)
{
	ck_assert_msg(up, "set-up failed");
	ck_assert(cx_env_wait_peer(true, 1000));
}
END_TEST

START_TEST(mar_digest_fhoss_style)
{
	struct maa_result r;
	char ha1[DIGEST_HEX_SIZE], buf[128];

	mar(&r, "bob@open-ims.test", "sip:bob@open-ims.test", CX_SCHEME_DIGEST, 1, NULL);
	ck_assert_msg(cx_status_ok(&r.a.status), "%s", cx_status_str(&r.a.status, buf, sizeof(buf)));
	ck_assert(!r.a.status.experimental);
	ck_assert_uint_eq(r.a.status.code, 2001);
	ck_assert_uint_eq(r.a.nitems, 1);
	ck_assert_int_eq(r.a.items[0].kind, CX_ITEM_DIGEST);
	ck_assert_str_eq(r.a.items[0].realm, REALM);
	/* FHoSS sends neither: the defaults stand in */
	ck_assert_str_eq(r.a.items[0].qop, "auth");
	ck_assert_str_eq(r.a.items[0].algorithm, "MD5");
	ck_assert_int_eq(digest_ha1("bob@open-ims.test", REALM, "bobpw", ha1), 0);
	ck_assert(digest_equal(r.a.items[0].ha1, ha1));
	ck_assert_str_eq(r.a.origin_host, HSS_ID);
	cx_maa_clear(&r.a);
}
END_TEST

START_TEST(mar_digest_standard)
{
	struct maa_result r;
	char ha1[DIGEST_HEX_SIZE];

	mar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SCHEME_DIGEST, 1, NULL);
	ck_assert(cx_status_ok(&r.a.status));
	ck_assert_uint_eq(r.a.nitems, 1);
	ck_assert_str_eq(r.a.items[0].qop, "auth");
	ck_assert_int_eq(digest_ha1("alice@open-ims.test", REALM, "alicepw", ha1), 0);
	ck_assert(digest_equal(r.a.items[0].ha1, ha1));
	cx_maa_clear(&r.a);
}
END_TEST

START_TEST(mar_aka_vectors_pass_the_usim)
{
	struct maa_result r;
	struct aka_usim u;
	size_t i;

	alice_usim(&u);
	mar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SCHEME_AKA, 3, NULL);
	ck_assert(cx_status_ok(&r.a.status));
	ck_assert_uint_eq(r.a.nitems, 3);
	for (i = 0; i < r.a.nitems; i++) {
		const cx_auth_item_t *it = &r.a.items[i];
		uint8_t ra[32];
		struct aka_usim_answer ans;

		ck_assert_int_eq(it->kind, CX_ITEM_AKA);
		ck_assert_str_eq(it->scheme, CX_SCHEME_AKA);
		if (i > 0)
			ck_assert_uint_gt(it->item_number, r.a.items[i - 1].item_number);
		memcpy(ra, it->rand, 16);
		memcpy(ra + 16, it->autn, 16);
		ck_assert_int_eq(aka_usim_challenge(&u, ra, &ans), AKA_OK);
		ck_assert_uint_eq(it->xres_len, AKA_RES_LEN);
		ck_assert_mem_eq(ans.res, it->xres, it->xres_len);
		ck_assert_mem_eq(ans.ck, it->ck, 16);
		ck_assert_mem_eq(ans.ik, it->ik, 16);
	}
	cx_maa_clear(&r.a);
}
END_TEST

START_TEST(mar_aka_resync)
{
	struct maa_result r;
	struct aka_usim u;
	struct aka_usim_answer ans;
	uint8_t ra[32], resync[CX_RESYNC_LEN];

	/* a USIM that has seen a far higher SQN than the HSS hands out */
	alice_usim(&u);
	u.sqn_ms = 1000000;
	mar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SCHEME_AKA, 1, NULL);
	ck_assert(cx_status_ok(&r.a.status));
	memcpy(ra, r.a.items[0].rand, 16);
	memcpy(ra + 16, r.a.items[0].autn, 16);
	ck_assert_int_eq(aka_usim_challenge(&u, ra, &ans), AKA_ERR_SYNC);
	memcpy(resync, r.a.items[0].rand, 16);
	memcpy(resync + 16, ans.auts, 14);
	cx_maa_clear(&r.a);

	mar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SCHEME_AKA, 1, resync);
	ck_assert(cx_status_ok(&r.a.status));
	ck_assert_uint_eq(r.a.nitems, 1);
	memcpy(ra, r.a.items[0].rand, 16);
	memcpy(ra + 16, r.a.items[0].autn, 16);
	ck_assert_int_eq(aka_usim_challenge(&u, ra, &ans), AKA_OK);
	ck_assert_uint_gt(ans.sqn, 1000000);
	ck_assert_mem_eq(ans.res, r.a.items[0].xres, r.a.items[0].xres_len);
	cx_maa_clear(&r.a);
}
END_TEST

START_TEST(mar_unknown_user)
{
	struct maa_result r;

	mar(&r, "nobody@open-ims.test", "sip:nobody@open-ims.test", CX_SCHEME_AKA, 1, NULL);
	ck_assert_int_eq(r.a.status.local, CX_LOCAL_NONE);
	ck_assert(r.a.status.experimental);
	ck_assert_uint_eq(r.a.status.code, CX_ERROR_USER_UNKNOWN);
	ck_assert_uint_eq(r.a.nitems, 0);
	cx_maa_clear(&r.a);
}
END_TEST

START_TEST(mar_refused_scheme_retried_as_unknown)
{
	struct maa_result r;
	struct ctl c;

	ctl(&c, "history clear");
	/* bob has SIP Digest only: AKA gets 5006, then "Unknown" gets Digest */
	mar(&r, "bob@open-ims.test", "sip:bob@open-ims.test", CX_SCHEME_AKA, 1, NULL);
	ck_assert(cx_status_ok(&r.a.status));
	ck_assert_uint_eq(r.a.nitems, 1);
	ck_assert_int_eq(r.a.items[0].kind, CX_ITEM_DIGEST);
	cx_maa_clear(&r.a);
	ctl(&c, "history");
	ck_assert_msg(strstr(c.reply, "Digest-AKAv1-MD5") != NULL, "%s", c.reply);
	ck_assert_msg(strstr(c.reply, "Unknown") != NULL, "%s", c.reply);
}
END_TEST

/* ---- SAR ---- */

struct saa_result {
	volatile bool done;
	cx_saa_t a;
};

static void on_saa(void *arg, cx_saa_t *a)
{
	struct saa_result *r = arg;

	r->a = *a;
	memset(a, 0, sizeof(*a));
	r->done = true;
}

static void sar(struct saa_result *r, const char *impi, const char *impu, cx_sat_t type,
		bool have_data)
{
	const char *impus[] = {impu};
	const cx_sar_t req = {.impi = impi, .impus = impus, .nimpus = 1, .type = type,
			      .user_data_available = have_data};

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(cx_client_sar(cx_env.cx, &req, on_saa, r), 0);
	ck_assert_msg(run_until(&r->done, TIMEOUT_MS + 3000), "no SAA callback");
}

START_TEST(sar_registration_returns_a_profile)
{
	struct saa_result r;
	const ud_public_identity_t *const *irs;
	const ud_public_identity_t *def;
	ud_subscription_t *ud;
	char err[256], buf[128];
	size_t n;
	struct ctl c;

	sar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SAT_REGISTRATION, false);
	ck_assert_msg(cx_status_ok(&r.a.status), "%s", cx_status_str(&r.a.status, buf, sizeof(buf)));
	ck_assert_ptr_nonnull(r.a.user_data);
	ud = ud_parse(r.a.user_data, r.a.user_data_len, NULL, err, sizeof(err));
	ck_assert_msg(ud != NULL, "%s", err);
	irs = ud_irs(ud, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(irs[2]->identity, "tel:+15551234");
	def = ud_default_impu(ud);
	ck_assert_str_eq(def->identity, "sip:alice@open-ims.test");
	ud_free(ud);
	/* the HSS that answered is the one alice's requests now go to */
	ck_assert_str_eq(cx_client_hss_for(cx_env.cx, "alice@open-ims.test"), HSS_ID);
	cx_saa_clear(&r.a);
	ctl(&c, "list");
	ck_assert_msg(strstr(c.reply, "sip:alice@open-ims.test") != NULL &&
			      strstr(c.reply, "registered") != NULL,
		      "%s", c.reply);

	sar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SAT_RE_REGISTRATION, true);
	ck_assert(cx_status_ok(&r.a.status));
	cx_saa_clear(&r.a);
}
END_TEST

START_TEST(sar_unknown_user)
{
	struct saa_result r;

	sar(&r, "nobody@open-ims.test", "sip:nobody@open-ims.test", CX_SAT_REGISTRATION, false);
	ck_assert(r.a.status.experimental);
	ck_assert_uint_eq(r.a.status.code, CX_ERROR_USER_UNKNOWN);
	ck_assert_ptr_null(r.a.user_data);
	cx_saa_clear(&r.a);
}
END_TEST

/* ---- RTR / PPR ---- */

static struct {
	int calls;
	cx_rtr_t last;
	char impus[512], assoc[512];
	cx_result_t answer;
} rtr_seen;

static void on_rtr(void *arg, cx_incoming_t *in, const cx_rtr_t *r)
{
	size_t i;

	(void)arg;
	rtr_seen.calls++;
	rtr_seen.last.reason_code = r->reason_code;
	rtr_seen.impus[0] = rtr_seen.assoc[0] = '\0';
	for (i = 0; i < r->nimpus; i++) {
		strcat(rtr_seen.impus, r->impus[i]);
		strcat(rtr_seen.impus, " ");
	}
	for (i = 0; i < r->nassoc; i++) {
		strcat(rtr_seen.assoc, r->assoc[i]);
		strcat(rtr_seen.assoc, " ");
	}
	cx_client_answer_rtr(in, &rtr_seen.answer, (const char *const *)r->assoc, r->nassoc);
}

static void expect_rtr(const char *cmd, const char *reply_has)
{
	struct ctl c;

	ctl(&c, cmd);
	ck_assert_msg(strstr(c.reply, reply_has) != NULL, "%s -> %s", cmd, c.reply);
}

START_TEST(rtr_impi_only)
{
	memset(&rtr_seen, 0, sizeof(rtr_seen));
	rtr_seen.answer.code = CX_DIAMETER_SUCCESS;
	cx_client_on_rtr(cx_env.cx, on_rtr, NULL);
	expect_rtr("rtr impi alice@open-ims.test reason 0", "ok Result-Code 2001");
	ck_assert_int_eq(rtr_seen.calls, 1);
	ck_assert_str_eq(rtr_seen.impus, "");
	ck_assert_int_eq(rtr_seen.last.reason_code, CX_REASON_PERMANENT_TERMINATION);
}
END_TEST

START_TEST(rtr_impi_with_associated_identities_echoed)
{
	rtr_seen.calls = 0;
	expect_rtr("rtr impi alice@open-ims.test assoc bob@open-ims.test reason 3",
		   "assoc=bob@open-ims.test");
	ck_assert_int_eq(rtr_seen.calls, 1);
	ck_assert_str_eq(rtr_seen.assoc, "bob@open-ims.test ");
	ck_assert_int_eq(rtr_seen.last.reason_code, CX_REASON_REMOVE_SCSCF);
}
END_TEST

START_TEST(rtr_impu_list)
{
	rtr_seen.calls = 0;
	expect_rtr("rtr impu sip:alice@open-ims.test,tel:+15551234 reason 1 info moved",
		   "ok Result-Code 2001");
	ck_assert_int_eq(rtr_seen.calls, 1);
	ck_assert_str_eq(rtr_seen.impus, "sip:alice@open-ims.test tel:+15551234 ");
	ck_assert_int_eq(rtr_seen.last.reason_code, CX_REASON_NEW_SERVER_ASSIGNED);
}
END_TEST

START_TEST(rtr_unknown_user_answered_so)
{
	rtr_seen.calls = 0;
	rtr_seen.answer.experimental = true;
	rtr_seen.answer.code = CX_ERROR_USER_UNKNOWN;
	expect_rtr("rtr impi bob@open-ims.test reason 0 to " CX_ENV_SCSCF, "Experimental-Result 5001");
	ck_assert_int_eq(rtr_seen.calls, 1);
	rtr_seen.answer.experimental = false;
	rtr_seen.answer.code = CX_DIAMETER_SUCCESS;
}
END_TEST

START_TEST(rtr_malformed_refused_with_failed_avp)
{
	rtr_seen.calls = 0;
	expect_rtr("rtr impi alice@open-ims.test omit Deregistration-Reason", "Result-Code 5005");
	expect_rtr("rtr impi alice@open-ims.test omit User-Name", "Result-Code 5005");
	ck_assert_int_eq(rtr_seen.calls, 0);
}
END_TEST

START_TEST(rtr_without_handler_answered_success)
{
	cx_client_on_rtr(cx_env.cx, NULL, NULL);
	expect_rtr("rtr impi alice@open-ims.test reason 2", "ok Result-Code 2001");
}
END_TEST

static struct {
	int calls;
	bool had_data, had_auth;
	char ha1[65];
} ppr_seen;

static void on_ppr(void *arg, cx_incoming_t *in, const cx_ppr_t *p)
{
	static const cx_result_t ok = {.code = CX_DIAMETER_SUCCESS};

	(void)arg;
	ppr_seen.calls++;
	ppr_seen.had_data = p->user_data != NULL && strstr(p->user_data, "alice") != NULL;
	ppr_seen.had_auth = p->has_auth_item;
	if (p->has_auth_item)
		snprintf(ppr_seen.ha1, sizeof(ppr_seen.ha1), "%s", p->auth_item.ha1);
	cx_client_answer_ppr(in, &ok);
}

START_TEST(ppr_profile_and_password)
{
	char ha1[DIGEST_HEX_SIZE];

	cx_client_on_ppr(cx_env.cx, on_ppr, NULL);
	expect_rtr("ppr alice@open-ims.test", "ok Result-Code 2001");
	ck_assert_int_eq(ppr_seen.calls, 1);
	ck_assert(ppr_seen.had_data);
	expect_rtr("ppr bob@open-ims.test password newbobpw to " CX_ENV_SCSCF, "ok Result-Code 2001");
	ck_assert_int_eq(ppr_seen.calls, 2);
	ck_assert(ppr_seen.had_auth);
	ck_assert_int_eq(digest_ha1("bob@open-ims.test", REALM, "newbobpw", ha1), 0);
	ck_assert(digest_equal(ppr_seen.ha1, ha1));
}
END_TEST

/* Last: the HSS goes away. */
START_TEST(hss_down_fails_within_the_timeout)
{
	struct maa_result r;
	char buf[128];

	cx_env_stop_hss();
	ck_assert_msg(cx_env_wait_peer(false, 15000), "the peer still looks connected");
	mar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SCHEME_AKA, 1, NULL);
	ck_assert_msg(!cx_status_ok(&r.a.status), "%s", cx_status_str(&r.a.status, buf, sizeof(buf)));
	ck_assert_msg(r.a.status.local == CX_LOCAL_TIMEOUT ||
			      (!r.a.status.experimental &&
			       r.a.status.code == CX_DIAMETER_UNABLE_TO_DELIVER),
		      "%s", cx_status_str(&r.a.status, buf, sizeof(buf)));
	ck_assert_uint_le(r.took_ms, TIMEOUT_MS + 500);
	ck_assert_uint_eq(cx_client_pending(cx_env.cx), 0);
	cx_maa_clear(&r.a);
	/* freeDiameter's own 3002 (its Origin-Host is this node) is not taken
	 * for the user's HSS: alice's requests still go to hss-sim */
	ck_assert_str_eq(cx_client_hss_for(cx_env.cx, "alice@open-ims.test"), CX_ENV_HSS);
}
END_TEST

START_TEST(hss_back_serves_the_same_users)
{
	struct maa_result r;
	char buf[128];

	ck_assert_int_eq(cx_env_start_hss(), 0);
	ck_assert_msg(cx_env_wait_peer(true, 30000), "hss-sim did not come back");
	mar(&r, "alice@open-ims.test", "sip:alice@open-ims.test", CX_SCHEME_AKA, 1, NULL);
	ck_assert_msg(cx_status_ok(&r.a.status), "%s", cx_status_str(&r.a.status, buf, sizeof(buf)));
	ck_assert_str_eq(cx_client_hss_for(cx_env.cx, "alice@open-ims.test"), CX_ENV_HSS);
	cx_maa_clear(&r.a);
}
END_TEST

/* What the outcomes above left in the tally (scscfctl stats, /metrics). */
static uint64_t tally_count;

static void find_row(void *arg, const cx_tally_row_t *row)
{
	const char *want = arg; /* "CMD/REASON/RESULT" */
	char key[96];

	snprintf(key, sizeof(key), "%s/%d/%s", cx_tally_cmd_name(row->cmd), row->reason,
		 row->result);
	if (strcmp(key, want) == 0)
		tally_count = row->count;
}

static uint64_t tallied(const char *key)
{
	tally_count = 0;
	cx_tally_each(cx_client_tally(cx_env.cx), find_row, (void *)key);
	return tally_count;
}

START_TEST(outcomes_are_tallied)
{
	ck_assert_uint_ge(tallied("MAR/-1/DIAMETER_SUCCESS"), 5);
	ck_assert_uint_eq(tallied("MAR/-1/DIAMETER_ERROR_USER_UNKNOWN"), 1);
	ck_assert_uint_eq(tallied("SAR/-1/DIAMETER_ERROR_USER_UNKNOWN"), 1);
	/* rtr_impi_only, _with_associated_identities_echoed, _impu_list and
	 * _without_handler succeed; rtr_unknown_user_answered_so does not */
	ck_assert_uint_eq(tallied("RTR/0/DIAMETER_SUCCESS") + tallied("RTR/1/DIAMETER_SUCCESS") +
				  tallied("RTR/2/DIAMETER_SUCCESS") +
				  tallied("RTR/3/DIAMETER_SUCCESS"),
			  4);
	ck_assert_uint_eq(tallied("RTR/0/DIAMETER_ERROR_USER_UNKNOWN"), 1);
	ck_assert_uint_eq(tallied("RTR/-1/DIAMETER_MISSING_AVP") +
				  tallied("RTR/-1/DIAMETER_INVALID_AVP_VALUE"),
			  2);
	ck_assert_uint_eq(tallied("PPR/-1/DIAMETER_SUCCESS"), 2);
	ck_assert_uint_eq(tallied("MAR/-1/timeout") + tallied("MAR/-1/DIAMETER_UNABLE_TO_DELIVER"),
			  1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cx");
	TCase *tc = tcase_create("loopback");
	SRunner *sr;
	int failed;

	signal(SIGPIPE, SIG_IGN);
	tcase_add_unchecked_fixture(tc, suite_setup, suite_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, peer_connects);
	tcase_add_test(tc, mar_digest_fhoss_style);
	tcase_add_test(tc, mar_digest_standard);
	tcase_add_test(tc, mar_aka_vectors_pass_the_usim);
	tcase_add_test(tc, mar_aka_resync);
	tcase_add_test(tc, mar_unknown_user);
	tcase_add_test(tc, mar_refused_scheme_retried_as_unknown);
	tcase_add_test(tc, sar_registration_returns_a_profile);
	tcase_add_test(tc, sar_unknown_user);
	tcase_add_test(tc, rtr_impi_only);
	tcase_add_test(tc, rtr_impi_with_associated_identities_echoed);
	tcase_add_test(tc, rtr_impu_list);
	tcase_add_test(tc, rtr_unknown_user_answered_so);
	tcase_add_test(tc, rtr_malformed_refused_with_failed_avp);
	tcase_add_test(tc, rtr_without_handler_answered_success);
	tcase_add_test(tc, ppr_profile_and_password);
	tcase_add_test(tc, hss_down_fails_within_the_timeout);
	tcase_add_test(tc, hss_back_serves_the_same_users);
	tcase_add_test(tc, outcomes_are_tallied);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK); /* one freeDiameter core per process */
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
