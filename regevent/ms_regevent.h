/*
 * ms_regevent.h - Microsoft registration notifications ([MS-SIPREGE]
 * §2.2.1.13, seed 000): the text/registration-event body, the
 * ms-diagnostics-public value that goes with it, and P-Preferred-Registrar.
 *
 * A client asks for these with "Event: registration" on its REGISTER; the
 * registrar then sends NOTIFY with "Event: registration-notify".
 */
#ifndef REGEVENT_MS_REGEVENT_H
#define REGEVENT_MS_REGEVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "regevent/notify_policy.h"

#define RE_MS_CONTENT_TYPE "text/registration-event"
#define RE_MS_EVENT_REGISTER "registration"
#define RE_MS_EVENT_NOTIFY "registration-notify"

typedef enum {
	RE_MS_DEREG_UNREGISTERED,      /* deregistered;event=unregistered, 4140 */
	RE_MS_DEREG_REJECTED,          /* deregistered;event=rejected, 4141 */
	RE_MS_DEREG_DEACTIVATED,       /* deregistered;event=deactivated, 4142 */
	RE_MS_DEREG_USERSERVICES,      /* deregistered;event=userservices-unavailable, 4165 */
	RE_MS_DEREG_REGISTRAR_CHANGE,  /* deregistered;event=preferred-registrar-change, 4166/4167 */
	RE_MS_REG_USERSERVICES,        /* registered;event=userservices-unavailable, 4165 */
	RE_MS_KIND_COUNT
} re_ms_kind_t;

/* The body value (exact, no line end), its ErrorId and our reason text. */
const char *re_ms_body(re_ms_kind_t kind);
unsigned re_ms_error_id(re_ms_kind_t kind);
const char *re_ms_reason(re_ms_kind_t kind);
/* Whether the endpoint stays registered after this notification. */
bool re_ms_stays_registered(re_ms_kind_t kind);

/* Which notification a cause gives an MS endpoint.  survivable tells whether
 * the endpoint sent "Supported: ms-userservices-state-notification".
 * Returns 0 and sets *out, or -1 when the cause sends no MS notification
 * (the endpoint's own REGISTER, expiry, refreshes). */
int re_ms_kind_for_cause(re_cause_t cause, bool survivable, re_ms_kind_t *out);

/* Parse a received body (leading/trailing white space ignored). */
int re_ms_kind_from_body(const char *body, size_t len, re_ms_kind_t *out);

/* The headers of one notification.  new_registrar is the addr-spec for
 * P-Preferred-Registrar (only with RE_MS_DEREG_REGISTRAR_CHANGE; may be NULL
 * there too, then no header is produced) and alt_error_id selects 4167
 * instead of 4166 for the registrar-change case. */
typedef struct {
	re_ms_kind_t kind;
	const char *body;
	char diagnostics[128];   /* ms-diagnostics-public value */
	char subscription_state[32]; /* "active" (append ;expires=N) or terminated */
	char preferred_registrar[512]; /* empty when there is none */
} re_ms_notify_t;

/* 0 on success; -1 when new_registrar is not a plain addr-spec that can be
 * put in a header (CR, LF, NUL, white space, '<', '>' or too long). */
int re_ms_notify_build(re_ms_kind_t kind, const char *new_registrar, bool alt_error_id,
		       re_ms_notify_t *out);

#endif
