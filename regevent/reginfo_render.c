/*
 * reginfo_render.c - write a re_reginfo_t as application/reginfo+xml with
 * libxml2's text writer (which does the escaping).
 *
 * Everything that could make the document invalid is checked before it is
 * written: required values, the events the policy allows, the attributes
 * that shortened/probation require, and that every string is UTF-8 made of
 * characters XML 1.0 can carry.
 */
#include "config.h"

#include "regevent/reginfo_render.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlwriter.h>

typedef struct {
	xmlTextWriterPtr w;
	unsigned attrs;
	const re_policy_t *policy;
	char *err;
	size_t errlen;
} render_t;

static int fail(render_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(render_t *r, const char *fmt, ...)
{
	va_list ap;

	if (r->err != NULL && r->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Decode one UTF-8 sequence at s; returns its length, or 0 when it is not
 * valid UTF-8 (overlong forms and surrogates included). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* XML 1.0 "Char" production. */
static int xml_char_ok(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

static int check_text(render_t *r, const char *s, const char *what)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	while (*p) {
		n = utf8_next(p, &cp);
		if (n == 0)
			return fail(r, "%s is not valid UTF-8 at byte %zu", what,
				    (size_t)(p - (const unsigned char *)s));
		if (!xml_char_ok(cp))
			return fail(r, "%s holds character U+%04" PRIX32
				       " which XML 1.0 cannot carry",
				    what, cp);
		p += n;
	}
	return 0;
}

static int need(render_t *r, const char *s, const char *what)
{
	if (s == NULL)
		return fail(r, "%s is missing", what);
	return check_text(r, s, what);
}

/* A URI in element text: the schema collapses its white space, so one that
 * is empty after that is no URI at all (and our parser refuses it). */
static int need_uri(render_t *r, const char *s, const char *what)
{
	if (need(r, s, what) < 0)
		return -1;
	if (s[strspn(s, " \t\r\n")] == '\0')
		return fail(r, "%s is blank", what);
	return 0;
}

/* Thin wrappers: every libxml2 writer call fails with -1 only on OOM. */
static int attr(render_t *r, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST value) < 0)
		return fail(r, "out of memory writing attribute %s", name);
	return 0;
}

static int attr_u64(render_t *r, const char *name, uint64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRIu64, v);
	return attr(r, name, num);
}

static int start(render_t *r, const char *name)
{
	if (xmlTextWriterStartElement(r->w, BAD_CAST name) < 0)
		return fail(r, "out of memory writing <%s>", name);
	return 0;
}

static int end(render_t *r)
{
	if (xmlTextWriterEndElement(r->w) < 0)
		return fail(r, "out of memory closing an element");
	return 0;
}

static int text(render_t *r, const char *s)
{
	if (xmlTextWriterWriteString(r->w, BAD_CAST s) < 0)
		return fail(r, "out of memory writing text");
	return 0;
}

static int text_element(render_t *r, const char *name, const char *s)
{
	if (start(r, name) < 0 || text(r, s) < 0 || end(r) < 0)
		return -1;
	return 0;
}

/* Parameters that have their own contact attribute are not unknown-params. */
static int is_rfc3261_param(const char *name)
{
	return strcasecmp(name, "q") == 0 || strcasecmp(name, "expires") == 0;
}

static int render_params(render_t *r, const re_contact_t *c)
{
	size_t i;

	for (i = 0; i < c->nparams; i++) {
		const re_param_t *p = &c->params[i];

		if (need(r, p->name, "unknown-param name") < 0)
			return -1;
		if (p->name[0] == '\0')
			return fail(r, "contact %s has a parameter with an empty name", c->id);
		if (is_rfc3261_param(p->name))
			continue;
		if (p->value != NULL && check_text(r, p->value, "unknown-param value") < 0)
			return -1;
		if (start(r, "unknown-param") < 0 || attr(r, "name", p->name) < 0)
			return -1;
		if (p->value != NULL && p->value[0] != '\0' && text(r, p->value) < 0)
			return -1;
		if (end(r) < 0)
			return -1;
	}
	return 0;
}

