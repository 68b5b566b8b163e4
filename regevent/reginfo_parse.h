/*
 * reginfo_parse.h - an application/reginfo+xml body back to a re_reginfo_t.
 *
 * Strict and bounded: the input must be UTF-8 XML without a DTD, with the
 * reginfo root in its namespace and the schema's required attributes and
 * order; elements and attributes of namespaces the parser does not know are
 * skipped (RFC 3680 §5.1), unknown ones in the reginfo namespace are errors.
 * Limits bound the document size, nesting and element counts.
 */
#ifndef REGEVENT_REGINFO_PARSE_H
#define REGEVENT_REGINFO_PARSE_H

#include <stddef.h>

#include "regevent/reg_model.h"

typedef struct {
	size_t max_bytes;         /* whole document */
	unsigned max_depth;       /* element nesting */
	size_t max_registrations; /* per document */
	size_t max_contacts;      /* per registration */
	size_t max_params;        /* unknown-params per contact */
	size_t max_elements;      /* all elements of the document */
} re_parse_limits_t;

/* 1 MiB, depth 32, 1024 registrations, 256 contacts, 128 params, 100000 elements. */
extern const re_parse_limits_t re_parse_default_limits;

/* Parse len bytes.  limits may be NULL for the defaults.  Returns the model
 * (free with re_reginfo_free) or NULL with a message in err that names the
 * line and what is wrong. */
re_reginfo_t *re_parse(const char *buf, size_t len, const re_parse_limits_t *limits, char *err,
		       size_t errlen);

#endif
