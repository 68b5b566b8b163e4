/*
 * user_data.c - read a Cx User-Data document (IMSSubscription) into the
 * model: the document, its ServiceProfiles and their PublicIdentities (the
 * iFCs are in ifc_parse.c, the derived sets in user_data_sets.c).
 *
 * Defences, in the order they act:
 *  1. the byte limit, before libxml2 sees anything;
 *  2. libxml2 with the encoding forced to UTF-8, no network, no entity
 *     substitution, and SAX hooks that stop the parse at the first DTD or
 *     entity declaration (so entity-expansion bombs never expand);
 *  3. one iterative walk that bounds nesting depth and the element count;
 *  4. the walk proper: required elements, enumerated values, duplicates,
 *     per-document/profile/iFC counts, text lengths, wildcard patterns.
 */
#include "config.h"

#include "diameter/userdata/user_data.h"
#include "diameter/userdata/ifc_parse.h"
#include "diameter/userdata/ud_parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "scscf/base/xml_strict.h"

const ud_limits_t ud_default_limits = {
	.max_bytes = 256 * 1024,
	.max_depth = 24,
	.max_elements = 20000,
	.max_text = 8192,
	.max_profiles = 64,
	.max_identities = 1024,
	.max_ifcs = 128,
	.max_spts = 64,
	.max_groups = 16,
	.max_shared_sets = 64,
	.max_wildcard_len = 256,
};

/* --- PublicIdentity -------------------------------------------------------- */

typedef struct {
	ud_public_identity_t *id;
	bool seen_barring;
} id_build_t;

static int identity_type(ud_ctx_t *c, const xmlNode *k, ud_public_identity_t *id)
{
	bool seen = false;
	unsigned v;

	if (ud_uint(c, k, UD_ID_WILDCARDED_IMPU, &v, &seen) < 0)
		return -1;
	if (id->has_type && id->type != (ud_identity_type_t)v)
		return ud_fail(c, k, "<IdentityType> %u contradicts the earlier %u", v,
			       (unsigned)id->type);
	id->has_type = true;
	id->type = (ud_identity_type_t)v;
	return 0;
}

/* Identity and BarringIndication directly inside PublicIdentity; the rest
 * at any Extension depth (FHoSS, PyHSS and the schema all differ). */
static int identity_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	id_build_t *b = arg;
	ud_public_identity_t *id = b->id;

	if (ud_is(k, "IdentityType"))
		return identity_type(c, k, id);
	if (ud_is(k, "WildcardedPSI"))
		return ud_text(c, k, true, &id->wildcarded_psi);
	if (ud_is(k, "WildcardedIMPU"))
		return ud_text(c, k, true, &id->wildcarded_impu);
	if (ud_is(k, "DisplayName"))
		return ud_text(c, k, true, &id->display_name);
	if (ud_is(k, "AliasIdentityGroupID"))
		return ud_text(c, k, true, &id->alias_group_id);
	if (ext > 0)
		return 0;
	if (ud_is(k, "Identity"))
		return ud_text(c, k, true, &id->identity);
	if (ud_is(k, "BarringIndication"))
		return ud_bool(c, k, &id->barred, &b->seen_barring);
	return 0;
}

/* Which string, if any, makes this identity a wildcard (see user_data.h). */
static const char *wildcard_of(const ud_public_identity_t *id)
{
	switch (id->type) {
	case UD_ID_WILDCARDED_PSI:
		return id->wildcarded_psi ? id->wildcarded_psi : id->identity;
	case UD_ID_WILDCARDED_IMPU:
		return id->wildcarded_impu ? id->wildcarded_impu : id->identity;
	case UD_ID_DISTINCT_PSI:
		return NULL;
	case UD_ID_PUBLIC_USER:
	case UD_ID_NON_DISTINCT_IMPU:
		break;
	}
	return ud_wildcard_kind(id->identity) == UD_WC_REGEX ? id->identity : NULL;
}

static int identity_wildcard(ud_ctx_t *c, const xmlNode *e, ud_public_identity_t *id)
{
	const char *w = wildcard_of(id);
	char why[256];

	if (w == NULL)
		return 0;
	if (w[0] == '\0')
		return ud_fail(c, e, "%s identity %s has an empty wildcard",
			       ud_identity_type_name(id->type), id->identity);
	id->matcher = ud_wildcard_compile(w, c->lim->max_wildcard_len, why, sizeof(why));
	if (id->matcher == NULL)
		return ud_fail(c, e, "identity %.80s: %s", id->identity, why);
	id->is_wildcard = true;
	id->wildcard = w;
	return 0;
}

static int parse_identity(ud_ctx_t *c, const xmlNode *e, ud_subscription_t *s, size_t profile)
{
	id_build_t b = {0};

	b.id = ud_push(c, e, &s->ids, &s->nids, sizeof(ud_public_identity_t),
		       c->lim->max_identities, "<PublicIdentity> elements");
	if (b.id == NULL)
		return -1;
	b.id->profile = profile;
	if (ud_each_child(c, e, 0, identity_child, &b) < 0)
		return -1;
	if (b.id->identity == NULL)
		return ud_fail(c, e, "<PublicIdentity> has no <Identity>");
	if (b.id->identity[0] == '\0')
		return ud_fail(c, e, "<PublicIdentity> has an empty <Identity>");
	return identity_wildcard(c, e, b.id);
}

