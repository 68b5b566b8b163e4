/*
 * hss_sim_probe.c - the end-to-end test of hss-sim: a stand-in S-CSCF on
 * freeDiameter that connects to a running hss-sim (serving
 * conf/subscribers.xml) and checks, over real Cx, every MAR and SAR
 * outcome hss-sim promises (doc/HSS-SIM.md), and, through hss-sim's control
 * socket, the RTR and PPR it sends and how it reports the answers.
 *
 *   hss_sim_probe -c SCSCF_FDCONF -p HSS_IDENTITY -s CTLSOCKET [-l ADDR]
 *
 * Prints one PASS/FAIL line per check and exits 0 when all pass.  Run by
 * tests/hss-sim/hss_sim_test.sh, which starts hss-sim first.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "diameter/crypto/aka.h"
#include "diameter/cx/diam_boot.h"
#include "diameter/crypto/digest.h"
#include "diameter/crypto/milenage.h"
#include "diameter/userdata/user_data.h"
#include "scscf/base/log.h"

#include "hss_avp.h"

#define REALM "open-ims.test"
#define ALICE "alice@open-ims.test"
#define ALICE_IMPU "sip:alice@open-ims.test"
#define SERVER_NAME "sip:scscf.open-ims.test:6060"

static const char *hss_id, *ctl_path;
static int failures, checks;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printf("%s: ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* --- sending a request and waiting for its answer -------------------------- */

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	struct msg *ans;
} sync_t;

static void sync_answer(void *data, struct msg **ans)
{
	sync_t *s = data;

	pthread_mutex_lock(&s->lock);
	s->ans = *ans;
	*ans = NULL;
	s->done = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static void sync_expire(void *data, DiamId_t to, size_t len, struct msg **req)
{
	sync_t *s = data;

	(void)to, (void)len, (void)req;
	pthread_mutex_lock(&s->lock);
	s->done = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

/* The answer (free it), or NULL after 10 s. */
static struct msg *send_sync(struct msg *req)
{
	sync_t s = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, NULL};
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	if (fd_msg_send_timeout(&req, sync_answer, &s, sync_expire, &ts) != 0)
		return NULL;
	pthread_mutex_lock(&s.lock);
	while (!s.done)
		pthread_cond_wait(&s.cond, &s.lock);
	pthread_mutex_unlock(&s.lock);
	return s.ans;
}

/* --- requests -------------------------------------------------------------- */

enum {
	OMIT_SERVER_NAME = 1,
	OMIT_UDAA = 2,
	OMIT_VSAI = 4,
	OMIT_USER_NAME = 8,
};

static struct msg *new_request(struct dict_object *cmd, unsigned omit)
{
	struct msg *m = NULL;

	if (fd_msg_new(cmd, MSGFL_ALLOC_ETEID, &m) != 0 || fd_msg_new_session(m, NULL, 0) != 0)
		abort();
	if (!(omit & OMIT_VSAI))
		hss_add_vsai(m);
	hss_add_i32(m, hss_dict.auth_session_state, 1);
	fd_msg_add_origin(m, 0);
	hss_add_str(m, hss_dict.dest_host, hss_id);
	hss_add_str(m, hss_dict.dest_realm, REALM);
	return m;
}

static struct msg *mar(const char *impi, const char *impu, const char *scheme, unsigned n,
		       const uint8_t *authz, size_t authz_len)
{
	struct msg *m = new_request(hss_dict.mar, 0);
	struct avp *g;

	hss_add_str(m, hss_dict.user_name, impi);
	hss_add_str(m, hss_dict.public_identity, impu);
	hss_add_group(m, hss_dict.auth_data_item, &g);
	hss_add_str(g, hss_dict.auth_scheme, scheme);
	if (authz != NULL)
		hss_add_os(g, hss_dict.sip_authorization, authz, authz_len);
	hss_add_u32(m, hss_dict.num_auth_items, n);
	hss_add_str(m, hss_dict.server_name, SERVER_NAME);
	return send_sync(m);
}

static struct msg *sar(const char *impi, const char *impu, const char *impu2, int sat, int udaa,
		       const char *wild, unsigned omit)
{
	struct msg *m = new_request(hss_dict.sar, omit);

	if (impi != NULL && !(omit & OMIT_USER_NAME))
		hss_add_str(m, hss_dict.user_name, impi);
	if (impu != NULL)
		hss_add_str(m, hss_dict.public_identity, impu);
	if (impu2 != NULL)
		hss_add_str(m, hss_dict.public_identity, impu2);
	if (wild != NULL)
		hss_add_str(m, hss_dict.wildcarded_pi, wild);
	if (!(omit & OMIT_SERVER_NAME))
		hss_add_str(m, hss_dict.server_name, SERVER_NAME);
	hss_add_i32(m, hss_dict.sat, sat);
	if (!(omit & OMIT_UDAA))
		hss_add_i32(m, hss_dict.udaa, udaa);
	return send_sync(m);
}

/* --- reading answers ------------------------------------------------------- */

static bool result_is(struct msg *ans, uint32_t code, bool experimental)
{
	hss_result_t r;

	return ans != NULL && hss_get_result(ans, &r) == 0 && r.code == code &&
	       r.experimental == experimental;
}

static const char *failed_avp(struct msg *ans)
{
	struct avp *f = hss_find(ans, hss_dict.failed_avp), *in = NULL;

	if (f == NULL || fd_msg_browse(f, MSG_BRW_FIRST_CHILD, &in, NULL) != 0 || in == NULL)
		return "";
	return hss_avp_name(in);
}

static bool has_head(struct msg *ans)
{
	int32_t ass = 0;

	return ans != NULL && hss_find(ans, hss_dict.vsai) != NULL &&
	       hss_get_i32(hss_find(ans, hss_dict.auth_session_state), &ass) == 0 && ass == 1 &&
	       hss_find(ans, hss_dict.origin_host) != NULL &&
	       hss_find(ans, hss_dict.origin_realm) != NULL &&
	       hss_find(ans, hss_dict.session_id) != NULL;
}

static bool str_is(void *parent, struct dict_object *model, const char *want)
{
	char buf[512];

	return hss_get_str(hss_find(parent, model), buf, sizeof(buf)) == 0 && strcmp(buf, want) == 0;
}

static uint32_t u32_of(void *parent, struct dict_object *model)
{
	uint32_t v = 0xffffffffu;

	hss_get_u32(hss_find(parent, model), &v);
	return v;
}

static void done(struct msg *ans)
{
	if (ans != NULL)
		fd_msg_free(ans);
}

/* --- the control socket ---------------------------------------------------- */

/* Send one command; the whole reply in out; true when its last line is ok. */
static bool ctl(const char *cmd, char *out, size_t len)
{
	struct sockaddr_un sa;
	size_t got = 0;
	ssize_t r;
	char *last;
	int fd;

	out[0] = '\0';
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", ctl_path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (fd >= 0)
			close(fd);
		snprintf(out, len, "(cannot connect)");
		return false;
	}
	if (send(fd, cmd, strlen(cmd), MSG_NOSIGNAL) < 0 || send(fd, "\n", 1, MSG_NOSIGNAL) < 0) {
		close(fd);
		return false;
	}
	shutdown(fd, SHUT_WR);
	while (got + 1 < len && (r = recv(fd, out + got, len - 1 - got, 0)) > 0)
		got += (size_t)r;
	out[got] = '\0';
	close(fd);
	while (got > 0 && out[got - 1] == '\n')
		out[--got] = '\0';
	last = strrchr(out, '\n');
	last = last != NULL ? last + 1 : out;
	return strncmp(last, "ok", 2) == 0;
}

