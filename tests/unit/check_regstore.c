/*
 * check_regstore.c - the registration store: sets and their identities,
 * bindings and their keys, limits, expiry on the store's own clock, the
 * events (order, causes, what is readable during them), the three indexes
 * through every change, and every allocation failure leaving the store as
 * it was (allocations are counted and failed through ld's --wrap).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/userdata/user_data.h"
#include "scscf/store/regstore.h"
#include "scscf/store/rs_uri.h"
#include "testutil.h"

/* ---- allocation failures ---------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long fail_at = -1; /* the allocation (counted from 0) that fails */
static long nallocs;

static bool fail_now(void)
{
	return fail_at >= 0 && nallocs++ == fail_at;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

static void arm(long k)
{
	nallocs = 0;
	fail_at = k;
}

/* Disarm; true when the armed failure happened. */
static bool disarm(void)
{
	bool failed = fail_at >= 0 && nallocs > fail_at;

	fail_at = -1;
	return failed;
}

/* ---- profiles ---------------------------------------------------------- */

#define DOC(priv, ids)                                                                     \
	"<IMSSubscription><PrivateID>" priv "</PrivateID><ServiceProfile>" ids              \
	"</ServiceProfile></IMSSubscription>"
#define PUI(id) "<PublicIdentity><Identity>" id "</Identity></PublicIdentity>"
#define BARRED(id)                                                                         \
	"<PublicIdentity><BarringIndication>1</BarringIndication><Identity>" id            \
	"</Identity></PublicIdentity>"

#define ALICE "sip:alice@ims.test"
#define ALICE_TEL "tel:+15550001"
#define ALICE_BARRED "sip:alice-barred@ims.test"
#define ALICE_WILD "sip:alice-dev!.*!@ims.test"
#define ALICE_DOC                                                                          \
	DOC("alice@ims.test", BARRED(ALICE_BARRED) PUI(ALICE) PUI(ALICE_TEL) PUI(ALICE_WILD))

#define BOB "sip:bob@ims.test"
#define BOB_DOC DOC("bob@ims.test", PUI(BOB) PUI("tel:+15550002"))

static ud_subscription_t *profile(const char *doc)
{
	char err[256];
	ud_subscription_t *p = ud_parse(doc, strlen(doc), NULL, err, sizeof(err));

	ck_assert_msg(p != NULL, "%s", err);
	return p;
}

static rs_set_t *put(regstore_t *s, const char *impi, const char *impu, const char *doc)
{
	rs_set_t *set = NULL;

	ck_assert_int_le(regstore_put_profile(s, impi, impu, profile(doc), doc, strlen(doc),
					      "hss.ims.test", "ims.test", NULL, &set),
			 RS_PROFILE_REPLACED);
	ck_assert_ptr_nonnull(set);
	return set;
}

/* ---- contacts ---------------------------------------------------------- */

static char p_inst[] = "+sip.instance", v_inst[] = "\"<urn:gsma:imei:35209900-176148-0>\"";
static char p_regid[] = "reg-id", v_regid[] = "1";
static char p_smsip[] = "+g.3gpp.smsip";
static rs_param_t params[] = {{p_inst, v_inst}, {p_regid, v_regid}, {p_smsip, NULL}};
static const char *const path[] = {"<sip:term@pcscf.ims.test;lr>", "<sip:edge.ims.test;lr;ob>"};

static rs_contact_info_t contact(const char *key, uint32_t expires)
{
	rs_contact_info_t c;

	memset(&c, 0, sizeof(c));
	c.key = key;
	c.uri = "sip:alice@192.0.2.10:5060;transport=tcp";
	c.params = params;
	c.nparams = 3;
	c.instance = "\"<urn:gsma:imei:35209900-176148-0>\""; /* equal, not the same pointer */
	c.has_reg_id = true;
	c.reg_id = 1;
	c.callid = "call-1@192.0.2.10";
	c.cseq = 10;
	c.path = path;
	c.npath = 2;
	c.impi = "alice@ims.test";
	c.expires = expires;
	c.transport = 1;
	c.conn_id = 77;
	return c;
}

static rs_binding_t *bind_ok(regstore_t *s, rs_set_t *set, const rs_contact_info_t *c,
			     uint64_t now, rs_bind_result_t want)
{
	rs_binding_t *b = NULL;

	ck_assert_int_eq(regstore_bind(s, set, c, now, &b), want);
	ck_assert_ptr_nonnull(b);
	return b;
}

/* ---- events ------------------------------------------------------------ */

typedef struct {
	rs_event_kind_t kind;
	re_cause_t cause;
	char set_id[32], key[64], bid[32], uri[96];
	uint64_t prev, expires_at;
	char added[256], removed[256];
	bool set_found, impu_found, binding_found, binding_in_set;
	rs_set_state_t state;
	size_t set_nbindings, store_nbindings, nimpus;
} ev_t;

static regstore_t *S;
static ev_t evs[32];
static size_t nev;
static int order[8], norder;

static void join(char *out, size_t size, const char *const *v, size_t n)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "," : "", v[i]);
}

/* Records the event and what the store shows while it runs.  No
 * allocation and no ck_assert (Check allocates to report a passing
 * assertion): the fault injection counts every malloc. */
static void record(void *arg, const rs_event_t *e)
{
	ev_t *r = &evs[nev < 32 ? nev++ : 31];
	const rs_set_t *set = e->set;

	(void)arg;
	memset(r, 0, sizeof(*r));
	r->kind = e->kind;
	r->cause = e->cause;
	snprintf(r->set_id, sizeof(r->set_id), "%s", set->id);
	r->set_found = regstore_find_set(S, set->id) == set;
	r->impu_found = regstore_find_impu(S, set->profile->irs[0]->identity) == set;
	r->state = set->state;
	r->set_nbindings = set->nbindings;
	r->store_nbindings = regstore_nbindings(S);
	r->nimpus = regstore_nimpus(S);
	if (e->binding != NULL) {
		const rs_binding_t *b = e->binding;

		snprintf(r->key, sizeof(r->key), "%s", b->key);
		snprintf(r->bid, sizeof(r->bid), "%s", b->id);
		snprintf(r->uri, sizeof(r->uri), "%s", b->uri ? b->uri : "");
		r->binding_found = regstore_find_binding(set, b->key) == b;
		r->expires_at = b->expires_at;
		r->binding_in_set = b->set == set;
	}
	r->prev = e->previous_expires_at;
	join(r->added, sizeof(r->added), e->added, e->nadded);
	join(r->removed, sizeof(r->removed), e->removed, e->nremoved);
}

static void second_listener(void *arg, const rs_event_t *e)
{
	(void)e;
	if (norder < 8)
		order[norder++] = *(int *)arg;
}

static void setup(void)
{
	regstore_limits_t lim = {.max_bindings = 3, .evict_oldest = false};

	S = regstore_new(&lim);
	ck_assert_ptr_nonnull(S);
	ck_assert_int_eq(regstore_listen(S, record, NULL), 0);
	nev = 0;
	norder = 0;
}

static void teardown(void)
{
	regstore_free(S);
	S = NULL;
}

