/*
 * regstore_match.c - which bindings a Contact of a REGISTER names
 * (regstore_match, see regstore.h): the flow by +sip.instance and reg-id
 * (RFC 5626 §6), the instance alone (RFC 5627), else the URI by RFC 3261
 * §19.1.4 comparison (§10.3 step 7), among the bindings of one IMPI.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "scscf/store/regstore.h"
#include "scscf/store/rs_uri.h"

typedef enum { BY_FLOW, BY_INSTANCE, BY_INSTANCE_URI, BY_URI } match_rule_t;

static bool same_instance(const rs_binding_t *b, const rs_contact_ref_t *ref)
{
	return b->instance != NULL && strcasecmp(b->instance, ref->instance) == 0;
}

static bool matches(const rs_binding_t *b, const rs_contact_ref_t *ref, match_rule_t rule)
{
	if (ref->impi != NULL && strcmp(b->impi, ref->impi) != 0)
		return false;
	switch (rule) {
	case BY_FLOW:
		return same_instance(b, ref) && b->has_reg_id && b->reg_id == ref->reg_id;
	case BY_INSTANCE:
		return same_instance(b, ref) && !b->has_reg_id;
	case BY_INSTANCE_URI:
		return same_instance(b, ref) && rs_uri_equal(b->uri, ref->uri);
	case BY_URI:
		return rs_uri_equal(b->uri, ref->uri);
	}
	return false;
}

static size_t collect(const rs_set_t *set, const rs_contact_ref_t *ref, match_rule_t rule,
		      rs_binding_t **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < set->nbindings; i++) {
		if (!matches(set->bindings[i], ref, rule))
			continue;
		if (n < max)
			out[n] = set->bindings[i];
		n++;
	}
	return n;
}

size_t regstore_match(const rs_set_t *set, const rs_contact_ref_t *ref, rs_binding_t **out,
		      size_t max)
{
	size_t n;

	if (set == NULL || ref == NULL || (ref->uri == NULL && ref->instance == NULL))
		return 0;
	if (ref->instance != NULL && ref->has_reg_id)
		return collect(set, ref, BY_FLOW, out, max);
	if (ref->instance != NULL) {
		n = collect(set, ref, BY_INSTANCE, out, max);
		return n > 0 ? n : collect(set, ref, BY_INSTANCE_URI, out, max);
	}
	return collect(set, ref, BY_URI, out, max);
}
