/*
 * hss_state.c - the run-time state of hss-sim behind one mutex (see
 * hss_state.h).  The users array runs parallel to the subscriber database,
 * which is sorted by IMPI, so an IMPI lookup is one binary search.
 */
#include "config.h"

#include "hss_state.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/crypto/milenage.h"

static struct {
	pthread_mutex_t lock;
	hss_subscribers_t *db;
	hss_user_t *users; /* db->n of them, users[i].sub == &db->v[i] */
} st = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL};

static int alloc_states(hss_user_t *u)
{
	size_t n;

	(void)ud_irs(u->sub->ud, &n);
	u->reg = calloc(n != 0 ? n : 1, sizeof(*u->reg));
	if (u->reg == NULL)
		return -1;
	u->nreg = n;
	return 0;
}

int hss_state_init(hss_subscribers_t *db, char *err, size_t errlen)
{
	size_t i;

	st.db = db;
	st.users = calloc(db->n, sizeof(*st.users));
	if (st.users == NULL) {
		snprintf(err, errlen, "out of memory");
		hss_state_free();
		return -1;
	}
	for (i = 0; i < db->n; i++) {
		hss_user_t *u = &st.users[i];

		u->sub = &db->v[i];
		if (alloc_states(u) != 0) {
			snprintf(err, errlen, "out of memory");
			hss_state_free();
			return -1;
		}
		if (!u->sub->has_aka)
			continue;
		if (u->sub->op_is_opc) {
			memcpy(u->opc, u->sub->op, 16);
		} else if (milenage_opc(u->sub->k, u->sub->op, u->opc) != 0) {
			snprintf(err, errlen, "subscriber %s: cannot derive OPc", u->sub->impi);
			hss_state_free();
			return -1;
		}
	}
	return 0;
}

void hss_state_free(void)
{
	size_t i;

	if (st.db != NULL && st.users != NULL) {
		for (i = 0; i < st.db->n; i++) {
			hss_user_t *u = &st.users[i];

			free(u->server_name);
			free(u->scscf_host);
			free(u->scscf_realm);
			free(u->reg);
			cxcrypto_wipe(u->opc, sizeof(u->opc));
		}
	}
	free(st.users);
	st.users = NULL;
	if (st.db != NULL)
		hss_subs_free(st.db);
	st.db = NULL;
}

void hss_state_lock(void)
{
	pthread_mutex_lock(&st.lock);
}

void hss_state_unlock(void)
{
	pthread_mutex_unlock(&st.lock);
}

size_t hss_user_count(void)
{
	return st.db != NULL ? st.db->n : 0;
}

hss_user_t *hss_user_at(size_t i)
{
	return i < hss_user_count() ? &st.users[i] : NULL;
}

hss_user_t *hss_user_by_impi(const char *impi)
{
	hss_subscriber_t *s = hss_subs_find(st.db, impi);

	return s != NULL ? &st.users[s - st.db->v] : NULL;
}

long hss_user_impu_index(const hss_user_t *u, const char *uri)
{
	const ud_public_identity_t *const *irs, *id;
	size_t n, i;

	id = ud_lookup(u->sub->ud, uri);
	if (id == NULL)
		return -1;
	irs = ud_irs(u->sub->ud, &n);
	/* ud_lookup may return a repeat of an identity the IRS lists once */
	for (i = 0; i < n; i++)
		if (irs[i] == id || strcmp(irs[i]->identity, id->identity) == 0)
			return (long)i;
	return -1;
}

const ud_public_identity_t *hss_user_impu(const hss_user_t *u, size_t i)
{
	const ud_public_identity_t *const *irs;
	size_t n;

	irs = ud_irs(u->sub->ud, &n);
	return i < n ? irs[i] : NULL;
}

hss_user_t *hss_user_by_impu(const char *uri, size_t *index)
{
	hss_user_t *wild = NULL;
	size_t i, wild_index = 0;
	long at;

	for (i = 0; i < hss_user_count(); i++) {
		hss_user_t *u = &st.users[i];

		at = hss_user_impu_index(u, uri);
		if (at < 0)
			continue;
		if (!hss_user_impu(u, (size_t)at)->is_wildcard) {
			if (index != NULL)
				*index = (size_t)at;
			return u;
		}
		if (wild == NULL) {
			wild = u;
			wild_index = (size_t)at;
		}
	}
	if (wild != NULL && index != NULL)
		*index = wild_index;
	return wild;
}

void hss_user_set_all(hss_user_t *u, hss_reg_t r)
{
	size_t i;

	for (i = 0; i < u->nreg; i++)
		u->reg[i] = r;
}

hss_reg_t hss_user_state(const hss_user_t *u)
{
	hss_reg_t best = HSS_NOT_REGISTERED;
	size_t i;

	for (i = 0; i < u->nreg; i++)
		if (u->reg[i] > best)
			best = u->reg[i];
	return best;
}

/* Replace *slot with a copy of v (NULL clears). */
static int set_str(char **slot, const char *v)
{
	char *copy = NULL;

	if (v != NULL && (copy = strdup(v)) == NULL)
		return -1;
	free(*slot);
	*slot = copy;
	return 0;
}

int hss_user_set_server(hss_user_t *u, const char *server_name)
{
	return set_str(&u->server_name, server_name);
}

int hss_user_set_scscf(hss_user_t *u, const char *host, const char *realm)
{
	if (host != NULL && set_str(&u->scscf_host, host) != 0)
		return -1;
	if (realm != NULL && set_str(&u->scscf_realm, realm) != 0)
		return -1;
	return 0;
}

int hss_user_replace_profile(hss_user_t *u, char *user_data, size_t len, ud_subscription_t *ud)
{
	const ud_public_identity_t *const *old_irs, *const *new_irs;
	size_t nold, nnew, i, j;
	hss_reg_t top = hss_user_state(u), *reg;

	old_irs = ud_irs(u->sub->ud, &nold);
	new_irs = ud_irs(ud, &nnew);
	reg = calloc(nnew != 0 ? nnew : 1, sizeof(*reg));
	if (reg == NULL)
		return -1;
	for (i = 0; i < nnew; i++) {
		reg[i] = top;
		for (j = 0; j < nold && j < u->nreg; j++)
			if (strcmp(new_irs[i]->identity, old_irs[j]->identity) == 0) {
				reg[i] = u->reg[j];
				break;
			}
	}
	free(u->reg);
	u->reg = reg;
	u->nreg = nnew;
	free(u->sub->user_data);
	ud_free(u->sub->ud);
	u->sub->user_data = user_data;
	u->sub->user_data_len = len;
	u->sub->ud = ud;
	return 0;
}

int hss_user_set_password(hss_user_t *u, const char *password)
{
	hss_subscriber_t *s = u->sub;
	const char *at;
	char *copy;

	if (s->realm == NULL) {
		at = strrchr(s->impi, '@');
		if (at == NULL || at[1] == '\0' || (s->realm = strdup(at + 1)) == NULL)
			return -1;
	}
	copy = strdup(password);
	if (copy == NULL)
		return -1;
	if (s->password != NULL)
		cxcrypto_wipe(s->password, strlen(s->password));
	free(s->password);
	s->password = copy;
	s->has_digest = true;
	return 0;
}

const char *hss_reg_name(hss_reg_t r)
{
	switch (r) {
	case HSS_REGISTERED:
		return "registered";
	case HSS_UNREGISTERED:
		return "unregistered";
	default:
		return "not-registered";
	}
}