static void expect_ev(size_t i, rs_event_kind_t kind, re_cause_t cause)
{
	ck_assert_msg(i < nev, "event %zu missing (%zu events)", i, nev);
	ck_assert(evs[i].kind > RS_EV_BINDING_REMOVED || evs[i].binding_in_set);
	ck_assert_int_eq(evs[i].kind, kind);
	ck_assert_msg(evs[i].cause == cause, "event %zu: cause %s, want %s", i,
		      re_cause_name(evs[i].cause), re_cause_name(cause));
}

static bool is_hex16(const char *id)
{
	return strlen(id) == 16 && strspn(id, "0123456789abcdef") == 16;
}

/* ---- sets and identities ------------------------------------------------ */

START_TEST(new_set_is_unregistered_and_indexed)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC), *out[4];

	ck_assert_uint_eq(nev, 0); /* no event until its first binding */
	ck_assert_int_eq(set->state, RS_SET_UNREGISTERED);
	ck_assert_str_eq(set->impi, "alice@ims.test");
	ck_assert_str_eq(set->hss_host, "hss.ims.test");
	ck_assert_str_eq(set->hss_realm, "ims.test");
	ck_assert_ptr_null(set->wildcard);
	ck_assert_uint_eq(set->user_data_len, strlen(ALICE_DOC));
	ck_assert_str_eq(set->user_data, ALICE_DOC);
	ck_assert(is_hex16(set->id));
	ck_assert_uint_eq(regstore_nsets(S), 1);
	ck_assert_uint_eq(regstore_nimpus(S), 4);
	ck_assert_uint_eq(regstore_nbindings(S), 0);
	/* distinct, tel, barred (a barred IMPU may still REGISTER), the
	 * wildcard's own string, and a URI the wildcard matches */
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE), set);
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE_TEL), set);
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE_BARRED), set);
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE_WILD), set);
	ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice-dev42@ims.test"), set);
	ck_assert_ptr_null(regstore_find_impu(S, "sip:alice-dev42@other.test"));
	ck_assert_ptr_null(regstore_find_impu(S, "sip:ALICE@ims.test"));
	ck_assert_ptr_null(regstore_find_impu(S, NULL));
	ck_assert_ptr_eq(regstore_find_set(S, set->id), set);
	ck_assert_ptr_null(regstore_find_set(S, "0000000000000000"));
	ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", out, 4), 1);
	ck_assert_ptr_eq(out[0], set);
	ck_assert_uint_eq(regstore_find_impi(S, "bob@ims.test", out, 4), 0);
}
END_TEST

START_TEST(set_id_is_stable)
{
	regstore_t *other = regstore_new(NULL);
	rs_set_t *a = put(S, "alice@ims.test", ALICE_TEL, ALICE_DOC);
	rs_set_t *b = put(other, "alice@ims.test", ALICE, ALICE_DOC);
	rs_set_t *c;

	/* same IMPI and default IMPU: same id, whichever IMPU registered */
	ck_assert_str_eq(a->id, b->id);
	regstore_drop_set(other, b, RE_CAUSE_ADMIN);
	c = put(other, "alice2@ims.test", ALICE, ALICE_DOC);
	ck_assert_str_ne(a->id, c->id);
	regstore_free(other);
}
END_TEST

START_TEST(put_profile_refusals)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);

	put(S, "bob@ims.test", BOB, BOB_DOC);
	/* impu not in the profile */
	ck_assert_int_eq(regstore_put_profile(S, "bob@ims.test", "sip:carol@ims.test",
					      profile(BOB_DOC), NULL, 0, NULL, NULL, NULL, NULL),
			 RS_PROFILE_NOT_LISTED);
	ck_assert_int_eq(
	    regstore_put_profile(S, "x", NULL, profile(BOB_DOC), NULL, 0, NULL, NULL, NULL, NULL),
	    RS_PROFILE_NOT_LISTED);
	/* identities of two different sets */
	ck_assert_int_eq(regstore_put_profile(
			     S, "bob@ims.test", BOB,
			     profile(DOC("bob@ims.test", PUI(BOB) PUI(ALICE_TEL))), NULL, 0, NULL,
			     NULL, NULL, NULL),
			 RS_PROFILE_CONFLICT);
	ck_assert_uint_eq(regstore_nsets(S), 2);
	ck_assert_uint_eq(regstore_nimpus(S), 6);
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE_TEL), set);
	ck_assert_uint_eq(nev, 0);
}
END_TEST

START_TEST(distinct_identity_beats_wildcard)
{
	rs_set_t *a = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_set_t *dev;

	ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice-dev1@ims.test"), a);
	/* an identity the wildcard covers, provisioned as its own set: a new
	 * set, not a replacement of alice's */
	dev = put(S, "dev1@ims.test", "sip:alice-dev1@ims.test",
		  DOC("dev1@ims.test", PUI("sip:alice-dev1@ims.test")));
	ck_assert_ptr_ne(dev, a);
	ck_assert_uint_eq(regstore_nsets(S), 2);
	ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice-dev1@ims.test"), dev);
	ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice-dev2@ims.test"), a);
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE_WILD), a);
	ck_assert_uint_eq(nev, 0);
}
END_TEST

START_TEST(find_by_impi)
{
	rs_set_t *a = put(S, "alice@ims.test", ALICE, ALICE_DOC), *out[4];
	rs_set_t *b = put(S, "alice@ims.test", "sip:alice.work@ims.test",
			  DOC("alice@ims.test", PUI("sip:alice.work@ims.test")));
	rs_contact_info_t c = contact("k1", 600);
	rs_binding_t *b1, *b2;

	ck_assert_ptr_ne(a, b);
	ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", out, 4), 2);
	ck_assert(out[0] == a && out[1] == b);
	ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", out, 1), 2); /* fills 1 */
	ck_assert_ptr_eq(out[0], a);
	/* a second IMPI sharing the set (shared IMPUs) finds it once it binds */
	b1 = bind_ok(S, a, &c, 0, RS_OK_CREATED);
	ck_assert_ptr_eq(b1->impi, a->impi); /* shared, not copied */
	c.key = "k2";
	c.impi = "alice-tablet@ims.test";
	b2 = bind_ok(S, a, &c, 0, RS_OK_CREATED);
	ck_assert_str_eq(b2->impi, "alice-tablet@ims.test");
	c.key = "k3";
	bind_ok(S, a, &c, 0, RS_OK_CREATED);
	ck_assert_uint_eq(regstore_find_impi(S, "alice-tablet@ims.test", out, 4), 1);
	ck_assert_ptr_eq(out[0], a);
	regstore_unbind(S, b2, RE_CAUSE_UE_DEREGISTER, false);
	ck_assert_uint_eq(regstore_find_impi(S, "alice-tablet@ims.test", out, 4), 1); /* k3 */
	regstore_unbind(S, regstore_find_binding(a, "k3"), RE_CAUSE_UE_DEREGISTER, false);
	ck_assert_uint_eq(regstore_find_impi(S, "alice-tablet@ims.test", out, 4), 0);
	/* a refresh that changes the IMPI moves the entry */
	c.key = "k1";
	bind_ok(S, a, &c, 0, RS_OK_REFRESHED);
	ck_assert_uint_eq(regstore_find_impi(S, "alice-tablet@ims.test", out, 4), 1);
	ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", out, 4), 2); /* the set's own */
	regstore_drop_set(S, a, RE_CAUSE_ADMIN);
	ck_assert_uint_eq(regstore_find_impi(S, "alice-tablet@ims.test", out, 4), 0);
	ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", out, 4), 1);
	ck_assert_ptr_eq(out[0], b);
}
END_TEST

