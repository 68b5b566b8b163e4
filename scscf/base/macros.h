/*
 * macros.h - two small macros every layer uses: the element count of an
 * array, and the struct that holds an embedded member (for the timer
 * heap's nodes, which sit inside the objects they time).
 */
#ifndef SCSCF_MACROS_H
#define SCSCF_MACROS_H

#include <stddef.h>

/* The number of elements of an array (not of a pointer). */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The type *object whose member named member ptr points at. */
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif
