/*
 * nt_body.c - the application/reginfo+xml document a reg-event watcher
 * gets: always full state (TS 24.229 practice, seed 001), one
 * <registration> per non-barred identity of the implicit set, each with
 * every binding of the set, plus the contacts removed since this watcher
 * was last told (state terminated, event from the policy), plus the
 * identities a PPR took out of the set (state terminated).
 *
 * Ids are stable: a registration's id is a hash of the set id and the
 * identity, a contact's of the binding id and the identity, so the same
 * contact keeps its id across NOTIFYs and differs between registrations.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "regevent/reginfo_render.h"

static void hash_id(char prefix, const char *a, const char *b, char out[18])
{
	uint64_t h = 0xcbf29ce484222325ull;
	const char *p;

	for (p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	h = (h ^ 0xff) * 0x100000001b3ull;
	for (p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	snprintf(out, 18, "%c%016llx", prefix, (unsigned long long)h);
	out[17] = '\0';
}

/* ---- snapshots ---------------------------------------------------------- */

static char *dup0(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

nt_gone_t *nt_gone_new(const rs_binding_t *b, re_event_t ev, uint64_t seq, uint64_t now)
{
	nt_gone_t *g = calloc(1, sizeof(*g));
	size_t i;

	if (g == NULL)
		return NULL;
	g->seq = seq;
	g->event = ev;
	g->binding_id = dup0(b->id);
	g->uri = dup0(b->uri);
	g->display_name = dup0(b->display_name);
	g->q = dup0(b->q);
	g->callid = dup0(b->callid);
	g->aor = dup0(b->aor);
	g->pub_gruu = dup0(b->pub_gruu);
	g->temp_gruu = dup0(b->temp_gruu);
	g->cseq = b->cseq;
	g->temp_gruu_first_cseq = b->temp_gruu_first_cseq;
	g->duration = now > b->registered_at ? (now - b->registered_at) / 1000 : 0;
	if (b->nparams > 0) {
		g->params = calloc(b->nparams, sizeof(rs_param_t));
		if (g->params == NULL) {
			nt_gone_free(g);
			return NULL;
		}
		g->nparams = b->nparams;
		for (i = 0; i < b->nparams; i++) {
			g->params[i].name = dup0(b->params[i].name);
			g->params[i].value = dup0(b->params[i].value);
		}
	}
	if (g->binding_id == NULL || g->uri == NULL) {
		nt_gone_free(g);
		return NULL;
	}
	return g;
}

void nt_gone_free(nt_gone_t *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nparams; i++) {
		free(g->params[i].name);
		free(g->params[i].value);
	}
	free(g->params);
	free(g->binding_id);
	free(g->uri);
	free(g->display_name);
	free(g->q);
	free(g->callid);
	free(g->aor);
	free(g->pub_gruu);
	free(g->temp_gruu);
	free(g);
}

/* The identities a body lists: the non-barred ones of the set. */
int nt_impus_snapshot(const rs_set_t *set, nt_impu_t **out, size_t *n)
{
	size_t nirs = 0, i, k = 0;
	const ud_public_identity_t *const *irs = ud_irs(set->profile, &nirs);
	nt_impu_t *v = calloc(nirs ? nirs : 1, sizeof(*v));

	if (v == NULL)
		return -1;
	for (i = 0; i < nirs; i++) {
		if (irs[i]->barred)
			continue;
		v[k].identity = strdup(irs[i]->identity);
		v[k].wildcard = dup0(irs[i]->is_wildcard ? irs[i]->wildcard_re : NULL);
		v[k].covered = dup0(irs[i]->is_wildcard ? irs[i]->covered : NULL);
		if (v[k].identity == NULL || (irs[i]->is_wildcard && v[k].wildcard == NULL) ||
		    (irs[i]->covered != NULL && v[k].covered == NULL)) {
			nt_impus_free(v, k + 1);
			return -1;
		}
		k++;
	}
	*out = v;
	*n = k;
	return 0;
}

void nt_impus_free(nt_impu_t *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].identity);
		free(v[i].wildcard);
		free(v[i].covered);
	}
	free(v);
}

/* ---- the document -------------------------------------------------------- */

typedef struct {
	const struct notifier *n;
	const nt_sub_t *s;
	const rs_set_t *set; /* NULL once the set is gone */
	re_reginfo_t *info;
	uint64_t now;
} build_t;

/* A Contact display-name as libosip2 keeps it ("\"Alice \\\"A\\\"\"" with
 * its quotes and escapes) to the text it stands for; NULL stays NULL. */
static int set_display_name(re_contact_t *c, const char *dn)
{
	size_t n = dn != NULL ? strlen(dn) : 0, i, k = 0;
	char *out;
	int rc;

	if (dn == NULL || n < 2 || dn[0] != '"' || dn[n - 1] != '"')
		return re_strset(&c->display_name, dn);
	out = malloc(n);
	if (out == NULL)
		return -1;
	for (i = 1; i + 1 < n; i++) {
		if (dn[i] == '\\' && i + 2 < n)
			i++;
		out[k++] = dn[i];
	}
	out[k] = '\0';
	rc = re_strset(&c->display_name, out);
	free(out);
	return rc;
}

