/*
 * ifc_parse.c - read one InitialFilterCriteria of a ServiceProfile: Priority,
 * TriggerPoint (CNF/DNF, SPTs with their choice element, groups and
 * registration types), ApplicationServer and ProfilePartIndicator.
 */
#include "config.h"

#include "diameter/userdata/ifc_parse.h"

#include <stdlib.h>
#include <string.h>

static const char *const spt_names[] = {
	[UD_SPT_REQUEST_URI] = "RequestURI",
	[UD_SPT_METHOD] = "Method",
	[UD_SPT_SIP_HEADER] = "SIPHeader",
	[UD_SPT_SESSION_CASE] = "SessionCase",
	[UD_SPT_SESSION_DESCRIPTION] = "SessionDescription",
};

typedef struct {
	ud_spt_t *spt;
	bool seen_negated, has_choice;
	const char *name;  /* SIPHeader's Header or SessionDescription's Line */
} spt_build_t;

/* Header+Content or Line+Content. */
static int pair_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	spt_build_t *b = arg;

	if (ext > 0)
		return 0;
	if (ud_is(k, b->name))
		return ud_text(c, k, true, &b->spt->value);
	if (ud_is(k, "Content"))
		return ud_text(c, k, true, &b->spt->content);
	return 0;
}

static int spt_choice(ud_ctx_t *c, const xmlNode *k, spt_build_t *b, ud_spt_kind_t kind)
{
	ud_spt_t *s = b->spt;
	unsigned v;
	bool seen = false;

	if (b->has_choice)
		return ud_fail(c, k, "<SPT> has both <%s> and <%s>", spt_names[s->kind],
			       spt_names[kind]);
	b->has_choice = true;
	s->kind = kind;
	switch (kind) {
	case UD_SPT_REQUEST_URI:
	case UD_SPT_METHOD:
		return ud_text(c, k, true, &s->value);
	case UD_SPT_SESSION_CASE:
		if (ud_uint(c, k, UD_SC_ORIGINATING_CDIV, &v, &seen) < 0)
			return -1;
		s->session_case = (ud_session_case_t)v;
		return 0;
	case UD_SPT_SIP_HEADER:
	case UD_SPT_SESSION_DESCRIPTION:
		b->name = kind == UD_SPT_SIP_HEADER ? "Header" : "Line";
		if (ud_each_child(c, k, 0, pair_child, b) < 0)
			return -1;
		if (s->value == NULL)
			return ud_fail(c, k, "<%s> has no <%s>", k->name, b->name);
		return 0;
	}
	return 0;
}

static int spt_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	spt_build_t *b = arg;
	ud_spt_t *s = b->spt;
	unsigned v, *g;
	bool seen = false;
	size_t i;

	if (ud_is(k, "RegistrationType")) {
		if (ud_uint(c, k, 2, &v, &seen) < 0)
			return -1;
		s->reg_types |= 1u << v;
		return 0;
	}
	if (ext > 0)
		return 0;
	if (ud_is(k, "ConditionNegated"))
		return ud_bool(c, k, &s->negated, &b->seen_negated);
	if (ud_is(k, "Group")) {
		g = ud_push(c, k, &s->groups, &s->ngroups, sizeof(*g), c->lim->max_groups,
			    "<Group>s in an <SPT>");
		return g == NULL ? -1 : ud_uint(c, k, UINT32_MAX, g, &seen);
	}
	for (i = 0; i < sizeof(spt_names) / sizeof(spt_names[0]); i++)
		if (ud_is(k, spt_names[i]))
			return spt_choice(c, k, b, (ud_spt_kind_t)i);
	return 0;
}

typedef struct {
	ud_ifc_t *f;
	bool seen_cnf;
} tp_build_t;

static int trigger_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	tp_build_t *b = arg;
	spt_build_t sb = {0};

	if (ext > 0)
		return 0;
	if (ud_is(k, "ConditionTypeCNF"))
		return ud_bool(c, k, &b->f->cnf, &b->seen_cnf);
	if (!ud_is(k, "SPT"))
		return 0;
	sb.spt = ud_push(c, k, &b->f->spts, &b->f->nspts, sizeof(ud_spt_t), c->lim->max_spts,
			 "<SPT>s in a <TriggerPoint>");
	if (sb.spt == NULL || ud_each_child(c, k, 0, spt_child, &sb) < 0)
		return -1;
	if (!sb.has_choice)
		return ud_fail(c, k, "<SPT> has none of <RequestURI>, <Method>, <SIPHeader>, "
				     "<SessionCase>, <SessionDescription>");
	if (sb.spt->ngroups == 0)
		return ud_fail(c, k, "<SPT> has no <Group>");
	return 0;
}