/* --- RTR and PPR as the S-CSCF sees them ------------------------------------ */

static struct {
	pthread_mutex_t lock;
	/* how to answer the next one */
	uint32_t code;
	bool experimental;
	struct dict_object *fail_model;
	const char *assoc;
	/* what the last one held */
	int count;
	char user_name[256], dest_host[256], dest_realm[256], impus[512], info[256], ha1[64],
		realm[256];
	int reason;
	bool has_reason, has_vsai, has_user_data, has_auth_item, has_qop, has_assoc;
	char assoc_seen[256];
	size_t user_data_len;
} hss_req = {PTHREAD_MUTEX_INITIALIZER, 2001, false, NULL, NULL, 0, "", "", "", "", "", "",
	     "", 0, false, false, false, false, false, false, "", 0};

static void answer_as_told(struct msg *ans)
{
	hss_result_t r = {hss_req.code, hss_req.experimental};
	struct avp *g;

	hss_answer_head(ans, r);
	if (hss_req.assoc != NULL) {
		hss_add_group(ans, hss_dict.associated_ids, &g);
		hss_add_str(g, hss_dict.user_name, hss_req.assoc);
	}
	if (hss_req.fail_model != NULL)
		hss_add_failed_avp(ans, hss_req.fail_model, NULL);
}

static int on_request(struct msg **msg, struct avp *avp, struct session *sess, void *opaque,
		      enum disp_action *act)
{
	struct msg *m = *msg;
	struct avp *a, *g, *d;
	size_t off = 0, n;
	char buf[256];
	int32_t code = -1;

