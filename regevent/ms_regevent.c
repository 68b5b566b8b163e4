/*
 * ms_regevent.c - the text/registration-event values of [MS-SIPREGE]
 * §2.2.1.13 (seed 000), their ms-diagnostics-public ErrorIds, and the
 * mapping from the registrar's causes to them.
 */
#include "config.h"

#include "regevent/ms_regevent.h"

#include <stdio.h>
#include <string.h>

typedef struct {
	const char *body;
	unsigned error_id;
	const char *reason; /* our wording; clients act on the ErrorId only */
	bool stays_registered;
} ms_row_t;

static const ms_row_t rows[RE_MS_KIND_COUNT] = {
	[RE_MS_DEREG_UNREGISTERED] = {"deregistered;event=unregistered", 4140,
				      "Endpoint removed by registration policy", false},
	[RE_MS_DEREG_REJECTED] = {"deregistered;event=rejected", 4141, "User disabled", false},
	[RE_MS_DEREG_DEACTIVATED] = {"deregistered;event=deactivated", 4142,
				     "Service temporarily unavailable for the user", false},
	[RE_MS_DEREG_USERSERVICES] = {"deregistered;event=userservices-unavailable", 4165,
				      "User services unavailable", false},
	[RE_MS_DEREG_REGISTRAR_CHANGE] = {"deregistered;event=preferred-registrar-change", 4166,
					  "Preferred registrar changed", false},
	[RE_MS_REG_USERSERVICES] = {"registered;event=userservices-unavailable", 4165,
				    "User services unavailable, survivable mode", true},
};

const char *re_ms_body(re_ms_kind_t kind)
{
	return (unsigned)kind < RE_MS_KIND_COUNT ? rows[kind].body : NULL;
}

unsigned re_ms_error_id(re_ms_kind_t kind)
{
	return (unsigned)kind < RE_MS_KIND_COUNT ? rows[kind].error_id : 0;
}

const char *re_ms_reason(re_ms_kind_t kind)
{
	return (unsigned)kind < RE_MS_KIND_COUNT ? rows[kind].reason : NULL;
}

bool re_ms_stays_registered(re_ms_kind_t kind)
{
	return (unsigned)kind < RE_MS_KIND_COUNT && rows[kind].stays_registered;
}

int re_ms_kind_for_cause(re_cause_t cause, bool survivable, re_ms_kind_t *out)
{
	switch (cause) {
	case RE_CAUSE_POLICY_EVICTION:
		*out = RE_MS_DEREG_UNREGISTERED;
		return 0;
	case RE_CAUSE_USER_DISABLED:
	case RE_CAUSE_RTR_PERMANENT:
		*out = RE_MS_DEREG_REJECTED;
		return 0;
	case RE_CAUSE_ADMIN:
	case RE_CAUSE_ADMIN_PROBATION:
	case RE_CAUSE_RTR_NEW_SERVER:
	case RE_CAUSE_RTR_SERVER_CHANGE:
	case RE_CAUSE_RTR_REMOVE_SCSCF:
		*out = RE_MS_DEREG_DEACTIVATED;
		return 0;
	case RE_CAUSE_USER_SERVICES_DOWN:
		*out = survivable ? RE_MS_REG_USERSERVICES : RE_MS_DEREG_USERSERVICES;
		return 0;
	case RE_CAUSE_REGISTRAR_CHANGE:
		*out = RE_MS_DEREG_REGISTRAR_CHANGE;
		return 0;
	default:
		/* The endpoint's own REGISTERs and expiry: it already knows. */
		return -1;
	}
}

int re_ms_kind_from_body(const char *body, size_t len, re_ms_kind_t *out)
{
	const char *ws = " \t\r\n";
	int k;

	while (len > 0 && strchr(ws, body[0]) != NULL && body[0] != '\0')
		body++, len--;
	while (len > 0 && strchr(ws, body[len - 1]) != NULL && body[len - 1] != '\0')
		len--;
	for (k = 0; k < RE_MS_KIND_COUNT; k++) {
		if (strlen(rows[k].body) == len && memcmp(rows[k].body, body, len) == 0) {
			*out = (re_ms_kind_t)k;
			return 0;
		}
	}
	return -1;
}

/* An addr-spec we are willing to put in a header: printable, no white space,
 * no angle brackets, not empty, and it fits. */
static int header_safe(const char *s, size_t cap)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		unsigned char ch = (unsigned char)s[n];

		if (ch <= 0x20 || ch == 0x7f || ch == '<' || ch == '>')
			return 0;
	}
	return n > 0 && n < cap;
}

int re_ms_notify_build(re_ms_kind_t kind, const char *new_registrar, bool alt_error_id,
		       re_ms_notify_t *out)
{
	unsigned id;

	if ((unsigned)kind >= RE_MS_KIND_COUNT)
		return -1;
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->body = rows[kind].body;
	id = rows[kind].error_id;
	if (kind == RE_MS_DEREG_REGISTRAR_CHANGE) {
		if (alt_error_id)
			id = 4167;
		if (new_registrar != NULL) {
			if (!header_safe(new_registrar, sizeof(out->preferred_registrar)))
				return -1;
			snprintf(out->preferred_registrar, sizeof(out->preferred_registrar),
				 "%s", new_registrar);
		}
	}
	snprintf(out->diagnostics, sizeof(out->diagnostics), "%u;reason=\"%s\"", id,
		 rows[kind].reason);
	/* [MS-SIPREGE] §4.1.3 example: the deregister NOTIFY ends the implicit
	 * subscription with expires=0; survivable mode keeps it. */
	snprintf(out->subscription_state, sizeof(out->subscription_state), "%s",
		 rows[kind].stays_registered ? "active" : "terminated;expires=0");
	return 0;
}
