/*
 * cx_tally.h - counts of Cx outcomes for the operator (scscfctl stats and
 * the metrics endpoint): MAR and SAR by result, RTR by Reason-Code and by
 * the result answered, PPR by the result answered.
 *
 * A result is named as an operator reads it: the Result-Code or
 * Experimental-Result-Code name when it has one (the two code spaces
 * overlap, the names do not), "Result-Code-NNNN" / "Experimental-Result-
 * NNNN" otherwise, and "timeout", "not-sent", "shutdown" or "bad-answer"
 * when no usable answer came.  The table is bounded: past CX_TALLY_MAX
 * distinct rows every new combination is counted in its command's row
 * whose result is "other".  Pure: no I/O, used on the loop thread only.
 */
#ifndef DIAMETER_CX_TALLY_H
#define DIAMETER_CX_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "diameter/cx/cx_msg.h"

#define CX_TALLY_MAX 48

typedef enum { CX_TALLY_MAR, CX_TALLY_SAR, CX_TALLY_RTR, CX_TALLY_PPR } cx_tally_cmd_t;

typedef struct {
	cx_tally_cmd_t cmd;
	int reason;      /* RTR: the Reason-Code read, -1 when refused unread; else -1 */
	char result[48]; /* as above */
	uint64_t count;
} cx_tally_row_t;

typedef struct {
	cx_tally_row_t rows[CX_TALLY_MAX];
	size_t n;
	cx_tally_row_t other[4]; /* per command, once rows is full */
} cx_tally_t;

/* "MAR", "SAR", "RTR", "PPR" */
const char *cx_tally_cmd_name(cx_tally_cmd_t cmd);

/* The result's name for a request's outcome (local failures included) and
 * for what the S-CSCF answered an HSS request with. */
const char *cx_status_label(const cx_status_t *s, char *buf, size_t len);
const char *cx_result_label(const cx_result_t *r, char *buf, size_t len);

/* Count one. */
void cx_tally_add(cx_tally_t *t, cx_tally_cmd_t cmd, int reason, const char *result);

/* Rows in the order they first occurred. */
void cx_tally_each(const cx_tally_t *t, void (*fn)(void *arg, const cx_tally_row_t *row),
		   void *arg);

#endif