/* ---- bindings ------------------------------------------------------------- */

START_TEST(first_binding_events_and_fields)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c = contact("<urn:gsma:imei:35209900-176148-0>;1", 600);
	int one = 1, two = 2;
	rs_binding_t *b;

	ck_assert_int_eq(regstore_listen(S, second_listener, &one), 0);
	ck_assert_int_eq(regstore_listen(S, second_listener, &two), 0);
	c.pub_gruu = "sip:alice@ims.test;gr=urn:uuid:1";
	b = bind_ok(S, set, &c, 5000, RS_OK_CREATED);
	ck_assert_uint_eq(nev, 2);
	expect_ev(0, RS_EV_SET_ADDED, RE_CAUSE_REGISTERED);
	expect_ev(1, RS_EV_BINDING_ADDED, RE_CAUSE_REGISTERED);
	ck_assert(evs[0].set_found && evs[0].state == RS_SET_REGISTERED);
	ck_assert_uint_eq(evs[0].set_nbindings, 1);
	ck_assert(evs[1].binding_found);
	ck_assert_str_eq(evs[1].bid, b->id);
	ck_assert_int_eq(norder, 4); /* each listener, in the order added */
	ck_assert(order[0] == 1 && order[1] == 2 && order[2] == 1 && order[3] == 2);

	ck_assert_int_eq(set->state, RS_SET_REGISTERED);
	ck_assert_uint_eq(set->nbindings, 1);
	ck_assert_ptr_eq(set->bindings[0], b);
	ck_assert_ptr_eq(b->set, set);
	ck_assert(is_hex16(b->id));
	ck_assert_str_eq(b->key, c.key);
	ck_assert_str_eq(b->uri, c.uri);
	ck_assert_ptr_null(b->display_name);
	ck_assert_ptr_null(b->q);
	ck_assert_ptr_null(b->user_agent);
	ck_assert_ptr_null(b->temp_gruu);
	ck_assert_str_eq(b->pub_gruu, c.pub_gruu);
	ck_assert_uint_eq(b->nparams, 3);
	ck_assert_str_eq(b->params[0].name, "+sip.instance");
	ck_assert_str_eq(b->params[1].value, "1");
	ck_assert_ptr_null(b->params[2].value);
	ck_assert_ptr_ne(b->params, params); /* copied */
	ck_assert_str_eq(b->instance, c.instance);
	ck_assert(b->has_reg_id && b->reg_id == 1);
	ck_assert_uint_eq(b->npath, 2);
	ck_assert_str_eq(b->path[1], path[1]);
	ck_assert_str_eq(b->callid, c.callid);
	ck_assert_uint_eq(b->cseq, 10);
	ck_assert_uint_eq(b->temp_gruu_first_cseq, 10);
	ck_assert_int_eq(b->transport, 1);
	ck_assert_uint_eq(b->conn_id, 77);
	ck_assert_uint_eq(b->registered_at, 5000);
	ck_assert_uint_eq(b->expires_at, 605000);
	ck_assert_uint_eq(regstore_next_expiry(S), 605000);
	ck_assert_uint_eq(regstore_nbindings(S), 1);
	ck_assert_ptr_eq(regstore_find_binding(set, c.key), b);
	ck_assert_ptr_null(regstore_find_binding(set, "other"));
}
END_TEST

START_TEST(null_optional_fields)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c;
	rs_binding_t *b;

	memset(&c, 0, sizeof(c));
	c.key = "bare";
	c.expires = 1;
	b = bind_ok(S, set, &c, 0, RS_OK_CREATED);
	ck_assert(b->uri == NULL && b->params == NULL && b->path == NULL && b->callid == NULL);
	ck_assert_ptr_eq(b->impi, set->impi); /* no IMPI given: the set's */
	ck_assert_uint_eq(regstore_expire(S, 1000), 1);
	/* a set without user data or HSS names */
	set = NULL;
	ck_assert_int_eq(regstore_put_profile(S, "bob@ims.test", BOB, profile(BOB_DOC), NULL, 0,
					      NULL, NULL, "sip:bob!.*!@ims.test", &set),
			 RS_PROFILE_CREATED);
	ck_assert_ptr_nonnull(set);
	ck_assert(set->user_data == NULL && set->user_data_len == 0 && set->hss_host == NULL);
	ck_assert_str_eq(set->wildcard, "sip:bob!.*!@ims.test");
	/* no key */
	c.key = "";
	ck_assert_int_eq(regstore_bind(S, set, &c, 0, NULL), RS_ERR_INVALID);
	c.key = NULL;
	ck_assert_int_eq(regstore_bind(S, set, &c, 0, NULL), RS_ERR_INVALID);
	c.key = "k";
	ck_assert_int_eq(regstore_bind(S, NULL, &c, 0, NULL), RS_ERR_INVALID);
	ck_assert_int_eq(regstore_bind(S, set, NULL, 0, NULL), RS_ERR_INVALID);
	ck_assert_uint_eq(set->nbindings, 0);
	/* nothing to act on: nothing happens */
	nev = 0;
	regstore_unbind(S, NULL, RE_CAUSE_ADMIN, false);
	regstore_shorten(S, NULL, 0);
	regstore_drop_set(S, NULL, RE_CAUSE_ADMIN);
	ck_assert_ptr_null(regstore_find_binding(NULL, "k"));
	ck_assert_ptr_null(regstore_find_binding(set, NULL));
	ck_assert_ptr_null(regstore_find_set(S, NULL));
	ck_assert_uint_eq(regstore_find_impi(S, NULL, NULL, 0), 0);
	ck_assert_uint_eq(regstore_nsets(S), 1);
	ck_assert_uint_eq(nev, 0);
}
END_TEST