typedef struct {
	ud_app_server_t *as;
	bool seen_dh;
} as_build_t;

static int as_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	as_build_t *b = arg;
	ud_app_server_t *as = b->as;
	unsigned v;

	if (ud_is(k, "IncludeRegisterRequest")) {
		as->include_register_request = true;
		return 0;
	}
	if (ud_is(k, "IncludeRegisterResponse")) {
		as->include_register_response = true;
		return 0;
	}
	if (ext > 0)
		return 0;
	if (ud_is(k, "ServerName"))
		return ud_text(c, k, true, &as->server_name);
	if (ud_is(k, "ServiceInfo"))
		return ud_text(c, k, false, &as->service_info);
	if (ud_is(k, "DefaultHandling")) {
		if (ud_uint(c, k, UD_DH_SESSION_TERMINATED, &v, &b->seen_dh) < 0)
			return -1;
		as->has_default_handling = true;
		as->default_handling = (ud_default_handling_t)v;
	}
	return 0;
}

typedef struct {
	ud_ifc_t *f;
	bool seen_priority, seen_trigger, seen_as, seen_ppi;
} ifc_build_t;

static int ifc_child(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg)
{
	ifc_build_t *b = arg;
	ud_ifc_t *f = b->f;
	unsigned v;

	if (ext > 0)
		return 0;
	if (ud_is(k, "Priority"))
		return ud_uint(c, k, INT32_MAX, &f->priority, &b->seen_priority);
	if (ud_is(k, "ProfilePartIndicator")) {
		if (ud_uint(c, k, UD_PPI_UNREGISTERED, &v, &b->seen_ppi) < 0)
			return -1;
		f->has_profile_part = true;
		f->profile_part = (ud_profile_part_t)v;
		return 0;
	}
	if (ud_is(k, "TriggerPoint")) {
		tp_build_t tb = {f, false};

		if (b->seen_trigger)
			return ud_fail(c, k, "<TriggerPoint> appears twice");
		b->seen_trigger = f->has_trigger = true;
		if (ud_each_child(c, k, 0, trigger_child, &tb) < 0)
			return -1;
		return tb.seen_cnf ? 0 : ud_fail(c, k, "<TriggerPoint> has no <ConditionTypeCNF>");
	}
	if (ud_is(k, "ApplicationServer")) {
		as_build_t ab = {&f->as, false};

		if (b->seen_as)
			return ud_fail(c, k, "<ApplicationServer> appears twice");
		b->seen_as = true;
		if (ud_each_child(c, k, 0, as_child, &ab) < 0)
			return -1;
		if (f->as.server_name == NULL || f->as.server_name[0] == '\0')
			return ud_fail(c, k, "<ApplicationServer> has no <ServerName>");
	}
	return 0;
}

int ud_parse_ifc(ud_ctx_t *c, const xmlNode *e, ud_ifc_t **ifcs, size_t *nifcs)
{
	ifc_build_t b = {0};

	b.f = ud_push(c, e, ifcs, nifcs, sizeof(ud_ifc_t), c->lim->max_ifcs,
		      "<InitialFilterCriteria> in a <ServiceProfile>");
	if (b.f == NULL || ud_each_child(c, e, 0, ifc_child, &b) < 0)
		return -1;
	if (!b.seen_priority)
		return ud_fail(c, e, "<InitialFilterCriteria> has no <Priority>");
	if (!b.seen_as)
		return ud_fail(c, e, "<InitialFilterCriteria> has no <ApplicationServer>");
	return 0;
}

void ud_ifc_clear(ud_ifc_t *f)
{
	size_t i;

	for (i = 0; i < f->nspts; i++) {
		free(f->spts[i].groups);
		free(f->spts[i].value);
		free(f->spts[i].content);
	}
	free(f->spts);
	free(f->as.server_name);
	free(f->as.service_info);
	memset(f, 0, sizeof(*f));
}
