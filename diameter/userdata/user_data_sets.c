/*
 * user_data_sets.c - what the S-CSCF derives from a parsed User-Data: the
 * implicit registration set, the default IMPU, P-Associated-URI, the
 * identity and ServiceProfile a URI belongs to; and freeing the model.
 */
#include "config.h"

#include "diameter/userdata/user_data.h"
#include "diameter/userdata/ifc_parse.h"
#include "diameter/userdata/ud_parse.h"

#include <stdlib.h>
#include <string.h>

static bool in_irs(const ud_subscription_t *s, const char *identity)
{
	size_t i;

	for (i = 0; i < s->nirs; i++)
		if (strcmp(s->irs[i]->identity, identity) == 0)
			return true;
	return false;
}

static bool is_default_candidate(const ud_public_identity_t *id)
{
	return !id->barred && !id->is_wildcard && id->type == UD_ID_PUBLIC_USER;
}

typedef struct {
	const ud_subscription_t *s;
	const ud_public_identity_t *id;
} covered_ctx_t;

/* A derived URI stands for the wildcard only if ud_lookup leads to it. */
static bool leads_to(void *arg, const char *uri)
{
	const covered_ctx_t *c = arg;

	return ud_lookup(c->s, uri) == c->id;
}

/* An IMPU the wildcard id covers (see covered in user_data.h). */
static char *covered_by(const ud_subscription_t *s, const ud_public_identity_t *id)
{
	covered_ctx_t c = {s, id};
	const ud_public_identity_t *o;
	size_t i;

	if (ud_wildcard_kind(id->identity) == UD_WC_LITERAL &&
	    ud_wildcard_match(id->matcher, id->identity))
		return strdup(id->identity);
	for (i = 0; i < s->nirs; i++) {
		o = s->irs[i];
		if (o->is_wildcard || !ud_wildcard_match(id->matcher, o->identity))
			continue;
		if ((o->wildcarded_impu != NULL && strcmp(o->wildcarded_impu, id->wildcard) == 0) ||
		    (o->wildcarded_psi != NULL && strcmp(o->wildcarded_psi, id->wildcard) == 0))
			return strdup(o->identity);
	}
	return ud_wildcard_example(id->matcher, leads_to, &c);
}

static int derive_wildcards(ud_subscription_t *s)
{
	size_t i;

	for (i = 0; i < s->nids; i++) {
		ud_public_identity_t *id = &s->ids[i];

		if (!id->is_wildcard)
			continue;
		id->wildcard_re = ud_wildcard_ts23003(id->wildcard);
		if (id->wildcard_re == NULL)
			return -1;
		id->covered = covered_by(s, id);
	}
	return 0;
}

int ud_derive(ud_subscription_t *s)
{
	const ud_public_identity_t *def;
	size_t i;

	s->irs = calloc(s->nids ? s->nids : 1, sizeof(*s->irs));
	s->pau = calloc(s->nids ? s->nids : 1, sizeof(*s->pau));
	if (s->irs == NULL || s->pau == NULL)
		return -1;
	for (i = 0; i < s->nids; i++)
		if (!in_irs(s, s->ids[i].identity))
			s->irs[s->nirs++] = &s->ids[i];
	def = ud_default_impu(s);
	if (def != NULL)
		s->pau[s->npau++] = def->identity;
	for (i = 0; i < s->nirs; i++)
		if (s->irs[i] != def && !s->irs[i]->barred && !s->irs[i]->is_wildcard)
			s->pau[s->npau++] = s->irs[i]->identity;
	return derive_wildcards(s);
}

const ud_public_identity_t *const *ud_irs(const ud_subscription_t *s, size_t *n)
{
	*n = s->nirs;
	return s->irs;
}

const ud_public_identity_t *ud_default_impu(const ud_subscription_t *s)
{
	size_t i;

	for (i = 0; i < s->nirs; i++)
		if (is_default_candidate(s->irs[i]))
			return s->irs[i];
	return NULL;
}

const char *const *ud_pau(const ud_subscription_t *s, size_t *n)
{
	*n = s->npau;
	return s->pau;
}

const ud_public_identity_t *ud_lookup(const ud_subscription_t *s, const char *uri)
{
	size_t i;

	if (uri == NULL)
		return NULL;
	for (i = 0; i < s->nirs; i++)
		if (!s->irs[i]->is_wildcard && strcmp(s->irs[i]->identity, uri) == 0)
			return s->irs[i];
	for (i = 0; i < s->nirs; i++)
		if (s->irs[i]->is_wildcard && ud_wildcard_match(s->irs[i]->matcher, uri))
			return s->irs[i];
	return NULL;
}

const ud_service_profile_t *ud_profile_for(const ud_subscription_t *s, const char *uri)
{
	const ud_public_identity_t *id = ud_lookup(s, uri);

	return id != NULL ? &s->profiles[id->profile] : NULL;
}

const char *ud_identity_type_name(ud_identity_type_t t)
{
	switch (t) {
	case UD_ID_PUBLIC_USER:
		return "PUBLIC_USER_IDENTITY";
	case UD_ID_DISTINCT_PSI:
		return "DISTINCT_PSI";
	case UD_ID_WILDCARDED_PSI:
		return "WILDCARDED_PSI";
	case UD_ID_NON_DISTINCT_IMPU:
		return "NON_DISTINCT_IMPU";
	case UD_ID_WILDCARDED_IMPU:
		return "WILDCARDED_IMPU";
	}
	return "unknown";
}

static void identity_clear(ud_public_identity_t *id)
{
	free(id->identity);
	free(id->wildcarded_psi);
	free(id->wildcarded_impu);
	free(id->display_name);
	free(id->alias_group_id);
	free(id->wildcard_re);
	free(id->covered);
	ud_wildcard_free(id->matcher);
}

void ud_free(ud_subscription_t *s)
{
	size_t i, j;

	if (s == NULL)
		return;
	for (i = 0; i < s->nids; i++)
		identity_clear(&s->ids[i]);
	for (i = 0; i < s->nprofiles; i++) {
		for (j = 0; j < s->profiles[i].nifcs; j++)
			ud_ifc_clear(&s->profiles[i].ifcs[j]);
		free(s->profiles[i].ifcs);
		free(s->profiles[i].shared_ifc_sets);
	}
	free(s->profiles);
	free(s->ids);
	free(s->private_id);
	free(s->irs);
	free(s->pau);
	free(s);
}