START_TEST(refresh_keeps_id_and_registered_at)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c = contact("k", 600);
	static const char *const path2[] = {"<sip:other-pcscf.ims.test;lr>"};
	rs_binding_t *b = bind_ok(S, set, &c, 1000, RS_OK_CREATED), *b2;
	char id[32];

	snprintf(id, sizeof(id), "%s", b->id);
	c.temp_gruu = "sip:tgruu.1@ims.test;gr";
	bind_ok(S, set, &c, 1000, RS_OK_REFRESHED);
	nev = 0;
	c.uri = "sip:alice@192.0.2.99:5060";
	c.nparams = 1;
	c.instance = NULL;
	c.path = path2;
	c.npath = 1;
	c.cseq = 11;
	c.callid = "call-2";
	c.temp_gruu = "sip:tgruu.2@ims.test;gr";
	b2 = bind_ok(S, set, &c, 20000, RS_OK_REFRESHED);
	ck_assert_ptr_eq(b2, b);
	ck_assert_uint_eq(set->nbindings, 1);
	ck_assert_str_eq(b->id, id);
	ck_assert_uint_eq(b->registered_at, 1000);
	ck_assert_uint_eq(b->temp_gruu_first_cseq, 10);
	ck_assert_uint_eq(b->cseq, 11);
	ck_assert_str_eq(b->uri, "sip:alice@192.0.2.99:5060");
	ck_assert_str_eq(b->callid, "call-2");
	ck_assert_str_eq(b->temp_gruu, "sip:tgruu.2@ims.test;gr");
	ck_assert_ptr_null(b->instance);
	ck_assert_uint_eq(b->nparams, 1);
	ck_assert_uint_eq(b->npath, 1);
	ck_assert_str_eq(b->path[0], path2[0]);
	ck_assert_uint_eq(b->expires_at, 620000);
	ck_assert_uint_eq(regstore_next_expiry(S), 620000);
	ck_assert_uint_eq(nev, 1);
	expect_ev(0, RS_EV_BINDING_UPDATED, RE_CAUSE_REFRESHED);
	ck_assert_uint_eq(evs[0].prev, 601000);
	ck_assert_uint_eq(evs[0].expires_at, 620000);
	ck_assert_str_eq(evs[0].uri, "sip:alice@192.0.2.99:5060"); /* already the new data */
	/* an earlier expiry than before: REAUTH */
	c.expires = 60;
	bind_ok(S, set, &c, 30000, RS_OK_REFRESHED);
	expect_ev(1, RS_EV_BINDING_UPDATED, RE_CAUSE_REAUTH);
	ck_assert_uint_eq(evs[1].prev, 620000);
	ck_assert_uint_eq(regstore_next_expiry(S), 90000);
	ck_assert_uint_eq(nev, 2);
}
END_TEST

START_TEST(keys_and_binding_ids)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c1 = contact("inst-A;1", 600), c2 = contact("inst-A;2", 600);
	rs_binding_t *a = bind_ok(S, set, &c1, 0, RS_OK_CREATED);
	rs_binding_t *b = bind_ok(S, set, &c2, 0, RS_OK_CREATED);
	char first_id[32];

	ck_assert_ptr_ne(a, b);
	ck_assert_str_ne(a->id, b->id);
	ck_assert_uint_eq(set->nbindings, 2);
	ck_assert_ptr_eq(set->bindings[0], a); /* creation order */
	ck_assert_ptr_eq(set->bindings[1], b);
	ck_assert_ptr_eq(bind_ok(S, set, &c1, 0, RS_OK_REFRESHED), a);
	snprintf(first_id, sizeof(first_id), "%s", a->id);
	/* the key comes back after its binding went: a new id */
	regstore_unbind(S, a, RE_CAUSE_UE_DEREGISTER, false);
	a = bind_ok(S, set, &c1, 0, RS_OK_CREATED);
	ck_assert_str_ne(a->id, first_id);
	ck_assert_str_ne(a->id, b->id);
	ck_assert_ptr_eq(set->bindings[1], a);
}
END_TEST

START_TEST(binding_ids_are_stable)
{
	regstore_t *other = regstore_new(NULL);
	rs_set_t *s1 = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_set_t *s2 = put(other, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c = contact("k", 600);
	rs_binding_t *b1 = bind_ok(S, s1, &c, 0, RS_OK_CREATED);
	rs_binding_t *b2 = bind_ok(other, s2, &c, 999, RS_OK_CREATED);

	ck_assert_str_eq(b1->id, b2->id); /* same data, same order: same id */
	regstore_free(other);
}
END_TEST

START_TEST(limit_refuses)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c = contact("k1", 600);
	rs_binding_t dummy, *out = &dummy;

	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	c.key = "k2";
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	c.key = "k3";
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	nev = 0;
	c.key = "k4";
	ck_assert_int_eq(regstore_bind(S, set, &c, 0, &out), RS_ERR_LIMIT);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(nev, 0);
	ck_assert_uint_eq(set->nbindings, 3);
	ck_assert_uint_eq(regstore_nbindings(S), 3);
	/* refreshing at the limit is fine */
	c.key = "k2";
	bind_ok(S, set, &c, 0, RS_OK_REFRESHED);
}
END_TEST

START_TEST(limit_evicts_oldest)
{
	regstore_limits_t lim = {.max_bindings = 2, .evict_oldest = true};
	rs_contact_info_t c = contact("k1", 600);
	rs_binding_t *k1, *k2, *k3;
	rs_set_t *set;

	regstore_free(S);
	S = regstore_new(&lim);
	regstore_listen(S, record, NULL);
	set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	k1 = bind_ok(S, set, &c, 0, RS_OK_CREATED);
	c.key = "k2";
	k2 = bind_ok(S, set, &c, 100, RS_OK_CREATED);
	nev = 0;
	c.key = "k3";
	c.uri = "sip:new@192.0.2.3";
	k3 = bind_ok(S, set, &c, 200, RS_OK_CREATED);
	(void)k1;
	ck_assert_uint_eq(nev, 2);
	expect_ev(0, RS_EV_BINDING_REMOVED, RE_CAUSE_POLICY_EVICTION);
	ck_assert_str_eq(evs[0].key, "k1");
	ck_assert(!evs[0].binding_found); /* out of the set, still readable */
	ck_assert_str_eq(evs[0].uri, "sip:alice@192.0.2.10:5060;transport=tcp");
	ck_assert_uint_eq(evs[0].set_nbindings, 2);
	ck_assert_uint_eq(evs[0].store_nbindings, 2);
	ck_assert(evs[0].set_found);
	expect_ev(1, RS_EV_BINDING_ADDED, RE_CAUSE_REGISTERED);
	ck_assert_str_eq(evs[1].key, "k3");
	ck_assert(set->bindings[0] == k2 && set->bindings[1] == k3);
	ck_assert_uint_eq(regstore_next_expiry(S), 100 + 600000);
	ck_assert_ptr_null(regstore_find_binding(set, "k1"));
}
END_TEST

START_TEST(limit_one_evicts_the_only_binding)
{
	regstore_limits_t lim = {.max_bindings = 1, .evict_oldest = true};
	rs_contact_info_t c = contact("k1", 600);
	rs_set_t *set;

	regstore_free(S);
	S = regstore_new(&lim);
	regstore_listen(S, record, NULL);
	set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	c.impi = "other@ims.test";
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	nev = 0;
	c.key = "k2";
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	ck_assert_uint_eq(nev, 2); /* no SET_REMOVED / SET_ADDED in between */
	expect_ev(0, RS_EV_BINDING_REMOVED, RE_CAUSE_POLICY_EVICTION);
	expect_ev(1, RS_EV_BINDING_ADDED, RE_CAUSE_REGISTERED);
	ck_assert_int_eq(set->state, RS_SET_REGISTERED);
	/* the IMPI both had stays indexed */
	ck_assert_uint_eq(regstore_find_impi(S, "other@ims.test", NULL, 0), 1);
}
END_TEST

