/*
 * sip_txn.c - see sip_txn.h: the transaction layer itself (its maps, its
 * one heap of timers and running them) and the helpers both kinds of
 * transaction use.  Server transactions are in sip_txn_server.c, client
 * ones in sip_txn_client.c.
 */
#include "config.h"

#include "scscf/sip/sip_txn.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "scscf/base/log.h"
#include "scscf/base/macros.h"
#include "scscf/sip/sip_txn_internal.h"

/* ---- helpers --------------------------------------------------------- */

uint64_t txn_now(const sip_txn_layer_t *l)
{
	return l->env.now(l->env.ctx);
}

bool txn_reliable(const sip_dest_t *d)
{
	return d->tp == SIP_TP_TCP;
}

void txn_id_str(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%" PRIu64, id);
}

void txn_arm(sip_txn_layer_t *l, tslot_t *s, uint64_t delay)
{
	if (theap_set(&l->timers, &s->node, txn_now(l) + delay) < 0)
		log_error("txn: out of memory arming a timer");
}

void txn_disarm(sip_txn_layer_t *l, tslot_t *s)
{
	theap_remove(&l->timers, &s->node);
}

const char *txn_via_param(const osip_via_t *via, const char *name)
{
	osip_generic_param_t *p = NULL;

	if (osip_via_param_get_byname((osip_via_t *)via, (char *)name, &p) != 0 || p == NULL)
		return NULL;
	return p->gvalue;
}

char *txn_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void txn_send(sip_txn_layer_t *l, const sip_dest_t *d, const char *buf, size_t len)
{
	if (l->env.send(l->env.send_ctx, d, buf, len) < 0)
		log_debug("txn: transport error resending %zu bytes", len);
}

/* ---- the layer ------------------------------------------------------ */

sip_txn_layer_t *sip_txn_layer_new(const sip_txn_env_t *env)
{
	sip_txn_layer_t *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->env = *env;
	l->next_id = 1;
	theap_init(&l->timers);
	if (strmap_init(&l->s_by_key) || strmap_init(&l->s_by_branch) ||
	    strmap_init(&l->s_by_id) || strmap_init(&l->c_by_key) || strmap_init(&l->c_by_id)) {
		sip_txn_layer_free(l);
		return NULL;
	}
	return l;
}

void sip_txn_layer_free(sip_txn_layer_t *l)
{
	if (l == NULL)
		return;
	theap_free(&l->timers); /* first: it touches the nodes inside the transactions */
	txn_free_servers(l);
	txn_free_clients(l);
	strmap_free(&l->s_by_key);
	strmap_free(&l->s_by_branch);
	strmap_free(&l->s_by_id);
	strmap_free(&l->c_by_key);
	strmap_free(&l->c_by_id);
	free(l);
}

uint64_t sip_txn_next_deadline(const sip_txn_layer_t *l)
{
	const theap_node_t *n = theap_min(&l->timers);

	return n ? n->due : UINT64_MAX;
}

size_t sip_txn_count_server(const sip_txn_layer_t *l)
{
	return l->s_by_id.count;
}

size_t sip_txn_count_client(const sip_txn_layer_t *l)
{
	return l->c_by_id.count;
}

void sip_txn_run_timers(sip_txn_layer_t *l)
{
	uint64_t t_now = txn_now(l);
	theap_node_t *n;

	while ((n = theap_pop_due(&l->timers, t_now)) != NULL) {
		tslot_t *s = container_of(n, tslot_t, node);

		if (s->server)
			txn_server_timer(l, s->owner, s->retx);
		else
			txn_client_timer(l, s->owner, s->retx);
	}
}
