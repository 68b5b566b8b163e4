/*
 * rs_uri.c - SIP URI equality (RFC 3261 §19.1.4), see rs_uri.h.  A URI is
 * cut into spans (scheme, userinfo, host, port, parameters, headers) and
 * the spans are compared with the section's rules; nothing is allocated.
 */
#include "config.h"

#include "scscf/store/rs_uri.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/macros.h"

typedef struct {
	const char *p;
	size_t n;
} span_t;

typedef struct {
	span_t scheme, user, host, port, params, headers;
	bool has_user, has_port;
} uri_parts_t;

static span_t span(const char *from, const char *to)
{
	return (span_t){from, (size_t)(to - from)};
}

/* scheme ":" [userinfo "@"] host [":" port] *(";" param) ["?" headers] */
static bool cut(const char *s, uri_parts_t *u)
{
	const char *colon = strchr(s, ':'), *at, *h, *p;

	memset(u, 0, sizeof(*u));
	if (colon == NULL)
		return false;
	u->scheme = span(s, colon);
	at = strchr(colon + 1, '@');
	h = colon + 1;
	if (at != NULL) {
		u->has_user = true;
		u->user = span(colon + 1, at);
		h = at + 1;
	}
	if (*h == '[') {
		p = strchr(h, ']');
		if (p == NULL)
			return false;
		p++;
	} else {
		p = h + strcspn(h, ":;?");
	}
	u->host = span(h, p);
	if (*p == ':') {
		u->has_port = true;
		u->port = span(p + 1, p + 1 + strcspn(p + 1, ";?"));
		p = u->port.p + u->port.n;
	}
	if (*p == ';') {
		u->params = span(p + 1, p + 1 + strcspn(p + 1, "?"));
		p = u->params.p + u->params.n;
	}
	if (*p == '?')
		u->headers = span(p + 1, p + strlen(p));
	return u->host.n > 0;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* The next character of a span with %XX decoded. */
static int next_char(const char **p, const char *end)
{
	const unsigned char *q = (const unsigned char *)*p;

	if (q[0] == '%' && end - *p >= 3 && isxdigit(q[1]) && isxdigit(q[2])) {
		*p += 3;
		return hexval(q[1]) * 16 + hexval(q[2]);
	}
	*p += 1;
	return q[0];
}

static bool span_eq(span_t a, span_t b, bool nocase)
{
	const char *pa = a.p, *ea = a.p + a.n, *pb = b.p, *eb = b.p + b.n;

	while (pa < ea && pb < eb) {
		int ca = next_char(&pa, ea), cb = next_char(&pb, eb);

		if (nocase ? tolower(ca) != tolower(cb) : ca != cb)
			return false;
	}
	return pa == ea && pb == eb;
}

/* One "name[=value]" item of a list separated by sep; false at the end. */
static bool next_item(span_t *list, char sep, span_t *name, span_t *value, bool *has_value)
{
	const char *p = list->p, *end = list->p + list->n, *item_end, *eq;

	if (list->p == NULL || list->n == 0)
		return false;
	item_end = memchr(p, sep, (size_t)(end - p));
	if (item_end == NULL)
		item_end = end;
	eq = memchr(p, '=', (size_t)(item_end - p));
	*has_value = eq != NULL;
	*name = span(p, eq != NULL ? eq : item_end);
	*value = eq != NULL ? span(eq + 1, item_end) : span(item_end, item_end);
	list->p = item_end < end ? item_end + 1 : end;
	list->n = (size_t)(end - list->p);
	return true;
}

static bool find_item(span_t list, char sep, span_t name, span_t *value, bool *has_value)
{
	span_t n;

	while (next_item(&list, sep, &n, value, has_value))
		if (span_eq(n, name, true))
			return true;
	return false;
}

/* A parameter in only one URI that makes them differ (§19.1.4). */
static bool must_be_in_both(span_t name)
{
	static const char *const names[] = {"user", "ttl", "method", "maddr", "transport"};
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (span_eq(name, span(names[i], names[i] + strlen(names[i])), true))
			return true;
	return false;
}

/* Every item of a found in b with the same value; for parameters (not
 * headers) an item missing from b matters only when must_be_in_both. */
static bool items_within(span_t a, span_t b, char sep, bool headers)
{
	span_t name, va, vb;
	bool ha, hb;

	while (next_item(&a, sep, &name, &va, &ha)) {
		if (!find_item(b, sep, name, &vb, &hb)) {
			if (headers || must_be_in_both(name))
				return false;
			continue;
		}
		if (ha != hb || !span_eq(va, vb, true))
			return false;
	}
	return true;
}

static bool is_sip(span_t scheme)
{
	static const char sip[] = "sip", sips[] = "sips";

	return span_eq(scheme, span(sip, &sip[3]), true) ||
	       span_eq(scheme, span(sips, &sips[4]), true);
}

bool rs_uri_equal(const char *a, const char *b)
{
	uri_parts_t ua, ub;
	bool ca, cb;

	if (a == NULL || b == NULL)
		return false;
	ca = cut(a, &ua);
	cb = cut(b, &ub);
	if (!ca || !cb || !is_sip(ua.scheme) || !is_sip(ub.scheme)) {
		const char *ra = strchr(a, ':'), *rb = strchr(b, ':');

		if (ra == NULL || rb == NULL)
			return strcmp(a, b) == 0;
		return span_eq(span(a, ra), span(b, rb), true) && strcmp(ra, rb) == 0;
	}
	return span_eq(ua.scheme, ub.scheme, true) && ua.has_user == ub.has_user &&
	       span_eq(ua.user, ub.user, false) && span_eq(ua.host, ub.host, true) &&
	       ua.has_port == ub.has_port && span_eq(ua.port, ub.port, false) &&
	       items_within(ua.params, ub.params, ';', false) &&
	       items_within(ub.params, ua.params, ';', false) &&
	       items_within(ua.headers, ub.headers, '&', true) &&
	       items_within(ub.headers, ua.headers, '&', true);
}