/* ---- time ------------------------------------------------------------------ */

START_TEST(expiry_exactly_at_its_time)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c = contact("k1", 60);

	ck_assert_uint_eq(regstore_next_expiry(S), UINT64_MAX);
	bind_ok(S, set, &c, 1000, RS_OK_CREATED);
	c.key = "k2";
	c.expires = 30;
	bind_ok(S, set, &c, 1001, RS_OK_CREATED);
	nev = 0;
	ck_assert_uint_eq(regstore_next_expiry(S), 31001);
	ck_assert_uint_eq(regstore_expire(S, 31000), 0);
	ck_assert_uint_eq(nev, 0);
	ck_assert_uint_eq(regstore_expire(S, 31001), 1);
	ck_assert_uint_eq(nev, 1);
	expect_ev(0, RS_EV_BINDING_REMOVED, RE_CAUSE_EXPIRY);
	ck_assert_str_eq(evs[0].key, "k2");
	ck_assert_uint_eq(regstore_next_expiry(S), 61000);
	ck_assert_uint_eq(regstore_expire(S, 60999), 0);
	ck_assert_uint_eq(regstore_expire(S, 61000), 1);
	/* the set emptied by expiry goes too, cause EXPIRY */
	ck_assert_uint_eq(nev, 3);
	expect_ev(1, RS_EV_BINDING_REMOVED, RE_CAUSE_EXPIRY);
	ck_assert(!evs[1].set_found && !evs[1].impu_found);
	ck_assert_int_eq(evs[1].state, RS_SET_UNREGISTERED);
	ck_assert_uint_eq(evs[1].nimpus, 0);
	expect_ev(2, RS_EV_SET_REMOVED, RE_CAUSE_EXPIRY);
	ck_assert(!evs[2].set_found);
	ck_assert_uint_eq(regstore_nsets(S), 0);
	ck_assert_uint_eq(regstore_nimpus(S), 0);
	ck_assert_uint_eq(regstore_nbindings(S), 0);
	ck_assert_ptr_null(regstore_find_impu(S, ALICE));
	ck_assert_ptr_null(regstore_find_impu(S, "sip:alice-dev1@ims.test"));
	ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", NULL, 0), 0);
	ck_assert_uint_eq(regstore_next_expiry(S), UINT64_MAX);
}
END_TEST

START_TEST(expire_pops_only_due_earliest_first)
{
	rs_set_t *a = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_set_t *b = put(S, "bob@ims.test", BOB, BOB_DOC);
	rs_contact_info_t c = contact("a1", 30);

	bind_ok(S, a, &c, 0, RS_OK_CREATED);
	c.key = "b1";
	c.expires = 10;
	bind_ok(S, b, &c, 0, RS_OK_CREATED);
	c.key = "b2";
	c.expires = 20;
	bind_ok(S, b, &c, 0, RS_OK_CREATED);
	c.key = "a2";
	c.expires = 40;
	bind_ok(S, a, &c, 0, RS_OK_CREATED);
	nev = 0;
	ck_assert_uint_eq(regstore_expire(S, 30000), 3);
	ck_assert_uint_eq(nev, 4);
	ck_assert_str_eq(evs[0].key, "b1");
	ck_assert_str_eq(evs[1].key, "b2");
	expect_ev(2, RS_EV_SET_REMOVED, RE_CAUSE_EXPIRY);
	ck_assert_str_eq(evs[3].key, "a1");
	ck_assert_uint_eq(regstore_nsets(S), 1);
	ck_assert_uint_eq(a->nbindings, 1);
	ck_assert_uint_eq(regstore_next_expiry(S), 40000);
}
END_TEST

START_TEST(shorten)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c = contact("k", 600000);
	rs_binding_t *b = bind_ok(S, set, &c, 0, RS_OK_CREATED);

	c.key = "other";
	c.expires = 3600;
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	nev = 0;
	regstore_shorten(S, b, 600000);
	ck_assert_uint_eq(nev, 1);
	expect_ev(0, RS_EV_BINDING_UPDATED, RE_CAUSE_REAUTH);
	ck_assert_uint_eq(evs[0].prev, 600000000ull);
	ck_assert_uint_eq(evs[0].expires_at, 600000);
	ck_assert_uint_eq(b->expires_at, 600000);
	ck_assert_uint_eq(regstore_next_expiry(S), 600000);
	regstore_shorten(S, b, 700000); /* not earlier: nothing */
	regstore_shorten(S, b, 600000);
	ck_assert_uint_eq(nev, 1);
	ck_assert_uint_eq(regstore_expire(S, 600000), 1);
	ck_assert_str_eq(evs[1].key, "k");
}
END_TEST

/* ---- removal --------------------------------------------------------------- */

START_TEST(unbind_keep_set)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_contact_info_t c = contact("k1", 600);
	rs_binding_t *k1 = bind_ok(S, set, &c, 0, RS_OK_CREATED), *k2;

	c.key = "k2";
	k2 = bind_ok(S, set, &c, 0, RS_OK_CREATED);
	nev = 0;
	regstore_unbind(S, k1, RE_CAUSE_UE_DEREGISTER, true);
	ck_assert_uint_eq(nev, 1);
	expect_ev(0, RS_EV_BINDING_REMOVED, RE_CAUSE_UE_DEREGISTER);
	ck_assert_int_eq(evs[0].state, RS_SET_REGISTERED);
	regstore_unbind(S, k2, RE_CAUSE_RTR_REMOVE_SCSCF, true);
	ck_assert_uint_eq(nev, 2); /* the set stays: no SET_REMOVED */
	expect_ev(1, RS_EV_BINDING_REMOVED, RE_CAUSE_RTR_REMOVE_SCSCF);
	ck_assert(evs[1].set_found && evs[1].impu_found && !evs[1].binding_found);
	ck_assert_int_eq(evs[1].state, RS_SET_UNREGISTERED);
	ck_assert_uint_eq(evs[1].set_nbindings, 0);
	ck_assert_int_eq(set->state, RS_SET_UNREGISTERED);
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE), set);
	ck_assert_uint_eq(regstore_next_expiry(S), UINT64_MAX);
	/* registering again: SET_ADDED again */
	c.key = "k3";
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	expect_ev(2, RS_EV_SET_ADDED, RE_CAUSE_REGISTERED);
	expect_ev(3, RS_EV_BINDING_ADDED, RE_CAUSE_REGISTERED);
	/* without keep_set the last binding takes the set along */
	regstore_unbind(S, set->bindings[0], RE_CAUSE_ADMIN, false);
	expect_ev(4, RS_EV_BINDING_REMOVED, RE_CAUSE_ADMIN);
	ck_assert(!evs[4].set_found);
	expect_ev(5, RS_EV_SET_REMOVED, RE_CAUSE_ADMIN);
	ck_assert_uint_eq(nev, 6);
	ck_assert_uint_eq(regstore_nsets(S), 0);
}
END_TEST

