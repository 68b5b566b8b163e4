/*
 * strmap.c - chained hash table of string keys (FNV-1a, seeded per map so
 * that peers cannot aim colliding keys at a predictable table).
 */
#include "config.h"

#include "scscf/base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct strmap_entry {
	strmap_entry_t *next;
	uint64_t hash;
	void *value;
	char key[]; /* NUL-terminated copy */
};

static uint64_t hash_key(const strmap_t *m, const char *key)
{
	uint64_t h = 1469598103934665603ull ^ m->seed;

	for (; *key; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

int strmap_init(strmap_t *m)
{
	static unsigned long long counter;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	m->seed = ((unsigned long long)ts.tv_nsec << 20) ^ (unsigned long long)ts.tv_sec ^
		  (++counter * 0x9e3779b97f4a7c15ull) ^ (unsigned long long)(uintptr_t)m;
	m->count = 0;
	m->nbuckets = 64;
	m->buckets = calloc(m->nbuckets, sizeof(*m->buckets));
	return m->buckets ? 0 : -1;
}

void strmap_free(strmap_t *m)
{
	size_t i;

	for (i = 0; i < m->nbuckets; i++) {
		strmap_entry_t *e = m->buckets[i], *next;

		for (; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(m->buckets);
	m->buckets = NULL;
	m->nbuckets = m->count = 0;
}

static strmap_entry_t **find(const strmap_t *m, const char *key, uint64_t h)
{
	strmap_entry_t **pp = &m->buckets[h & (m->nbuckets - 1)];

	for (; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == h && strcmp((*pp)->key, key) == 0)
			break;
	return pp;
}

static void grow(strmap_t *m)
{
	size_t n = m->nbuckets * 2, i;
	strmap_entry_t **b = calloc(n, sizeof(*b));

	if (b == NULL)
		return; /* keep working with longer chains */
	for (i = 0; i < m->nbuckets; i++) {
		strmap_entry_t *e = m->buckets[i], *next;

		for (; e != NULL; e = next) {
			next = e->next;
			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
		}
	}
	free(m->buckets);
	m->buckets = b;
	m->nbuckets = n;
}

int strmap_put(strmap_t *m, const char *key, void *value)
{
	uint64_t h = hash_key(m, key);
	strmap_entry_t **pp = find(m, key, h), *e;
	size_t klen;

	if (*pp != NULL) {
		(*pp)->value = value;
		return 1;
	}
	klen = strlen(key);
	e = malloc(sizeof(*e) + klen + 1);
	if (e == NULL)
		return -1;
	memcpy(e->key, key, klen + 1);
	e->hash = h;
	e->value = value;
	e->next = NULL;
	*pp = e;
	if (++m->count > m->nbuckets)
		grow(m);
	return 0;
}

void *strmap_get(const strmap_t *m, const char *key)
{
	strmap_entry_t *e = *find(m, key, hash_key(m, key));

	return e ? e->value : NULL;
}

void *strmap_del(strmap_t *m, const char *key)
{
	strmap_entry_t **pp = find(m, key, hash_key(m, key)), *e = *pp;
	void *v;

	if (e == NULL)
		return NULL;
	*pp = e->next;
	v = e->value;
	free(e);
	m->count--;
	return v;
}

void strmap_each(const strmap_t *m, void (*fn)(const char *key, void *value, void *arg),
		 void *arg)
{
	size_t i;

	for (i = 0; i < m->nbuckets; i++) {
		strmap_entry_t *e;

		for (e = m->buckets[i]; e != NULL; e = e->next)
			fn(e->key, e->value, arg);
	}
}
