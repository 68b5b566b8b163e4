/*
 * ctl_show.c - "show registration" and "show subscription": the
 * registration store's implicit sets and bindings, and the notifier's
 * subscriptions, as the JSON members doc/SCSCFCTL.md describes.
 */
#include "config.h"

#include "scscf/ops/ctl_cmd.h"

#include <netinet/in.h>
#include <string.h>

#include "diameter/userdata/user_data.h"
#include "scscf/base/netaddr.h"
#include "scscf/store/regstore.h"

/* Seconds left until at (rounded up, as the 200 OK's expires), 0 when due. */
static uint64_t seconds_left(uint64_t at, uint64_t now)
{
	return at > now ? (at - now + 999) / 1000 : 0;
}

static void write_received(jw_t *w, const rs_binding_t *b)
{
	const struct sockaddr *sa = (const struct sockaddr *)&b->source;
	bool known = sa->sa_family == AF_INET || sa->sa_family == AF_INET6;
	char host[INET6_ADDRSTRLEN];

	netaddr_host(sa, host, sizeof(host));
	jw_key(w, "received");
	jw_obj(w);
	jw_kstr(w, "transport", b->transport == SIP_TP_TCP ? "tcp" : "udp");
	jw_kstr(w, "address", known ? host : NULL);
	jw_ku64(w, "port", netaddr_port(sa));
	jw_end(w);
}

static void write_binding(jw_t *w, const rs_binding_t *b, uint64_t now)
{
	size_t i;

	jw_obj(w);
	jw_kstr(w, "id", b->id);
	jw_kstr(w, "contact", b->uri);
	jw_ku64(w, "expires_in", seconds_left(b->expires_at, now));
	jw_ku64(w, "registered_for", now > b->registered_at ? (now - b->registered_at) / 1000 : 0);
	jw_kstr(w, "impi", b->impi);
	jw_kstr(w, "aor", b->aor);
	jw_kstr(w, "instance", b->instance);
	jw_key(w, "reg_id");
	if (b->has_reg_id)
		jw_u64(w, b->reg_id);
	else
		jw_null(w);
	jw_kstr(w, "pub_gruu", b->pub_gruu);
	jw_kstr(w, "temp_gruu", b->temp_gruu);
	jw_key(w, "path");
	jw_arr(w);
	for (i = 0; i < b->npath; i++)
		jw_str(w, b->path[i]);
	jw_end(w);
	write_received(w, b);
	jw_kstr(w, "call_id", b->callid);
	jw_ku64(w, "cseq", b->cseq);
	jw_kstr(w, "q", b->q);
	jw_kstr(w, "user_agent", b->user_agent);
	jw_end(w);
}

static void write_impu(jw_t *w, const ud_public_identity_t *id, bool is_default)
{
	jw_obj(w);
	jw_kstr(w, "impu", id->identity);
	jw_kbool(w, "default", is_default);
	jw_kbool(w, "barred", id->barred);
	jw_kstr(w, "wildcard", id->is_wildcard ? id->wildcard : NULL);
	jw_end(w);
}

/* The implicit set's identities, the default IMPU first. */
static void write_impus(jw_t *w, const ud_subscription_t *profile)
{
	const ud_public_identity_t *const *irs;
	const ud_public_identity_t *def = ud_default_impu(profile);
	size_t n, i;

	jw_key(w, "impus");
	jw_arr(w);
	irs = ud_irs(profile, &n);
	if (def != NULL)
		write_impu(w, def, true);
	for (i = 0; i < n; i++)
		if (irs[i] != def)
			write_impu(w, irs[i], false);
	jw_end(w);
}

typedef struct {
	jw_t *w;
	uint64_t now;
} show_t;

