/*
 * cx_mar_sar.c - the Cx client's requests to the HSS: sending a MAR or a
 * SAR to the HSS an IMPI last got answers from, the one retry of a MAR
 * with scheme Unknown, reading the answer into the caller's callback,
 * logging and counting each outcome.  The two freeDiameter callbacks at
 * the top run on freeDiameter's threads and only hand the message to the
 * loop (cx_handoff).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diameter/cx/cx_client_internal.h"
#include "diameter/cx/cx_handoff.h"
#include "scscf/base/log.h"

#define SWEEP_GRACE_MS 2000 /* after its timeout, freeDiameter should have told us */

/* ---- freeDiameter threads ---- */

static void fd_on_answer(void *data, struct msg **msg)
{
	if (cx_handoff_put(HO_ANSWER, (uint64_t)(uintptr_t)data, msg) != 0) {
		fd_msg_free(*msg);
		*msg = NULL;
	}
}

static void fd_on_expire(void *data, DiamId_t sentto, size_t senttolen, struct msg **req)
{
	(void)sentto, (void)senttolen;
	if (cx_handoff_put(HO_EXPIRED, (uint64_t)(uintptr_t)data, req) != 0) {
		fd_msg_free(*req);
		*req = NULL;
	}
}

/* ---- the loop thread from here on ---- */

static void pending_free(struct pending *p)
{
	free(p->impi);
	free(p->impu);
	free(p->scheme);
	memset(p->resync, 0, sizeof(p->resync));
	free(p);
}

/* The HSS an IMPI's requests go to: the one that answered last, else the
 * configured one. */
static void destination(const cx_client_t *c, const char *impi, const char **realm,
			const char **host)
{
	const struct hss *h = impi != NULL ? strmap_get(&c->hss, impi) : NULL;

	*realm = h != NULL && h->realm != NULL ? h->realm : c->dest_realm;
	*host = h != NULL ? h->host : c->dest_host;
}

/* The HSS of a successful answer only: an error answer may come from a
 * relay or from this node's own freeDiameter (3002 with no route, its own
 * Origin-Host), and remembering that host would send the user's next
 * requests nowhere. */
static void remember_hss(cx_client_t *c, const char *impi, const cx_status_t *st,
			 const char *host, const char *realm)
{
	struct hss *h;

	if (!cx_status_ok(st) || impi == NULL || host == NULL || c->dest_host != NULL)
		return;
	h = strmap_get(&c->hss, impi);
	if (h != NULL && h->host != NULL && strcmp(h->host, host) == 0)
		return;
	if (h == NULL) {
		h = calloc(1, sizeof(*h));
		if (h == NULL || strmap_put(&c->hss, impi, h) < 0) {
			free(h);
			return;
		}
	}
	free(h->host);
	free(h->realm);
	h->host = strdup(host);
	h->realm = cxc_dup_or_null(realm);
}

const char *cx_client_hss_for(const cx_client_t *c, const char *impi)
{
	const struct hss *h = strmap_get(&c->hss, impi);

	return h != NULL ? h->host : NULL;
}

