/*
 * reginfo_parse.c - read an application/reginfo+xml document into the model.
 *
 * Defences, in the order they act:
 *  1-3. xml_strict_read(): the byte limit, libxml2 closed to DTDs, entities
 *     and the network with UTF-8 forced, then depth and element bounds;
 *  4. the schema walk proper: root, required attributes, element order,
 *     numeric ranges, per-document/registration/contact counts.
 * Foreign-namespace elements and attributes are skipped (RFC 3680 §5.1).
 */
#include "config.h"

#include "regevent/reginfo_parse.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "scscf/base/xml_strict.h"

const re_parse_limits_t re_parse_default_limits = {
	.max_bytes = 1u << 20,
	.max_depth = 32,
	.max_registrations = 1024,
	.max_contacts = 256,
	.max_params = 128,
	.max_elements = 100000,
};

typedef struct {
	const re_parse_limits_t *lim;
	char *err;
	size_t errlen;
} parse_t;

static int fail(parse_t *p, const xmlNode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(parse_t *p, const xmlNode *at, const char *fmt, ...)
{
	va_list ap;
	int off = 0;

	if (p->err == NULL || p->errlen == 0)
		return -1;
	if (at != NULL)
		off = snprintf(p->err, p->errlen, "line %ld: ", xmlGetLineNo(at));
	if (off < 0 || (size_t)off >= p->errlen)
		off = 0;
	va_start(ap, fmt);
	vsnprintf(p->err + off, p->errlen - (size_t)off, fmt, ap);
	va_end(ap);
	return -1;
}

/* --- node helpers ----------------------------------------------------- */

static int in_ns(const xmlNode *n, const char *ns)
{
	return n->ns != NULL && n->ns->href != NULL && strcmp((const char *)n->ns->href, ns) == 0;
}

static int is(const xmlNode *n, const char *ns, const char *name)
{
	return in_ns(n, ns) && strcmp((const char *)n->name, name) == 0;
}

static int is_blank(const xmlChar *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* Children that are text must be white space; elements are returned one by
 * one through *cur (comments and processing instructions are skipped). */
static int next_element(parse_t *p, const xmlNode *parent, xmlNode **cur)
{
	xmlNode *n = *cur ? (*cur)->next : parent->children;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			break;
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
		    !is_blank(n->content))
			return fail(p, n, "text is not allowed inside <%s>", parent->name);
		if (n->type == XML_ENTITY_REF_NODE)
			return fail(p, n, "entity references are not allowed");
	}
	*cur = n;
	return 0;
}

/* The text of a simple element (see xml_strict_text), or NULL after an
 * error message. */
static char *simple_text(parse_t *p, const xmlNode *e, int trim)
{
	return xml_strict_text(e, 0, trim, p->err, p->errlen);
}

/* xs:unsignedLong, with the schema's white-space collapsing. */
static int parse_u64(parse_t *p, const xmlNode *at, const char *name, const char *s,
		     uint64_t max, uint64_t *out)
{
	const char *q = s;
	uint64_t v = 0;
	int digits = 0;

	while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
		q++;
	if (*q == '+')
		q++;
	for (; *q >= '0' && *q <= '9'; q++, digits++) {
		unsigned d = (unsigned)(*q - '0');

		if (v > (max - d) / 10)
			return fail(p, at, "%s=\"%s\" is out of range", name, s);
		v = v * 10 + d;
	}
	while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
		q++;
	if (digits == 0 || *q != '\0')
		return fail(p, at, "%s=\"%s\" is not a non-negative integer", name, s);
	*out = v;
	return 0;
}

/* Attributes: each known one is handed to a callback; unprefixed unknown
 * ones are errors; namespaced ones are ignored. */
typedef struct {
	const char *name;
	int required;
	char *value; /* filled by get_attrs, free()d by free_attrs */
} attr_spec_t;

static void free_attrs(attr_spec_t *spec)
{
	for (; spec->name != NULL; spec++) {
		free(spec->value);
		spec->value = NULL;
	}
}