	(void)avp, (void)sess, (void)opaque;
	pthread_mutex_lock(&hss_req.lock);
	hss_req.count++;
	hss_get_str(hss_find(m, hss_dict.user_name), hss_req.user_name, sizeof(hss_req.user_name));
	hss_get_str(hss_find(m, hss_dict.dest_host), hss_req.dest_host, sizeof(hss_req.dest_host));
	hss_get_str(hss_find(m, hss_dict.dest_realm), hss_req.dest_realm,
		    sizeof(hss_req.dest_realm));
	hss_req.impus[0] = '\0';
	for (a = hss_find(m, hss_dict.public_identity); a != NULL;
	     a = hss_find_next(a, hss_dict.public_identity)) {
		if (hss_get_str(a, buf, sizeof(buf)) == 0 && off + strlen(buf) + 2 < sizeof(hss_req.impus))
			off += (size_t)snprintf(hss_req.impus + off, sizeof(hss_req.impus) - off,
						"%s%s", off > 0 ? "," : "", buf);
	}
	g = hss_find(m, hss_dict.dereg_reason);
	hss_req.has_reason = g != NULL;
	hss_req.reason = hss_get_i32(hss_find(g, hss_dict.reason_code), &code) == 0 ? code : -1;
	hss_req.info[0] = '\0';
	hss_get_str(hss_find(g, hss_dict.reason_info), hss_req.info, sizeof(hss_req.info));
	hss_req.has_vsai = hss_find(m, hss_dict.vsai) != NULL;
	hss_req.has_user_data = hss_get_os(hss_find(m, hss_dict.user_data), &n) != NULL;
	hss_req.user_data_len = hss_req.has_user_data ? n : 0;
	g = hss_find(m, hss_dict.associated_ids);
	hss_req.has_assoc = g != NULL;
	hss_req.assoc_seen[0] = '\0';
	hss_get_str(hss_find(g, hss_dict.user_name), hss_req.assoc_seen, sizeof(hss_req.assoc_seen));
	g = hss_find(m, hss_dict.auth_data_item);
	hss_req.has_auth_item = g != NULL;
	d = hss_find(g, hss_dict.digest_authenticate);
	hss_req.ha1[0] = hss_req.realm[0] = '\0';
	hss_get_str(hss_find(d, hss_dict.digest_ha1), hss_req.ha1, sizeof(hss_req.ha1));
	hss_get_str(hss_find(d, hss_dict.digest_realm), hss_req.realm, sizeof(hss_req.realm));
	hss_req.has_qop = hss_find(d, hss_dict.digest_qop) != NULL;
	if (fd_msg_new_answer_from_req(fd_g_config->cnf_dict, msg, 0) == 0) {
		answer_as_told(*msg);
		*act = DISP_ACT_SEND;
	}
	pthread_mutex_unlock(&hss_req.lock);
	return 0;
}

static void answer_next(uint32_t code, bool experimental, struct dict_object *fail,
			const char *assoc)
{
	pthread_mutex_lock(&hss_req.lock);
	hss_req.code = code;
	hss_req.experimental = experimental;
	hss_req.fail_model = fail;
	hss_req.assoc = assoc;
	pthread_mutex_unlock(&hss_req.lock);
}

/* --- the checks ------------------------------------------------------------ */

static const uint8_t alice_k[16] = {0x69, 0x6d, 0x73, 0x2d, 0x6c, 0x61, 0x62, 0x2d,
					    0x6b, 0x2d, 0x61, 0x6c, 0x69, 0x63, 0x65, 0x31};
static const uint8_t alice_op[16] = {0x69, 0x6d, 0x73, 0x2d, 0x6c, 0x61, 0x62, 0x2d,
					    0x6f, 0x70, 0x2d, 0x61, 0x6c, 0x69, 0x63, 0x65};

/* Run the vector of item through the USIM; the answer's status. */
static int usim_run(struct aka_usim *u, struct avp *item, struct aka_usim_answer *a,
		    bool *keys_match)
{
	const uint8_t *auth, *xres, *ck, *ik;
	size_t n1, n2, n3, n4;
	int rc;

	auth = hss_get_os(hss_find(item, hss_dict.sip_authenticate), &n1);
	xres = hss_get_os(hss_find(item, hss_dict.sip_authorization), &n2);
	ck = hss_get_os(hss_find(item, hss_dict.ck), &n3);
	ik = hss_get_os(hss_find(item, hss_dict.ik), &n4);
	*keys_match = false;
	if (auth == NULL || n1 != 32 || xres == NULL || n2 != 8 || ck == NULL || n3 != 16 ||
	    ik == NULL || n4 != 16)
		return -100;
	rc = aka_usim_challenge(u, auth, a);
	*keys_match = rc == AKA_OK && memcmp(a->res, xres, 8) == 0 && memcmp(a->ck, ck, 16) == 0 &&
		      memcmp(a->ik, ik, 16) == 0;
	return rc;
}

