/*
 * notify_policy.h - which registration changes reach reg-event watchers, and
 * how they are described.
 *
 * A policy is a table with one row per contact event plus a mask of the
 * optional contact attributes a body may carry.  A row is one of:
 *   notify    - the event triggers a NOTIFY and is written as itself;
 *   suppress  - the event triggers nothing and never appears in a body;
 *   as EVENT  - the event is reported under another event of the same
 *               resulting contact state (e.g. oracle reports "created" as
 *               "registered" and "rejected" as "deactivated").
 *
 * Built-in profiles (REFERENCE.md §5, seed 001):
 *   oracle  (default) notify registered, refreshed, expired, deactivated,
 *           unregistered; created->registered, probation->deactivated,
 *           rejected->deactivated, shortened suppressed; no expires,
 *           retry-after, duration-registered, display-name.
 *   rfc3680 every event notifies as itself; every attribute is emitted.
 *
 * Internal causes (what the registrar saw happen) map to a contact event
 * through re_policy_event_for_cause().
 */
#ifndef REGEVENT_NOTIFY_POLICY_H
#define REGEVENT_NOTIFY_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "regevent/reg_model.h"

/* Optional contact attributes and children a body may carry. */
enum {
	RE_ATTR_EXPIRES = 1u << 0,
	RE_ATTR_RETRY_AFTER = 1u << 1,
	RE_ATTR_DURATION_REGISTERED = 1u << 2,
	RE_ATTR_DISPLAY_NAME = 1u << 3,
	RE_ATTR_Q = 1u << 4,
	RE_ATTR_CALLID = 1u << 5,
	RE_ATTR_CSEQ = 1u << 6,
	RE_ATTR_UNKNOWN_PARAM = 1u << 7,
	RE_ATTR_GRUU = 1u << 8,
	RE_ATTR_ALL = (1u << 9) - 1
};

typedef enum { RE_ROW_NOTIFY, RE_ROW_SUPPRESS, RE_ROW_AS } re_row_action_t;

typedef struct {
	re_row_action_t action;
	re_event_t as; /* meaningful when action == RE_ROW_AS */
} re_policy_row_t;

typedef struct {
	char name[32];
	re_policy_row_t rows[RE_EV_COUNT];
	unsigned attrs; /* RE_ATTR_* mask */
} re_policy_t;

/* What the registrar saw happen to a contact. */
typedef enum {
	RE_CAUSE_REGISTERED,         /* REGISTER created the binding of this IMPU */
	RE_CAUSE_IMPLICIT,           /* bound to this IMPU through the implicit set */
	RE_CAUSE_REFRESHED,          /* re-REGISTER refreshed the binding */
	RE_CAUSE_REAUTH,             /* network shortened it to force re-authentication */
	RE_CAUSE_UE_DEREGISTER,      /* REGISTER with expires 0 removed it */
	RE_CAUSE_EXPIRY,             /* not refreshed in time */
	RE_CAUSE_RTR_PERMANENT,      /* HSS RTR PERMANENT_TERMINATION (0) */
	RE_CAUSE_RTR_NEW_SERVER,     /* HSS RTR NEW_SERVER_ASSIGNED (1) */
	RE_CAUSE_RTR_SERVER_CHANGE,  /* HSS RTR SERVER_CHANGE (2) */
	RE_CAUSE_RTR_REMOVE_SCSCF,   /* HSS RTR REMOVE_S-CSCF (3) */
	RE_CAUSE_ADMIN,              /* operator deregistration, may re-register */
	RE_CAUSE_ADMIN_PROBATION,    /* operator removal, retry later */
	RE_CAUSE_USER_DISABLED,      /* operator barred the user for good */
	RE_CAUSE_POLICY_EVICTION,    /* too many bindings, the oldest went */
	RE_CAUSE_REGISTRAR_CHANGE,   /* the user moves to another registrar */
	RE_CAUSE_USER_SERVICES_DOWN, /* presence / user services unavailable */
	RE_CAUSE_COUNT
} re_cause_t;

/* Copy a built-in profile into *out.  0 on success, -1 for an unknown name. */
int re_policy_builtin(const char *name, re_policy_t *out);

/* Override one row from configuration text: value is "notify", "suppress"
 * or the name of an event ("rejected" = "deactivated").  Or one attribute:
 * re_policy_set_attr(p, "expires", true).  Both return 0, or -1 with a
 * message in err. */
int re_policy_set_row(re_policy_t *p, const char *event, const char *value, char *err,
		      size_t errlen);
int re_policy_set_attr(re_policy_t *p, const char *attr, bool on, char *err, size_t errlen);

/* Check the whole table: an "as" row must point at a notifying event of the
 * same resulting state; a notifying "shortened" needs the expires attribute,
 * a notifying "probation" the retry-after attribute.  0 or -1 with err. */
int re_policy_validate(const re_policy_t *p, char *err, size_t errlen);

/* The event that reports ev under p, or RE_EV_NONE when p suppresses it. */
re_event_t re_policy_report_event(const re_policy_t *p, re_event_t ev);

/* The RFC meaning of a cause (the event the rfc3680 profile reports). */
re_event_t re_cause_natural_event(re_cause_t cause);

/* The event a contact carries for cause under p, or RE_EV_NONE when the
 * change must not trigger a NOTIFY. */
re_event_t re_policy_event_for_cause(const re_policy_t *p, re_cause_t cause);

const char *re_cause_name(re_cause_t cause);
int re_cause_from_name(const char *name, re_cause_t *out);
const char *re_attr_name(unsigned attr_bit);

#endif