static int add_params(re_contact_t *c, const rs_param_t *p, size_t np)
{
	size_t i;

	for (i = 0; i < np; i++)
		if (re_contact_add_param(c, p[i].name, p[i].value) < 0)
			return -1;
	return 0;
}

/* The event an active binding is reported with for identity id: what
 * last happened to it, "created" for identities it reached through the
 * implicit set; when the policy suppresses that, the nearest event it
 * notifies.  A shortening is news once: to a watcher that has heard of it
 * the binding is what the shortening REGISTER made it, refreshed. */
static re_event_t active_event(const build_t *bd, const rs_binding_t *b, const nt_impu_t *id)
{
	static const re_cause_t fallback[] = {RE_CAUSE_REFRESHED, RE_CAUSE_REGISTERED};
	const re_policy_t *p = &bd->n->cfg.ev_policy;
	const rs_set_t *set = bd->set;
	re_cause_t cause = b->last_cause;
	re_event_t ev;
	size_t i;

	if (cause == RE_CAUSE_REAUTH && !nt_shortening_news(bd->s, b->id))
		cause = RE_CAUSE_REFRESHED;
	if (cause == RE_CAUSE_REGISTERED && b->aor != NULL &&
	    ud_lookup(set->profile, b->aor) != ud_lookup(set->profile, id->identity))
		cause = RE_CAUSE_IMPLICIT;
	ev = re_policy_event_for_cause(p, cause);
	for (i = 0; ev == RE_EV_NONE && i < 2; i++)
		ev = re_policy_event_for_cause(p, fallback[i]);
	return ev;
}

/* RFC 5627 §3.1, RFC 5628: a public GRUU is the AOR with the instance's
 * gr parameter, so each registration's contact carries the one of its own
 * aor (gruu: the binding's, built from the AOR its REGISTER named).  A tel
 * URI has none. */
static int set_pub_gruu(re_contact_t *c, const char *gruu, const char *aor)
{
	const char *gr = NULL, *p;
	char *out;
	size_t n;
	int rc;

	for (p = gruu; p != NULL && (p = strstr(p, ";gr=")) != NULL; p++)
		gr = p;
	if (gr == NULL || strncasecmp(aor, "sip", 3) != 0)
		return 0;
	n = strlen(aor) + strlen(gr) + 1;
	out = malloc(n);
	if (out == NULL)
		return -1;
	snprintf(out, n, "%s%s", aor, gr);
	rc = re_strset(&c->pub_gruu, out);
	free(out);
	return rc;
}

static int add_active(build_t *bd, re_registration_t *reg, const nt_impu_t *id,
		      const rs_binding_t *b)
{
	re_event_t ev = active_event(bd, b, id);
	char cid[18];
	re_contact_t *c;

	if (ev == RE_EV_NONE)
		return 0;
	hash_id('c', b->id, id->identity, cid);
	c = re_registration_add_contact(reg, cid, b->uri, RE_CONTACT_ACTIVE, ev);
	if (c == NULL)
		return -1;
	c->has_expires = true;
	c->expires = b->expires_at > bd->now ? (b->expires_at - bd->now + 999) / 1000 : 0;
	c->has_duration_registered = true;
	c->duration_registered = bd->now > b->registered_at ? (bd->now - b->registered_at) / 1000 : 0;
	c->has_cseq = true;
	c->cseq = b->cseq;
	if (re_strset(&c->q, b->q) < 0 || re_strset(&c->callid, b->callid) < 0 ||
	    set_display_name(c, b->display_name) < 0 ||
	    add_params(c, b->params, b->nparams) < 0)
		return -1;
	/* RFC 5628: the temporary GRUU only for the user itself */
	if (set_pub_gruu(c, b->pub_gruu, reg->aor) < 0 ||
	    (bd->s->kind == NT_WATCHER_UE && re_strset(&c->temp_gruu, b->temp_gruu) < 0))
		return -1;
	c->temp_gruu_first_cseq = b->temp_gruu_first_cseq;
	return 0;
}

static int add_gone(build_t *bd, re_registration_t *reg, const nt_impu_t *id,
		    const nt_gone_t *g)
{
	char cid[18];
	re_contact_t *c;

	hash_id('c', g->binding_id, id->identity, cid);
	c = re_registration_add_contact(reg, cid, g->uri, RE_CONTACT_TERMINATED, g->event);
	if (c == NULL)
		return -1;
	c->has_duration_registered = true;
	c->duration_registered = g->duration;
	c->has_cseq = true;
	c->cseq = g->cseq;
	if (g->event == RE_EV_PROBATION) {
		c->has_retry_after = true;
		c->retry_after = bd->n->retry_after;
	}
	if (re_strset(&c->q, g->q) < 0 || re_strset(&c->callid, g->callid) < 0 ||
	    set_display_name(c, g->display_name) < 0 ||
	    add_params(c, g->params, g->nparams) < 0 || set_pub_gruu(c, g->pub_gruu, reg->aor) < 0 ||
	    (bd->s->kind == NT_WATCHER_UE && re_strset(&c->temp_gruu, g->temp_gruu) < 0))
		return -1;
	c->temp_gruu_first_cseq = g->temp_gruu_first_cseq;
	return 0;
}

