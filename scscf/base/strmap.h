/*
 * strmap.h - a hash table from strings to pointers, with chaining and
 * automatic growth: the index behind transactions, connections and (later)
 * the registration store.  Keys are copied; values are the caller's.
 */
#ifndef SCSCF_STRMAP_H
#define SCSCF_STRMAP_H

#include <stddef.h>

typedef struct strmap_entry strmap_entry_t;

typedef struct {
	strmap_entry_t **buckets;
	size_t nbuckets; /* power of two */
	size_t count;
	unsigned long long seed;
} strmap_t;

int strmap_init(strmap_t *m);
/* Frees the table and its keys; values are not touched. */
void strmap_free(strmap_t *m);

/* 0 on success, 1 when the key existed (its value is replaced), -1 on OOM. */
int strmap_put(strmap_t *m, const char *key, void *value);
void *strmap_get(const strmap_t *m, const char *key);
/* Remove key; returns its value or NULL. */
void *strmap_del(strmap_t *m, const char *key);

/* Visit every entry; the callback may not change the map. */
void strmap_each(const strmap_t *m, void (*fn)(const char *key, void *value, void *arg),
		 void *arg);

#endif
