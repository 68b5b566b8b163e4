/*
 * strv.h - arrays of heap strings (char *v[n], each from malloc/strdup):
 * freeing them in one call instead of a loop at each owner.
 */
#ifndef SCSCF_STRV_H
#define SCSCF_STRV_H

#include <stddef.h>

/* Frees v[0..n) and then v itself (from malloc).  NULL entries and a NULL
 * v are fine. */
void strv_free(char **v, size_t n);

/* Frees v[0..n) and sets each to NULL; v itself stays (a fixed array or
 * one member of a struct).  NULL entries are fine. */
void strv_clear(char **v, size_t n);

#endif
