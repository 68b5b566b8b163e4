/*
 * regstore_index.c - the registration store's IMPU, IMPI and set id
 * indexes (see regstore_index.h).  Only the tables live here; when to
 * change them is regstore.c's business.
 */
#include "config.h"

#include "scscf/store/regstore_index.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* The sets of one IMPI: almost always one. */
typedef struct {
	size_t n, cap;
	rs_set_t *v[];
} rs_impi_sets_t;

int rsi_init(rs_index_t *ix)
{
	memset(ix, 0, sizeof(*ix));
	if (strmap_init(&ix->impu) < 0)
		return -1;
	if (strmap_init(&ix->impi) < 0) {
		strmap_free(&ix->impu);
		return -1;
	}
	if (strmap_init(&ix->ids) < 0) {
		strmap_free(&ix->impu);
		strmap_free(&ix->impi);
		return -1;
	}
	return 0;
}

static void free_impi_sets(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	free(value);
}

void rsi_free(rs_index_t *ix)
{
	strmap_each(&ix->impi, free_impi_sets, NULL);
	strmap_free(&ix->impi);
	strmap_free(&ix->impu);
	strmap_free(&ix->ids);
	free(ix->wild);
	ix->wild = NULL;
	ix->nwild = ix->capwild = 0;
}

/* ---- IMPU ------------------------------------------------------------ */

rs_set_t *rsi_find_impu(const rs_index_t *ix, const char *impu)
{
	rs_set_t *set = strmap_get(&ix->impu, impu);
	size_t i;

	if (set != NULL)
		return set;
	for (i = 0; i < ix->nwild; i++)
		if (ud_wildcard_match(ix->wild[i].id->matcher, impu))
			return ix->wild[i].set;
	return NULL;
}

const ud_public_identity_t *rsi_irs_find(const ud_subscription_t *p, const char *identity)
{
	size_t i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < p->nirs; i++)
		if (strcmp(p->irs[i]->identity, identity) == 0)
			return p->irs[i];
	return NULL;
}

/* Fold one owner into *owner; -1 when it is a second, different one. */
static int note_owner(rs_set_t *set, rs_set_t **owner)
{
	if (set == NULL || set == *owner)
		return 0;
	if (*owner != NULL)
		return -1;
	*owner = set;
	return 0;
}

int rsi_owner(const rs_index_t *ix, const char *impu, const ud_subscription_t *p,
	      rs_set_t **owner)
{
	size_t i;

	*owner = NULL;
	if (note_owner(strmap_get(&ix->impu, impu), owner) < 0)
		return -1;
	for (i = 0; i < p->nirs; i++)
		if (note_owner(strmap_get(&ix->impu, p->irs[i]->identity), owner) < 0)
			return -1;
	return 0;
}

int rsi_claim(rs_index_t *ix, rs_set_t *set, const ud_subscription_t *old,
	      const ud_subscription_t *p)
{
	size_t i, j;

	for (i = 0; i < p->nirs; i++) {
		const char *identity = p->irs[i]->identity;

		if (strmap_get(&ix->impu, identity) == set)
			continue;
		if (strmap_put(&ix->impu, identity, set) < 0)
			goto undo;
	}
	return 0;
undo:
	for (j = 0; j < i; j++)
		if (rsi_irs_find(old, p->irs[j]->identity) == NULL)
			strmap_del(&ix->impu, p->irs[j]->identity);
	return -1;
}

void rsi_release(rs_index_t *ix, const rs_set_t *set, const ud_subscription_t *old,
		 const ud_subscription_t *p)
{
	size_t i;

	for (i = 0; i < old->nirs; i++) {
		const char *identity = old->irs[i]->identity;
		const rs_set_t *owner;

		if (rsi_irs_find(p, identity) != NULL)
			continue;
		owner = strmap_del(&ix->impu, identity);
		assert(owner == set); /* every identity of a set points at it */
		(void)owner;
	}
}

static size_t count_wildcards(const ud_subscription_t *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->nirs; i++)
		n += p->irs[i]->is_wildcard;
	return n;
}

int rsi_reserve_wildcards(rs_index_t *ix, const ud_subscription_t *p)
{
	size_t need = ix->nwild + count_wildcards(p), cap;
	rs_wild_t *w;

	if (need <= ix->capwild)
		return 0;
	cap = ix->capwild ? ix->capwild : 8;
	while (cap < need)
		cap *= 2;
	w = realloc(ix->wild, cap * sizeof(*w));
	if (w == NULL)
		return -1;
	ix->wild = w;
	ix->capwild = cap;
	return 0;
}

void rsi_set_wildcards(rs_index_t *ix, rs_set_t *set, const ud_subscription_t *p)
{
	size_t i, n = 0;

	/* keep the others in arrival order: the first match wins */
	for (i = 0; i < ix->nwild; i++)
		if (ix->wild[i].set != set)
			ix->wild[n++] = ix->wild[i];
	ix->nwild = n;
	for (i = 0; p != NULL && i < p->nirs; i++)
		if (p->irs[i]->is_wildcard && ix->nwild < ix->capwild)
			ix->wild[ix->nwild++] = (rs_wild_t){set, p->irs[i]};
}

/* ---- IMPI ------------------------------------------------------------ */

int rsi_impi_add(rs_index_t *ix, const char *impi, rs_set_t *set)
{
	rs_impi_sets_t *e = strmap_get(&ix->impi, impi), *ne;
	size_t i;

	if (e == NULL) {
		e = malloc(sizeof(*e) + sizeof(e->v[0]));
		if (e == NULL)
			return -1;
		e->n = e->cap = 1;
		e->v[0] = set;
		if (strmap_put(&ix->impi, impi, e) < 0) {
			free(e);
			return -1;
		}
		return 0;
	}
	for (i = 0; i < e->n; i++)
		if (e->v[i] == set)
			return 0;
	if (e->n == e->cap) {
		ne = realloc(e, sizeof(*e) + 2 * e->cap * sizeof(e->v[0]));
		if (ne == NULL)
			return -1;
		ne->cap *= 2;
		if (ne != e)
			strmap_put(&ix->impi, impi, ne); /* the key exists: no allocation */
		e = ne;
	}
	e->v[e->n++] = set;
	return 0;
}

void rsi_impi_remove(rs_index_t *ix, const char *impi, const rs_set_t *set)
{
	rs_impi_sets_t *e = strmap_get(&ix->impi, impi);
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n && e->v[i] != set; i++)
		;
	if (i == e->n)
		return;
	memmove(&e->v[i], &e->v[i + 1], (e->n - i - 1) * sizeof(e->v[0]));
	if (--e->n == 0)
		free(strmap_del(&ix->impi, impi));
}

size_t rsi_impi_find(const rs_index_t *ix, const char *impi, rs_set_t **out, size_t max)
{
	const rs_impi_sets_t *e = strmap_get(&ix->impi, impi);
	size_t i;

	if (e == NULL)
		return 0;
	for (i = 0; i < e->n && i < max; i++)
		out[i] = e->v[i];
	return e->n;
}
