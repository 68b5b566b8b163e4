/*
 * reg_model.c - construction, naming and comparison of the reginfo model.
 */
#include "config.h"

#include "regevent/reg_model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const event_names[RE_EV_COUNT] = {
	"registered", "created",     "refreshed",    "shortened", "expired",
	"deactivated", "probation", "unregistered", "rejected",
};

static const char *const reg_state_names[] = {"init", "active", "terminated"};
static const char *const contact_state_names[] = {"active", "terminated"};

int re_strset(char **dst, const char *src)
{
	char *copy = NULL;

	if (src != NULL) {
		copy = strdup(src);
		if (copy == NULL)
			return -1;
	}
	free(*dst);
	*dst = copy;
	return 0;
}

/* Make room for element n of an array of *cap elements of size elem.
 * Returns the (possibly moved) array, or NULL when memory runs out, in which
 * case the old array is untouched. */
static void *grow(void *array, size_t n, size_t *cap, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return array;
	ncap = *cap ? *cap * 2 : 4;
	if (ncap > SIZE_MAX / elem)
		return NULL;
	p = realloc(array, ncap * elem);
	if (p != NULL)
		*cap = ncap;
	return p;
}

re_reginfo_t *re_reginfo_new(uint32_t version, bool full)
{
	re_reginfo_t *info = calloc(1, sizeof(*info));

	if (info != NULL) {
		info->version = version;
		info->full = full;
	}
	return info;
}

static void contact_free(re_contact_t *c)
{
	size_t i;

	for (i = 0; i < c->nparams; i++) {
		free(c->params[i].name);
		free(c->params[i].value);
	}
	free(c->params);
	free(c->id);
	free(c->uri);
	free(c->q);
	free(c->callid);
	free(c->display_name);
	free(c->display_name_lang);
	free(c->pub_gruu);
	free(c->temp_gruu);
	free(c);
}

static void registration_free(re_registration_t *reg)
{
	size_t i;

	for (i = 0; i < reg->ncontacts; i++)
		contact_free(reg->contacts[i]);
	free(reg->contacts);
	free(reg->aor);
	free(reg->id);
	free(reg->wildcard);
	free(reg);
}

void re_reginfo_free(re_reginfo_t *info)
{
	size_t i;

	if (info == NULL)
		return;
	for (i = 0; i < info->nregs; i++)
		registration_free(info->regs[i]);
	free(info->regs);
	free(info);
}

re_registration_t *re_reginfo_add_registration(re_reginfo_t *info, const char *aor,
					       const char *id, re_reg_state_t state)
{
	re_registration_t *reg;
	void *arr = grow(info->regs, info->nregs, &info->regs_cap, sizeof(*info->regs));

	if (arr == NULL)
		return NULL;
	info->regs = arr;
	reg = calloc(1, sizeof(*reg));
	if (reg == NULL)
		return NULL;
	reg->state = state;
	if (re_strset(&reg->aor, aor) < 0 || re_strset(&reg->id, id) < 0) {
		registration_free(reg);
		return NULL;
	}
	info->regs[info->nregs++] = reg;
	return reg;
}

int re_registration_set_wildcard(re_registration_t *reg, const char *wildcard)
{
	return re_strset(&reg->wildcard, wildcard);
}

re_contact_t *re_registration_add_contact(re_registration_t *reg, const char *id,
					  const char *uri, re_contact_state_t state,
					  re_event_t event)
{
	re_contact_t *c;
	void *arr = grow(reg->contacts, reg->ncontacts, &reg->contacts_cap, sizeof(*reg->contacts));

	if (arr == NULL)
		return NULL;
	reg->contacts = arr;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->state = state;
	c->event = event;
	if (re_strset(&c->id, id) < 0 || re_strset(&c->uri, uri) < 0) {
		contact_free(c);
		return NULL;
	}
	reg->contacts[reg->ncontacts++] = c;
	return c;
}

int re_contact_add_param(re_contact_t *c, const char *name, const char *value)
{
	re_param_t p = {NULL, NULL};
	void *arr = grow(c->params, c->nparams, &c->params_cap, sizeof(*c->params));

	if (arr == NULL)
		return -1;
	c->params = arr;
	if (re_strset(&p.name, name) < 0 || re_strset(&p.value, value) < 0) {
		free(p.name);
		return -1;
	}
	c->params[c->nparams++] = p;
	return 0;
}

const re_param_t *re_contact_find_param(const re_contact_t *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nparams; i++)
		if (strcmp(c->params[i].name, name) == 0)
			return &c->params[i];
	return NULL;
}

/* --- names ------------------------------------------------------------ */

