/*
 * nt_show.c - what the notifier shows of itself (scscfctl show
 * subscription, the statistics): each subscription, reg-event or
 * Microsoft, as an nt_sub_info_t, and the counters.
 */
#include "config.h"

#include <string.h>

#include "scscf/notifier/nt_internal.h"

const char *nt_watcher_name(nt_watcher_t k)
{
	static const char *const names[] = {"ue", "pcscf", "as", "ms"};

	return (unsigned)k < 4 ? names[k] : "?";
}

typedef struct {
	const struct notifier *n;
	void (*fn)(void *arg, const nt_sub_info_t *s);
	void *arg;
} each_t;

static void each_dialog(const char *key, void *value, void *arg)
{
	const each_t *e = arg;
	const nt_sub_t *s = value;
	uint64_t now = nt_now(e->n);
	nt_sub_info_t i = {
		s->kind,	  s->impu,	  s->watcher, s->call_id, s->local_tag, s->remote_tag,
		s->set->id,	  0,		  s->version, s->sent,	  s->failed,	s->last_failure,
		s->txn != 0,
	};

	(void)key;
	i.expires_in = s->expires_at > now ? (s->expires_at - now) / 1000 : 0;
	e->fn(e->arg, &i);
}

static void each_ms(const char *key, void *value, void *arg)
{
	const each_t *e = arg;
	const nt_ms_t *m = value;
	const rs_set_t *set = regstore_find_set(e->n->store, m->set_id);
	const rs_binding_t *b = NULL;
	uint64_t now = nt_now(e->n);
	size_t k;
	nt_sub_info_t i;

	(void)key;
	for (k = 0; set != NULL && k < set->nbindings; k++)
		if (strcmp(set->bindings[k]->id, m->binding_id) == 0)
			b = set->bindings[k];
	memset(&i, 0, sizeof(i));
	i.kind = NT_WATCHER_MS;
	i.impu = m->impu;
	i.watcher = m->contact;
	i.call_id = m->call_id;
	i.local_tag = m->local_tag;
	i.remote_tag = "";
	i.set_id = m->set_id;
	i.expires_in = b != NULL && b->expires_at > now ? (b->expires_at - now) / 1000 : 0;
	i.sent = m->sent;
	i.failed = m->failed;
	i.last_failure = m->last_failure;
	e->fn(e->arg, &i);
}

void notifier_each(const notifier_t *n, void (*fn)(void *arg, const nt_sub_info_t *s), void *arg)
{
	each_t e = {n, fn, arg};

	strmap_each(&n->dialogs, each_dialog, &e);
	strmap_each(&n->ms, each_ms, &e);
}

const notifier_stats_t *notifier_stats(const notifier_t *n)
{
	((struct notifier *)n)->stats.ms_subscriptions = n->ms.count;
	return &n->stats;
}
