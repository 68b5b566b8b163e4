/*
 * sip_check_scan.c - see sip_check_scan.h: the start line, the header
 * fields (unfolded, with their NULs, control characters and broken names
 * found) and the body of one raw SIP message.
 */
#include "config.h"

#include "scscf/sip/sip_check_scan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	char compact; /* RFC 3261 7.3.3 / IANA compact form, or 0 */
	bool single;  /* at most one such field per message */
} kinds[SC_H_COUNT] = {
	[SC_H_OTHER] = {NULL, 0, false},
	[SC_H_VIA] = {"Via", 'v', false},
	[SC_H_FROM] = {"From", 'f', true},
	[SC_H_TO] = {"To", 't', true},
	[SC_H_CALL_ID] = {"Call-ID", 'i', true},
	[SC_H_CSEQ] = {"CSeq", 0, true},
	[SC_H_MAX_FORWARDS] = {"Max-Forwards", 0, true},
	[SC_H_CONTENT_LENGTH] = {"Content-Length", 'l', true},
	[SC_H_CONTENT_TYPE] = {"Content-Type", 'c', true},
	[SC_H_MIME_VERSION] = {"MIME-Version", 0, true},
	[SC_H_CONTACT] = {"Contact", 'm', false},
	[SC_H_ROUTE] = {"Route", 0, false},
	[SC_H_RECORD_ROUTE] = {"Record-Route", 0, false},
	[SC_H_REQUIRE] = {"Require", 0, false},
	[SC_H_PROXY_REQUIRE] = {"Proxy-Require", 0, false},
	[SC_H_ACCEPT] = {"Accept", 0, false},
	[SC_H_ACCEPT_ENCODING] = {"Accept-Encoding", 0, false},
	[SC_H_ACCEPT_LANGUAGE] = {"Accept-Language", 0, false},
	[SC_H_ALERT_INFO] = {"Alert-Info", 0, false},
	[SC_H_ALLOW] = {"Allow", 0, false},
	[SC_H_AUTHENTICATION_INFO] = {"Authentication-Info", 0, false},
	[SC_H_AUTHORIZATION] = {"Authorization", 0, false},
	[SC_H_CALL_INFO] = {"Call-Info", 0, false},
	[SC_H_CONTENT_ENCODING] = {"Content-Encoding", 'e', false},
	[SC_H_ERROR_INFO] = {"Error-Info", 0, false},
	[SC_H_PROXY_AUTHENTICATE] = {"Proxy-Authenticate", 0, false},
	[SC_H_PROXY_AUTHENTICATION_INFO] = {"Proxy-Authentication-Info", 0, false},
	[SC_H_PROXY_AUTHORIZATION] = {"Proxy-Authorization", 0, false},
	[SC_H_WWW_AUTHENTICATE] = {"WWW-Authenticate", 0, false},
};

const char *sc_hkind_name(sc_hkind_t kind)
{
	return kind < SC_H_COUNT ? kinds[kind].name : NULL;
}

bool sc_hkind_single(sc_hkind_t kind)
{
	return kind < SC_H_COUNT && kinds[kind].single;
}

static sc_hkind_t kind_of(const char *name, size_t len)
{
	int k;

	for (k = SC_H_OTHER + 1; k < SC_H_COUNT; k++) {
		if (len == 1 && kinds[k].compact != 0 && (name[0] | 0x20) == kinds[k].compact)
			return (sc_hkind_t)k;
		if (strlen(kinds[k].name) == len && strncasecmp(kinds[k].name, name, len) == 0)
			return (sc_hkind_t)k;
	}
	return SC_H_OTHER;
}

bool sc_is_token_char(unsigned char ch)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
		return true;
	return ch != '\0' && strchr("-.!%*_+`'~", ch) != NULL;
}

bool sc_is_token(const char *p, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (!sc_is_token_char((unsigned char)p[i]))
			return false;
	return true;
}

/* norm has room for everything sc_scan() writes (see its sizing), so
 * put() never grows it. */
static void put(sc_scan_t *s, const void *p, size_t n)
{
	memcpy(s->norm + s->norm_len, p, n);
	s->norm_len += n;
}