static int render_gruus(render_t *r, const re_contact_t *c)
{
	if (c->pub_gruu != NULL) {
		if (check_text(r, c->pub_gruu, "pub-gruu") < 0 || start(r, "gr:pub-gruu") < 0 ||
		    attr(r, "uri", c->pub_gruu) < 0 || end(r) < 0)
			return -1;
	}
	if (c->temp_gruu != NULL) {
		if (check_text(r, c->temp_gruu, "temp-gruu") < 0 ||
		    start(r, "gr:temp-gruu") < 0 || attr(r, "uri", c->temp_gruu) < 0 ||
		    attr_u64(r, "first-cseq", c->temp_gruu_first_cseq) < 0 || end(r) < 0)
			return -1;
	}
	return 0;
}

/* The event written for c: the policy may report it under another name,
 * and must not suppress it. */
static int contact_event(render_t *r, const re_contact_t *c, re_event_t *out)
{
	re_event_t ev = c->event;

	if (re_event_name(ev) == NULL)
		return fail(r, "contact %s has no valid event", c->id);
	if (r->policy != NULL) {
		ev = re_policy_report_event(r->policy, c->event);
		if (ev == RE_EV_NONE)
			return fail(r, "contact %s: event \"%s\" is suppressed by profile %s",
				    c->id, re_event_name(c->event), r->policy->name);
	}
	if (re_event_resulting_state(ev) != c->state)
		return fail(r, "contact %s: event \"%s\" cannot leave the contact %s", c->id,
			    re_event_name(ev), re_contact_state_name(c->state));
	if (ev == RE_EV_SHORTENED && !(c->has_expires && (r->attrs & RE_ATTR_EXPIRES)))
		return fail(r, "contact %s: \"shortened\" requires expires", c->id);
	if (ev == RE_EV_PROBATION && !(c->has_retry_after && (r->attrs & RE_ATTR_RETRY_AFTER)))
		return fail(r, "contact %s: \"probation\" requires retry-after", c->id);
	*out = ev;
	return 0;
}

static int render_contact(render_t *r, const re_contact_t *c)
{
	unsigned a = r->attrs;
	re_event_t ev = RE_EV_NONE;

	if (need(r, c->id, "contact id") < 0 || need_uri(r, c->uri, "contact uri") < 0)
		return -1;
	if (contact_event(r, c, &ev) < 0)
		return -1;
	if (start(r, "contact") < 0 || attr(r, "id", c->id) < 0 ||
	    attr(r, "state", re_contact_state_name(c->state)) < 0 ||
	    attr(r, "event", re_event_name(ev)) < 0)
		return -1;
	if ((a & RE_ATTR_DURATION_REGISTERED) && c->has_duration_registered &&
	    attr_u64(r, "duration-registered", c->duration_registered) < 0)
		return -1;
	if ((a & RE_ATTR_EXPIRES) && c->has_expires && attr_u64(r, "expires", c->expires) < 0)
		return -1;
	if ((a & RE_ATTR_RETRY_AFTER) && c->has_retry_after &&
	    attr_u64(r, "retry-after", c->retry_after) < 0)
		return -1;
	if ((a & RE_ATTR_Q) && c->q != NULL &&
	    (check_text(r, c->q, "q") < 0 || attr(r, "q", c->q) < 0))
		return -1;
	if ((a & RE_ATTR_CALLID) && c->callid != NULL &&
	    (check_text(r, c->callid, "callid") < 0 || attr(r, "callid", c->callid) < 0))
		return -1;
	if ((a & RE_ATTR_CSEQ) && c->has_cseq && attr_u64(r, "cseq", c->cseq) < 0)
		return -1;

	if (text_element(r, "uri", c->uri) < 0)
		return -1;
	if ((a & RE_ATTR_DISPLAY_NAME) && c->display_name != NULL) {
		if (check_text(r, c->display_name, "display-name") < 0 ||
		    start(r, "display-name") < 0)
			return -1;
		if (c->display_name_lang != NULL &&
		    (check_text(r, c->display_name_lang, "xml:lang") < 0 ||
		     attr(r, "xml:lang", c->display_name_lang) < 0))
			return -1;
		if (text(r, c->display_name) < 0 || end(r) < 0)
			return -1;
	}
	if ((a & RE_ATTR_UNKNOWN_PARAM) && render_params(r, c) < 0)
		return -1;
	if ((a & RE_ATTR_GRUU) && render_gruus(r, c) < 0)
		return -1;
	return end(r);
}