START_TEST(drop_set)
{
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC);
	rs_set_t *bob = put(S, "bob@ims.test", BOB, BOB_DOC);
	rs_contact_info_t c = contact("k1", 600);
	size_t i;

	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	c.key = "k2";
	c.impi = "alice-2@ims.test";
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	c.key = "k3";
	bind_ok(S, set, &c, 0, RS_OK_CREATED);
	c.key = "bob";
	bind_ok(S, bob, &c, 0, RS_OK_CREATED);
	nev = 0;
	regstore_drop_set(S, set, RE_CAUSE_RTR_PERMANENT);
	ck_assert_uint_eq(nev, 4);
	for (i = 0; i < 3; i++) {
		expect_ev(i, RS_EV_BINDING_REMOVED, RE_CAUSE_RTR_PERMANENT);
		ck_assert(!evs[i].set_found && !evs[i].impu_found && !evs[i].binding_found);
		ck_assert_uint_eq(evs[i].set_nbindings, 2 - i);
	}
	ck_assert_str_eq(evs[0].key, "k1"); /* creation order */
	ck_assert_str_eq(evs[2].key, "k3");
	expect_ev(3, RS_EV_SET_REMOVED, RE_CAUSE_RTR_PERMANENT);
	ck_assert_uint_eq(evs[3].nimpus, 2); /* bob's */
	ck_assert_uint_eq(regstore_nsets(S), 1);
	ck_assert_uint_eq(regstore_nbindings(S), 1);
	ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", NULL, 0), 0);
	ck_assert_uint_eq(regstore_find_impi(S, "alice-2@ims.test", NULL, 0), 1); /* bob's binding */
	ck_assert_ptr_null(regstore_find_impu(S, ALICE_BARRED));
	ck_assert_uint_eq(regstore_next_expiry(S), 600000);
	/* an unregistered set: SET_REMOVED only */
	regstore_unbind(S, bob->bindings[0], RE_CAUSE_UE_DEREGISTER, true);
	nev = 0;
	regstore_drop_set(S, bob, RE_CAUSE_RTR_REMOVE_SCSCF);
	ck_assert_uint_eq(nev, 1);
	expect_ev(0, RS_EV_SET_REMOVED, RE_CAUSE_RTR_REMOVE_SCSCF);
	ck_assert_uint_eq(regstore_nsets(S), 0);
	ck_assert_uint_eq(regstore_nimpus(S), 0);
	ck_assert_uint_eq(regstore_find_impi(S, "alice-2@ims.test", NULL, 0), 0);
}
END_TEST

/* ---- profile replacement ---------------------------------------------------- */

START_TEST(put_profile_replaces)
{
	static const char doc2[] = DOC(
	    "alice@ims.test",
	    PUI(ALICE_BARRED) BARRED(ALICE) PUI("sip:alice.new@ims.test") BARRED("sip:alice-b2@ims.test")
		PUI("sip:alice-phone!.*!@ims.test"));
	rs_set_t *set = put(S, "alice@ims.test", ALICE, ALICE_DOC), *again;
	rs_contact_info_t c = contact("k1", 600);
	rs_binding_t *b = bind_ok(S, set, &c, 0, RS_OK_CREATED);
	char id[32];

	snprintf(id, sizeof(id), "%s", set->id);
	nev = 0;
	again = NULL;
	ck_assert_int_eq(regstore_put_profile(S, "alice@ims.test", ALICE, profile(doc2), doc2,
					      strlen(doc2), "hss2.ims.test", NULL,
					      "sip:alice-phone!.*!@ims.test", &again),
			 RS_PROFILE_REPLACED);
	ck_assert_ptr_eq(again, set);
	ck_assert_uint_eq(nev, 1);
	expect_ev(0, RS_EV_SET_PROFILE, RE_CAUSE_IMPLICIT);
	/* unbarred and new come; barred now and gone go; a new barred one is
	 * in neither */
	ck_assert_str_eq(evs[0].added, "sip:alice-barred@ims.test,sip:alice.new@ims.test,"
				       "sip:alice-phone!.*!@ims.test");
	ck_assert_str_eq(evs[0].removed,
			 "sip:alice@ims.test,tel:+15550001,sip:alice-dev!.*!@ims.test");
	ck_assert(evs[0].set_found);
	/* bindings, id and IMPI stay; the new strings are in */
	ck_assert_str_eq(set->id, id);
	ck_assert_uint_eq(set->nbindings, 1);
	ck_assert_ptr_eq(set->bindings[0], b);
	ck_assert_int_eq(set->state, RS_SET_REGISTERED);
	ck_assert_str_eq(set->user_data, doc2);
	ck_assert_str_eq(set->hss_host, "hss2.ims.test");
	ck_assert_ptr_null(set->hss_realm);
	ck_assert_str_eq(set->wildcard, "sip:alice-phone!.*!@ims.test");
	/* the index follows exactly */
	ck_assert_uint_eq(regstore_nimpus(S), 5);
	ck_assert_ptr_null(regstore_find_impu(S, ALICE_TEL));
	ck_assert_ptr_null(regstore_find_impu(S, ALICE_WILD));
	ck_assert_ptr_null(regstore_find_impu(S, "sip:alice-dev1@ims.test"));
	ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice-phone7@ims.test"), set);
	ck_assert_ptr_eq(regstore_find_impu(S, ALICE), set); /* barred: still found */
	ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice-b2@ims.test"), set);
	ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice.new@ims.test"), set);
	ck_assert_uint_eq(regstore_nsets(S), 1);
	/* the old identities are free for another set now */
	put(S, "bob@ims.test", BOB, DOC("bob@ims.test", PUI(BOB) PUI(ALICE_TEL)));
	ck_assert_uint_eq(regstore_nimpus(S), 7);
	/* found through any identity of the new profile, even a new impu */
	again = put(S, "alice@ims.test", "sip:alice.newest@ims.test",
		    DOC("alice@ims.test", PUI("sip:alice.newest@ims.test") PUI(ALICE_BARRED)));
	ck_assert_ptr_eq(again, set);
	ck_assert_uint_eq(regstore_nsets(S), 2);
	ck_assert_uint_eq(regstore_nimpus(S), 4);
	expect_ev(1, RS_EV_SET_PROFILE, RE_CAUSE_IMPLICIT);
	ck_assert_str_eq(evs[1].added, "sip:alice.newest@ims.test");
	ck_assert_str_eq(evs[1].removed, "sip:alice.new@ims.test,sip:alice-phone!.*!@ims.test");
	/* the same profile again: an event with nothing listed */
	put(S, "alice@ims.test", ALICE_BARRED,
	    DOC("alice@ims.test", PUI("sip:alice.newest@ims.test") PUI(ALICE_BARRED)));
	expect_ev(2, RS_EV_SET_PROFILE, RE_CAUSE_IMPLICIT);
	ck_assert_str_eq(evs[2].added, "");
	ck_assert_str_eq(evs[2].removed, "");
}
END_TEST

/* ---- counts and visits -------------------------------------------------------- */

static void count_set(void *arg, const rs_set_t *set)
{
	(void)set;
	(*(int *)arg)++;
}

