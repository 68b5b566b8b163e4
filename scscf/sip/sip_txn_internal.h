/*
 * sip_txn_internal.h - what the transaction layer's files share (sip_txn.c:
 * the layer, its timers and small helpers; sip_txn_server.c and
 * sip_txn_client.c: the two kinds of transaction).  Each transaction has
 * two timer slots in the layer's heap: "retx" (Timer E for clients, Timer G
 * for INVITE servers) and "end" (F, H, I, J, K: the timer that ends or
 * times out the transaction).  Not for use outside these three files.
 */
#ifndef SCSCF_SIP_TXN_INTERNAL_H
#define SCSCF_SIP_TXN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scscf/base/strmap.h"
#include "scscf/base/theap.h"
#include "scscf/sip/sip_txn.h"

enum { ST_TRYING, ST_PROCEEDING, ST_COMPLETED, ST_CONFIRMED };

typedef struct tslot {
	theap_node_t node;
	void *owner;
	unsigned char server; /* owner is a server transaction */
	unsigned char retx;   /* the retx slot (else the end slot) */
} tslot_t;

typedef struct stxn {
	uint64_t id;
	char *key;  /* in by_key */
	char *bkey; /* in by_branch (not for CANCEL), or NULL */
	bool invite;
	int state;
	sip_dest_t reply_to;
	char *last; /* last response sent, or NULL */
	size_t last_len;
	char *to_tag; /* the To tag of last, or NULL */
	unsigned interval; /* Timer G */
	tslot_t t_retx, t_end;
} stxn_t;

typedef struct ctxn {
	uint64_t id;
	char *key;
	int state;
	sip_dest_t dst;
	char *req;
	size_t req_len;
	unsigned interval; /* Timer E */
	sip_txn_client_cb cb;
	void *arg;
	tslot_t t_retx, t_end;
} ctxn_t;

struct sip_txn_layer {
	sip_txn_env_t env;
	theap_t timers;
	strmap_t s_by_key, s_by_branch, s_by_id;
	strmap_t c_by_key, c_by_id;
	uint64_t next_id;
};

/* sip_txn.c: helpers */
uint64_t txn_now(const sip_txn_layer_t *l);
bool txn_reliable(const sip_dest_t *d);
void txn_id_str(uint64_t id, char buf[24]);
/* Run slot s delay ms from now / not at all. */
void txn_arm(sip_txn_layer_t *l, tslot_t *s, uint64_t delay);
void txn_disarm(sip_txn_layer_t *l, tslot_t *s);
/* A Via parameter's value, or NULL. */
const char *txn_via_param(const osip_via_t *via, const char *name);
char *txn_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Send (or resend) bytes through the transport; an error is only logged. */
void txn_send(sip_txn_layer_t *l, const sip_dest_t *d, const char *buf, size_t len);

/* sip_txn_server.c */
void txn_server_timer(sip_txn_layer_t *l, stxn_t *t, bool retx);
void txn_free_servers(sip_txn_layer_t *l); /* after the heap is gone */

/* sip_txn_client.c */
void txn_client_timer(sip_txn_layer_t *l, ctxn_t *t, bool retx);
void txn_free_clients(sip_txn_layer_t *l); /* after the heap is gone */

#endif
