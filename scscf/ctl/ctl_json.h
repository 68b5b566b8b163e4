/*
 * ctl_json.h - the JSON the control socket speaks (doc/SCSCFCTL.md):
 * a writer that builds one document into a growing buffer, and a bounded
 * reader that turns a document into a small tree.  The daemon writes its
 * answers and reads JSON request lines; scscfctl reads the answers.
 *
 * The writer always produces valid JSON: strings are escaped, and bytes
 * that are not UTF-8 (a contact URI is whatever a peer sent) become
 * U+FFFD.  Out of memory is sticky: every later call does nothing and
 * jw_done() reports it.
 *
 * The reader takes UTF-8 JSON (RFC 8259) and refuses everything else:
 * raw control characters in strings, bad escapes, lone surrogates, \u0000
 * (its strings are C strings), nesting deeper than its limit, anything
 * after the value but blanks.  Numbers are kept as their text.
 */
#ifndef SCSCF_CTL_JSON_H
#define SCSCF_CTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scscf/base/strbuf.h"

/* ---- writer ---- */

#define JW_MAX_DEPTH 16

typedef struct {
	strbuf_t sb;   /* the document so far */
	bool failed;   /* misuse (depth); out of memory is sb.failed */
	unsigned depth;
	bool first[JW_MAX_DEPTH + 1]; /* nothing written yet at this depth */
	char closer[JW_MAX_DEPTH + 1]; /* '}' or ']' for each open level */
	bool after_key;
} jw_t;

void jw_init(jw_t *w);
void jw_free(jw_t *w);
/* 0 and the document (the caller owns buf, len bytes plus a NUL), or -1. */
int jw_done(jw_t *w, char **buf, size_t *len);

void jw_obj(jw_t *w);  /* { */
void jw_arr(jw_t *w);  /* [ */
void jw_end(jw_t *w);  /* closes the innermost { or [ */
void jw_key(jw_t *w, const char *key);
void jw_str(jw_t *w, const char *s); /* NULL writes null */
void jw_u64(jw_t *w, uint64_t v);
void jw_bool(jw_t *w, bool v);
void jw_null(jw_t *w);

/* key and value in one call */
void jw_kstr(jw_t *w, const char *key, const char *s);
void jw_ku64(jw_t *w, const char *key, uint64_t v);
void jw_kbool(jw_t *w, const char *key, bool v);

/* ---- reader ---- */

typedef enum { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT } jv_type_t;

typedef struct jv jv_t;
struct jv {
	jv_type_t type;
	bool boolean;
	char *str;   /* JV_STRING: the decoded text; JV_NUMBER: the number as written */
	size_t n;    /* items of an array or object */
	jv_t **items;
	char **keys; /* JV_OBJECT: keys[i] names items[i] */
};

typedef struct {
	size_t max_bytes;   /* of the whole text */
	unsigned max_depth; /* nesting of arrays and objects */
	size_t max_items;   /* values in the whole document */
} jv_limits_t;

/* Parse len bytes.  NULL with a short reason in err when the text is not
 * one JSON value within the limits (or memory ran out). */
jv_t *jv_parse(const char *text, size_t len, const jv_limits_t *limits, char *err,
	       size_t errlen);
void jv_free(jv_t *v);

/* Member key of an object (the first one of that name), or NULL. */
const jv_t *jv_get(const jv_t *obj, const char *key);
/* The string of v when it is a string, else NULL. */
const char *jv_string(const jv_t *v);
/* The text of a number, "true"/"false", or a string's text; NULL for
 * null, arrays, objects and a missing value. */
const char *jv_text(const jv_t *v);
/* true when v is the boolean true. */
bool jv_true(const jv_t *v);

/* Length of the UTF-8 sequence at p (n bytes left): 1 to 4, or 0 when it
 * is not one (overlong forms, surrogates, values above U+10FFFF). */
size_t jv_utf8_len(const unsigned char *p, size_t n);

#endif