static int send_request(cx_client_t *c, struct msg *m, struct pending *p)
{
	struct timespec ts;
	char key[24];

	p->id = ++c->next_id;
	p->deadline = uv_now(c->loop) + c->timeout_ms + SWEEP_GRACE_MS;
	cxc_id_key(p->id, key);
	if (strmap_put(&c->pending, key, p) < 0) {
		fd_msg_free(m);
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += c->timeout_ms / 1000;
	ts.tv_nsec += (long)(c->timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	if (fd_msg_send_timeout(&m, fd_on_answer, (void *)(uintptr_t)p->id, fd_on_expire, &ts) !=
	    0) {
		if (m != NULL)
			fd_msg_free(m);
		strmap_del(&c->pending, key);
		return -1;
	}
	return 0;
}

static int send_mar(cx_client_t *c, struct pending *p)
{
	cx_mar_t r = {.impi = p->impi, .impu = p->impu, .scheme = p->scheme,
		      .items = p->items, .resync = p->has_resync ? p->resync : NULL,
		      .server_name = c->server_name};
	struct msg *m;

	destination(c, p->impi, &r.dest_realm, &r.dest_host);
	m = cx_build_mar(&c->dict, &r);
	return m != NULL ? send_request(c, m, p) : -1;
}

int cx_client_mar(cx_client_t *c, const cx_mar_t *req, cx_maa_cb cb, void *arg)
{
	struct pending *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return -1;
	p->kind = P_MAR;
	p->cb.maa = cb;
	p->arg = arg;
	p->impi = strdup(req->impi);
	p->impu = strdup(req->impu);
	p->scheme = strdup(req->scheme);
	p->items = req->items;
	if (req->resync != NULL) {
		p->has_resync = true;
		memcpy(p->resync, req->resync, CX_RESYNC_LEN);
	}
	if (p->impi == NULL || p->impu == NULL || p->scheme == NULL || send_mar(c, p) != 0) {
		pending_free(p);
		return -1;
	}
	return 0;
}

int cx_client_sar(cx_client_t *c, const cx_sar_t *req, cx_saa_cb cb, void *arg)
{
	struct pending *p = calloc(1, sizeof(*p));
	cx_sar_t r = *req;
	struct msg *m;

	if (p == NULL)
		return -1;
	p->kind = P_SAR;
	p->cb.saa = cb;
	p->arg = arg;
	p->impi = cxc_dup_or_null(req->impi);
	r.server_name = c->server_name;
	destination(c, req->impi, &r.dest_realm, &r.dest_host);
	m = cx_build_sar(&c->dict, &r);
	if (m == NULL || send_request(c, m, p) != 0) {
		pending_free(p);
		return -1;
	}
	return 0;
}

static void log_outcome(const char *what, const struct pending *p, const cx_status_t *s)
{
	char buf[128];

	if (cx_status_ok(s))
		log_debug("cx: %s for %s: %s", what, p->impi ? p->impi : "-",
			  cx_status_str(s, buf, sizeof(buf)));
	else
		log_warn("cx: %s for %s: %s", what, p->impi ? p->impi : "-",
			 cx_status_str(s, buf, sizeof(buf)));
}

static void count(cx_client_t *c, cx_tally_cmd_t cmd, const cx_status_t *s)
{
	char label[48];

	cx_tally_add(&c->tally, cmd, -1, cx_status_label(s, label, sizeof(label)));
}

static void finish_mar(cx_client_t *c, struct pending *p, struct msg *answer,
		       cx_local_t local)
{
	cx_maa_t maa;

	memset(&maa, 0, sizeof(maa));
	if (answer != NULL) {
		cx_read_maa(&c->dict, answer, &maa);
		fd_msg_free(answer);
		remember_hss(c, p->impi, &maa.status, maa.origin_host, maa.origin_realm);
		/* TS 29.228 §6.3: a scheme the HSS does not support for this user;
		 * "Unknown" lets it pick the user's own */
		if (maa.status.experimental &&
		    maa.status.code == CX_ERROR_AUTH_SCHEME_NOT_SUPPORTED &&
		    strcmp(p->scheme, CX_SCHEME_UNKNOWN) != 0) {
			char *unknown = strdup(CX_SCHEME_UNKNOWN);

			if (unknown != NULL) {
				log_info("cx: HSS refused scheme %s for %s; asking again with "
					 "Unknown",
					 p->scheme, p->impi);
				free(p->scheme);
				p->scheme = unknown;
				if (send_mar(c, p) == 0) {
					cx_maa_clear(&maa);
					return;
				}
			}
		}
	} else {
		maa.status.local = local;
	}
	log_outcome("MAR", p, &maa.status);
	count(c, CX_TALLY_MAR, &maa.status);
	if (maa.nskipped > 0)
		log_warn("cx: MAA for %s: %zu SIP-Auth-Data-Item(s) left out (malformed or of an "
			 "unsupported scheme)",
			 p->impi, maa.nskipped);
	p->cb.maa(p->arg, &maa);
	cx_maa_clear(&maa);
	pending_free(p);
}

static void finish_sar(cx_client_t *c, struct pending *p, struct msg *answer,
		       cx_local_t local)
{
	cx_saa_t saa;

	memset(&saa, 0, sizeof(saa));
	if (answer != NULL) {
		cx_read_saa(&c->dict, answer, &saa);
		fd_msg_free(answer);
		remember_hss(c, p->impi, &saa.status, saa.origin_host, saa.origin_realm);
	} else {
		saa.status.local = local;
	}
	log_outcome("SAR", p, &saa.status);
	count(c, CX_TALLY_SAR, &saa.status);
	p->cb.saa(p->arg, &saa);
	cx_saa_clear(&saa);
	pending_free(p);
}

void cxc_finish(cx_client_t *c, struct pending *p, struct msg *answer, cx_local_t local)
{
	if (p->kind == P_MAR)
		finish_mar(c, p, answer, local);
	else
		finish_sar(c, p, answer, local);
}
