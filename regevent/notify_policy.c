/*
 * notify_policy.c - the built-in notify profiles, their overrides, and the
 * mapping from what the registrar saw (a cause) to a contact event.
 */
#include "config.h"

#include "regevent/notify_policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const cause_names[RE_CAUSE_COUNT] = {
	"registered",     "implicit",          "refreshed",        "reauth",
	"ue-deregister",  "expiry",            "rtr-permanent",    "rtr-new-server",
	"rtr-server-change", "rtr-remove-scscf", "admin",          "admin-probation",
	"user-disabled",  "policy-eviction",   "registrar-change", "user-services-down",
};

/* The RFC 3680 meaning of each cause (REFERENCE.md §1.8, §2.6, §4.6). */
static const re_event_t cause_events[RE_CAUSE_COUNT] = {
	[RE_CAUSE_REGISTERED] = RE_EV_REGISTERED,
	[RE_CAUSE_IMPLICIT] = RE_EV_CREATED,
	[RE_CAUSE_REFRESHED] = RE_EV_REFRESHED,
	[RE_CAUSE_REAUTH] = RE_EV_SHORTENED,
	[RE_CAUSE_UE_DEREGISTER] = RE_EV_UNREGISTERED,
	[RE_CAUSE_EXPIRY] = RE_EV_EXPIRED,
	[RE_CAUSE_RTR_PERMANENT] = RE_EV_REJECTED,
	[RE_CAUSE_RTR_NEW_SERVER] = RE_EV_DEACTIVATED,
	[RE_CAUSE_RTR_SERVER_CHANGE] = RE_EV_DEACTIVATED,
	[RE_CAUSE_RTR_REMOVE_SCSCF] = RE_EV_DEACTIVATED,
	[RE_CAUSE_ADMIN] = RE_EV_DEACTIVATED,
	[RE_CAUSE_ADMIN_PROBATION] = RE_EV_PROBATION,
	[RE_CAUSE_USER_DISABLED] = RE_EV_REJECTED,
	[RE_CAUSE_POLICY_EVICTION] = RE_EV_UNREGISTERED,
	[RE_CAUSE_REGISTRAR_CHANGE] = RE_EV_DEACTIVATED,
	[RE_CAUSE_USER_SERVICES_DOWN] = RE_EV_DEACTIVATED,
};

static const char *const attr_names[] = {
	"expires", "retry-after", "duration-registered", "display-name", "q",
	"callid",  "cseq",        "unknown-param",       "gruu",
};
#define NATTRS (sizeof(attr_names) / sizeof(attr_names[0]))

#define NOTIFY {RE_ROW_NOTIFY, RE_EV_NONE}
#define SUPPRESS {RE_ROW_SUPPRESS, RE_EV_NONE}
#define AS(ev) {RE_ROW_AS, (ev)}

/* Seed 001: the five triggers notify; created, shortened, probation and
 * rejected are never emitted (reading (i) of REFERENCE.md §5). */
static const re_policy_t profile_oracle = {
	.name = "oracle",
	.rows = {
		[RE_EV_REGISTERED] = NOTIFY,
		[RE_EV_CREATED] = AS(RE_EV_REGISTERED),
		[RE_EV_REFRESHED] = NOTIFY,
		[RE_EV_SHORTENED] = SUPPRESS,
		[RE_EV_EXPIRED] = NOTIFY,
		[RE_EV_DEACTIVATED] = NOTIFY,
		[RE_EV_PROBATION] = AS(RE_EV_DEACTIVATED),
		[RE_EV_UNREGISTERED] = NOTIFY,
		[RE_EV_REJECTED] = AS(RE_EV_DEACTIVATED),
	},
	.attrs = RE_ATTR_ALL & ~(RE_ATTR_EXPIRES | RE_ATTR_RETRY_AFTER |
				 RE_ATTR_DURATION_REGISTERED | RE_ATTR_DISPLAY_NAME),
};

