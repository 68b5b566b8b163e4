/*
 * hss_link.c - see hss_link.h.  Also watches the Diameter peers' states
 * from the loop (once a second) and logs each change, since freeDiameter
 * itself only says so at debug level.
 */
#include "config.h"

#include "scscf/daemon/hss_link.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/cx/diam_boot.h"
#include "scscf/base/log.h"

/* Peer states are looked at this often; a change is logged. */
#define PEER_WATCH_MS 1000
#define PEER_WATCH_MAX 16

struct hss_link {
	cx_dict_t dict;
	cx_client_t *cx;
	uv_timer_t watch;
	struct {
		char identity[128];
		char state[32];
		bool seen; /* in this walk */
	} peers[PEER_WATCH_MAX];
	size_t npeers;
};

/* One peer of this walk: log when it is new or its state changed.  A
 * connection that opens is info, one that stops being open a warning. */
static void peer_seen(void *arg, const char *identity, const char *state)
{
	hss_link_t *l = arg;
	size_t i;

	for (i = 0; i < l->npeers; i++)
		if (strcmp(l->peers[i].identity, identity) == 0)
			break;
	if (i == l->npeers) {
		if (l->npeers == PEER_WATCH_MAX)
			return;
		l->npeers++;
		snprintf(l->peers[i].identity, sizeof(l->peers[i].identity), "%s", identity);
		l->peers[i].state[0] = '\0';
	}
	l->peers[i].seen = true;
	if (strcmp(l->peers[i].state, state) == 0)
		return;
	if (strcmp(state, "STATE_OPEN") == 0)
		log_info("cx: Diameter peer %s is open", identity);
	else if (strcmp(l->peers[i].state, "STATE_OPEN") == 0)
		log_warn("cx: Diameter peer %s is no longer open (%s)", identity, state);
	else if (l->peers[i].state[0] == '\0')
		log_info("cx: Diameter peer %s: %s", identity, state);
	snprintf(l->peers[i].state, sizeof(l->peers[i].state), "%s", state);
}

static void on_watch(uv_timer_t *t)
{
	hss_link_t *l = t->data;
	size_t i;

	for (i = 0; i < l->npeers; i++)
		l->peers[i].seen = false;
	diam_boot_each_peer(peer_seen, l);
	for (i = 0; i < l->npeers; i++)
		if (!l->peers[i].seen && strcmp(l->peers[i].state, "gone") != 0) {
			log_warn("cx: Diameter peer %s is gone", l->peers[i].identity);
			snprintf(l->peers[i].state, sizeof(l->peers[i].state), "gone");
		}
}

hss_link_t *hss_link_start(uv_loop_t *loop, const diameter_config_t *cfg,
			   const char *server_name, char *err, size_t errlen)
{
	const char *listen[sizeof(cfg->dia_listen) / sizeof(cfg->dia_listen[0])];
	diam_boot_opts_t opts = {cfg->dia_config, listen, cfg->dia_nlisten};
	cx_client_cfg_t cc = {.dest_realm = cfg->dia_realm,
			      .dest_host = cfg->dia_hss[0] != '\0' ? cfg->dia_hss : NULL,
			      .timeout_ms = cfg->dia_timeout};
	hss_link_t *l = calloc(1, sizeof(*l));
	size_t i;

	if (l == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < cfg->dia_nlisten; i++)
		listen[i] = cfg->dia_listen[i];
	cc.server_name = server_name;
	if (diam_boot_start(&opts, &l->dict, err, errlen) != 0) {
		free(l);
		return NULL;
	}
	l->cx = cx_client_new(loop, &l->dict, &cc);
	if (l->cx == NULL) {
		snprintf(err, errlen, "cannot start the Cx client");
		diam_boot_stop();
		free(l);
		return NULL;
	}
	uv_timer_init(loop, &l->watch);
	l->watch.data = l;
	uv_unref((uv_handle_t *)&l->watch);
	uv_timer_start(&l->watch, on_watch, 0, PEER_WATCH_MS);
	log_info("scscfd: Cx up as %s (realm %s), HSS realm %s%s%s, Server-Name %s",
		 diam_boot_identity(), diam_boot_realm(), cfg->dia_realm,
		 cc.dest_host != NULL ? ", HSS " : "", cc.dest_host != NULL ? cc.dest_host : "",
		 server_name);
	return l;
}

cx_client_t *hss_link_client(hss_link_t *l)
{
	return l->cx;
}

static void on_watch_closed(uv_handle_t *h)
{
	free(h->data);
}

void hss_link_stop(hss_link_t *l)
{
	if (l == NULL)
		return;
	cx_client_close(l->cx);
	diam_boot_stop();
	uv_close((uv_handle_t *)&l->watch, on_watch_closed); /* frees l */
}
