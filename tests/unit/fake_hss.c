/*
 * fake_hss.c - see fake_hss.h.
 */
#include "config.h"

#include "fake_hss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/crypto/digest.h"

#define FH_MAX_USERS 8

typedef struct {
	char *impi, *realm, *password, *profile;
} fh_user_t;

typedef struct {
	cx_local_t local;
	bool experimental;
	unsigned code;
} fh_script_t;

/* An answer waiting for the next loop turn. */
typedef struct pending {
	char kind;
	hss_maa_fn maa_done;
	hss_saa_fn saa_done;
	void *arg;
	cx_maa_t maa;
	cx_saa_t saa;
	struct pending *next;
} pending_t;

struct hss_request {
	fh_answer_t *out;
};

struct fake_hss {
	hss_port_t port;
	const sclock_t *clock;
	sclock_timer_t *timer;
	fh_user_t users[FH_MAX_USERS];
	size_t nusers;
	fh_script_t mar_script[FH_MAX_SCRIPT], sar_script[FH_MAX_SCRIPT];
	size_t nmar_script, nsar_script;
	fh_record_t records[FH_MAX_RECORDS];
	size_t nrecords;
	pending_t *pending, **tail;
	bool held;
	hss_rtr_fn rtr;
	hss_ppr_fn ppr;
	void *handler_arg;
	char *saa_wildcard; /* Wildcarded-Public-Identity of every SAA, or NULL */
};

static const fh_user_t *find_user(const fake_hss_t *h, const char *impi)
{
	size_t i;

	for (i = 0; impi != NULL && i < h->nusers; i++)
		if (strcmp(h->users[i].impi, impi) == 0)
			return &h->users[i];
	return NULL;
}

/* The scripted status, or the natural one: success for a known user,
 * DIAMETER_ERROR_USER_UNKNOWN otherwise. */
static cx_status_t outcome(fh_script_t *script, size_t *n, const fh_user_t *u)
{
	cx_status_t s = {CX_LOCAL_NONE, false, CX_DIAMETER_SUCCESS};

	if (*n > 0) {
		s.local = script[0].local;
		s.experimental = script[0].experimental;
		s.code = script[0].code;
		memmove(script, script + 1, (*n - 1) * sizeof(*script));
		(*n)--;
	} else if (u == NULL) {
		s.experimental = true;
		s.code = CX_ERROR_USER_UNKNOWN;
	}
	return s;
}

static void record(fake_hss_t *h, const fh_record_t *r)
{
	if (h->nrecords < FH_MAX_RECORDS)
		h->records[h->nrecords++] = *r;
}

static void queue(fake_hss_t *h, pending_t *p)
{
	*h->tail = p;
	h->tail = &p->next;
	if (!h->held)
		sclock_arm(h->clock, h->timer, sclock_now(h->clock));
}

void fake_hss_saa_wildcard(fake_hss_t *h, const char *wildcard)
{
	free(h->saa_wildcard);
	h->saa_wildcard = wildcard != NULL ? strdup(wildcard) : NULL;
}

void fake_hss_hold(fake_hss_t *h, bool held)
{
	h->held = held;
	if (!held && h->pending != NULL)
		sclock_arm(h->clock, h->timer, sclock_now(h->clock));
}

static void digest_item(const fh_user_t *u, cx_maa_t *a)
{
	cx_auth_item_t *it = calloc(1, sizeof(*it));

	if (it == NULL)
		abort();
	it->item_number = 1;
	it->kind = CX_ITEM_DIGEST;
	snprintf(it->scheme, sizeof(it->scheme), "%s", CX_SCHEME_DIGEST);
	snprintf(it->realm, sizeof(it->realm), "%s", u->realm);
	snprintf(it->qop, sizeof(it->qop), "auth");
	snprintf(it->algorithm, sizeof(it->algorithm), "MD5");
	if (digest_ha1(u->impi, u->realm, u->password, it->ha1) != 0)
		abort();
	a->items = it;
	a->nitems = 1;
}

static int fh_mar(void *ctx, const cx_mar_t *req, hss_maa_fn done, void *arg)
{
	fake_hss_t *h = ctx;
	const fh_user_t *u = find_user(h, req->impi);
	pending_t *p = calloc(1, sizeof(*p));
	fh_record_t r = {.kind = 'M', .resync = req->resync != NULL};

	if (p == NULL)
		return -1;
	snprintf(r.impi, sizeof(r.impi), "%s", req->impi ? req->impi : "");
	snprintf(r.impu, sizeof(r.impu), "%s", req->impu ? req->impu : "");
	snprintf(r.scheme, sizeof(r.scheme), "%s", req->scheme ? req->scheme : "");
	record(h, &r);
	p->kind = 'M';
	p->maa_done = done;
	p->arg = arg;
	p->maa.status = outcome(h->mar_script, &h->nmar_script, u);
	if (cx_status_ok(&p->maa.status) && u != NULL)
		digest_item(u, &p->maa);
	if (p->maa.status.local == CX_LOCAL_NONE)
		p->maa.origin_host = strdup("hss.open-ims.test");
	queue(h, p);
	return 0;
}