static int get_attrs(parse_t *p, const xmlNode *e, attr_spec_t *spec)
{
	const xmlAttr *a;
	attr_spec_t *s;

	for (a = e->properties; a != NULL; a = a->next) {
		if (a->ns != NULL) /* xml:lang is handled by its element; others skipped */
			continue;
		for (s = spec; s->name != NULL; s++)
			if (strcmp(s->name, (const char *)a->name) == 0)
				break;
		if (s->name == NULL)
			return fail(p, e, "unknown attribute %s on <%s>", a->name, e->name);
		s->value = (char *)xmlNodeGetContent((const xmlNode *)a);
		if (s->value == NULL)
			return fail(p, e, "out of memory");
	}
	for (s = spec; s->name != NULL; s++)
		if (s->required && s->value == NULL)
			return fail(p, e, "<%s> lacks the required attribute %s", e->name,
				    s->name);
	return 0;
}

/* --- contact ------------------------------------------------------------ */

enum { C_STATE, C_EVENT, C_ID, C_DUR, C_EXPIRES, C_RETRY, C_Q, C_CALLID, C_CSEQ };

static int contact_attrs(parse_t *p, const xmlNode *e, re_registration_t *reg,
			 re_contact_t **out)
{
	attr_spec_t a[] = {
		{"state", 1, NULL},   {"event", 1, NULL},   {"id", 1, NULL},
		{"duration-registered", 0, NULL}, {"expires", 0, NULL},
		{"retry-after", 0, NULL}, {"q", 0, NULL}, {"callid", 0, NULL},
		{"cseq", 0, NULL},    {NULL, 0, NULL},
	};
	re_contact_state_t st;
	re_event_t ev;
	re_contact_t *c;
	int rc = -1;

	if (get_attrs(p, e, a) < 0)
		goto out;
	if (re_contact_state_from_name(a[C_STATE].value, &st) < 0) {
		fail(p, e, "contact state \"%s\" is not active or terminated", a[C_STATE].value);
		goto out;
	}
	if (re_event_from_name(a[C_EVENT].value, &ev) < 0) {
		fail(p, e, "contact event \"%s\" is not an RFC 3680 event", a[C_EVENT].value);
		goto out;
	}
	c = re_registration_add_contact(reg, a[C_ID].value, "", st, ev);
	if (c == NULL) {
		fail(p, e, "out of memory");
		goto out;
	}
	*out = c;
	if (a[C_DUR].value != NULL) {
		if (parse_u64(p, e, "duration-registered", a[C_DUR].value, UINT64_MAX,
			      &c->duration_registered) < 0)
			goto out;
		c->has_duration_registered = true;
	}
	if (a[C_EXPIRES].value != NULL) {
		if (parse_u64(p, e, "expires", a[C_EXPIRES].value, UINT64_MAX, &c->expires) < 0)
			goto out;
		c->has_expires = true;
	}
	if (a[C_RETRY].value != NULL) {
		if (parse_u64(p, e, "retry-after", a[C_RETRY].value, UINT64_MAX,
			      &c->retry_after) < 0)
			goto out;
		c->has_retry_after = true;
	}
	if (a[C_CSEQ].value != NULL) {
		if (parse_u64(p, e, "cseq", a[C_CSEQ].value, UINT64_MAX, &c->cseq) < 0)
			goto out;
		c->has_cseq = true;
	}
	c->q = a[C_Q].value;
	a[C_Q].value = NULL;
	c->callid = a[C_CALLID].value;
	a[C_CALLID].value = NULL;
	rc = 0;
out:
	free_attrs(a);
	return rc;
}

static int contact_gruu(parse_t *p, const xmlNode *e, re_contact_t *c)
{
	int temp = strcmp((const char *)e->name, "temp-gruu") == 0;
	attr_spec_t a[] = {{"uri", 1, NULL}, {"first-cseq", temp, NULL}, {NULL, 0, NULL}};
	int rc = -1;

	if (!temp && strcmp((const char *)e->name, "pub-gruu") != 0)
		return 0; /* another gruuinfo element: ignore */
	if ((temp ? c->temp_gruu : c->pub_gruu) != NULL)
		return fail(p, e, "contact %s has more than one <%s>", c->id, e->name);
	if (get_attrs(p, e, a) < 0)
		goto out;
	if (temp) {
		if (parse_u64(p, e, "first-cseq", a[1].value, UINT64_MAX,
			      &c->temp_gruu_first_cseq) < 0)
			goto out;
		c->temp_gruu = a[0].value;
	} else {
		c->pub_gruu = a[0].value;
	}
	a[0].value = NULL;
	rc = 0;
out:
	free_attrs(a);
	return rc;
}

