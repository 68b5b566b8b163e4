/*
 * hss_link.c - see hss_link.h.
 */
#include "config.h"

#include "hss_link.h"

#include <stdio.h>
#include <stdlib.h>

#include "diameter/diam_boot.h"
#include "log.h"

struct hss_link {
	cx_dict_t dict;
	cx_client_t *cx;
};

hss_link_t *hss_link_start(uv_loop_t *loop, const scscf_config_t *cfg, char *err, size_t errlen)
{
	const char *listen[sizeof(cfg->dia_listen) / sizeof(cfg->dia_listen[0])];
	diam_boot_opts_t opts = {cfg->dia_config, listen, cfg->dia_nlisten};
	cx_client_cfg_t cc = {.dest_realm = cfg->dia_realm,
			      .dest_host = cfg->dia_hss[0] != '\0' ? cfg->dia_hss : NULL,
			      .timeout_ms = cfg->dia_timeout};
	char server_name[256];
	hss_link_t *l = calloc(1, sizeof(*l));
	size_t i;

	if (l == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < cfg->dia_nlisten; i++)
		listen[i] = cfg->dia_listen[i];
	/* Server-Name: as configured, else sip:scscf.DOMAIN:PORT of the first
	 * SIP listener */
	if (cfg->dia_server_name[0] != '\0')
		snprintf(server_name, sizeof(server_name), "%s", cfg->dia_server_name);
	else
		snprintf(server_name, sizeof(server_name), "sip:scscf.%s:%u", cfg->domain,
			 cfg->nlisten > 0 ? cfg->listen[0].port : 5060);
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

void hss_link_stop(hss_link_t *l)
{
	if (l == NULL)
		return;
	cx_client_close(l->cx);
	diam_boot_stop();
	free(l);
}