static void test_mar_aka(struct aka_usim *usim)
{
	struct aka_usim_answer ua;
	struct msg *ans;
	struct avp *item;
	uint8_t resync[30];
	bool keys;
	int rc;

	ans = mar(ALICE, ALICE_IMPU, "Digest-AKAv1-MD5", 2, NULL, 0);
	check(result_is(ans, 2001, false) && has_head(ans),
	      "MAR AKA alice: Result-Code 2001 and the Cx answer head");
	check(str_is(ans, hss_dict.user_name, ALICE) && str_is(ans, hss_dict.public_identity, ALICE_IMPU),
	      "MAR AKA: User-Name and Public-Identity echoed");
	check(u32_of(ans, hss_dict.num_auth_items) == 2 && hss_count(ans, hss_dict.auth_data_item) == 2,
	      "MAR AKA: 2 items asked, 2 given");
	item = hss_find(ans, hss_dict.auth_data_item);
	check(u32_of(item, hss_dict.item_number) == 1 &&
		      u32_of(hss_find_next(item, hss_dict.auth_data_item), hss_dict.item_number) == 2 &&
		      str_is(item, hss_dict.auth_scheme, "Digest-AKAv1-MD5"),
	      "MAR AKA: SIP-Item-Number 1 and 2, scheme Digest-AKAv1-MD5");
	rc = usim_run(usim, item, &ua, &keys);
	check(rc == AKA_OK && keys && ua.sqn == 0x40,
	      "MAR AKA: the USIM accepts vector 1 (SQN %llx, want 40), XRES/CK/IK match",
	      (unsigned long long)ua.sqn);
	rc = usim_run(usim, hss_find_next(item, hss_dict.auth_data_item), &ua, &keys);
	check(rc == AKA_OK && keys && ua.sqn == 0x60, "MAR AKA: vector 2 has SQN %llx (want 60)",
	      (unsigned long long)ua.sqn);
	done(ans);

	ans = mar(ALICE, ALICE_IMPU, "Unknown", 9, NULL, 0);
	check(result_is(ans, 2001, false) && u32_of(ans, hss_dict.num_auth_items) == 5 &&
		      hss_count(ans, hss_dict.auth_data_item) == 5,
	      "MAR Unknown -> default scheme (AKA), 9 asked, 5 given");
	done(ans);

	/* resync: the USIM is ahead */
	usim->sqn_ms = 0x100000;
	ans = mar(ALICE, ALICE_IMPU, "Digest-AKAv1-MD5", 1, NULL, 0);
	rc = usim_run(usim, hss_find(ans, hss_dict.auth_data_item), &ua, &keys);
	check(rc == AKA_ERR_SYNC, "resync: the USIM ahead of the HSS answers with AUTS");
	memcpy(resync, hss_get_os(hss_find(hss_find(ans, hss_dict.auth_data_item),
					   hss_dict.sip_authenticate), &(size_t){0}), 16);
	memcpy(resync + 16, ua.auts, 14);
	done(ans);
	ans = mar(ALICE, ALICE_IMPU, "Digest-AKAv1-MD5", 1, resync, sizeof(resync));
	rc = usim_run(usim, hss_find(ans, hss_dict.auth_data_item), &ua, &keys);
	check(result_is(ans, 2001, false) && rc == AKA_OK && keys && ua.sqn == 0x100020,
	      "resync: MAR with RAND||AUTS gives a vector the USIM accepts (SQN %llx, want 100020)",
	      (unsigned long long)ua.sqn);
	done(ans);
	resync[20] ^= 0x01;
	ans = mar(ALICE, ALICE_IMPU, "Digest-AKAv1-MD5", 1, resync, sizeof(resync));
	check(result_is(ans, 5003, false) && hss_find(ans, hss_dict.auth_data_item) == NULL,
	      "resync with a bad MAC-S: Result-Code 5003 DIAMETER_AUTHORIZATION_REJECTED");
	done(ans);
	ans = mar(ALICE, ALICE_IMPU, "Digest-AKAv1-MD5", 1, resync, 12);
	check(result_is(ans, 5004, false) && strcmp(failed_avp(ans), "SIP-Authorization") == 0,
	      "resync with a 12-byte SIP-Authorization: 5004, Failed-AVP SIP-Authorization");
	done(ans);
}