static void putc_norm(sc_scan_t *s, char ch)
{
	s->norm[s->norm_len++] = ch;
}

static int problem(sc_scan_t *s, const char *why)
{
	if (s->problem == NULL)
		s->problem = why;
	return -1;
}

/* Bound what libosip2 will put in lists (see SC_MAX_*): every ',' outside
 * quotes may start a value; the ';' of one value (a ',' inside <> does not
 * end it) go into one parameter list. */
static int count_lists(sc_scan_t *s, unsigned char ch, size_t *angle, size_t *params)
{
	if (ch == '<')
		(*angle)++;
	else if (ch == '>' && *angle > 0)
		(*angle)--;
	else if (ch == ';' && ++*params > SC_MAX_PARAMS)
		return problem(s, "Too many parameters");
	if (ch == ',') {
		if (++s->nvalues > SC_MAX_VALUES)
			return problem(s, "Too many values");
		if (*angle == 0)
			*params = 0;
	}
	return 0;
}

/* Copy the value [p, q) into norm: leading and trailing whitespace dropped,
 * each fold (CRLF or LF, then SP/HT) turned into one SP.  Control
 * characters are refused except as a quoted-pair inside a quoted-string,
 * where RFC 3261 25.1 allows them; an escaped NUL, which no C string can
 * carry, is written as '?'. */
static int put_value(sc_scan_t *s, const char *p, const char *q)
{
	size_t start = s->norm_len, kept = s->norm_len, params = 0, angle = 0;
	bool quoted = false, escaped = false;
	const char *x;

	s->nvalues++;

	for (x = p; x < q; x++) {
		unsigned char ch = (unsigned char)*x;

		if (ch == '\r' || ch == '\n') {
			if (ch == '\r' && (x + 1 == q || x[1] != '\n'))
				return problem(s, "Malformed header field");
			if (escaped)
				return problem(s, "Malformed header field");
			if (ch == '\r')
				x++;
			while (x + 1 < q && (x[1] == ' ' || x[1] == '\t'))
				x++;
			/* LWS = [*WSP CRLF] 1*WSP: all of it becomes one SP */
			s->norm_len = kept;
			if (s->norm_len > start)
				putc_norm(s, ' ');
			continue;
		}
		if (escaped) {
			escaped = false;
			putc_norm(s, ch == '\0' ? '?' : (char)ch);
			kept = s->norm_len;
			continue;
		}
		if (ch == '"')
			quoted = !quoted;
		else if (quoted && ch == '\\')
			escaped = true;
		else if (ch == '\0')
			return problem(s, "NUL in header");
		else if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return problem(s, "Control character in header");
		else if (!quoted && count_lists(s, ch, &angle, &params) < 0)
			return -1;
		if (ch == ' ' || ch == '\t') {
			if (s->norm_len > start)
				putc_norm(s, (char)ch);
			continue;
		}
		putc_norm(s, (char)ch);
		kept = s->norm_len;
	}
	s->norm_len = kept;
	return 0;
}

/* One header field: [p, q) runs from its name to the end of its last
 * continuation line, without that line's CRLF. */
static void add_field(sc_scan_t *s, const char *p, const char *q)
{
	size_t mark = s->norm_len;
	const char *n = p, *c;
	sc_field_t *f;

	while (n < q && sc_is_token_char((unsigned char)*n))
		n++;
	c = n;
	while (c < q && (*c == ' ' || *c == '\t'))
		c++;
	if (n == p || c == q || *c != ':') {
		problem(s, c < q && *c == '\0' ? "NUL in header" : "Malformed header field");
		return;
	}
	if (s->nfields == SC_MAX_FIELDS)
		problem(s, "Too many header fields"); /* kept: for the framing and a reply */
	f = &s->fields[s->nfields];
	f->kind = kind_of(p, (size_t)(n - p));
	s->count[f->kind]++;
	f->name_off = s->norm_len;
	f->name_len = (size_t)(n - p);
	put(s, p, f->name_len);
	put(s, ": ", 2);
	f->value_off = s->norm_len;
	if (put_value(s, c + 1, q) < 0) {
		s->norm_len = mark;
		return;
	}
	f->value_len = s->norm_len - f->value_off;
	put(s, "\r\n", 2);
	s->nfields++;
}