START_TEST(counts_each_and_listeners)
{
	rs_contact_info_t c = contact("k", 600);
	int visited = 0, i, x = 0;

	bind_ok(S, put(S, "alice@ims.test", ALICE, ALICE_DOC), &c, 0, RS_OK_CREATED);
	bind_ok(S, put(S, "bob@ims.test", BOB, BOB_DOC), &c, 0, RS_OK_CREATED);
	put(S, "carol@ims.test", "sip:carol@ims.test", DOC("carol@ims.test", PUI("sip:carol@ims.test")));
	ck_assert_uint_eq(regstore_nsets(S), 3);
	ck_assert_uint_eq(regstore_nbindings(S), 2);
	ck_assert_uint_eq(regstore_nimpus(S), 7);
	regstore_each_set(S, count_set, &visited);
	ck_assert_int_eq(visited, 3);
	for (i = 1; i < 8; i++) /* one is there already */
		ck_assert_int_eq(regstore_listen(S, second_listener, &x), 0);
	ck_assert_int_eq(regstore_listen(S, second_listener, &x), -1);
}
END_TEST

/* ---- allocation failures ----------------------------------------------------- */

typedef struct {
	size_t nsets, nbindings, nimpus, nev;
} snapshot_t;

static snapshot_t snap(void)
{
	return (snapshot_t){regstore_nsets(S), regstore_nbindings(S), regstore_nimpus(S), nev};
}

static void same(const snapshot_t *a, long k)
{
	snapshot_t b = snap();

	ck_assert_msg(a->nsets == b.nsets && a->nbindings == b.nbindings &&
			  a->nimpus == b.nimpus && a->nev == b.nev,
		      "allocation %ld failed and the store changed", k);
}

START_TEST(every_allocation_failure_leaves_the_store_unchanged)
{
	static const char doc2[] = DOC("alice@ims.test", PUI(ALICE) PUI("sip:a2@ims.test")
							     PUI("sip:a3!.*!@ims.test"));
	regstore_limits_t lim = {.max_bindings = 4, .evict_oldest = true};
	rs_contact_info_t c = contact("k0", 600);
	rs_set_t *set = NULL, *bob;
	rs_profile_result_t st;
	long k, failures = 0;
	char key[16];
	int i;

	regstore_free(S);
	S = regstore_new(&lim);
	regstore_listen(S, record, NULL);
	bob = put(S, "bob@ims.test", BOB, BOB_DOC);
	/* a new set */
	for (k = 0;; k++) {
		snapshot_t before = snap();
		ud_subscription_t *p = profile(ALICE_DOC);

		arm(k);
		set = NULL;
		st = regstore_put_profile(S, "alice@ims.test", ALICE, p, "x", 1, "h", "r", NULL, &set);
		if (!disarm())
			break;
		failures++;
		ck_assert_ptr_null(set);
		ck_assert_int_eq(st, RS_PROFILE_NOMEM);
		same(&before, k);
		ck_assert_ptr_null(regstore_find_impu(S, ALICE));
		ck_assert_ptr_null(regstore_find_impu(S, "sip:alice-dev1@ims.test"));
		ck_assert_uint_eq(regstore_find_impi(S, "alice@ims.test", NULL, 0), 0);
	}
	ck_assert_ptr_nonnull(set);
	/* new bindings (up to the limit, then with eviction), another IMPI */
	for (i = 0; i < 6; i++) {
		rs_bind_result_t r = RS_ERR_NOMEM;

		snprintf(key, sizeof(key), "k%d", i);
		c.key = key;
		c.impi = i % 2 ? "alice@ims.test" : "alice-2@ims.test";
		for (k = 0;; k++) {
			snapshot_t before = snap();

			arm(k);
			r = regstore_bind(S, set, &c, (uint64_t)i, NULL);
			if (!disarm())
				break;
			failures++;
			ck_assert_int_eq(r, RS_ERR_NOMEM);
			same(&before, k);
			ck_assert_ptr_null(regstore_find_binding(set, key));
		}
		ck_assert_int_eq(r, RS_OK_CREATED);
	}
	ck_assert_uint_eq(set->nbindings, 4);
	/* refresh with an IMPI of its own */
	c.impi = "alice-3@ims.test";
	for (k = 0;; k++) {
		snapshot_t before = snap();
		rs_bind_result_t r;

		arm(k);
		r = regstore_bind(S, set, &c, 10, NULL);
		if (!disarm()) {
			ck_assert_int_eq(r, RS_OK_REFRESHED);
			break;
		}
		failures++;
		ck_assert_int_eq(r, RS_ERR_NOMEM);
		same(&before, k);
		ck_assert_uint_eq(regstore_find_impi(S, "alice-3@ims.test", NULL, 0), 0);
		ck_assert_uint_eq(set->bindings[3]->registered_at, 5);
		ck_assert_uint_eq(set->bindings[3]->expires_at, 5 + 600000);
	}
	ck_assert_uint_eq(regstore_find_impi(S, "alice-3@ims.test", NULL, 0), 1);
	/* profile replacement */
	for (k = 0;; k++) {
		snapshot_t before = snap();
		ud_subscription_t *p = profile(doc2);
		rs_set_t *r;

		arm(k);
		r = NULL;
		regstore_put_profile(S, "alice@ims.test", ALICE, p, doc2, strlen(doc2), NULL, NULL,
				     NULL, &r);
		if (!disarm()) {
			ck_assert_ptr_eq(r, set);
			break;
		}
		failures++;
		ck_assert_ptr_null(r);
		same(&before, k);
		ck_assert_ptr_eq(regstore_find_impu(S, ALICE_TEL), set);
		ck_assert_ptr_eq(regstore_find_impu(S, "sip:alice-dev1@ims.test"), set);
		ck_assert_ptr_null(regstore_find_impu(S, "sip:a2@ims.test"));
		ck_assert_ptr_null(regstore_find_impu(S, "sip:a3x@ims.test"));
		ck_assert_str_eq(set->user_data, "x");
	}
	ck_assert_ptr_null(regstore_find_impu(S, ALICE_TEL));
	ck_assert_ptr_eq(regstore_find_impu(S, "sip:a3x@ims.test"), set);
	ck_assert_uint_eq(regstore_nimpus(S), 5);
	ck_assert_msg(failures >= 30, "only %ld allocation failures exercised", failures);
	(void)bob;
}
END_TEST

/* ---- which bindings a Contact names ------------------------------------- */

