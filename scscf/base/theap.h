/*
 * theap.h - a binary min-heap of deadlines: the one timer structure behind
 * transaction timers (and later binding and subscription expiries).
 *
 * Nodes are embedded in their owners (intrusive), so insertion, removal and
 * re-arming are O(log n) without allocation per operation; the loop keeps a
 * single libuv timer armed at theap_min()'s deadline.
 */
#ifndef SCSCF_THEAP_H
#define SCSCF_THEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct theap_node {
	uint64_t due;   /* milliseconds on the owner's clock */
	size_t idx;     /* position in the heap + 1; 0 when not in a heap */
} theap_node_t;

typedef struct {
	theap_node_t **v;
	size_t n;
	size_t cap;
} theap_t;

void theap_init(theap_t *h);
void theap_free(theap_t *h); /* frees the array only; nodes belong to their owners */

/* Insert node (or move it if already in the heap) with deadline due.
 * -1 when memory runs out (the node is then not in the heap). */
int theap_set(theap_t *h, theap_node_t *node, uint64_t due);
void theap_remove(theap_t *h, theap_node_t *node);
static inline bool theap_armed(const theap_node_t *node) { return node->idx != 0; }

/* The earliest node, or NULL.  theap_pop_due() removes and returns the
 * earliest node whose deadline is <= now, or NULL. */
theap_node_t *theap_min(const theap_t *h);
theap_node_t *theap_pop_due(theap_t *h, uint64_t now);

#endif