/* Drop the line end (LF or CRLF) from the end of [p, q). */
static const char *strip_eol(const char *p, const char *q)
{
	if (q > p && q[-1] == '\n')
		q--;
	if (q > p && q[-1] == '\r')
		q--;
	return q;
}

static bool is_empty_line(const char *p, const char *eol)
{
	return p == eol || (eol - p == 1 && *p == '\r');
}

/* Find the empty line that ends the header section [head, *hend); set the
 * body.  Without one, the section runs to the end and there is no body. */
static size_t header_section(sc_scan_t *s, const char *head, const char **hend)
{
	const char *end = s->in + s->in_len, *p = head;
	size_t lines = 0;

	while (p < end) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		const char *eol = lf != NULL ? lf : end;

		if (is_empty_line(p, eol)) {
			*hend = p;
			s->body_off = (size_t)((lf != NULL ? lf + 1 : end) - s->in);
			s->body_len = s->in_len - s->body_off;
			return lines;
		}
		lines++;
		p = lf != NULL ? lf + 1 : end;
	}
	*hend = end;
	s->body_off = s->in_len;
	s->body_len = 0;
	return lines;
}

static void scan_fields(sc_scan_t *s, const char *head, const char *hend)
{
	const char *p, *field = NULL;

	for (p = head; p < hend;) {
		const char *lf = memchr(p, '\n', (size_t)(hend - p));
		const char *next = lf != NULL ? lf + 1 : hend;

		if (*p == ' ' || *p == '\t') {
			if (field == NULL)
				problem(s, "Malformed header field");
		} else {
			if (field != NULL)
				add_field(s, field, strip_eol(field, p));
			field = p;
		}
		p = next;
	}
	if (field != NULL)
		add_field(s, field, strip_eol(field, hend));
}

int sc_scan(sc_scan_t *s, const char *buf, size_t len)
{
	const char *lf, *head, *hend;
	size_t lines;

	memset(s, 0, sizeof(*s));
	while (len > 0 && (*buf == '\r' || *buf == '\n'))
		buf++, len--;
	s->in = buf;
	s->in_len = len;
	lf = memchr(buf, '\n', len);
	s->start = buf;
	s->start_has_eol = lf != NULL;
	s->start_len = lf != NULL ? (size_t)(lf - buf) : len;
	if (lf != NULL && s->start_len > 0 && buf[s->start_len - 1] == '\r')
		s->start_len--;
	head = lf != NULL ? lf + 1 : buf + len;
	lines = header_section(s, head, &hend);

	/* Each field grows by at most 2 bytes (": " and CRLF for ":" and LF). */
	s->norm_cap = s->start_len + 2 + 2 * (size_t)(hend - head) + 8;
	s->norm = malloc(s->norm_cap);
	s->fields = calloc(lines + 1, sizeof(*s->fields));
	if (s->norm == NULL || s->fields == NULL) {
		sc_scan_free(s);
		return -1;
	}
	put(s, s->start, s->start_len);
	/* libosip2 tells a response by a case-sensitive "SIP/". */
	if (s->start_len >= 4 && strncasecmp(s->start, "SIP/", 4) == 0)
		memcpy(s->norm, "SIP/", 4);
	put(s, "\r\n", 2);
	scan_fields(s, head, hend);
	s->norm[s->norm_len] = '\0';
	return 0;
}

int sc_scan_finish(sc_scan_t *s, size_t body_len)
{
	size_t need = s->norm_len + 2 + body_len + 1;

	if (body_len > s->body_len)
		return -1;
	if (need > s->norm_cap) {
		char *n = realloc(s->norm, need);

		if (n == NULL)
			return -1;
		s->norm = n;
		s->norm_cap = need;
	}
	put(s, "\r\n", 2);
	put(s, s->in + s->body_off, body_len);
	s->norm[s->norm_len] = '\0';
	return 0;
}

void sc_scan_free(sc_scan_t *s)
{
	free(s->norm);
	free(s->fields);
	s->norm = NULL;
	s->fields = NULL;
	s->nfields = 0;
	s->norm_len = s->norm_cap = 0;
}

