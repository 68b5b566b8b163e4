/*
 * ud_parse.h - internal to the User-Data parser: the parse context and the
 * element helpers shared by user_data.c (document, profiles, identities)
 * and ifc_parse.c (Initial Filter Criteria).  Not for other modules.  It
 * sees the limits only, not the model, so that the model's headers never
 * lead back here.
 */
#ifndef DIAMETER_UD_PARSE_H
#define DIAMETER_UD_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "diameter/userdata/ud_limits.h"

typedef struct {
	const ud_limits_t *lim;
	char *err;
	size_t errlen;
} ud_ctx_t;

/* Write "line N: ..." (N from at; no prefix when at is NULL) to the error
 * buffer and return -1. */
int ud_fail(ud_ctx_t *c, const xmlNode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Is n the element called name, in whatever namespace? */
bool ud_is(const xmlNode *n, const char *name);

/* Visit the element children of e in order.  Children called Extension are
 * not passed to fn: their own children are visited instead, with ext one
 * higher, however deep they nest (the shape check bounds it).  Non-blank
 * text directly inside e is an error; comments are skipped.  fn returns 0
 * for a child it handled or skips, -1 after ud_fail(). */
typedef int (*ud_child_fn)(ud_ctx_t *c, const xmlNode *k, unsigned ext, void *arg);
int ud_each_child(ud_ctx_t *c, const xmlNode *e, unsigned ext, ud_child_fn fn, void *arg);

/* The text of a simple element into *dst (malloc'd), trimmed of white space
 * when trim.  An element child, a second occurrence (*dst already set) or a
 * text over lim->max_text is an error. */
int ud_text(ud_ctx_t *c, const xmlNode *e, bool trim, char **dst);

/* An integer 0..max (white space around allowed); a second occurrence
 * (*seen already true) is an error.  Sets *seen. */
int ud_uint(ud_ctx_t *c, const xmlNode *e, unsigned max, unsigned *out, bool *seen);

/* tBool: 0, 1, false or true. */
int ud_bool(ud_ctx_t *c, const xmlNode *e, bool *out, bool *seen);

/* Grow *arr (of *n elements of size bytes) by one zeroed element and
 * return it; past limit elements, NULL after ud_fail() naming what. */
void *ud_push(ud_ctx_t *c, const xmlNode *at, void *arr, size_t *n, size_t size, size_t limit,
	      const char *what);

/* Fill the derived sets of a parsed document (user_data_sets.c); -1 when
 * out of memory.  (ud_subscription_t of user_data.h.) */
struct ud_subscription;
int ud_derive(struct ud_subscription *s);

#endif