static void test_mar_other(void)
{
	char ha1[DIGEST_HEX_SIZE];
	struct msg *ans, *m;
	struct avp *item, *d;

	ans = mar(ALICE, "tel:+15551234", "SIP Digest", 1, NULL, 0);
	item = hss_find(ans, hss_dict.auth_data_item);
	d = hss_find(item, hss_dict.digest_authenticate);
	digest_ha1(ALICE, REALM, "alice", ha1);
	check(result_is(ans, 2001, false) && str_is(item, hss_dict.auth_scheme, "SIP Digest") &&
		      str_is(d, hss_dict.digest_realm, REALM) && str_is(d, hss_dict.digest_qop, "auth") &&
		      str_is(d, hss_dict.digest_algorithm, "MD5") && str_is(d, hss_dict.digest_ha1, ha1) &&
		      u32_of(ans, hss_dict.num_auth_items) == 1,
	      "MAR SIP Digest alice (tel URI): realm, QoP auth, MD5, HA1 %s", ha1);
	done(ans);

	ans = mar("dave@open-ims.test", "sip:dave@open-ims.test", "Unknown", 1, NULL, 0);
	item = hss_find(ans, hss_dict.auth_data_item);
	d = hss_find(item, hss_dict.digest_authenticate);
	digest_ha1("dave@open-ims.test", REALM, "dave", ha1);
	check(result_is(ans, 2001, false) && str_is(d, hss_dict.digest_ha1, ha1) &&
		      str_is(d, hss_dict.digest_realm, REALM) &&
		      hss_find(d, hss_dict.digest_qop) == NULL &&
		      hss_find(d, hss_dict.digest_algorithm) == NULL,
	      "MAR dave, Unknown -> SIP Digest, FHoSS style: only Digest-Realm and Digest-HA1");
	done(ans);

	ans = mar("dave@open-ims.test", "sip:dave@open-ims.test", "Digest-AKAv1-MD5", 2, NULL, 0);
	item = hss_find(ans, hss_dict.auth_data_item);
	check(result_is(ans, 2001, false) && u32_of(item, hss_dict.item_number) == 0,
	      "MAR dave AKA: item-base 0 -> SIP-Item-Number starts at 0");
	done(ans);

	ans = mar("nobody@open-ims.test", "sip:nobody@open-ims.test", "SIP Digest", 1, NULL, 0);
	check(result_is(ans, 5001, true) && has_head(ans), "MAR unknown IMPI: Experimental-Result 5001");
	done(ans);
	ans = mar(ALICE, "sip:bob@open-ims.test", "SIP Digest", 1, NULL, 0);
	check(result_is(ans, 5002, true), "MAR IMPU of another user: Experimental-Result 5002");
	done(ans);
	ans = mar("bob@open-ims.test", "sip:bob@open-ims.test", "Digest-AKAv1-MD5", 1, NULL, 0);
	check(result_is(ans, 5006, true), "MAR bob (SIP Digest only) with AKA: Experimental-Result 5006");
	done(ans);
	ans = mar("carol@open-ims.test", "sip:carol-mobile@open-ims.test", "SIP Digest", 1, NULL, 0);
	check(result_is(ans, 2001, false), "MAR carol for a wildcard match of her wildcarded IMPU: 2001");
	done(ans);

	/* hostile MARs: no User-Name; a User-Name with a NUL in it */
	m = new_request(hss_dict.mar, 0);
	hss_add_str(m, hss_dict.public_identity, ALICE_IMPU);
	hss_add_group(m, hss_dict.auth_data_item, &item);
	hss_add_str(item, hss_dict.auth_scheme, "SIP Digest");
	ans = send_sync(m);
	check(result_is(ans, 5005, false) && strcmp(failed_avp(ans), "User-Name") == 0 &&
		      has_head(ans),
	      "MAR without User-Name: 5005, Failed-AVP User-Name");
	done(ans);
	m = new_request(hss_dict.mar, 0);
	hss_add_os(m, hss_dict.user_name, (const uint8_t *)"alice\0x", 7);
	hss_add_str(m, hss_dict.public_identity, ALICE_IMPU);
	ans = send_sync(m);
	check(result_is(ans, 5004, false) && strcmp(failed_avp(ans), "User-Name") == 0,
	      "MAR with a NUL in User-Name: 5004, Failed-AVP User-Name");
	done(ans);
	m = new_request(hss_dict.mar, 0);
	hss_add_str(m, hss_dict.user_name, ALICE);
	hss_add_str(m, hss_dict.public_identity, ALICE_IMPU);
	ans = send_sync(m);
	check(result_is(ans, 5005, false) && strcmp(failed_avp(ans), "SIP-Auth-Data-Item") == 0,
	      "MAR without SIP-Auth-Data-Item: 5005");
	done(ans);
}