/* --- ServiceProfile ------------------------------------------------------ */

typedef struct {
	ud_subscription_t *s;
	size_t index;
	bool seen_media;
} sp_build_t;

static int cn_auth_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	sp_build_t *b = arg;
	ud_service_profile_t *sp = &b->s->profiles[b->index];

	if (ext > 0 || !ud_is(k, "SubscribedMediaProfileId"))
		return 0; /* ListOfServiceIds and the rest: not kept */
	sp->has_media_profile = true;
	return ud_uint(c, k, UINT32_MAX, &sp->media_profile_id, &b->seen_media);
}

static int profile_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	sp_build_t *b = arg;
	ud_service_profile_t *sp = &b->s->profiles[b->index];
	unsigned *set;
	bool seen = false;

	if (ud_is(k, "SharedIFCSetID")) {
		set = ud_push(c, k, &sp->shared_ifc_sets, &sp->nshared_ifc_sets, sizeof(*set),
			      c->lim->max_shared_sets, "<SharedIFCSetID>s in a <ServiceProfile>");
		return set == NULL ? -1 : ud_uint(c, k, UINT32_MAX, set, &seen);
	}
	if (ext > 0)
		return 0;
	if (ud_is(k, "PublicIdentity")) {
		if (sp->first_id + sp->nids != b->s->nids)
			return ud_fail(c, k, "internal: identities out of order");
		if (parse_identity(c, k, b->s, b->index) < 0)
			return -1;
		sp->nids++;
		return 0;
	}
	if (ud_is(k, "InitialFilterCriteria"))
		return ud_parse_ifc(c, k, &sp->ifcs, &sp->nifcs);
	if (ud_is(k, "CoreNetworkServicesAuthorization")) {
		if (sp->has_cn_auth)
			return ud_fail(c, k, "<CoreNetworkServicesAuthorization> appears twice");
		sp->has_cn_auth = true;
		return ud_each_child(c, k, 0, cn_auth_child, b);
	}
	return 0;
}

static int parse_profile(ud_ctx_t *c, const xmlNode *e, ud_subscription_t *s)
{
	sp_build_t b = {s, s->nprofiles, false};
	ud_service_profile_t *sp;

	sp = ud_push(c, e, &s->profiles, &s->nprofiles, sizeof(*sp), c->lim->max_profiles,
		     "<ServiceProfile> elements");
	if (sp == NULL)
		return -1;
	sp->first_id = s->nids;
	if (ud_each_child(c, e, 0, profile_child, &b) < 0)
		return -1;
	if (s->profiles[b.index].nids == 0)
		return ud_fail(c, e, "<ServiceProfile> has no <PublicIdentity>");
	return 0;
}

/* --- IMSSubscription ------------------------------------------------------ */

static int root_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	ud_subscription_t *s = arg;

	if (ext > 0)
		return 0;
	if (ud_is(k, "PrivateID"))
		return ud_text(c, k, true, &s->private_id);
	if (ud_is(k, "ServiceProfile"))
		return parse_profile(c, k, s);
	return 0;
}

static ud_subscription_t *parse_root(ud_ctx_t *c, const xmlNode *e)
{
	ud_subscription_t *s;

	if (!ud_is(e, "IMSSubscription")) {
		ud_fail(c, e, "the root element is <%s>, not <IMSSubscription>", e->name);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		ud_fail(c, e, "out of memory");
		return NULL;
	}
	if (ud_each_child(c, e, 0, root_child, s) < 0)
		goto bad;
	if (s->private_id == NULL) {
		ud_fail(c, e, "<IMSSubscription> has no <PrivateID>");
		goto bad;
	}
	if (s->private_id[0] == '\0') {
		ud_fail(c, e, "<IMSSubscription> has an empty <PrivateID>");
		goto bad;
	}
	if (s->nprofiles == 0) {
		ud_fail(c, e, "<IMSSubscription> has no <ServiceProfile>");
		goto bad;
	}
	if (ud_derive(s) < 0) {
		ud_fail(c, e, "out of memory");
		goto bad;
	}
	return s;
bad:
	ud_free(s);
	return NULL;
}

ud_subscription_t *ud_parse(const char *buf, size_t len, const ud_limits_t *limits, char *err,
			    size_t errlen)
{
	ud_ctx_t c = {limits ? limits : &ud_default_limits, err, errlen};
	xml_strict_limits_t lim = {c.lim->max_bytes, c.lim->max_depth, c.lim->max_elements};
	ud_subscription_t *s;
	xmlDocPtr doc;

	doc = xml_strict_read(buf, len, &lim, "User-Data", err, errlen);
	if (doc == NULL)
		return NULL;
	s = parse_root(&c, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return s;
}
