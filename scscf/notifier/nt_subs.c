/*
 * nt_subs.c - the notifier's table of subscriptions: the sets (by set id)
 * each holding its watchers, the dialogs (Call-ID and tags) naming them,
 * and a subscription's life from nt_sub_add to nt_sub_free, with the
 * removed contacts and identities, and the shortened bindings, a set
 * forgets once every watcher has heard of them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/strv.h"
#include "scscf/notifier/nt_internal.h"
#include "scscf/sip/sip_txn.h"

/* ---- sets -------------------------------------------------------------- */

nt_set_t *nt_set_get(struct notifier *n, const char *set_id, bool create)
{
	nt_set_t *ns = strmap_get(&n->sets, set_id);

	if (ns != NULL || !create)
		return ns;
	ns = calloc(1, sizeof(*ns));
	if (ns == NULL || (ns->id = strdup(set_id)) == NULL || strmap_put(&n->sets, set_id, ns) < 0) {
		if (ns != NULL)
			free(ns->id);
		free(ns);
		return NULL;
	}
	return ns;
}

static void set_free(nt_set_t *ns)
{
	while (ns->gone != NULL) {
		nt_gone_t *g = ns->gone;

		ns->gone = g->next;
		nt_gone_free(g);
	}
	while (ns->gone_impus != NULL) {
		nt_gone_impu_t *g = ns->gone_impus;

		ns->gone_impus = g->next;
		free(g->id.identity);
		free(g->id.wildcard);
		free(g->id.covered);
		free(g);
	}
	while (ns->shortened != NULL) {
		nt_short_t *sh = ns->shortened;

		ns->shortened = sh->next;
		free(sh->binding_id);
		free(sh);
	}
	nt_impus_free(ns->impus, ns->nimpus);
	free(ns->id);
	free(ns);
}

int nt_set_shortened(nt_set_t *ns, const char *binding_id)
{
	nt_short_t **p = &ns->shortened, *sh;

	while (*p != NULL && strcmp((*p)->binding_id, binding_id) != 0)
		p = &(*p)->next;
	sh = *p;
	if (sh != NULL) {
		*p = sh->next; /* moved to the front with the new seq */
	} else {
		sh = calloc(1, sizeof(*sh));
		if (sh == NULL || (sh->binding_id = strdup(binding_id)) == NULL) {
			free(sh);
			return -1;
		}
	}
	sh->seq = ns->seq;
	sh->next = ns->shortened;
	ns->shortened = sh;
	return 0;
}

bool nt_shortening_news(const nt_sub_t *s, const char *binding_id)
{
	const nt_short_t *sh;

	for (sh = s->set->shortened; sh != NULL; sh = sh->next)
		if (strcmp(sh->binding_id, binding_id) == 0)
			return sh->seq > s->reported_seq;
	return false;
}

static void trim_shortened(nt_set_t *ns, uint64_t low)
{
	nt_short_t **p = &ns->shortened;

	while (*p != NULL) {
		if ((*p)->seq <= low) {
			nt_short_t *dead = *p;

			*p = dead->next;
			free(dead->binding_id);
			free(dead);
		} else {
			p = &(*p)->next;
		}
	}
}

void nt_set_trim(nt_set_t *ns)
{
	uint64_t low = ns->seq;
	const nt_sub_t *s;
	nt_gone_t **g = &ns->gone;
	nt_gone_impu_t **gi = &ns->gone_impus;

	for (s = ns->subs; s != NULL; s = s->next_in_set)
		if (s->reported_seq < low)
			low = s->reported_seq;
	while (*g != NULL) {
		if ((*g)->seq <= low) {
			nt_gone_t *dead = *g;

			*g = dead->next;
			nt_gone_free(dead);
		} else {
			g = &(*g)->next;
		}
	}
	while (*gi != NULL) {
		if ((*gi)->seq <= low) {
			nt_gone_impu_t *dead = *gi;

			*gi = dead->next;
			free(dead->id.identity);
			free(dead->id.wildcard);
			free(dead->id.covered);
			free(dead);
		} else {
			gi = &(*gi)->next;
		}
	}
	trim_shortened(ns, low);
}

/* A set without watchers is not kept (an ended one either). */
static void set_release_if_idle(struct notifier *n, nt_set_t *ns)
{
	if (ns->subs != NULL)
		return;
	if (!ns->ended && strmap_get(&n->sets, ns->id) == ns)
		strmap_del(&n->sets, ns->id);
	set_free(ns);
}

/* ---- subscriptions ----------------------------------------------------- */

static void dialog_key(const nt_sub_t *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s\n%s\n%s", s->call_id, s->local_tag, s->remote_tag);
}

int nt_sub_add(struct notifier *n, nt_sub_t *s, const char *set_id)
{
	nt_set_t *ns = nt_set_get(n, set_id, true);
	char key[1024];

	dialog_key(s, key, sizeof(key));
	if (ns == NULL || strmap_put(&n->dialogs, key, s) < 0) {
		if (ns != NULL)
			set_release_if_idle(n, ns);
		return -1;
	}
	s->n = n;
	s->set = ns;
	s->id = ++n->next_sub_id;
	s->reported_seq = ns->seq;
	s->next_in_set = ns->subs;
	ns->subs = s;
	ns->nsubs++;
	n->stats.subscriptions++;
	theap_set(&n->expiries, &s->expiry, s->expires_at);
	return 0;
}

/* Out of the notifier's maps, timers and set; its NOTIFY in flight is
 * abandoned. */
static void sub_unlink(nt_sub_t *s)
{
	struct notifier *n = s->n;
	nt_set_t *ns = s->set;
	nt_sub_t **p;
	char key[1024];

	dialog_key(s, key, sizeof(key));
	if (strmap_get(&n->dialogs, key) == s)
		strmap_del(&n->dialogs, key);
	theap_remove(&n->expiries, &s->expiry);
	theap_remove(&n->sends, &s->send_at);
	if (s->txn != 0)
		sip_txn_client_abandon(sip_core_txn(n->core), s->txn);
	for (p = &ns->subs; *p != NULL; p = &(*p)->next_in_set) {
		if (*p == s) {
			*p = s->next_in_set;
			ns->nsubs--;
			break;
		}
	}
	n->stats.subscriptions--;
	nt_set_trim(ns);
	set_release_if_idle(n, ns);
}

void nt_sub_free(nt_sub_t *s)
{
	if (s->n != NULL)
		sub_unlink(s);
	free(s->impu);
	free(s->watcher);
	free(s->event_id);
	free(s->call_id);
	free(s->local_tag);
	free(s->remote_tag);
	free(s->local_uri);
	free(s->remote_uri);
	free(s->remote_target);
	strv_clear(s->routes, s->nroutes);
	free(s);
}