START_TEST(uri_equality_rfc3261)
{
	static const char *const same[][2] = {
		{"sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"},
		{"sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"},
		{"sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"},
		{"sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
		 "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"},
		{"sip:alice@atlanta.com?subject=project%20x&priority=urgent",
		 "sip:alice@atlanta.com?priority=urgent&subject=project%20x"},
		{"SIP:alice@[2001:db8::1]:5060", "sip:alice@[2001:DB8::1]:5060"},
		{"tel:+15551234", "TEL:+15551234"},
	};
	static const char *const differ[][2] = {
		{"SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"},
		{"sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"},
		{"sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"},
		{"sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"},
		{"sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"},
		{"sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"},
		{"sip:bob@biloxi.com;maddr=192.0.2.1", "sip:bob@biloxi.com"},
		{"sip:bob@biloxi.com;user=phone", "sip:bob@biloxi.com"},
		{"sip:bob@biloxi.com;lr=1", "sip:bob@biloxi.com;lr=2"},
		{"sip:bob@biloxi.com", "sips:bob@biloxi.com"},
		{"tel:+15551234", "tel:+15551235"},
	};
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		ck_assert_msg(rs_uri_equal(same[i][0], same[i][1]), "%s %s", same[i][0], same[i][1]);
		ck_assert_msg(rs_uri_equal(same[i][1], same[i][0]), "%s %s", same[i][1], same[i][0]);
	}
	for (i = 0; i < sizeof(differ) / sizeof(differ[0]); i++) {
		ck_assert_msg(!rs_uri_equal(differ[i][0], differ[i][1]), "%s", differ[i][0]);
		ck_assert_msg(!rs_uri_equal(differ[i][1], differ[i][0]), "%s", differ[i][1]);
	}
	ck_assert(!rs_uri_equal(NULL, "sip:a@b"));
	ck_assert(!rs_uri_equal("sip:a@b", NULL));
}
END_TEST

/* A binding of impi keyed key with this URI, instance and reg-id (or none). */
static rs_binding_t *bind_as(rs_set_t *set, const char *key, const char *impi, const char *uri,
			     const char *instance, long reg_id)
{
	rs_contact_info_t c = contact(key, 600);

	c.impi = impi;
	c.uri = uri;
	c.instance = instance;
	c.has_reg_id = reg_id >= 0;
	c.reg_id = reg_id >= 0 ? (uint32_t)reg_id : 0;
	return bind_ok(S, set, &c, 0, RS_OK_CREATED);
}

#define INST_A "\"<urn:uuid:a>\""
#define INST_B "\"<urn:uuid:b>\""
#define A_IMPI "alice@ims.test"

static size_t match(const rs_set_t *set, const char *impi, const char *uri,
		    const char *instance, long reg_id, rs_binding_t **out)
{
	const rs_contact_ref_t ref = {.impi = impi, .uri = uri, .instance = instance,
				      .has_reg_id = reg_id >= 0,
				      .reg_id = reg_id >= 0 ? (uint32_t)reg_id : 0};

	return regstore_match(set, &ref, out, 4);
}

START_TEST(match_rules)
{
	regstore_limits_t lim = {.max_bindings = 8};
	rs_set_t *set;
	rs_binding_t *plain, *flow1, *flow2, *inst, *other, *out[4];

	regstore_free(S);
	S = regstore_new(&lim);
	set = put(S, A_IMPI, ALICE, ALICE_DOC);
	plain = bind_as(set, "k1", A_IMPI, "sip:a@192.0.2.1:5060", NULL, -1);
	flow1 = bind_as(set, "k2", A_IMPI, "sip:a@192.0.2.2:5060", INST_A, 1);
	flow2 = bind_as(set, "k3", A_IMPI, "sip:a@192.0.2.2:5060", INST_A, 2);
	inst = bind_as(set, "k4", A_IMPI, "sip:a@192.0.2.4:5060", INST_B, -1);
	other = bind_as(set, "k5", "alice-2@ims.test", "sip:a@192.0.2.1:5060", NULL, -1);

	/* instance and reg-id: the flow, whatever the URI */
	ck_assert_uint_eq(match(set, A_IMPI, "sip:x@192.0.2.9", INST_A, 2, out), 1);
	ck_assert_ptr_eq(out[0], flow2);
	ck_assert_uint_eq(match(set, A_IMPI, "sip:a@192.0.2.2:5060", INST_A, 3, out), 0);
	/* the instance alone: its binding without reg-id, whatever the URI */
	ck_assert_uint_eq(match(set, A_IMPI, "sip:x@192.0.2.9", INST_B, -1, out), 1);
	ck_assert_ptr_eq(out[0], inst);
	/* ... else the flows of that instance with the Contact's URI */
	ck_assert_uint_eq(match(set, A_IMPI, "sip:x@192.0.2.9", INST_A, -1, out), 0);
	ck_assert_uint_eq(match(set, A_IMPI, "sip:a@192.0.2.2:5060", INST_A, -1, out), 2);
	ck_assert_ptr_eq(out[0], flow1);
	ck_assert_ptr_eq(out[1], flow2);
	/* the URI alone: every binding with it, outbound ones too, of that IMPI */
	ck_assert_uint_eq(match(set, A_IMPI, "sip:a@192.0.2.2:5060;ob", NULL, -1, out), 2);
	ck_assert_ptr_eq(out[0], flow1);
	ck_assert_uint_eq(match(set, A_IMPI, "SIP:a@192.0.2.1:5060", NULL, -1, out), 1);
	ck_assert_ptr_eq(out[0], plain);
	ck_assert_uint_eq(match(set, "alice-2@ims.test", "sip:a@192.0.2.1:5060", NULL, -1, out), 1);
	ck_assert_ptr_eq(out[0], other);
	/* no IMPI: any */
	ck_assert_uint_eq(match(set, NULL, "sip:a@192.0.2.1:5060", NULL, -1, out), 2);
	ck_assert_uint_eq(match(set, A_IMPI, "sip:a@192.0.2.1", NULL, -1, out), 0);
	ck_assert_uint_eq(match(NULL, A_IMPI, "sip:a@192.0.2.1:5060", NULL, -1, out), 0);
	ck_assert_uint_eq(match(set, A_IMPI, NULL, NULL, -1, out), 0);
	/* counted beyond max, filling none */
	ck_assert_uint_eq(regstore_match(set, &(rs_contact_ref_t){.uri = "sip:a@192.0.2.1:5060"},
					 NULL, 0),
			  2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("regstore");
	TCase *tc = tcase_create("regstore");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, new_set_is_unregistered_and_indexed);
	tcase_add_test(tc, set_id_is_stable);
	tcase_add_test(tc, put_profile_refusals);
	tcase_add_test(tc, distinct_identity_beats_wildcard);
	tcase_add_test(tc, find_by_impi);
	tcase_add_test(tc, first_binding_events_and_fields);
	tcase_add_test(tc, null_optional_fields);
	tcase_add_test(tc, refresh_keeps_id_and_registered_at);
	tcase_add_test(tc, keys_and_binding_ids);
	tcase_add_test(tc, binding_ids_are_stable);
	tcase_add_test(tc, limit_refuses);
	tcase_add_test(tc, limit_evicts_oldest);
	tcase_add_test(tc, limit_one_evicts_the_only_binding);
	tcase_add_test(tc, expiry_exactly_at_its_time);
	tcase_add_test(tc, expire_pops_only_due_earliest_first);
	tcase_add_test(tc, shorten);
	tcase_add_test(tc, unbind_keep_set);
	tcase_add_test(tc, drop_set);
	tcase_add_test(tc, put_profile_replaces);
	tcase_add_test(tc, counts_each_and_listeners);
	tcase_add_test(tc, every_allocation_failure_leaves_the_store_unchanged);
	tcase_add_test(tc, uri_equality_rfc3261);
	tcase_add_test(tc, match_rules);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