static int contact_param(parse_t *p, const xmlNode *e, re_contact_t *c)
{
	xmlChar *name;
	char *value;
	int rc;

	if (c->nparams >= p->lim->max_params)
		return fail(p, e, "contact %s has more than %zu unknown-params", c->id,
			    p->lim->max_params);
	name = xmlGetNoNsProp(e, BAD_CAST "name");
	if (name == NULL)
		return fail(p, e, "<unknown-param> lacks the required attribute name");
	value = simple_text(p, e, 0);
	if (value == NULL) {
		xmlFree(name);
		return -1;
	}
	rc = re_contact_add_param(c, (const char *)name, value[0] ? value : NULL);
	xmlFree(name);
	free(value);
	return rc < 0 ? fail(p, e, "out of memory") : 0;
}

/* Children of <contact>: uri, display-name?, unknown-param*, ##other*. */
static int contact_children(parse_t *p, const xmlNode *e, re_contact_t *c)
{
	enum { WANT_URI, WANT_DISPLAY, WANT_PARAM, WANT_OTHER } stage = WANT_URI;
	xmlNode *k = NULL;

	for (;;) {
		if (next_element(p, e, &k) < 0)
			return -1;
		if (k == NULL)
			break;
		if (stage == WANT_URI) {
			if (!is(k, RE_NS_REGINFO, "uri"))
				return fail(p, k, "<contact> must start with <uri>, not <%s>",
					    k->name);
			free(c->uri);
			c->uri = simple_text(p, k, 1);
			if (c->uri == NULL)
				return -1;
			if (c->uri[0] == '\0')
				return fail(p, k, "contact %s has an empty <uri>", c->id);
			stage = WANT_DISPLAY;
		} else if (in_ns(k, RE_NS_REGINFO)) {
			if (strcmp((const char *)k->name, "display-name") == 0 &&
			    stage == WANT_DISPLAY) {
				xmlChar *lang = xmlNodeGetLang(k);

				c->display_name = simple_text(p, k, 0);
				if (lang != NULL) {
					int rc = re_strset(&c->display_name_lang, (char *)lang);

					xmlFree(lang);
					if (rc < 0)
						return fail(p, k, "out of memory");
				}
				if (c->display_name == NULL)
					return -1;
				stage = WANT_PARAM;
			} else if (strcmp((const char *)k->name, "unknown-param") == 0 &&
				   stage <= WANT_PARAM) {
				if (contact_param(p, k, c) < 0)
					return -1;
				stage = WANT_PARAM;
			} else {
				return fail(p, k, "<%s> is not allowed here inside <contact>",
					    k->name);
			}
		} else {
			stage = WANT_OTHER;
			if (in_ns(k, RE_NS_GRUU) && contact_gruu(p, k, c) < 0)
				return -1;
		}
	}
	if (stage == WANT_URI)
		return fail(p, e, "contact %s has no <uri>", c->id);
	return 0;
}

/* --- registration ---------------------------------------------------------- */