static int fh_sar(void *ctx, const cx_sar_t *req, hss_saa_fn done, void *arg)
{
	fake_hss_t *h = ctx;
	const fh_user_t *u = find_user(h, req->impi);
	pending_t *p = calloc(1, sizeof(*p));
	fh_record_t r = {.kind = 'S', .nimpus = req->nimpus, .type = req->type};
	bool assigns = (req->type == CX_SAT_REGISTRATION || req->type == CX_SAT_RE_REGISTRATION) &&
		       !req->user_data_available;

	if (p == NULL)
		return -1;
	snprintf(r.impi, sizeof(r.impi), "%s", req->impi ? req->impi : "");
	snprintf(r.impu, sizeof(r.impu), "%s", req->nimpus > 0 ? req->impus[0] : "");
	record(h, &r);
	p->kind = 'S';
	p->saa_done = done;
	p->arg = arg;
	p->saa.status = outcome(h->sar_script, &h->nsar_script, u);
	if (cx_status_ok(&p->saa.status) && u != NULL && assigns) {
		p->saa.user_data = strdup(u->profile);
		p->saa.user_data_len = strlen(u->profile);
	}
	if (p->saa.status.local == CX_LOCAL_NONE) {
		p->saa.origin_host = strdup("hss.open-ims.test");
		p->saa.origin_realm = strdup("open-ims.test");
		if (h->saa_wildcard != NULL)
			p->saa.wildcard = strdup(h->saa_wildcard);
	}
	queue(h, p);
	return 0;
}

static void deliver(void *arg)
{
	fake_hss_t *h = arg;

	while (h->pending != NULL && !h->held) {
		pending_t *p = h->pending;

		h->pending = p->next;
		if (h->pending == NULL)
			h->tail = &h->pending;
		if (p->kind == 'M') {
			p->maa_done(p->arg, &p->maa);
			cx_maa_clear(&p->maa);
		} else {
			p->saa_done(p->arg, &p->saa);
			cx_saa_clear(&p->saa);
		}
		free(p);
	}
}

static void fh_listen(void *ctx, hss_rtr_fn rtr, hss_ppr_fn ppr, void *arg)
{
	fake_hss_t *h = ctx;

	h->rtr = rtr;
	h->ppr = ppr;
	h->handler_arg = arg;
}

static void fh_answer_rtr(void *ctx, hss_request_t *in, const cx_result_t *res,
			  const char *const *assoc, size_t nassoc)
{
	(void)ctx;
	(void)assoc;
	in->out->answered = true;
	in->out->res = *res;
	in->out->nassoc = nassoc;
	free(in);
}

static void fh_answer_ppr(void *ctx, hss_request_t *in, const cx_result_t *res)
{
	fh_answer_rtr(ctx, in, res, NULL, 0);
}

fake_hss_t *fake_hss_new(sim_clock_t *clock)
{
	fake_hss_t *h = calloc(1, sizeof(*h));

	if (h == NULL)
		return NULL;
	h->clock = sim_clock_iface(clock);
	h->timer = sclock_timer_new(h->clock, deliver, h);
	h->tail = &h->pending;
	h->port = (hss_port_t){fh_mar, fh_sar, fh_listen, fh_answer_rtr, fh_answer_ppr, h};
	return h;
}

void fake_hss_free(fake_hss_t *h)
{
	size_t i;

	if (h == NULL)
		return;
	while (h->pending != NULL) {
		pending_t *p = h->pending;

		h->pending = p->next;
		cx_maa_clear(&p->maa);
		cx_saa_clear(&p->saa);
		free(p);
	}
	for (i = 0; i < h->nusers; i++) {
		free(h->users[i].impi);
		free(h->users[i].realm);
		free(h->users[i].password);
		free(h->users[i].profile);
	}
	sclock_timer_free(h->clock, h->timer);
	free(h->saa_wildcard);
	free(h);
}

const hss_port_t *fake_hss_port(fake_hss_t *h)
{
	return &h->port;
}

void fake_hss_add_user(fake_hss_t *h, const char *impi, const char *realm, const char *password,
		       const char *profile)
{
	fh_user_t *u;

	if (h->nusers == FH_MAX_USERS)
		abort();
	u = &h->users[h->nusers++];
	u->impi = strdup(impi);
	u->realm = strdup(realm);
	u->password = strdup(password);
	u->profile = strdup(profile);
}

static void script(fh_script_t *s, size_t *n, cx_local_t local, bool experimental, unsigned code)
{
	if (*n == FH_MAX_SCRIPT)
		abort();
	s[*n].local = local;
	s[*n].experimental = experimental;
	s[*n].code = code;
	(*n)++;
}

void fake_hss_script_mar(fake_hss_t *h, cx_local_t local, bool experimental, unsigned code)
{
	script(h->mar_script, &h->nmar_script, local, experimental, code);
}

void fake_hss_script_sar(fake_hss_t *h, cx_local_t local, bool experimental, unsigned code)
{
	script(h->sar_script, &h->nsar_script, local, experimental, code);
}

size_t fake_hss_count(const fake_hss_t *h)
{
	return h->nrecords;
}

const fh_record_t *fake_hss_record(const fake_hss_t *h, size_t i)
{
	return i < h->nrecords ? &h->records[i] : NULL;
}

const fh_record_t *fake_hss_last(const fake_hss_t *h, char kind)
{
	size_t i = h->nrecords;

	while (i-- > 0)
		if (h->records[i].kind == kind)
			return &h->records[i];
	return NULL;
}

static hss_request_t *incoming(fh_answer_t *out)
{
	hss_request_t *in = calloc(1, sizeof(*in));

	if (in == NULL)
		abort();
	memset(out, 0, sizeof(*out));
	in->out = out;
	return in;
}

void fake_hss_rtr(fake_hss_t *h, const cx_rtr_t *rtr, fh_answer_t *out)
{
	hss_request_t *in = incoming(out);

	if (h->rtr == NULL) {
		free(in);
		return;
	}
	h->rtr(h->handler_arg, in, rtr);
}

void fake_hss_ppr(fake_hss_t *h, const cx_ppr_t *ppr, fh_answer_t *out)
{
	hss_request_t *in = incoming(out);

	if (h->ppr == NULL) {
		free(in);
		return;
	}
	h->ppr(h->handler_arg, in, ppr);
}
