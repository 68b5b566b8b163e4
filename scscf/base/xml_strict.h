/*
 * xml_strict.h - reading untrusted XML with libxml2, the one way this
 * project does it: UTF-8 only, no network, no entity substitution, CDATA as
 * text, the parse stopped at the first DTD or entity declaration (so
 * expansion bombs and external entities never happen), then nesting depth
 * and element count bounded over the whole tree.  Used by the reginfo
 * parser and the User-Data parser.
 */
#ifndef REGEVENT_XML_STRICT_H
#define REGEVENT_XML_STRICT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

typedef struct {
	size_t max_bytes;
	unsigned max_depth;
	size_t max_elements;
} xml_strict_limits_t;

/* Read len bytes of the document called what ("reginfo", "User-Data").
 * Returns the tree (xmlFreeDoc it), whose root element exists, or NULL
 * with one message in err: "<what> of N bytes is over the M-byte limit",
 * "document type declarations are not allowed in <what>",
 * "line L: not well-formed XML: <libxml2's first complaint>",
 * "the document has no root element", "line L: more than N elements",
 * "line L: elements nested deeper than N", "out of memory". */
xmlDocPtr xml_strict_read(const char *buf, size_t len, const xml_strict_limits_t *lim,
			  const char *what, char *err, size_t errlen);

/* The text of element e: its text and CDATA children joined (comments and
 * processing instructions skipped), at most max bytes (0: no limit), with
 * surrounding XML white space removed when trim.  A malloc'd string, or
 * NULL with one message in err: "line L: <e> must hold only text, not <k>",
 * "line L: <e> is longer than N bytes", "line L: entity references are not
 * allowed", "line L: out of memory". */
char *xml_strict_text(const xmlNode *e, size_t max, bool trim, char *err, size_t errlen);

#endif