static int registration(parse_t *p, const xmlNode *e, re_reginfo_t *info)
{
	attr_spec_t a[] = {{"aor", 1, NULL}, {"id", 1, NULL}, {"state", 1, NULL}, {NULL, 0, NULL}};
	re_registration_t *reg;
	re_reg_state_t st;
	re_contact_t *c;
	xmlNode *k = NULL;
	int others = 0, rc = -1;

	if (info->nregs >= p->lim->max_registrations)
		return fail(p, e, "more than %zu registrations", p->lim->max_registrations);
	if (get_attrs(p, e, a) < 0)
		goto out;
	if (re_reg_state_from_name(a[2].value, &st) < 0) {
		fail(p, e, "registration state \"%s\" is not init, active or terminated",
		     a[2].value);
		goto out;
	}
	reg = re_reginfo_add_registration(info, a[0].value, a[1].value, st);
	if (reg == NULL) {
		fail(p, e, "out of memory");
		goto out;
	}
	for (;;) {
		if (next_element(p, e, &k) < 0)
			goto out;
		if (k == NULL)
			break;
		if (is(k, RE_NS_REGINFO, "contact")) {
			if (others) {
				fail(p, k, "<contact> after an extension element");
				goto out;
			}
			if (reg->ncontacts >= p->lim->max_contacts) {
				fail(p, k, "registration %s has more than %zu contacts", reg->id,
				     p->lim->max_contacts);
				goto out;
			}
			c = NULL;
			if (contact_attrs(p, k, reg, &c) < 0 || contact_children(p, k, c) < 0)
				goto out;
		} else if (in_ns(k, RE_NS_REGINFO)) {
			fail(p, k, "<%s> is not allowed inside <registration>", k->name);
			goto out;
		} else {
			others = 1;
			if (is(k, RE_NS_EXTREGEXP, "wildcardedIdentity")) {
				if (reg->wildcard != NULL) {
					fail(p, k, "registration %s has two <wildcardedIdentity>",
					     reg->id);
					goto out;
				}
				reg->wildcard = simple_text(p, k, 1);
				if (reg->wildcard == NULL)
					goto out;
			}
		}
	}
	rc = 0;
out:
	free_attrs(a);
	return rc;
}

/* --- document ------------------------------------------------------------- */

static int root(parse_t *p, const xmlNode *e, re_reginfo_t **out)
{
	attr_spec_t a[] = {{"version", 1, NULL}, {"state", 1, NULL}, {NULL, 0, NULL}};
	re_reginfo_t *info = NULL;
	xmlNode *k = NULL;
	uint64_t version;
	int others = 0;

	if (!is(e, RE_NS_REGINFO, "reginfo")) {
		fail(p, e, "the root element is <%s%s%s>, not <reginfo> in namespace %s",
		     e->ns && e->ns->prefix ? (const char *)e->ns->prefix : "",
		     e->ns && e->ns->prefix ? ":" : "", e->name, RE_NS_REGINFO);
		goto bad;
	}
	if (get_attrs(p, e, a) < 0)
		goto bad;
	if (parse_u64(p, e, "version", a[0].value, UINT32_MAX, &version) < 0)
		goto bad;
	if (strcmp(a[1].value, "full") != 0 && strcmp(a[1].value, "partial") != 0) {
		fail(p, e, "reginfo state \"%s\" is not full or partial", a[1].value);
		goto bad;
	}
	info = re_reginfo_new((uint32_t)version, strcmp(a[1].value, "full") == 0);
	if (info == NULL) {
		fail(p, e, "out of memory");
		goto bad;
	}
	for (;;) {
		if (next_element(p, e, &k) < 0)
			goto bad;
		if (k == NULL)
			break;
		if (is(k, RE_NS_REGINFO, "registration")) {
			if (others) {
				fail(p, k, "<registration> after an extension element");
				goto bad;
			}
			if (registration(p, k, info) < 0)
				goto bad;
		} else if (in_ns(k, RE_NS_REGINFO)) {
			fail(p, k, "<%s> is not allowed inside <reginfo>", k->name);
			goto bad;
		} else {
			others = 1;
		}
	}
	free_attrs(a);
	*out = info;
	return 0;
bad:
	free_attrs(a);
	re_reginfo_free(info);
	return -1;
}

re_reginfo_t *re_parse(const char *buf, size_t len, const re_parse_limits_t *limits, char *err,
		       size_t errlen)
{
	parse_t p = {limits ? limits : &re_parse_default_limits, err, errlen};
	xml_strict_limits_t lim = {p.lim->max_bytes, p.lim->max_depth, p.lim->max_elements};
	re_reginfo_t *info = NULL;
	xmlDocPtr doc;

	doc = xml_strict_read(buf, len, &lim, "reginfo", err, errlen);
	if (doc == NULL)
		return NULL;
	root(&p, xmlDocGetRootElement(doc), &info);
	xmlFreeDoc(doc);
	return info;
}