static void test_sar(void)
{
	char reply[4096], err[256];
	ud_subscription_t *ud;
	const uint8_t *data;
	struct msg *ans;
	size_t n;

	ans = sar(ALICE, ALICE_IMPU, NULL, 1, 0, NULL, OMIT_SERVER_NAME);
	check(result_is(ans, 5005, false) && strcmp(failed_avp(ans), "Server-Name") == 0,
	      "SAR without Server-Name: 5005, Failed-AVP Server-Name");
	done(ans);
	ans = sar(ALICE, ALICE_IMPU, NULL, 1, 0, NULL, OMIT_UDAA);
	check(result_is(ans, 5005, false) &&
		      strcmp(failed_avp(ans), "User-Data-Already-Available") == 0,
	      "SAR without User-Data-Already-Available: 5005 with it in Failed-AVP");
	done(ans);
	ans = sar(ALICE, ALICE_IMPU, NULL, 1, 0, NULL, OMIT_VSAI);
	check(result_is(ans, 5005, false) &&
		      strcmp(failed_avp(ans), "Vendor-Specific-Application-Id") == 0,
	      "SAR without Vendor-Specific-Application-Id: 5005");
	done(ans);
	ans = sar(ALICE, ALICE_IMPU, "tel:+15551234", 1, 0, NULL, 0);
	check(result_is(ans, 5009, false) && strcmp(failed_avp(ans), "Public-Identity") == 0,
	      "SAR REGISTRATION with two Public-Identity: 5009");
	done(ans);
	ans = sar("nobody@open-ims.test", "sip:nobody@open-ims.test", NULL, 1, 0, NULL, 0);
	check(result_is(ans, 5001, true), "SAR unknown user: Experimental-Result 5001");
	done(ans);

	ans = sar(ALICE, ALICE_IMPU, NULL, 1, 1, NULL, 0);
	data = hss_get_os(hss_find(ans, hss_dict.user_data), &n);
	ud = data != NULL ? ud_parse((const char *)data, n, NULL, err, sizeof(err)) : NULL;
	check(result_is(ans, 2001, false) && has_head(ans) && ud != NULL &&
		      strcmp(ud->private_id, ALICE) == 0 && ud->nids == 3 &&
		      str_is(ans, hss_dict.user_name, ALICE),
	      "SAR REGISTRATION (UDAA 1): 2001 with alice's User-Data (3 identities)");
	ud_free(ud);
	done(ans);
	check(ctl("list", reply, sizeof(reply)) &&
		      strstr(reply, "impi=alice@open-ims.test impu=tel:+15551234 state=registered "
				    "server=" SERVER_NAME " scscf=scscf.open-ims.test") != NULL &&
		      strstr(reply, "\nok 7") != NULL,
	      "list: alice's IMPUs registered with server name and S-CSCF host");

	ans = sar(ALICE, ALICE_IMPU, NULL, 2, 1, NULL, 0);
	check(result_is(ans, 2001, false) && hss_find(ans, hss_dict.user_data) == NULL,
	      "SAR RE_REGISTRATION with UDAA 1: 2001 without User-Data");
	done(ans);
	ans = sar(ALICE, ALICE_IMPU, NULL, 2, 0, NULL, 0);
	check(result_is(ans, 2001, false) && hss_find(ans, hss_dict.user_data) != NULL,
	      "SAR RE_REGISTRATION with UDAA 0: User-Data");
	done(ans);

	ans = sar(NULL, "sip:carol-home@open-ims.test", NULL, 3, 0, "sip:carol!.*!@open-ims.test", 0);
	check(result_is(ans, 2001, false) && hss_find(ans, hss_dict.user_data) != NULL &&
		      str_is(ans, hss_dict.wildcarded_pi, "sip:carol!.*!@open-ims.test") &&
		      str_is(ans, hss_dict.user_name, "carol@open-ims.test"),
	      "SAR UNREGISTERED_USER for a wildcard match: User-Data, Wildcarded-Public-Identity echoed");
	done(ans);
	check(ctl("list", reply, sizeof(reply)) &&
		      strstr(reply, "impi=carol@open-ims.test impu=sip:carol@open-ims.test "
				    "state=unregistered") != NULL,
	      "list: carol unregistered");
	ans = sar(NULL, "sip:carol-home@open-ims.test", "sip:carol@open-ims.test", 5, 0, NULL, 0);
	check(result_is(ans, 2001, false) && hss_find(ans, hss_dict.user_data) == NULL,
	      "SAR USER_DEREGISTRATION with two Public-Identity, no User-Name: 2001");
	done(ans);
	check(ctl("list", reply, sizeof(reply)) &&
		      strstr(reply, "impi=carol@open-ims.test impu=sip:carol@open-ims.test "
				    "state=not-registered server=- ") != NULL,
	      "list: carol not registered, server name cleared");
	ans = sar("bob@open-ims.test", "sip:bob@open-ims.test", NULL, 0, 1, NULL, 0);
	check(result_is(ans, 2001, false) && hss_find(ans, hss_dict.user_data) != NULL,
	      "SAR NO_ASSIGNMENT: User-Data");
	done(ans);
	ans = sar("bob@open-ims.test", "sip:bob@open-ims.test", NULL, 12, 1, NULL, 0);
	check(result_is(ans, 5007, true), "SAR with an SWx-only type: Experimental-Result 5007");
	done(ans);
	check(ctl("history 3", reply, sizeof(reply)) &&
		      strstr(reply, "SAR - sip:carol-home@open-ims.test,sip:carol@open-ims.test "
				    "USER_DEREGISTRATION result=2001") !=
			      NULL &&
		      strstr(reply, "SAR bob@open-ims.test sip:bob@open-ims.test AAA_USER_DATA_REQUEST "
				    "exp-result=5007\nok 3") != NULL,
	      "history 3: the last three requests, oldest first");
}

