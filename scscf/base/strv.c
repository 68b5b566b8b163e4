/*
 * strv.c - see strv.h.
 */
#include "config.h"

#include "scscf/base/strv.h"

#include <stdlib.h>

void strv_clear(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

void strv_free(char **v, size_t n)
{
	strv_clear(v, n);
	free(v);
}
