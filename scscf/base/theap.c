/*
 * theap.c - binary min-heap of embedded deadline nodes (see theap.h).
 */
#include "config.h"

#include "scscf/base/theap.h"

#include <stdlib.h>

void theap_init(theap_t *h)
{
	h->v = NULL;
	h->n = h->cap = 0;
}

void theap_free(theap_t *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		h->v[i]->idx = 0;
	free(h->v);
	theap_init(h);
}

static void place(theap_t *h, size_t i, theap_node_t *node)
{
	h->v[i] = node;
	node->idx = i + 1;
}

static void sift_up(theap_t *h, size_t i)
{
	theap_node_t *node = h->v[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (h->v[parent]->due <= node->due)
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	place(h, i, node);
}

static void sift_down(theap_t *h, size_t i)
{
	theap_node_t *node = h->v[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= h->n)
			break;
		if (child + 1 < h->n && h->v[child + 1]->due < h->v[child]->due)
			child++;
		if (node->due <= h->v[child]->due)
			break;
		place(h, i, h->v[child]);
		i = child;
	}
	place(h, i, node);
}

int theap_set(theap_t *h, theap_node_t *node, uint64_t due)
{
	if (node->idx != 0) {
		size_t i = node->idx - 1;
		uint64_t old = node->due;

		node->due = due;
		if (due < old)
			sift_up(h, i);
		else
			sift_down(h, i);
		return 0;
	}
	if (h->n == h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 64;
		theap_node_t **nv = realloc(h->v, ncap * sizeof(*nv));

		if (nv == NULL)
			return -1;
		h->v = nv;
		h->cap = ncap;
	}
	node->due = due;
	place(h, h->n++, node);
	sift_up(h, h->n - 1);
	return 0;
}

void theap_remove(theap_t *h, theap_node_t *node)
{
	size_t i;
	theap_node_t *last;

	if (node->idx == 0)
		return;
	i = node->idx - 1;
	node->idx = 0;
	last = h->v[--h->n];
	if (i == h->n)
		return;
	place(h, i, last);
	if (i > 0 && h->v[(i - 1) / 2]->due > last->due)
		sift_up(h, i);
	else
		sift_down(h, i);
}

theap_node_t *theap_min(const theap_t *h)
{
	return h->n ? h->v[0] : NULL;
}

theap_node_t *theap_pop_due(theap_t *h, uint64_t now)
{
	theap_node_t *top = theap_min(h);

	if (top == NULL || top->due > now)
		return NULL;
	theap_remove(h, top);
	return top;
}