char *sc_field_value(const sc_scan_t *s, const sc_field_t *f)
{
	char *v = malloc(f->value_len + 1);

	if (v != NULL) {
		memcpy(v, s->norm + f->value_off, f->value_len);
		v[f->value_len] = '\0';
	}
	return v;
}

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT */
static bool version_shape(const char *p, size_t len, bool *is_2_0)
{
	size_t i = 4, major, minor;

	*is_2_0 = false;
	if (len < 7 || strncasecmp(p, "SIP/", 4) != 0)
		return false;
	for (major = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++)
		major++;
	if (major == 0 || i == len || p[i] != '.')
		return false;
	for (i++, minor = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++)
		minor++;
	if (minor == 0 || i != len)
		return false;
	*is_2_0 = len == 7 && memcmp(p + 4, "2.0", 3) == 0;
	return true;
}

static void parse_status_line(const char *p, size_t len, sc_start_t *st)
{
	const char *sp = memchr(p, ' ', len);
	size_t vlen, i;

	st->problem = "Malformed Status-Line";
	if (sp == NULL)
		return;
	vlen = (size_t)(sp - p);
	st->version = p;
	st->version_len = vlen;
	if (!version_shape(p, vlen, &st->version_2_0))
		return;
	/* SP 3DIGIT SP, then the reason phrase: any text but controls */
	if (len < vlen + 5 || p[vlen + 4] != ' ')
		return;
	for (i = vlen + 1; i < vlen + 4; i++) {
		if (p[i] < '0' || p[i] > '9')
			return;
		st->status = st->status * 10 + (p[i] - '0');
	}
	for (i = vlen + 5; i < len; i++) {
		unsigned char ch = (unsigned char)p[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return;
	}
	if (st->status < 100 || st->status > 699)
		return;
	st->problem = NULL;
}

/* RFC 3986 leaves these out of URIs; they must arrive %-escaped. */
static bool uri_char(unsigned char ch)
{
	return ch > 0x20 && ch < 0x7f && strchr("<>\"{}|\\^`", ch) == NULL;
}

static size_t scheme_len(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || !((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z'))
		return 0;
	for (i = 1; i < len; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == ':')
			return i;
		if (!((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') && !(ch >= '0' && ch <= '9') &&
		    ch != '+' && ch != '-' && ch != '.')
			return 0;
	}
	return 0;
}

static void parse_request_line(const char *p, size_t len, sc_start_t *st)
{
	const char *end = p + len, *sp1, *sp2;
	size_t i, params;

	st->problem = "Malformed Request-Line";
	sp1 = memchr(p, ' ', len);
	if (sp1 == NULL)
		return;
	st->method = p;
	st->method_len = (size_t)(sp1 - p);
	if (!sc_is_token(p, st->method_len))
		return;
	sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	if (sp2 == NULL || sp2 == sp1 + 1)
		return;
	st->uri = sp1 + 1;
	st->uri_len = (size_t)(sp2 - st->uri);
	st->version = sp2 + 1;
	st->version_len = (size_t)(end - st->version);
	if (!version_shape(st->version, st->version_len, &st->version_2_0))
		return;
	st->problem = "Invalid Request-URI";
	for (i = 0; i < st->uri_len; i++)
		if (!uri_char((unsigned char)st->uri[i]))
			return;
	st->scheme_len = scheme_len(st->uri, st->uri_len);
	if (st->scheme_len == 0)
		return;
	st->problem = "Too many parameters";
	for (i = 0, params = 0; i < st->uri_len; i++)
		if (st->uri[i] == ';' && ++params > SC_MAX_PARAMS)
			return;
	st->problem = NULL;
}

void sc_parse_start(const sc_scan_t *s, sc_start_t *st)
{
	memset(st, 0, sizeof(*st));
	st->is_response = s->start_len >= 4 && strncasecmp(s->start, "SIP/", 4) == 0;
	if (st->is_response)
		parse_status_line(s->start, s->start_len, st);
	else
		parse_request_line(s->start, s->start_len, st);
	if (st->problem == NULL && !s->start_has_eol)
		st->problem = st->is_response ? "Malformed Status-Line" : "Malformed Request-Line";
}
