/*
 * sip_check.h - turn the bytes of one SIP message into a verdict: process
 * it, answer it with an error response, or drop it.
 *
 * libosip2 does the parsing; this module adds what libosip2 leaves to its
 * user: the RFC 3261 checks on the start line and the mandatory headers,
 * scalar ranges, Content-Length agreement, Require, and the RFC 4475 cases.
 * It performs no I/O and keeps no state, so it is unit-tested and fuzzed as
 * a pure function.
 */
#ifndef SCSCF_SIP_CHECK_H
#define SCSCF_SIP_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <osipparser2/osip_parser.h>

typedef enum {
	SIP_ACT_PROCESS, /* well-formed request or response: hand it on */
	SIP_ACT_RESPOND, /* request that must be answered with `status` */
	SIP_ACT_DROP,    /* cannot (or must not) be answered: log once and drop */
} sip_action_t;

typedef struct {
	sip_action_t action;
	int status;         /* SIP_ACT_RESPOND: 400, 413, 416, 420, 483, 501, 505, 513 ... */
	char reason[128];   /* SIP_ACT_RESPOND: reason phrase naming what is wrong;
			     * SIP_ACT_DROP: why, for the log line */
	char unsupported[256]; /* 420: the Require option tags we do not support */
	bool close_stream;  /* stream transports: close the connection after answering */
	osip_message_t *msg; /* parsed message (PROCESS always; RESPOND when the
			      * message parsed far enough to build a response
			      * from it: top Via, and whatever of From/To/Call-ID/
			      * CSeq exists). The caller frees it with
			      * osip_message_free(). NULL otherwise. */
	char *authorization; /* PROCESS, requests: the first Authorization value as
			      * received (unfolded), or NULL.  libosip2 keeps only
			      * the RFC 2617 fields of it; the registrar needs
			      * auts and integrity-protected too. */
	char *to;            /* PROCESS, requests: the To value as received:
			      * libosip2 unescapes the user part in place, so
			      * "%00" cuts it short (RFC 4475 escnull) */
	char *contacts;      /* PROCESS, requests: every Contact value as received,
			      * the fields joined with ", ", or NULL; same reason */
} sip_verdict_t;

typedef struct {
	size_t max_message_size;        /* bytes; over it: 513 (UDP) / 513 + close (TCP) */
	const char *const *supported;   /* option tags we support, NULL-terminated; may be NULL */
	bool is_stream;                 /* TCP: the framing layer already cut the message */
} sip_check_opts_t;

/* Call once at start-up (initialises libosip2's parser tables). */
void sip_check_init(void);

/* Examine len bytes (may contain NULs; need not be NUL-terminated).
 * Always fills *v and returns v->action. */
sip_action_t sip_check_message(const char *buf, size_t len, const sip_check_opts_t *opts,
			       sip_verdict_t *v);

/* Release v->msg, v->authorization and v->to, if any. */
void sip_verdict_clear(sip_verdict_t *v);

#endif
