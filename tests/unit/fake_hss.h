/*
 * fake_hss.h - an HSS for unit tests behind the registrar's HSS port
 * (scscf/registrar/hss_port.h).  It knows a few users (IMPI, SIP Digest
 * password and realm, IMS subscription document), answers MAR with one
 * SIP Digest vector and SAR with the document (unless the S-CSCF says
 * it has it: User-Data-Already-Available), unless the test scripted
 * another outcome for the next MAR or SAR (an Experimental-Result, a
 * timeout, ...; a scripted success for an unknown user has no vector and
 * no profile).  Answers come on the simulated clock, at the next
 * sim_clock_fire_due().  It keeps a record of every MAR and SAR it got,
 * sends RTR and PPR on the test's request, and keeps each answer to them.
 */
#ifndef TESTS_FAKE_HSS_H
#define TESTS_FAKE_HSS_H

#include <stdbool.h>
#include <stddef.h>

#include "scscf/registrar/hss_port.h"
#include "sim_clock.h"

#define FH_MAX_RECORDS 64
#define FH_MAX_SCRIPT 8

typedef struct {
	char kind; /* 'M' (MAR) or 'S' (SAR) */
	char impi[128];
	char impu[128];    /* MAR: Public-Identity; SAR: the first one */
	size_t nimpus;     /* SAR */
	cx_sat_t type;     /* SAR */
	char scheme[48];   /* MAR */
	bool resync;       /* MAR */
} fh_record_t;

/* The answer given to an RTR or PPR. */
typedef struct {
	bool answered;
	cx_result_t res;
	size_t nassoc;
} fh_answer_t;

typedef struct fake_hss fake_hss_t;

fake_hss_t *fake_hss_new(sim_clock_t *clock);
/* Answers still pending are dropped (their done is not called). */
void fake_hss_free(fake_hss_t *h);
const hss_port_t *fake_hss_port(fake_hss_t *h);

/* A user; the strings are copied. */
void fake_hss_add_user(fake_hss_t *h, const char *impi, const char *realm, const char *password,
		       const char *profile);

/* The outcome of the next MAR / SAR: local failure, or an answer with
 * code (experimental or not).  Scripts are used in order, one each. */
void fake_hss_script_mar(fake_hss_t *h, cx_local_t local, bool experimental, unsigned code);
void fake_hss_script_sar(fake_hss_t *h, cx_local_t local, bool experimental, unsigned code);

/* Every SAA from now on carries this Wildcarded-Public-Identity (NULL:
 * none), as an HSS that matched a wildcard answers. */
void fake_hss_saa_wildcard(fake_hss_t *h, const char *wildcard);

/* Held, answers wait (a slow HSS) until released; they come at the next
 * sim_clock_fire_due() after that. */
void fake_hss_hold(fake_hss_t *h, bool held);

/* What it received, oldest first. */
size_t fake_hss_count(const fake_hss_t *h);
const fh_record_t *fake_hss_record(const fake_hss_t *h, size_t i);
/* The last record of kind ('M' or 'S'), or NULL. */
const fh_record_t *fake_hss_last(const fake_hss_t *h, char kind);

/* Send an RTR / PPR to the registrar now; the answer lands in *out
 * (answered stays false when the registrar has not answered). */
void fake_hss_rtr(fake_hss_t *h, const cx_rtr_t *rtr, fh_answer_t *out);
void fake_hss_ppr(fake_hss_t *h, const cx_ppr_t *ppr, fh_answer_t *out);

#endif
