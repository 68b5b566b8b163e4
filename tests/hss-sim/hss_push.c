/*
 * hss_push.c - RTR and PPR: build, send, wait for the answer (see
 * hss_push.h).
 *
 * The caller and freeDiameter share a small waiter: the answer callback
 * (or the expiry callback) fills it in and signals; the caller waits a
 * little longer than freeDiameter's own timeout.  The waiter is reference
 * counted, so whichever side finishes last frees it and a late callback
 * never touches freed memory.
 */
#include "config.h"

#include "hss_push.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "scscf/base/log.h"

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int refs;
	bool done;
	hss_push_result_t res;
} waiter_t;

static void waiter_unref(waiter_t *w)
{
	int left;

	pthread_mutex_lock(&w->lock);
	left = --w->refs;
	pthread_mutex_unlock(&w->lock);
	if (left == 0) {
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
		free(w);
	}
}

static void waiter_finish(waiter_t *w)
{
	pthread_mutex_lock(&w->lock);
	w->done = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	waiter_unref(w);
}

/* --- reading the answer ---------------------------------------------------- */

static void read_answer(struct msg *ans, hss_push_result_t *r)
{
	struct avp *f, *inner = NULL, *a;
	char name[256];
	size_t off = 0;
	int n;

	r->status = HSS_PUSH_ANSWERED;
	r->has_res = hss_get_result(ans, &r->res) == 0;
	f = hss_find(ans, hss_dict.failed_avp);
	if (f != NULL && fd_msg_browse(f, MSG_BRW_FIRST_CHILD, &inner, NULL) == 0 &&
	    inner != NULL) {
		struct avp_hdr *h;

		if (strcmp(hss_avp_name(inner), "?") != 0)
			snprintf(r->failed_avp, sizeof(r->failed_avp), "%s", hss_avp_name(inner));
		else if (fd_msg_avp_hdr(inner, &h) == 0)
			snprintf(r->failed_avp, sizeof(r->failed_avp), "code-%u/%u",
				 (unsigned)h->avp_code, (unsigned)h->avp_vendor);
	}
	f = hss_find(ans, hss_dict.associated_ids);
	for (a = hss_find(f, hss_dict.user_name); a != NULL && off < sizeof(r->assoc);
	     a = hss_find_next(a, hss_dict.user_name)) {
		if (hss_get_str(a, name, sizeof(name)) != 0)
			snprintf(name, sizeof(name), "?");
		n = snprintf(r->assoc + off, sizeof(r->assoc) - off, "%s%s", off > 0 ? "," : "",
			     name);
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

static void on_answer(void *data, struct msg **ans)
{
	waiter_t *w = data;

	pthread_mutex_lock(&w->lock);
	read_answer(*ans, &w->res);
	pthread_mutex_unlock(&w->lock);
	fd_msg_free(*ans);
	*ans = NULL;
	waiter_finish(w);
}

static void on_expire(void *data, DiamId_t sentto, size_t len, struct msg **req)
{
	waiter_t *w = data;

	(void)sentto, (void)len, (void)req; /* freeDiameter frees the request */
	pthread_mutex_lock(&w->lock);
	w->res.status = HSS_PUSH_TIMEOUT;
	pthread_mutex_unlock(&w->lock);
	waiter_finish(w);
}

/* --- building -------------------------------------------------------------- */

typedef struct {
	const hss_push_t *p;
	int rc;
} build_t;

static bool omitted(const build_t *b, struct dict_object *model)
{
	const char *name = hss_model_name(model);
	size_t i;

	for (i = 0; i < b->p->nomit; i++)
		if (strcasecmp(b->p->omit[i], name) == 0)
			return true;
	return false;
}

static bool omitted_name(const build_t *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->p->nomit; i++)
		if (strcasecmp(b->p->omit[i], name) == 0)
			return true;
	return false;
}

/* Each adder does nothing after an error or for an omitted AVP. */
static void add_str(build_t *b, void *parent, struct dict_object *m, const char *s)
{
	if (b->rc == 0 && s != NULL && !omitted(b, m))
		b->rc = hss_add_str(parent, m, s);
}

static void add_os(build_t *b, void *parent, struct dict_object *m, const char *p, size_t n)
{
	if (b->rc == 0 && !omitted(b, m))
		b->rc = hss_add_os(parent, m, (const uint8_t *)p, n);
}

static void add_u32(build_t *b, void *parent, struct dict_object *m, uint32_t v)
{
	if (b->rc == 0 && !omitted(b, m))
		b->rc = hss_add_u32(parent, m, v);
}

static void add_i32(build_t *b, void *parent, struct dict_object *m, int32_t v)
{
	if (b->rc == 0 && !omitted(b, m))
		b->rc = hss_add_i32(parent, m, v);
}

/* A grouped AVP, or NULL when omitted or after an error. */
static struct avp *add_group(build_t *b, void *parent, struct dict_object *m)
{
	struct avp *g = NULL;

	if (b->rc == 0 && !omitted(b, m))
		b->rc = hss_add_group(parent, m, &g);
	return b->rc == 0 ? g : NULL;
}

/* The header of an HSS request: Session-Id, Vendor-Specific-Application-Id,
 * Auth-Session-State, Origin-Host/Realm, Destination-Host/Realm, User-Name. */
static struct msg *request_head(build_t *b, struct dict_object *cmd)
{
	struct msg *m = NULL;
	struct msg_hdr *h;
	struct avp *g;

	b->rc = fd_msg_new(cmd, MSGFL_ALLOC_ETEID, &m);
	if (b->rc != 0)
		return NULL;
	if (fd_msg_hdr(m, &h) == 0)
		h->msg_flags |= CMD_FLAG_PROXIABLE; /* REQ, PXY */
	if (!omitted_name(b, "Session-Id"))
		b->rc = fd_msg_new_session(m, NULL, 0);
	g = add_group(b, m, hss_dict.vsai);
	if (g != NULL) {
		add_u32(b, g, hss_dict.vendor_id, CX_VENDOR_3GPP);
		add_u32(b, g, hss_dict.auth_app_id, CX_APP_ID);
	}
	add_i32(b, m, hss_dict.auth_session_state, 1);
	add_str(b, m, hss_dict.origin_host, fd_g_config->cnf_diamid);
	add_str(b, m, hss_dict.origin_realm, fd_g_config->cnf_diamrlm);
	add_str(b, m, hss_dict.dest_host, b->p->dest_host);
	add_str(b, m, hss_dict.dest_realm, b->p->dest_realm);
	add_str(b, m, hss_dict.user_name, b->p->user_name);
	return m;
}

static struct msg *build_rtr(build_t *b)
{
	const hss_push_t *p = b->p;
	struct msg *m = request_head(b, hss_dict.rtr);
	struct avp *g;
	size_t i;

	if (p->nassoc > 0 && (g = add_group(b, m, hss_dict.associated_ids)) != NULL)
		for (i = 0; i < p->nassoc; i++)
			add_str(b, g, hss_dict.user_name, p->assoc[i]);
	for (i = 0; i < p->nimpus; i++)
		add_str(b, m, hss_dict.public_identity, p->impus[i]);
	if ((g = add_group(b, m, hss_dict.dereg_reason)) != NULL) {
		add_i32(b, g, hss_dict.reason_code, p->reason);
		add_str(b, g, hss_dict.reason_info, p->info);
	}
	return m;
}

static struct msg *build_ppr(build_t *b)
{
	const hss_push_t *p = b->p;
	struct msg *m = request_head(b, hss_dict.ppr);
	struct avp *g, *d;

	if (p->user_data != NULL)
		add_os(b, m, hss_dict.user_data, p->user_data, p->user_data_len);
	if (p->digest_item && (g = add_group(b, m, hss_dict.auth_data_item)) != NULL) {
		add_str(b, g, hss_dict.auth_scheme, "SIP Digest");
		if ((d = add_group(b, g, hss_dict.digest_authenticate)) != NULL) {
			add_str(b, d, hss_dict.digest_realm, p->realm);
			if (p->style == HSS_DIGEST_STANDARD) {
				add_str(b, d, hss_dict.digest_algorithm, "MD5");
				add_str(b, d, hss_dict.digest_qop, "auth");
			}
			add_str(b, d, hss_dict.digest_ha1, p->ha1);
		}
	}
	return m;
}

/* --- sending --------------------------------------------------------------- */

static void send_and_wait(const char *what, struct msg *m, hss_push_result_t *out)
{
	struct timespec deadline, limit;
	waiter_t *w;
	int rc;

	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		fd_msg_free(m);
		out->status = HSS_PUSH_FAILED;
		snprintf(out->error, sizeof(out->error), "out of memory");
		return;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->refs = 2; /* this thread and freeDiameter's callback */
	clock_gettime(CLOCK_REALTIME, &deadline);
	limit = deadline;
	deadline.tv_sec += HSS_PUSH_TIMEOUT_S;
	limit.tv_sec += HSS_PUSH_TIMEOUT_S + 2;
	rc = fd_msg_send_timeout(&m, on_answer, w, on_expire, &deadline);
	if (rc != 0) {
		if (m != NULL)
			fd_msg_free(m);
		out->status = HSS_PUSH_FAILED;
		snprintf(out->error, sizeof(out->error), "freeDiameter refused to send the %s: %s",
			 what, strerror(rc));
		waiter_unref(w); /* the callback's reference: it will not run */
		waiter_unref(w);
		return;
	}
	pthread_mutex_lock(&w->lock);
	while (!w->done) {
		if (pthread_cond_timedwait(&w->cond, &w->lock, &limit) == ETIMEDOUT)
			break;
	}
	if (w->done) {
		*out = w->res;
	} else {
		out->status = HSS_PUSH_TIMEOUT;
	}
	pthread_mutex_unlock(&w->lock);
	waiter_unref(w);
}

static void push(const hss_push_t *p, hss_push_result_t *out, bool rtr)
{
	build_t b = {p, 0};
	struct msg *m;

	memset(out, 0, sizeof(*out));
	m = rtr ? build_rtr(&b) : build_ppr(&b);
	if (b.rc != 0 || m == NULL) {
		if (m != NULL)
			fd_msg_free(m);
		out->status = HSS_PUSH_FAILED;
		snprintf(out->error, sizeof(out->error), "cannot build the %s: %s",
			 rtr ? "RTR" : "PPR", strerror(b.rc != 0 ? b.rc : EINVAL));
		return;
	}
	send_and_wait(rtr ? "RTR" : "PPR", m, out);
}

void hss_push_rtr(const hss_push_t *p, hss_push_result_t *out)
{
	push(p, out, true);
}

void hss_push_ppr(const hss_push_t *p, hss_push_result_t *out)
{
	push(p, out, false);
}

bool hss_push_can_omit(const char *name)
{
	static const char *const names[] = {
		"Session-Id", "Vendor-Specific-Application-Id", "Vendor-Id", "Auth-Application-Id",
		"Auth-Session-State", "Origin-Host", "Origin-Realm", "Destination-Host",
		"Destination-Realm", "User-Name", "Associated-Identities", "Public-Identity",
		"Deregistration-Reason", "Reason-Code", "Reason-Info", "User-Data",
		"SIP-Auth-Data-Item", "SIP-Authentication-Scheme", "SIP-Digest-Authenticate",
		"Digest-Realm", "Digest-Algorithm", "Digest-QoP", "Digest-HA1",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(names[i], name) == 0)
			return true;
	return false;
}