static int lookup(const char *const *names, int n, const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *re_event_name(re_event_t ev)
{
	if (ev < 0 || ev >= RE_EV_COUNT)
		return NULL;
	return event_names[ev];
}

int re_event_from_name(const char *name, re_event_t *out)
{
	int i = lookup(event_names, RE_EV_COUNT, name);

	if (i < 0)
		return -1;
	*out = (re_event_t)i;
	return 0;
}

const char *re_reg_state_name(re_reg_state_t st)
{
	if ((unsigned)st > RE_REG_TERMINATED)
		return NULL;
	return reg_state_names[st];
}

int re_reg_state_from_name(const char *name, re_reg_state_t *out)
{
	int i = lookup(reg_state_names, 3, name);

	if (i < 0)
		return -1;
	*out = (re_reg_state_t)i;
	return 0;
}

const char *re_contact_state_name(re_contact_state_t st)
{
	if ((unsigned)st > RE_CONTACT_TERMINATED)
		return NULL;
	return contact_state_names[st];
}

int re_contact_state_from_name(const char *name, re_contact_state_t *out)
{
	int i = lookup(contact_state_names, 2, name);

	if (i < 0)
		return -1;
	*out = (re_contact_state_t)i;
	return 0;
}

re_contact_state_t re_event_resulting_state(re_event_t ev)
{
	switch (ev) {
	case RE_EV_REGISTERED:
	case RE_EV_CREATED:
	case RE_EV_REFRESHED:
	case RE_EV_SHORTENED:
		return RE_CONTACT_ACTIVE;
	default:
		return RE_CONTACT_TERMINATED;
	}
}

/* --- comparison ------------------------------------------------------- */

static int differ(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int differ(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return 1;
}

static bool str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

#define CMP_STR(what, a, b)                                                              \
	do {                                                                             \
		if (!str_eq((a), (b)))                                                   \
			return differ(why, whylen, "%s %s: \"%s\" vs \"%s\"", where, what, \
				      (a) ? (a) : "(none)", (b) ? (b) : "(none)");       \
	} while (0)

#define CMP_OPT_U64(what, ha, a, hb, b)                                                  \
	do {                                                                             \
		if ((ha) != (hb) || ((ha) && (a) != (b)))                                \
			return differ(why, whylen, "%s %s differs", where, what);        \
	} while (0)

static int contact_diff(const re_contact_t *a, const re_contact_t *b, const char *where,
			char *why, size_t whylen)
{
	size_t i;

	CMP_STR("id", a->id, b->id);
	CMP_STR("uri", a->uri, b->uri);
	if (a->state != b->state)
		return differ(why, whylen, "%s state differs", where);
	if (a->event != b->event)
		return differ(why, whylen, "%s event: %s vs %s", where, re_event_name(a->event),
			      re_event_name(b->event));
	CMP_OPT_U64("expires", a->has_expires, a->expires, b->has_expires, b->expires);
	CMP_OPT_U64("duration-registered", a->has_duration_registered, a->duration_registered,
		    b->has_duration_registered, b->duration_registered);
	CMP_OPT_U64("retry-after", a->has_retry_after, a->retry_after, b->has_retry_after,
		    b->retry_after);
	CMP_OPT_U64("cseq", a->has_cseq, a->cseq, b->has_cseq, b->cseq);
	CMP_STR("q", a->q, b->q);
	CMP_STR("callid", a->callid, b->callid);
	CMP_STR("display-name", a->display_name, b->display_name);
	CMP_STR("display-name xml:lang", a->display_name_lang, b->display_name_lang);
	if (a->nparams != b->nparams)
		return differ(why, whylen, "%s: %zu vs %zu unknown-params", where, a->nparams,
			      b->nparams);
	for (i = 0; i < a->nparams; i++) {
		CMP_STR("unknown-param name", a->params[i].name, b->params[i].name);
		CMP_STR("unknown-param value", a->params[i].value, b->params[i].value);
	}
	CMP_STR("pub-gruu", a->pub_gruu, b->pub_gruu);
	CMP_STR("temp-gruu", a->temp_gruu, b->temp_gruu);
	if (a->temp_gruu != NULL && a->temp_gruu_first_cseq != b->temp_gruu_first_cseq)
		return differ(why, whylen, "%s temp-gruu first-cseq differs", where);
	return 0;
}

int re_reginfo_diff(const re_reginfo_t *a, const re_reginfo_t *b, char *why, size_t whylen)
{
	size_t i, j;
	char where[64];

	if (a->version != b->version)
		return differ(why, whylen, "version: %" PRIu32 " vs %" PRIu32, a->version,
			      b->version);
	if (a->full != b->full)
		return differ(why, whylen, "state full/partial differs");
	if (a->nregs != b->nregs)
		return differ(why, whylen, "%zu vs %zu registrations", a->nregs, b->nregs);
	for (i = 0; i < a->nregs; i++) {
		const re_registration_t *ra = a->regs[i], *rb = b->regs[i];

		snprintf(where, sizeof(where), "registration %zu", i);
		CMP_STR("aor", ra->aor, rb->aor);
		CMP_STR("id", ra->id, rb->id);
		CMP_STR("wildcardedIdentity", ra->wildcard, rb->wildcard);
		if (ra->state != rb->state)
			return differ(why, whylen, "%s state differs", where);
		if (ra->ncontacts != rb->ncontacts)
			return differ(why, whylen, "%s: %zu vs %zu contacts", where, ra->ncontacts,
				      rb->ncontacts);
		for (j = 0; j < ra->ncontacts; j++) {
			snprintf(where, sizeof(where), "registration %zu contact %zu", i, j);
			if (contact_diff(ra->contacts[j], rb->contacts[j], where, why, whylen))
				return 1;
		}
	}
	return 0;
}