/* The set has ended (its profile is gone): does the watched URI fall
 * under wildcard id, and under no identity listed by name? */
static bool ended_watched_under(const build_t *bd, const nt_impu_t *id)
{
	const nt_set_t *ns = bd->s->set;
	ud_wildcard_t *w;
	bool under;
	size_t i;

	for (i = 0; i < ns->nimpus; i++)
		if (ns->impus[i].wildcard == NULL && strcmp(ns->impus[i].identity, bd->s->impu) == 0)
			return false;
	w = ud_wildcard_compile(id->wildcard, 4 * strlen(id->wildcard), NULL, 0);
	under = ud_wildcard_match(w, bd->s->impu);
	ud_wildcard_free(w);
	return under;
}

/* The aor of a wildcarded identity, an IMPU the wildcard covers (TS 24.229
 * §7.10.2): the watched URI when it falls under the wildcard, else the one
 * the profile gives (the HSS's distinct IMPU, or one derived from the
 * pattern); the identity itself only when there is none. */
static const char *aor_of(const build_t *bd, const nt_impu_t *id)
{
	const ud_public_identity_t *pi;
	bool watched;

	if (id->wildcard == NULL)
		return id->identity;
	if (bd->set != NULL) {
		pi = ud_lookup(bd->set->profile, bd->s->impu);
		watched = pi != NULL && pi->is_wildcard && strcmp(pi->identity, id->identity) == 0;
	} else {
		watched = ended_watched_under(bd, id);
	}
	if (watched)
		return bd->s->impu;
	return id->covered != NULL ? id->covered : id->identity;
}

static int add_identity(build_t *bd, const nt_impu_t *id, bool left_set)
{
	const nt_set_t *ns = bd->s->set;
	char rid[18];
	re_registration_t *reg;
	const nt_gone_t *g;
	size_t i, active = 0, before;

	hash_id('r', ns->id, id->identity, rid);
	reg = re_reginfo_add_registration(bd->info, aor_of(bd, id), rid, RE_REG_INIT);
	if (reg == NULL)
		return -1;
	for (i = 0; bd->set != NULL && !left_set && i < bd->set->nbindings; i++) {
		before = reg->ncontacts;
		if (add_active(bd, reg, id, bd->set->bindings[i]) < 0)
			return -1;
		active += reg->ncontacts - before;
	}
	for (g = ns->gone; g != NULL; g = g->next)
		if (g->seq > bd->s->reported_seq && add_gone(bd, reg, id, g) < 0)
			return -1;
	if (left_set) {
		/* a PPR took it out: its contacts are no longer bound to it */
		for (i = 0; bd->set != NULL && i < bd->set->nbindings; i++) {
			const rs_binding_t *b = bd->set->bindings[i];
			nt_gone_t *tmp = nt_gone_new(b, re_policy_event_for_cause(
							     &bd->n->cfg.ev_policy, RE_CAUSE_ADMIN),
						     0, bd->now);
			int rc;

			if (tmp == NULL)
				return -1;
			rc = tmp->event == RE_EV_NONE ? 0 : add_gone(bd, reg, id, tmp);
			nt_gone_free(tmp);
			if (rc < 0)
				return -1;
		}
	}
	if (active > 0)
		reg->state = RE_REG_ACTIVE;
	else if (reg->ncontacts > 0 || ns->ended || left_set)
		reg->state = RE_REG_TERMINATED;
	if (id->wildcard != NULL && re_registration_set_wildcard(reg, id->wildcard) < 0)
		return -1;
	return 0;
}

int nt_body(const struct notifier *n, const nt_sub_t *s, char **body, size_t *len)
{
	build_t bd = {n, s, NULL, NULL, nt_now(n)};
	const nt_set_t *ns = s->set;
	const nt_gone_impu_t *gi;
	nt_impu_t *ids = NULL;
	size_t nids = 0, i;
	char err[160];
	int rc = -1;

	if (!ns->ended) {
		bd.set = regstore_find_set(n->store, ns->id);
		if (bd.set == NULL || nt_impus_snapshot(bd.set, &ids, &nids) < 0)
			return -1;
	}
	bd.info = re_reginfo_new(s->version, true);
	if (bd.info == NULL)
		goto out;
	for (i = 0; i < (ns->ended ? ns->nimpus : nids); i++)
		if (add_identity(&bd, ns->ended ? &ns->impus[i] : &ids[i], false) < 0)
			goto out;
	for (gi = ns->gone_impus; gi != NULL; gi = gi->next)
		if (gi->seq > s->reported_seq && add_identity(&bd, &gi->id, true) < 0)
			goto out;
	rc = re_render(bd.info, &n->cfg.ev_policy, body, len, err, sizeof(err));
	if (rc < 0)
		log_warn("notifier: reginfo for %s cannot be rendered: %s", s->impu, err);
out:
	re_reginfo_free(bd.info);
	nt_impus_free(ids, nids);
	return rc;
}
