/*
 * xml_strict.c - see xml_strict.h.
 */
#include "config.h"

#include "scscf/base/xml_strict.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

typedef struct {
	int dtd_seen;
	int error_line; /* libxml2's first error, 0 when none */
	char error[160];
} read_t;

static int fail(char *err, size_t errlen, const xmlNode *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, const xmlNode *at, const char *fmt, ...)
{
	va_list ap;
	int off = 0;

	if (err == NULL || errlen == 0)
		return -1;
	if (at != NULL)
		off = snprintf(err, errlen, "line %ld: ", xmlGetLineNo(at));
	if (off < 0 || (size_t)off >= errlen)
		off = 0;
	va_start(ap, fmt);
	vsnprintf(err + off, errlen - (size_t)off, fmt, ap);
	va_end(ap);
	return -1;
}

/* SAX hooks that end the parse at any DTD or entity declaration. */
static void stop_at_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	read_t *r = ctxt->_private;

	(void)name, (void)ext, (void)sys;
	r->dtd_seen = 1;
	xmlStopParser(ctxt);
}

static void stop_at_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
			   const xmlChar *sys, xmlChar *content)
{
	(void)name, (void)type, (void)pub, (void)sys, (void)content;
	stop_at_dtd(ctx, NULL, NULL, NULL);
}

/* Keep libxml2's first complaint: later ones are consequences of it. */
static void first_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	read_t *r = ctxt->_private;

	if (r->error_line != 0 || e == NULL || e->level < XML_ERR_ERROR)
		return;
	r->error_line = e->line > 0 ? e->line : 1;
	snprintf(r->error, sizeof(r->error), "%.*s",
		 e->message ? (int)strcspn(e->message, "\n") : 0, e->message ? e->message : "");
}

/* Bound depth and element count over the whole tree, without recursion. */
static int check_shape(const xmlNode *top, const xml_strict_limits_t *lim, char *err,
		       size_t errlen)
{
	const xmlNode *n = top;
	unsigned depth = 1;
	size_t count = 0;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			if (++count > lim->max_elements)
				return fail(err, errlen, n, "more than %zu elements",
					    lim->max_elements);
			if (depth > lim->max_depth)
				return fail(err, errlen, n, "elements nested deeper than %u",
					    lim->max_depth);
			if (n->children != NULL) {
				n = n->children;
				depth++;
				continue;
			}
		}
		while (n != top && n->next == NULL) {
			n = n->parent;
			depth--;
		}
		if (n == top)
			break;
		n = n->next;
	}
	return 0;
}

static bool xml_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

char *xml_strict_text(const xmlNode *e, size_t max, bool trim, char *err, size_t errlen)
{
	size_t len = 0, off = 0, n;
	const xmlNode *k;
	char *s, *b, *t;

	for (k = e->children; k != NULL; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
			len += strlen((const char *)k->content);
		else if (k->type == XML_ELEMENT_NODE)
			return fail(err, errlen, k, "<%s> must hold only text, not <%s>", e->name,
				    k->name), NULL;
		else if (k->type == XML_ENTITY_REF_NODE)
			return fail(err, errlen, k, "entity references are not allowed"), NULL;
		if (max != 0 && len > max)
			return fail(err, errlen, e, "<%s> is longer than %zu bytes", e->name, max),
			       NULL;
	}
	s = malloc(len + 1);
	if (s == NULL)
		return fail(err, errlen, e, "out of memory"), NULL;
	for (k = e->children; k != NULL; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			n = strlen((const char *)k->content);
			memcpy(s + off, k->content, n);
			off += n;
		}
	}
	s[off] = '\0';
	if (trim) {
		for (b = s; xml_space(*b); b++)
			;
		t = b + strlen(b);
		while (t > b && xml_space(t[-1]))
			t--;
		*t = '\0';
		memmove(s, b, (size_t)(t - b) + 1);
	}
	return s;
}

xmlDocPtr xml_strict_read(const char *buf, size_t len, const xml_strict_limits_t *lim,
			  const char *what, char *err, size_t errlen)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			 XML_PARSE_NOCDATA;
	read_t r = {0, 0, ""};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (len > lim->max_bytes || len > INT32_MAX) {
		fail(err, errlen, NULL, "%s of %zu bytes is over the %zu-byte limit", what, len,
		     lim->max_bytes);
		return NULL;
	}
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		fail(err, errlen, NULL, "out of memory");
		return NULL;
	}
	ctxt->_private = &r;
	ctxt->sax->internalSubset = stop_at_dtd;
	ctxt->sax->externalSubset = stop_at_dtd;
	ctxt->sax->entityDecl = stop_at_entity;
	ctxt->sax->serror = first_error;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, "UTF-8", opts);
	if (r.dtd_seen) {
		fail(err, errlen, NULL, "document type declarations are not allowed in %s", what);
	} else if (doc == NULL || !ctxt->wellFormed) {
		if (r.error_line != 0)
			fail(err, errlen, NULL, "line %d: not well-formed XML: %s", r.error_line,
			     r.error);
		else
			fail(err, errlen, NULL, "not well-formed XML");
	} else if (xmlDocGetRootElement(doc) == NULL) {
		fail(err, errlen, NULL, "the document has no root element");
	} else if (check_shape(xmlDocGetRootElement(doc), lim, err, errlen) == 0) {
		xmlFreeParserCtxt(ctxt);
		return doc;
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return NULL;
}
