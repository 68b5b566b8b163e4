/*
 * regstore_index.h - the registration store's three indexes, private to
 * regstore.c:
 *  - IMPU: every identity string of every set's implicit registration set
 *    (distinct, barred and wildcard pattern strings alike) -> its set, in
 *    a hash table; plus the wildcard identities in a short list, in the
 *    order they arrived, scanned only when the exact lookup misses;
 *  - IMPI: impi -> the sets it has (the set's own IMPI and the IMPI of
 *    every binding), usually one;
 *  - set id -> set.
 * An identity string belongs to one set at most; the caller checks that
 * with rsi_owner() before claiming.
 */
#ifndef SCSCF_REGSTORE_INDEX_H
#define SCSCF_REGSTORE_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "scscf/store/rs_model.h"
#include "scscf/base/strmap.h"

typedef struct {
	rs_set_t *set;
	const ud_public_identity_t *id; /* in set->profile */
} rs_wild_t;

typedef struct {
	strmap_t impu; /* identity -> rs_set_t */
	strmap_t impi; /* impi -> rs_impi_sets_t (regstore_index.c) */
	strmap_t ids;  /* set id -> rs_set_t */
	rs_wild_t *wild;
	size_t nwild, capwild;
} rs_index_t;

int rsi_init(rs_index_t *ix);
void rsi_free(rs_index_t *ix); /* the tables and lists; not the sets */

/* ---- IMPU ---- */

/* The set owning impu: exact string first, else the first wildcard that
 * matches; NULL. */
rs_set_t *rsi_find_impu(const rs_index_t *ix, const char *impu);

/* The one set that already owns impu or any identity of p (exact strings)
 * in *owner (NULL when none does); -1 when two different sets do. */
int rsi_owner(const rs_index_t *ix, const char *impu, const ud_subscription_t *p,
	      rs_set_t **owner);

/* Room in the wildcard list for p's wildcards, so that rsi_set_wildcards()
 * cannot fail afterwards.  -1 on OOM. */
int rsi_reserve_wildcards(rs_index_t *ix, const ud_subscription_t *p);

/* Point every identity of p not yet indexed at set; old is what set had
 * before (NULL for a new set).  On OOM, undoes its own insertions and
 * returns -1. */
int rsi_claim(rs_index_t *ix, rs_set_t *set, const ud_subscription_t *old,
	      const ud_subscription_t *p);
/* Remove set's entries for the identities of old that p lacks (p NULL:
 * all of them). */
void rsi_release(rs_index_t *ix, const rs_set_t *set, const ud_subscription_t *old,
		 const ud_subscription_t *p);
/* Replace set's wildcard entries with p's (p NULL: remove them); after
 * rsi_reserve_wildcards(). */
void rsi_set_wildcards(rs_index_t *ix, rs_set_t *set, const ud_subscription_t *p);

/* The identity of p whose string is identity exactly, or NULL. */
const ud_public_identity_t *rsi_irs_find(const ud_subscription_t *p, const char *identity);

/* ---- IMPI ---- */

int rsi_impi_add(rs_index_t *ix, const char *impi, rs_set_t *set); /* idempotent; -1 on OOM */
void rsi_impi_remove(rs_index_t *ix, const char *impi, const rs_set_t *set); /* absent: no-op */
size_t rsi_impi_find(const rs_index_t *ix, const char *impi, rs_set_t **out, size_t max);

#endif