static const re_policy_t profile_rfc3680 = {
	.name = "rfc3680",
	.rows = {NOTIFY, NOTIFY, NOTIFY, NOTIFY, NOTIFY, NOTIFY, NOTIFY, NOTIFY, NOTIFY},
	.attrs = RE_ATTR_ALL,
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int re_policy_builtin(const char *name, re_policy_t *out)
{
	if (name == NULL || strcmp(name, "oracle") == 0)
		*out = profile_oracle;
	else if (strcmp(name, "rfc3680") == 0)
		*out = profile_rfc3680;
	else
		return -1;
	return 0;
}

int re_policy_set_row(re_policy_t *p, const char *event, const char *value, char *err,
		      size_t errlen)
{
	re_event_t ev, as;

	if (re_event_from_name(event, &ev) < 0)
		return fail(err, errlen, "unknown contact event \"%s\"", event);
	if (strcmp(value, "notify") == 0) {
		p->rows[ev] = (re_policy_row_t)NOTIFY;
	} else if (strcmp(value, "suppress") == 0) {
		p->rows[ev] = (re_policy_row_t)SUPPRESS;
	} else if (re_event_from_name(value, &as) == 0) {
		if (as == ev)
			p->rows[ev] = (re_policy_row_t)NOTIFY;
		else
			p->rows[ev] = (re_policy_row_t)AS(as);
	} else {
		return fail(err, errlen,
			    "row \"%s\": \"%s\" is not notify, suppress or a contact event",
			    event, value);
	}
	return 0;
}

int re_policy_set_attr(re_policy_t *p, const char *attr, bool on, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < NATTRS; i++) {
		if (strcmp(attr_names[i], attr) == 0) {
			if (on)
				p->attrs |= 1u << i;
			else
				p->attrs &= ~(1u << i);
			return 0;
		}
	}
	return fail(err, errlen, "unknown contact attribute \"%s\"", attr);
}

int re_policy_validate(const re_policy_t *p, char *err, size_t errlen)
{
	int ev;

	for (ev = 0; ev < RE_EV_COUNT; ev++) {
		const re_policy_row_t *row = &p->rows[ev];
		const char *name = re_event_name((re_event_t)ev);

		if (row->action == RE_ROW_AS) {
			if (row->as < 0 || row->as >= RE_EV_COUNT)
				return fail(err, errlen, "row \"%s\": bad target", name);
			if (p->rows[row->as].action != RE_ROW_NOTIFY)
				return fail(err, errlen,
					    "row \"%s\" reports as \"%s\", which does not notify",
					    name, re_event_name(row->as));
			if (re_event_resulting_state(row->as) !=
			    re_event_resulting_state((re_event_t)ev))
				return fail(err, errlen,
					    "row \"%s\" reports as \"%s\", which leaves the "
					    "contact %s instead of %s",
					    name, re_event_name(row->as),
					    re_contact_state_name(re_event_resulting_state(row->as)),
					    re_contact_state_name(
						re_event_resulting_state((re_event_t)ev)));
		} else if (row->action != RE_ROW_NOTIFY && row->action != RE_ROW_SUPPRESS) {
			return fail(err, errlen, "row \"%s\": bad action", name);
		}
	}
	if (p->rows[RE_EV_SHORTENED].action == RE_ROW_NOTIFY && !(p->attrs & RE_ATTR_EXPIRES))
		return fail(err, errlen,
			    "\"shortened\" notifies but the expires attribute is off: "
			    "RFC 3680 requires expires with shortened");
	if (p->rows[RE_EV_PROBATION].action == RE_ROW_NOTIFY &&
	    !(p->attrs & RE_ATTR_RETRY_AFTER))
		return fail(err, errlen,
			    "\"probation\" notifies but the retry-after attribute is off: "
			    "RFC 3680 requires retry-after with probation");
	return 0;
}

re_event_t re_policy_report_event(const re_policy_t *p, re_event_t ev)
{
	const re_policy_row_t *row;

	if (ev < 0 || ev >= RE_EV_COUNT)
		return RE_EV_NONE;
	row = &p->rows[ev];
	switch (row->action) {
	case RE_ROW_NOTIFY:
		return ev;
	case RE_ROW_AS:
		/* One hop only: validation guarantees the target notifies. */
		if (row->as >= 0 && row->as < RE_EV_COUNT &&
		    p->rows[row->as].action == RE_ROW_NOTIFY)
			return row->as;
		return RE_EV_NONE;
	default:
		return RE_EV_NONE;
	}
}

re_event_t re_cause_natural_event(re_cause_t cause)
{
	if ((unsigned)cause >= RE_CAUSE_COUNT)
		return RE_EV_NONE;
	return cause_events[cause];
}

re_event_t re_policy_event_for_cause(const re_policy_t *p, re_cause_t cause)
{
	return re_policy_report_event(p, re_cause_natural_event(cause));
}

const char *re_cause_name(re_cause_t cause)
{
	if ((unsigned)cause >= RE_CAUSE_COUNT)
		return NULL;
	return cause_names[cause];
}

int re_cause_from_name(const char *name, re_cause_t *out)
{
	int i;

	for (i = 0; i < RE_CAUSE_COUNT; i++) {
		if (strcmp(cause_names[i], name) == 0) {
			*out = (re_cause_t)i;
			return 0;
		}
	}
	return -1;
}

const char *re_attr_name(unsigned attr_bit)
{
	size_t i;

	for (i = 0; i < NATTRS; i++)
		if (attr_bit == 1u << i)
			return attr_names[i];
	return NULL;
}
