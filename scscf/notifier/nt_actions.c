/*
 * nt_actions.c - the operator's actions on the notifier (scscfctl): user
 * services going down or coming back, and moving a user to another
 * registrar.
 */
#include "config.h"

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "regevent/ms_regevent.h"

int notifier_user_services(notifier_t *n, const char *impu, bool available)
{
	rs_set_t *set = regstore_find_impu(n->store, impu);
	size_t i = 0;

	if (set == NULL || set->state != RS_SET_REGISTERED)
		return -1;
	if (available) {
		for (i = 0; i < set->nbindings; i++) {
			nt_ms_t *ms = strmap_get(&n->ms, set->bindings[i]->id);

			if (ms != NULL)
				ms->services_down_told = false;
		}
		log_info("notifier: user services of %s available again", impu);
		return 0;
	}
	log_info("notifier: user services of %s unavailable", impu);
	/* survivable endpoints are told and stay; the others are deregistered */
	while (set != NULL && i < set->nbindings) {
		rs_binding_t *b = set->bindings[i];
		nt_ms_t *ms = strmap_get(&n->ms, b->id);
		bool last = set->nbindings == 1;

		if (ms == NULL) {
			i++;
			continue;
		}
		if (ms->survivable) {
			nt_ms_services_down(n, b);
			i++;
			continue;
		}
		registrar_unbind(n->reg, b, RE_CAUSE_USER_SERVICES_DOWN);
		if (last)
			set = NULL;
	}
	return 0;
}

int notifier_move(notifier_t *n, const char *impu, const char *registrar_uri)
{
	re_ms_notify_t probe;
	int rc;

	if (re_ms_notify_build(RE_MS_DEREG_REGISTRAR_CHANGE, registrar_uri, false, &probe) < 0)
		return -2;
	n->move_target = registrar_uri;
	rc = registrar_remove(n->reg, impu, RE_CAUSE_REGISTRAR_CHANGE);
	n->move_target = NULL;
	if (rc == 0)
		log_info("notifier: %s moved to %s", impu, registrar_uri);
	return rc;
}
