/*
 * reg_auth.c - see reg_auth.h.
 */
#include "config.h"

#include "scscf/registrar/reg_auth.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uv.h>

#include "scscf/base/base64.h"
#include "scscf/base/hex.h"
#include "diameter/crypto/aka.h"
#include "diameter/crypto/digest.h"
#include "scscf/base/strmap.h"

struct reg_auth {
	strmap_t by_nonce; /* nonce -> ra_challenge_t */
	theap_t timers;
	uint64_t await_ms;
	ra_timeout_fn on_timeout;
	void *arg;
};

reg_auth_t *reg_auth_new(uint64_t await_ms, ra_timeout_fn on_timeout, void *arg)
{
	reg_auth_t *a = calloc(1, sizeof(*a));

	if (a == NULL || strmap_init(&a->by_nonce) != 0) {
		free(a);
		return NULL;
	}
	theap_init(&a->timers);
	a->await_ms = await_ms;
	a->on_timeout = on_timeout;
	a->arg = arg;
	return a;
}

static void challenge_free(ra_challenge_t *c)
{
	free(c->impi);
	free(c->impu);
	free(c->callid);
	memset(c, 0, sizeof(*c)); /* keys and XRES */
	free(c);
}

static void free_one(const char *key, void *value, void *arg)
{
	(void)key, (void)arg;
	challenge_free(value);
}

void reg_auth_free(reg_auth_t *a)
{
	if (a == NULL)
		return;
	theap_free(&a->timers); /* it resets the nodes: before they go */
	strmap_each(&a->by_nonce, free_one, NULL);
	strmap_free(&a->by_nonce);
	free(a);
}

/* 16 bytes from the kernel's generator, hex. */
static int random_nonce(char out[33])
{
	uint8_t r[16];

	if (uv_random(NULL, NULL, r, sizeof(r), 0, NULL) != 0)
		return -1;
	hex_encode(r, sizeof(r), out);
	return 0;
}

static ra_challenge_t *from_item(const cx_auth_item_t *it, const char *aka_realm)
{
	ra_challenge_t *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	if (it->kind == CX_ITEM_DIGEST) {
		/* qop=auth is all this registrar offers */
		if (strcasecmp(it->algorithm, "MD5") != 0 || strcasecmp(it->qop, "auth") != 0 ||
		    random_nonce(c->nonce) != 0)
			goto fail;
		c->kind = RA_DIGEST;
		snprintf(c->realm, sizeof(c->realm), "%s", it->realm);
		snprintf(c->ha1, sizeof(c->ha1), "%s", it->ha1);
		snprintf(c->algorithm, sizeof(c->algorithm), "MD5");
	} else {
		uint8_t ra[32];

		memcpy(ra, it->rand, 16);
		memcpy(ra + 16, it->autn, 16);
		c->kind = RA_AKA;
		base64_encode(ra, sizeof(ra), c->nonce);
		snprintf(c->realm, sizeof(c->realm), "%s", aka_realm);
		snprintf(c->algorithm, sizeof(c->algorithm), "AKAv1-MD5");
		memcpy(c->xres, it->xres, it->xres_len);
		c->xres_len = it->xres_len;
		memcpy(c->ck, it->ck, 16);
		memcpy(c->ik, it->ik, 16);
		memcpy(c->rand, it->rand, 16);
	}
	return c;
fail:
	free(c);
	return NULL;
}

const ra_challenge_t *reg_auth_challenge(reg_auth_t *a, const cx_auth_item_t *item,
					 const char *impi, const char *impu, const char *callid,
					 const char *aka_realm, uint64_t now)
{
	ra_challenge_t *c = from_item(item, aka_realm);

	if (c == NULL)
		return NULL;
	c->impi = strdup(impi);
	c->impu = strdup(impu);
	c->callid = strdup(callid != NULL ? callid : "");
	if (c->impi == NULL || c->impu == NULL || c->callid == NULL ||
	    strmap_get(&a->by_nonce, c->nonce) != NULL || /* the HSS repeated a RAND */
	    strmap_put(&a->by_nonce, c->nonce, c) < 0)
		goto fail;
	c->expires_at = now + a->await_ms;
	if (theap_set(&a->timers, &c->timer, c->expires_at) != 0) {
		strmap_del(&a->by_nonce, c->nonce);
		goto fail;
	}
	return c;
fail:
	challenge_free(c);
	return NULL;
}

static bool parse_nc(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (strlen(s) != 8)
		return false;
	v = strtoul(s, &end, 16);
	if (*end != '\0' || v == 0)
		return false;
	*out = (uint32_t)v;
	return true;
}