static void test_push(void)
{
	char reply[4096], ha1[DIGEST_HEX_SIZE];
	struct msg *ans;
	bool ok;

	/* alice is registered (test_sar) */
	answer_next(2001, false, NULL, NULL);
	ok = ctl("rtr impi " ALICE " reason 0 info Your account was closed", reply, sizeof(reply));
	check(ok && strcmp(reply, "ok Result-Code 2001") == 0, "rtr impi alice: '%s'", reply);
	pthread_mutex_lock(&hss_req.lock);
	check(strcmp(hss_req.user_name, ALICE) == 0 &&
		      strcmp(hss_req.dest_host, diam_boot_identity()) == 0 &&
		      strcmp(hss_req.dest_realm, REALM) == 0 && hss_req.impus[0] == '\0' &&
		      hss_req.reason == 0 && strcmp(hss_req.info, "Your account was closed") == 0 &&
		      hss_req.has_vsai && !hss_req.has_assoc,
	      "RTR by IMPI: User-Name, Destination-Host/Realm, no Public-Identity, reason 0 + info");
	pthread_mutex_unlock(&hss_req.lock);
	check(ctl("list", reply, sizeof(reply)) &&
		      strstr(reply, "impi=alice@open-ims.test impu=sip:alice@open-ims.test "
				    "state=not-registered server=- scscf=scscf.open-ims.test") != NULL,
	      "list: alice not registered after the RTA");

	done(sar(ALICE, ALICE_IMPU, NULL, 1, 0, NULL, 0));
	answer_next(5005, false, hss_dict.dereg_reason, NULL);
	ok = ctl("rtr impu sip:alice@open-ims.test,tel:+15551234 omit Deregistration-Reason", reply,
		 sizeof(reply));
	check(!ok && strcmp(reply, "error Result-Code 5005 failed-avp=Deregistration-Reason") == 0,
	      "rtr impu ... omit Deregistration-Reason, RTA 5005: '%s'", reply);
	pthread_mutex_lock(&hss_req.lock);
	check(strcmp(hss_req.impus, "sip:alice@open-ims.test,tel:+15551234") == 0 &&
		      strcmp(hss_req.user_name, ALICE) == 0 && !hss_req.has_reason,
	      "RTR by IMPU: both Public-Identity AVPs, User-Name of the owner, no Deregistration-Reason");
	pthread_mutex_unlock(&hss_req.lock);
	check(ctl("list", reply, sizeof(reply)) &&
		      strstr(reply, "impu=sip:alice@open-ims.test state=registered") != NULL,
	      "list: alice still registered after a failed RTR");

	answer_next(2001, false, NULL, "bob@open-ims.test");
	ok = ctl("rtr impi " ALICE " assoc bob@open-ims.test reason NEW_SERVER_ASSIGNED", reply,
		 sizeof(reply));
	pthread_mutex_lock(&hss_req.lock);
	check(ok && strcmp(reply, "ok Result-Code 2001 assoc=bob@open-ims.test") == 0 &&
		      hss_req.has_assoc && strcmp(hss_req.assoc_seen, "bob@open-ims.test") == 0 &&
		      hss_req.reason == 1,
	      "rtr with assoc: Associated-Identities sent and reported: '%s'", reply);
	pthread_mutex_unlock(&hss_req.lock);

	answer_next(5001, true, NULL, NULL);
	ok = ctl("rtr impi carol@open-ims.test to scscf.open-ims.test", reply, sizeof(reply));
	check(!ok && strcmp(reply, "error Experimental-Result 5001") == 0,
	      "rtr to an explicit host, RTA Experimental 5001: '%s'", reply);
	ok = ctl("rtr impi dave@open-ims.test", reply, sizeof(reply));
	check(!ok && strncmp(reply, "error no S-CSCF is known", 24) == 0,
	      "rtr for a user no SAR named: '%s'", reply);
	ok = ctl("rtr impi carol@open-ims.test to nowhere.open-ims.test", reply, sizeof(reply));
	check(!ok && strncmp(reply, "error ", 6) == 0, "rtr to an unknown peer: '%s'", reply);

	answer_next(2001, false, NULL, NULL);
	done(sar(ALICE, ALICE_IMPU, NULL, 1, 0, NULL, 0));
	ok = ctl("ppr " ALICE, reply, sizeof(reply));
	pthread_mutex_lock(&hss_req.lock);
	check(ok && strcmp(reply, "ok Result-Code 2001") == 0 && hss_req.has_user_data &&
		      !hss_req.has_auth_item && strcmp(hss_req.user_name, ALICE) == 0,
	      "ppr alice: User-Data pushed: '%s'", reply);
	pthread_mutex_unlock(&hss_req.lock);

	done(sar("bob@open-ims.test", "sip:bob@open-ims.test", NULL, 1, 0, NULL, 0));
	ok = ctl("ppr bob@open-ims.test password n3w", reply, sizeof(reply));
	digest_ha1("bob@open-ims.test", REALM, "n3w", ha1);
	pthread_mutex_lock(&hss_req.lock);
	check(ok && !hss_req.has_user_data && hss_req.has_auth_item &&
		      strcmp(hss_req.ha1, ha1) == 0 && strcmp(hss_req.realm, REALM) == 0 &&
		      hss_req.has_qop,
	      "ppr bob password: only SIP-Auth-Data-Item with the new HA1: '%s'", reply);
	pthread_mutex_unlock(&hss_req.lock);
	ans = mar("bob@open-ims.test", "sip:bob@open-ims.test", "SIP Digest", 1, NULL, 0);
	check(str_is(hss_find(hss_find(ans, hss_dict.auth_data_item), hss_dict.digest_authenticate),
		     hss_dict.digest_ha1, ha1),
	      "MAR bob after the password change: the new HA1");
	done(ans);

	check(!ctl("rtr impi alice@open-ims.test omit No-Such-AVP", reply, sizeof(reply)) &&
		      strncmp(reply, "error ", 6) == 0,
	      "omit with an unknown AVP name is refused");
	check(!ctl("frobnicate", reply, sizeof(reply)), "an unknown command is an error");
	check(ctl("history clear", reply, sizeof(reply)) && ctl("history", reply, sizeof(reply)) &&
		      strcmp(reply, "ok 0") == 0,
	      "history clear");
}