static int render_registration(render_t *r, const re_registration_t *reg)
{
	size_t i;

	if (need(r, reg->aor, "registration aor") < 0 || need(r, reg->id, "registration id") < 0)
		return -1;
	if (re_reg_state_name(reg->state) == NULL)
		return fail(r, "registration %s has no valid state", reg->id);
	if (start(r, "registration") < 0 || attr(r, "aor", reg->aor) < 0 ||
	    attr(r, "id", reg->id) < 0 || attr(r, "state", re_reg_state_name(reg->state)) < 0)
		return -1;
	for (i = 0; i < reg->ncontacts; i++)
		if (render_contact(r, reg->contacts[i]) < 0)
			return -1;
	/* Extension elements come after the contacts (schema sequence). */
	if (reg->wildcard != NULL &&
	    (need_uri(r, reg->wildcard, "wildcardedIdentity") < 0 ||
	     text_element(r, "ere:wildcardedIdentity", reg->wildcard) < 0))
		return -1;
	return end(r);
}

static void namespaces_used(const re_reginfo_t *info, unsigned attrs, int *gruu, int *ere)
{
	size_t i, j;

	*gruu = *ere = 0;
	for (i = 0; i < info->nregs; i++) {
		const re_registration_t *reg = info->regs[i];

		if (reg->wildcard != NULL)
			*ere = 1;
		if (!(attrs & RE_ATTR_GRUU))
			continue;
		for (j = 0; j < reg->ncontacts; j++)
			if (reg->contacts[j]->pub_gruu != NULL ||
			    reg->contacts[j]->temp_gruu != NULL)
				*gruu = 1;
	}
}

static int render_document(render_t *r, const re_reginfo_t *info)
{
	int gruu, ere;
	size_t i;

	namespaces_used(info, r->attrs, &gruu, &ere);
	if (xmlTextWriterStartDocument(r->w, "1.0", "UTF-8", NULL) < 0)
		return fail(r, "out of memory starting the document");
	if (start(r, "reginfo") < 0 || attr(r, "xmlns", RE_NS_REGINFO) < 0)
		return -1;
	if (gruu && attr(r, "xmlns:gr", RE_NS_GRUU) < 0)
		return -1;
	if (ere && attr(r, "xmlns:ere", RE_NS_EXTREGEXP) < 0)
		return -1;
	if (attr_u64(r, "version", info->version) < 0 ||
	    attr(r, "state", info->full ? "full" : "partial") < 0)
		return -1;
	for (i = 0; i < info->nregs; i++)
		if (render_registration(r, info->regs[i]) < 0)
			return -1;
	if (end(r) < 0 || xmlTextWriterEndDocument(r->w) < 0)
		return fail(r, "out of memory ending the document");
	return 0;
}

int re_render(const re_reginfo_t *info, const re_policy_t *policy, char **body, size_t *len,
	      char *err, size_t errlen)
{
	render_t r = {NULL, policy ? policy->attrs : RE_ATTR_ALL, policy, err, errlen};
	xmlBufferPtr buf;
	int rc = -1;

	*body = NULL;
	*len = 0;
	buf = xmlBufferCreate();
	if (buf == NULL)
		return fail(&r, "out of memory");
	r.w = xmlNewTextWriterMemory(buf, 0);
	if (r.w == NULL) {
		xmlBufferFree(buf);
		return fail(&r, "out of memory");
	}
	xmlTextWriterSetIndent(r.w, 1);
	xmlTextWriterSetIndentString(r.w, BAD_CAST "  ");

	if (render_document(&r, info) == 0) {
		/* Freeing the writer flushes it into buf. */
		xmlFreeTextWriter(r.w);
		r.w = NULL;
		*len = (size_t)xmlBufferLength(buf);
		*body = malloc(*len + 1);
		if (*body != NULL) {
			memcpy(*body, xmlBufferContent(buf), *len);
			(*body)[*len] = '\0';
			rc = 0;
		} else {
			*len = 0;
			fail(&r, "out of memory");
		}
	}
	if (r.w != NULL)
		xmlFreeTextWriter(r.w);
	xmlBufferFree(buf);
	return rc;
}
