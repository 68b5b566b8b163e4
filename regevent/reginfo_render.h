/*
 * reginfo_render.h - a re_reginfo_t to an application/reginfo+xml body.
 *
 * The document follows the RFC 3680 §5.3 schema order (uri, display-name,
 * unknown-param*, then gr:pub-gruu / gr:temp-gruu inside a contact; contacts
 * before ere:wildcardedIdentity inside a registration), declares the gruuinfo
 * and extRegExp namespaces only when it uses them, and escapes all text and
 * attribute values.  The policy's attribute mask decides which optional
 * contact attributes appear; every Contact parameter except q and expires is
 * written as <unknown-param>.
 */
#ifndef REGEVENT_REGINFO_RENDER_H
#define REGEVENT_REGINFO_RENDER_H

#include <stddef.h>

#include "regevent/notify_policy.h"
#include "regevent/reg_model.h"

#define RE_CONTENT_TYPE_REGINFO "application/reginfo+xml"

/* Render info under policy (NULL = every attribute).  On success returns 0
 * and a NUL-terminated malloc'd body in *body (free() it) of *len bytes.
 * On a model that cannot be rendered validly (a shortened contact without
 * expires, a probation contact without retry-after, an event the policy
 * suppresses, text that is not UTF-8 or holds characters XML 1.0 cannot
 * carry, a missing required value) returns -1 with a message in err. */
int re_render(const re_reginfo_t *info, const re_policy_t *policy, char **body, size_t *len,
	      char *err, size_t errlen);

#endif