static ra_verdict_t check_digest(ra_challenge_t *c, const auth_creds_t *cr)
{
	const struct digest_req req = {"REGISTER", cr->uri, cr->nonce, cr->qop, cr->nc, cr->cnonce};
	char want[DIGEST_HEX_SIZE];
	uint32_t nc;

	if (strcasecmp(cr->qop, "auth") != 0 || !parse_nc(cr->nc, &nc) || nc <= c->nc_last)
		return RA_MISMATCH;
	if (digest_response(c->ha1, &req, want) != 0 || !digest_equal(want, cr->response))
		return RA_MISMATCH;
	c->nc_last = nc;
	return RA_OK;
}

static ra_verdict_t check_aka(ra_challenge_t *c, const auth_creds_t *cr)
{
	struct digest_req req = {"REGISTER", cr->uri, cr->nonce, cr->qop, cr->nc, cr->cnonce};
	char want[DIGEST_HEX_SIZE];
	uint32_t nc = 0;

	if (c->verified)
		return RA_MISMATCH; /* one use */
	if (cr->qop[0] != '\0' && (strcasecmp(cr->qop, "auth") != 0 || !parse_nc(cr->nc, &nc)))
		return RA_MISMATCH;
	if (cr->qop[0] == '\0')
		req.qop = NULL;
	if (aka_digest_response(cr->username, c->realm, c->xres, c->xres_len, &req, want) != 0 ||
	    !digest_equal(want, cr->response))
		return RA_MISMATCH;
	return RA_OK;
}

ra_verdict_t reg_auth_verify(reg_auth_t *a, const auth_creds_t *cr, uint64_t now,
			     const ra_challenge_t **out, uint8_t rand_auts[30])
{
	ra_challenge_t *c = strmap_get(&a->by_nonce, cr->nonce);
	ra_verdict_t v;

	*out = NULL;
	if (c == NULL || c->expires_at <= now)
		return RA_STALE;
	if (strcmp(c->impi, cr->username) != 0)
		return RA_MISMATCH;
	*out = c;
	if (c->kind == RA_AKA && cr->has_auts) {
		int n = base64_decode(cr->auts, rand_auts + 16, 14);

		if (n != 14)
			return RA_MISMATCH;
		memcpy(rand_auts, c->rand, 16);
		return RA_RESYNC;
	}
	v = c->kind == RA_DIGEST ? check_digest(c, cr) : check_aka(c, cr);
	if (v == RA_OK)
		c->verified = true;
	return v;
}

const ra_challenge_t *reg_auth_find(const reg_auth_t *a, const char *nonce)
{
	return strmap_get(&a->by_nonce, nonce);
}

void reg_auth_forget(reg_auth_t *a, const char *nonce)
{
	ra_challenge_t *c = strmap_del(&a->by_nonce, nonce);

	if (c == NULL)
		return;
	theap_remove(&a->timers, &c->timer);
	challenge_free(c);
}

struct impi_match {
	const char *impi;
	ra_challenge_t *found[64];
	size_t n;
};

static void match_impi(const char *key, void *value, void *arg)
{
	struct impi_match *m = arg;
	ra_challenge_t *c = value;

	(void)key;
	if (m->n < sizeof(m->found) / sizeof(m->found[0]) && strcmp(c->impi, m->impi) == 0)
		m->found[m->n++] = c;
}

size_t reg_auth_forget_impi(reg_auth_t *a, const char *impi)
{
	size_t total = 0;

	/* found[] holds at most 64 per pass: go round again while a pass fills
	 * it, or an IMPI with more pending challenges keeps the surplus (and
	 * its old HA1 / XRES) after its password changed. */
	for (;;) {
		struct impi_match m = {.impi = impi};
		size_t i;

		strmap_each(&a->by_nonce, match_impi, &m);
		for (i = 0; i < m.n; i++)
			reg_auth_forget(a, m.found[i]->nonce);
		total += m.n;
		if (m.n < sizeof(m.found) / sizeof(m.found[0]))
			return total;
	}
}

uint64_t reg_auth_next_expiry(const reg_auth_t *a)
{
	const theap_node_t *n = theap_min(&a->timers);

	return n != NULL ? n->due : UINT64_MAX;
}

void reg_auth_expire(reg_auth_t *a, uint64_t now)
{
	theap_node_t *n;

	while ((n = theap_pop_due(&a->timers, now)) != NULL) {
		ra_challenge_t *c = (ra_challenge_t *)((char *)n - offsetof(ra_challenge_t, timer));

		strmap_del(&a->by_nonce, c->nonce);
		if (a->on_timeout != NULL)
			a->on_timeout(a->arg, c);
		challenge_free(c);
	}
}

size_t reg_auth_count(const reg_auth_t *a)
{
	return a->by_nonce.count;
}
