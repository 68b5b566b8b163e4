/*
 * sip_check_parse.c - the shape of one SIP message, before its field
 * values: Content-Length framing, the start line (400, 505, 416), the
 * header section (lexical problems, the SC_MAX_* caps, duplicates,
 * Content-Type), a multipart body's part headers, and the parse by
 * libosip2, with a 400 naming the field it refuses when it fails.
 */
#include "config.h"

#include <stdlib.h>
#include <strings.h>

#include "scscf/sip/sip_check_internal.h"

/* ---- framing ---------------------------------------------------------- */

bool chk_digits(const char *p, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			v = UINT64_MAX;
		else
			v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*out = v;
	return true;
}

/* Decide the body length.  On UDP a missing Content-Length means the rest
 * of the datagram (RFC 3261 18.3) and bytes past it are ignored (RFC 4475
 * dblreq).  On a stream Content-Length is mandatory and the framing layer
 * has already cut the message by it, so a missing, malformed, conflicting
 * or overlong value means the stream's framing is lost: close it.  The same
 * value twice frames well but is still one field too many. */
const char *chk_frame(struct check *c)
{
	const char *why = NULL;
	uint64_t cl = 0, n = 0;
	size_t i, seen = 0;

	c->body_len = c->scan.body_len;
	for (i = 0; i < c->scan.nfields && why == NULL; i++) {
		const sc_field_t *f = &c->scan.fields[i];

		if (f->kind != SC_H_CONTENT_LENGTH)
			continue;
		if (!chk_digits(field_text(c, f), f->value_len, &n))
			why = "Invalid Content-Length";
		else if (seen++ > 0 && n != cl)
			why = "Conflicting Content-Length";
		cl = n;
	}
	if (why == NULL && seen != c->scan.count[SC_H_CONTENT_LENGTH])
		why = "Invalid Content-Length"; /* one the scanner refused */
	if (why == NULL && seen == 0 && c->opts->is_stream)
		why = "Missing Content-Length";
	if (why == NULL && seen > 0 && cl > c->scan.body_len)
		why = "Content-Length exceeds body";
	if (why != NULL) {
		c->close = c->opts->is_stream;
		return why;
	}
	if (seen > 0)
		c->body_len = (size_t)cl;
	return seen > 1 ? "Duplicate Content-Length" : NULL;
}

/* ---- start line and header section ------------------------------------ */

bool chk_start(struct check *c)
{
	const sc_start_t *st = &c->start;
	static const char *const schemes[] = {"sip", "sips", "tel", NULL};
	const char *const *s;

	if (st->problem != NULL)
		return fail(c, 400, st->problem);
	if (!st->version_2_0)
		return fail(c, 505, "Version Not Supported");
	if (st->is_response)
		return false;
	for (s = schemes; *s != NULL; s++)
		if (st->scheme_len == strlen(*s) && strncasecmp(st->uri, *s, st->scheme_len) == 0)
			return false;
	return fail(c, 416, "Unsupported URI Scheme");
}

bool chk_header_section(struct check *c)
{
	int k;

	if (c->scan.problem != NULL)
		return fail(c, 400, c->scan.problem);
	if (c->framing != NULL)
		return fail(c, 400, c->framing);
	for (k = SC_H_OTHER + 1; k < SC_H_COUNT; k++)
		if (sc_hkind_single((sc_hkind_t)k) && c->scan.count[k] > 1)
			return fail_field(c, "Duplicate", (sc_hkind_t)k);
	/* RFC 3261 20.15: a non-empty body needs a Content-Type. */
	if (c->body_len > 0 && c->scan.count[SC_H_CONTENT_TYPE] == 0)
		return fail(c, 400, "Missing Content-Type");
	return false;
}

/* ---- libosip2 --------------------------------------------------------- */

static bool has_ci(const char *p, size_t len, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp(p + i, word, n) == 0)
			return true;
	return false;
}

/* libosip2 5.3 leaks the first Content-Type of a MIME part that has two
 * (osip_body_set_contenttype() overwrites it).  Its part headers end at an
 * empty line (CR, LF or CRLF ends a line), so refuse a multipart body in
 * which one run of non-empty lines says "content-type" twice: that covers
 * every part header block, whatever the boundary. */
static bool mime_headers_ok(const char *p, size_t len)
{
	size_t i = 0, seen = 0;

	while (i < len) {
		if (p[i] == '\r' || p[i] == '\n') {
			size_t run = 0;

			while (i + run < len && (p[i + run] == '\r' || p[i + run] == '\n'))
				run++;
			if (!(run == 1 || (run == 2 && p[i] == '\r' && p[i + 1] == '\n')))
				seen = 0;
			i += run;
			continue;
		}
		if (len - i >= 12 && strncasecmp(p + i, "content-type", 12) == 0 && ++seen > 1)
			return false;
		i++;
	}
	return true;
}

bool chk_body(struct check *c)
{
	const sc_field_t *ct = first_field(c, SC_H_CONTENT_TYPE);

	if (ct != NULL && has_ci(field_text(c, ct), ct->value_len, "multipart") &&
	    !mime_headers_ok(c->scan.in + c->scan.body_off, c->body_len))
		return fail(c, 400, "Malformed message body");
	return false;
}

static char *lower_copy(const char *p, size_t len)
{
	char *s = malloc(len + 1);
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		s[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] | 0x20 : p[i]);
	s[len] = '\0';
	return s;
}

/* Give one field to libosip2 on its own: 0 when it takes it. */
static int try_field(osip_message_t *m, const sc_scan_t *s, const sc_field_t *f)
{
	char *name = lower_copy(s->norm + f->name_off, f->name_len);
	char *value = f->value_len > 0 ? sc_field_value(s, f) : NULL;
	int rc = -1;

	if (name != NULL && (f->value_len == 0 || value != NULL))
		rc = osip_message_set_multiple_header(m, name, value);
	free(name);
	free(value);
	return rc;
}

static bool uri_parses(const char *p, size_t len)
{
	char *text = malloc(len + 1);
	osip_uri_t *uri = NULL;
	int rc = -1;

	if (text != NULL && osip_uri_init(&uri) == 0) {
		memcpy(text, p, len);
		text[len] = '\0';
		rc = osip_uri_parse(uri, text);
	}
	osip_uri_free(uri);
	free(text);
	return rc == 0;
}

/* libosip2 refused the message and says only that: find what it refuses
 * by giving it one field at a time, then the Request-URI. */
static bool diagnose(struct check *c)
{
	osip_message_t *m;
	size_t i;

	if (osip_message_init(&m) != 0)
		return fail(c, 400, "Malformed message");
	for (i = 0; i < c->scan.nfields; i++) {
		if (try_field(m, &c->scan, &c->scan.fields[i]) != 0) {
			osip_message_free(m);
			return fail_field(c, "Invalid", c->scan.fields[i].kind);
		}
	}
	osip_message_free(m);
	if (!c->start.is_response && !uri_parses(c->start.uri, c->start.uri_len))
		return fail(c, 400, "Invalid Request-URI");
	return fail(c, 400, "Malformed message body");
}

bool chk_parse(struct check *c)
{
	osip_message_t *m;

	if (sc_scan_finish(&c->scan, c->body_len) < 0 || osip_message_init(&m) != 0) {
		c->drop_only = true;
		return fail(c, 0, "Out of memory");
	}
	if (osip_message_parse(m, c->scan.norm, c->scan.norm_len) != 0) {
		osip_message_free(m);
		return diagnose(c);
	}
	c->msg = m;
	return false;
}
