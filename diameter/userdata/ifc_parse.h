/*
 * ifc_parse.h - internal to the User-Data parser: reading one
 * InitialFilterCriteria (TS 29.228 Annex B) into the model of ifc.h, with
 * the parse context of ud_parse.h.  Not for other modules.
 */
#ifndef DIAMETER_IFC_PARSE_H
#define DIAMETER_IFC_PARSE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diameter/userdata/ifc.h"
#include "diameter/userdata/ud_parse.h"

/* One InitialFilterCriteria appended to *ifcs (of *nifcs, at most
 * lim->max_ifcs); -1 after ud_fail(). */
int ud_parse_ifc(ud_ctx_t *c, const xmlNode *e, ud_ifc_t **ifcs, size_t *nifcs);

/* Free what an iFC holds and zero it (not f itself). */
void ud_ifc_clear(ud_ifc_t *f);

#endif
