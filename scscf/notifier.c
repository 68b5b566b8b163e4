/* notifier.c - placeholder while the notifier is written. */
#include "config.h"

#include <stdlib.h>

#include "notifier.h"

struct notifier {
	notifier_stats_t stats;
};

notifier_t *notifier_new(uv_loop_t *loop, sip_core_t *core, registrar_t *reg,
			 const scscf_config_t *cfg)
{
	(void)loop; (void)core; (void)reg; (void)cfg;
	return calloc(1, sizeof(notifier_t));
}
void notifier_free(notifier_t *n) { free(n); }
int notifier_user_services(notifier_t *n, const char *impu, bool available)
{ (void)n; (void)impu; (void)available; return -1; }
int notifier_move(notifier_t *n, const char *impu, const char *registrar_uri)
{ (void)n; (void)impu; (void)registrar_uri; return -1; }
void notifier_each(const notifier_t *n, void (*fn)(void *arg, const nt_sub_info_t *s), void *arg)
{ (void)n; (void)fn; (void)arg; }
const char *nt_watcher_name(nt_watcher_t k)
{
	static const char *const names[] = {"ue", "pcscf", "as", "ms"};
	return (unsigned)k < 4 ? names[k] : "?";
}
const notifier_stats_t *notifier_stats(const notifier_t *n) { return &n->stats; }