/* A Cx request hss-sim does not serve still gets an answer. */
static void test_unsupported(void)
{
	struct dict_object *uar = NULL;
	struct msg *m, *ans;
	hss_result_t r;

	if (fd_dict_search(fd_g_config->cnf_dict, DICT_COMMAND, CMD_BY_NAME,
			   "User-Authorization-Request", &uar, ENOENT) != 0)
		return;
	m = new_request(uar, 0);
	hss_add_str(m, hss_dict.user_name, ALICE);
	hss_add_str(m, hss_dict.public_identity, ALICE_IMPU);
	ans = send_sync(m);
	check(ans != NULL && hss_get_result(ans, &r) == 0 && r.code == 3001,
	      "UAR (not served): Result-Code 3001");
	done(ans);
}

int main(int argc, char **argv)
{
	const char *fdconf = NULL, *listen[4];
	diam_boot_opts_t bo;
	struct aka_usim usim;
	struct disp_when when;
	char err[256];
	size_t nlisten = 0;
	int ch, i;

	while ((ch = getopt(argc, argv, "c:p:s:l:")) != -1) {
		if (ch == 'c')
			fdconf = optarg;
		else if (ch == 'p')
			hss_id = optarg;
		else if (ch == 's')
			ctl_path = optarg;
		else if (ch == 'l' && nlisten < 4)
			listen[nlisten++] = optarg;
		else
			return 2;
	}
	if (fdconf == NULL || hss_id == NULL || ctl_path == NULL) {
		fprintf(stderr, "usage: hss_sim_probe -c FDCONF -p HSS_IDENTITY -s CTLSOCKET [-l ADDR]\n");
		return 2;
	}
	slog_open("hss_sim_probe", false, SLOG_WARN);
	cxcrypto_init();
	bo.conf_file = fdconf;
	bo.listen = listen;
	bo.nlisten = nlisten;
	if (diam_boot_start(&bo, &hss_dict, err, sizeof(err)) != 0) {
		fprintf(stderr, "hss_sim_probe: %s\n", err);
		return 1;
	}
	memset(&when, 0, sizeof(when));
	when.app = hss_dict.app;
	when.command = hss_dict.rtr;
	fd_disp_register(on_request, DISP_HOW_CC, &when, NULL, NULL);
	when.command = hss_dict.ppr;
	fd_disp_register(on_request, DISP_HOW_CC, &when, NULL, NULL);
	for (i = 0; i < 200 && !diam_boot_peer_open(hss_id); i++)
		usleep(100 * 1000);
	check(diam_boot_peer_open(hss_id), "connected to %s", hss_id);
	if (diam_boot_peer_open(hss_id)) {
		memset(&usim, 0, sizeof(usim));
		memcpy(usim.k, alice_k, 16);
		milenage_opc(alice_k, alice_op, usim.opc);
		test_mar_aka(&usim);
		test_mar_other();
		test_sar();
		test_push();
		test_unsupported();
	}
	printf("%d of %d checks passed\n", checks - failures, checks);
	diam_boot_stop();
	return failures == 0 ? 0 : 1;
}