static void write_set(void *arg, const rs_set_t *set)
{
	show_t *s = arg;
	jw_t *w = s->w;
	size_t i;

	jw_obj(w);
	jw_kstr(w, "id", set->id);
	jw_kstr(w, "impi", set->impi);
	jw_kstr(w, "state", set->state == RS_SET_REGISTERED ? "registered" : "unregistered");
	jw_key(w, "hss");
	jw_obj(w);
	jw_kstr(w, "host", set->hss_host);
	jw_kstr(w, "realm", set->hss_realm);
	jw_end(w);
	jw_kstr(w, "wildcard", set->wildcard);
	write_impus(w, set->profile);
	jw_key(w, "bindings");
	jw_arr(w);
	for (i = 0; i < set->nbindings; i++)
		write_binding(w, set->bindings[i], s->now);
	jw_end(w);
	jw_end(w);
}

/* An IMPU is a URI (sip:, sips:, tel: ...); an IMPI is user@realm. */
static bool looks_like_uri(const char *who)
{
	const char *colon = strchr(who, ':');
	const char *at = strchr(who, '@');

	return colon != NULL && colon != who && (at == NULL || colon < at);
}

#define SHOW_MAX_IMPI_SETS 64

int ctl_show_registration(const ctl_env_t *env, const char *who, jw_t *w)
{
	regstore_t *store = registrar_store(env->registrar);
	show_t s = {w, uv_now(env->loop)};
	rs_set_t *sets[SHOW_MAX_IMPI_SETS];
	size_t n = 0, i;

	if (who != NULL) {
		if (looks_like_uri(who)) {
			sets[0] = regstore_find_impu(store, who);
			n = sets[0] != NULL;
		} else {
			n = regstore_find_impi(store, who, sets, SHOW_MAX_IMPI_SETS);
		}
		if (n == 0)
			return -1;
		if (n > SHOW_MAX_IMPI_SETS)
			n = SHOW_MAX_IMPI_SETS;
	}
	jw_key(w, "sets");
	jw_arr(w);
	if (who == NULL)
		regstore_each_set(store, write_set, &s);
	for (i = 0; i < n; i++)
		write_set(&s, sets[i]);
	jw_end(w);
	return 0;
}

typedef struct {
	jw_t *w;
	const char *impu;   /* NULL: every subscription */
	const char *set_id; /* the set of impu, when it is registered */
} subs_t;

static void write_sub(void *arg, const nt_sub_info_t *i)
{
	subs_t *s = arg;
	jw_t *w = s->w;

	if (s->impu != NULL && !(i->impu != NULL && strcmp(i->impu, s->impu) == 0) &&
	    !(s->set_id != NULL && i->set_id != NULL && strcmp(i->set_id, s->set_id) == 0))
		return;
	jw_obj(w);
	jw_kstr(w, "kind", nt_watcher_name(i->kind));
	jw_kstr(w, "impu", i->impu);
	jw_kstr(w, "watcher", i->watcher);
	jw_kstr(w, "call_id", i->call_id);
	jw_kstr(w, "local_tag", i->local_tag);
	jw_kstr(w, "remote_tag", i->remote_tag);
	jw_kstr(w, "set_id", i->set_id);
	jw_ku64(w, "expires_in", i->expires_in);
	jw_ku64(w, "version", i->version);
	jw_ku64(w, "notify_sent", i->sent);
	jw_ku64(w, "notify_failed", i->failed);
	jw_kstr(w, "last_failure",
		i->last_failure != NULL && i->last_failure[0] != '\0' ? i->last_failure : NULL);
	jw_kbool(w, "in_flight", i->in_flight);
	jw_end(w);
}

void ctl_show_subscriptions(const ctl_env_t *env, const char *impu, jw_t *w)
{
	subs_t s = {w, impu, NULL};

	if (impu != NULL) {
		const rs_set_t *set = regstore_find_impu(registrar_store(env->registrar), impu);

		s.set_id = set != NULL ? set->id : NULL;
	}
	jw_key(w, "subscriptions");
	jw_arr(w);
	notifier_each(env->notifier, write_sub, &s);
	jw_end(w);
}
