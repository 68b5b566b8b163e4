/*
 * regstore_internal.h - what the registration store's own files share: the
 * store, a set and a binding as the store lays them out, and publishing
 * an event.  Not for use outside scscf/store/.
 */
#ifndef SCSCF_REGSTORE_INTERNAL_H
#define SCSCF_REGSTORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scscf/store/regstore.h"
#include "scscf/store/regstore_index.h"
#include "scscf/store/regstore_layout.h"

#define MAX_LISTENERS 8

typedef struct {
	rs_binding_t pub;
	void *blob; /* params, path and strings: what a refresh replaces */
	char text[]; /* key, id */
} binding_t;

typedef struct {
	rs_set_t pub;
	void *blob;          /* user_data, hss_host, hss_realm, wildcard */
	size_t cap;          /* room in pub.bindings */
	uint32_t generation; /* bindings created so far, part of their ids */
	bool indexed;
	char text[]; /* id, impi */
} set_t;

struct regstore {
	rs_index_t ix;
	theap_t timers;
	regstore_limits_t lim;
	size_t nbindings;
	struct {
		rs_listener_fn fn;
		void *arg;
	} listeners[MAX_LISTENERS];
	size_t nlisteners;
	bool publishing; /* a listener is running: no changes allowed */
};

static inline binding_t *bind_of(rs_binding_t *b) { return (binding_t *)b; }
static inline set_t *set_of(rs_set_t *set) { return (set_t *)set; }

/* regstore.c: every listener, in order; the store may not change meanwhile. */
void rs_publish(regstore_t *s, const rs_event_t *ev);

#endif
