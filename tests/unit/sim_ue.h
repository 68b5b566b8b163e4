/*
 * sim_ue.h - a SIP Digest UE in the sip world (sip_world.h): it sends
 * REGISTERs from 127.0.0.1:5070, takes the 401's challenge and answers it
 * with the Digest response computed from its password (qop=auth).
 */
#ifndef TESTS_SIM_UE_H
#define TESTS_SIM_UE_H

#include <stdbool.h>

#include "sip_world.h"

typedef struct {
	sip_world_t *w;
	char user[64], password[64], callid[64];
	char impu_user[64]; /* the user part of From and To: user unless set */
	unsigned cseq, nc;
	char realm[64], nonce[128];
	char extra[256]; /* header lines added to every REGISTER ("Name: v\r\n"), or "" */
} sim_ue_t;

/* user: the user part at open-ims.test (IMPI user@open-ims.test). */
void sim_ue_init(sim_ue_t *u, sip_world_t *w, const char *user, const char *password);

/* Register the IMPU sip:user@open-ims.test instead of the IMPI's own
 * (an IMPU the IMPI shares with another); the first REGISTER then names
 * the IMPI in an Authorization without credentials. */
void sim_ue_set_impu(sim_ue_t *u, const char *user);

/* A REGISTER (contact NULL: none; expires < 0: no Expires header; auth:
 * answer the challenge taken last); returns the response the core sent to
 * it (the messages sent before it are forgotten, those it caused kept). */
const char *sim_ue_register(sim_ue_t *u, const char *contact, int expires, bool auth);
/* The same REGISTER, sent only (the messages sent before it forgotten). */
void sim_ue_send_register(sim_ue_t *u, const char *contact, int expires, bool auth);
/* The first response sent since, or NULL. */
const char *sim_ue_response(const sim_ue_t *u);
/* Keep the challenge of a 401 (the test fails on anything else). */
void sim_ue_take_challenge(sim_ue_t *u, const char *resp);
/* Challenged, then the answer: returns the final response. */
const char *sim_ue_register_auth(sim_ue_t *u, const char *contact, int expires);

#endif
