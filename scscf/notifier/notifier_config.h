/*
 * notifier_config.h - what the reg-event notifier is configured with: the
 * [regevent] section of scscfd.conf (doc/CONFIGURATION.md), the notify
 * policy included.  The daemon's configuration reader fills it; the
 * notifier copies it.
 */
#ifndef SCSCF_NOTIFIER_CONFIG_H
#define SCSCF_NOTIFIER_CONFIG_H

#include <stddef.h>

#include "regevent/notify_policy.h"

typedef struct {
	re_policy_t ev_policy;          /* profile plus row and attribute overrides */
	unsigned ev_overrides;          /* notify.EVENT / attribute.NAME lines read */
	unsigned ev_default_expires;    /* seconds, SUBSCRIBE without Expires */
	unsigned ev_min_expires;        /* below it (and below 3600): 423 */
	unsigned ev_max_expires;        /* longer requests are shortened to it */
	unsigned ev_window;             /* ms: changes merged into one NOTIFY */
	unsigned ev_max_subscriptions;  /* in all; more get 503 */
	unsigned ev_max_per_set;        /* watchers of one implicit set; more get 503 */
	char ev_trusted[8][128];        /* hosts of trusted ASs (may subscribe to anyone) */
	size_t ev_ntrusted;
} notifier_config_t;

#endif
