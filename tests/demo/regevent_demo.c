/*
 * regevent_demo.c - walks one IMS user through a registration's life and
 * prints, at each step, the reg-event NOTIFY body the reg-event core renders
 * for a watcher, and the Microsoft notification for the network-initiated
 * step.  Used by scripts/demo.sh until the daemon exists.
 *
 * usage: regevent_demo [oracle|rfc3680]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regevent/ms_regevent.h"
#include "regevent/reginfo_render.h"

static const char *const impus[] = {
	"sip:alice@open-ims.test",
	"tel:+15551234567",
	"sip:alice-any@open-ims.test",
};
#define NIMPU (sizeof(impus) / sizeof(impus[0]))

/* One contact of the UE, bound to every IMPU of the implicit set. */
static int add_contact(re_registration_t *reg, unsigned i, re_contact_state_t st,
		       re_event_t ev, uint64_t expires)
{
	char id[16];
	re_contact_t *c;

	snprintf(id, sizeof(id), "c%u", i);
	c = re_registration_add_contact(reg, id, "sip:alice@[2001:db8::10]:5060;transport=tcp",
					st, ev);
	if (c == NULL)
		return -1;
	c->has_expires = true;
	c->expires = expires;
	c->has_cseq = true;
	c->cseq = 2;
	if (re_strset(&c->callid, "8d3f2a@ue.open-ims.test") < 0 ||
	    re_contact_add_param(c, "+sip.instance",
				 "\"<urn:gsma:imei:35209900-176148-1>\"") < 0 ||
	    re_contact_add_param(c, "reg-id", "1") < 0 ||
	    re_contact_add_param(c, "+g.3gpp.icsi-ref",
				 "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"") < 0)
		return -1;
	return 0;
}

/* The full state after `cause` under policy p, as watcher version v sees it. */
static int show(const re_policy_t *p, uint32_t v, re_cause_t cause, const char *what)
{
	re_event_t ev = re_policy_event_for_cause(p, cause);
	re_reginfo_t *info;
	re_contact_state_t st;
	char err[256], *body;
	size_t len;
	unsigned i;
	int rc = -1;

	printf("---- %s (cause %s)\n", what, re_cause_name(cause));
	if (ev == RE_EV_NONE) {
		printf("profile %s: no NOTIFY for this change\n\n", p->name);
		return 0;
	}
	st = re_event_resulting_state(ev);
	info = re_reginfo_new(v, true);
	if (info == NULL)
		return -1;
	for (i = 0; i < NIMPU; i++) {
		char id[16];
		re_registration_t *reg;
		re_event_t own = ev;

		/* the REGISTERed IMPU is "registered", the rest of the set implicit */
		if (cause == RE_CAUSE_REGISTERED && i > 0)
			own = re_policy_event_for_cause(p, RE_CAUSE_IMPLICIT);
		snprintf(id, sizeof(id), "r%u", i);
		reg = re_reginfo_add_registration(info, impus[i], id,
						  st == RE_CONTACT_ACTIVE ? RE_REG_ACTIVE
									  : RE_REG_TERMINATED);
		if (reg == NULL || add_contact(reg, i, st, own, st == RE_CONTACT_ACTIVE ? 3600 : 0))
			goto out;
		if (i == NIMPU - 1 && re_registration_set_wildcard(reg, "sip:alice!.*!@open-ims.test"))
			goto out;
	}
	if (re_render(info, p, &body, &len, err, sizeof(err)) < 0) {
		fprintf(stderr, "render failed: %s\n", err);
		goto out;
	}
	printf("Content-Type: %s\nContent-Length: %zu\n\n%s\n", RE_CONTENT_TYPE_REGINFO, len,
	       body);
	free(body);
	rc = 0;
out:
	re_reginfo_free(info);
	return rc;
}

static void show_ms(re_cause_t cause)
{
	re_ms_notify_t n;
	re_ms_kind_t k;

	if (re_ms_kind_for_cause(cause, false, &k) < 0 || re_ms_notify_build(k, NULL, false, &n))
		return;
	printf("---- the same change for a Microsoft endpoint (Event: %s)\n", RE_MS_EVENT_NOTIFY);
	printf("Event: %s\nSubscription-State: %s\nms-diagnostics-public: %s\n"
	       "Content-Type: %s\nContent-Length: %zu\n\n%s\n\n",
	       RE_MS_EVENT_NOTIFY, n.subscription_state, n.diagnostics, RE_MS_CONTENT_TYPE,
	       strlen(n.body), n.body);
}

int main(int argc, char **argv)
{
	const char *profile = argc > 1 ? argv[1] : "oracle";
	re_policy_t p;

	if (re_policy_builtin(profile, &p) < 0) {
		fprintf(stderr, "usage: %s [oracle|rfc3680]\n", argv[0]);
		return 2;
	}
	printf("Reg-event NOTIFY bodies under the %s profile for one UE whose implicit set is\n"
	       "%s, %s and the wildcarded %s.\n\n",
	       p.name, impus[0], impus[1], impus[2]);
	if (show(&p, 0, RE_CAUSE_REGISTERED, "1. UE registers") ||
	    show(&p, 1, RE_CAUSE_REFRESHED, "2. UE re-registers") ||
	    show(&p, 2, RE_CAUSE_REAUTH, "3. network forces re-authentication") ||
	    show(&p, 2, RE_CAUSE_RTR_PERMANENT, "4. HSS sends RTR PERMANENT_TERMINATION"))
		return 1;
	show_ms(RE_CAUSE_RTR_PERMANENT);
	return 0;
}
