/*
 * reg_request.c - see reg_request.h.
 */
#include "config.h"

#include "scscf/registrar/reg_request.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* 1*DIGIT, clamped to UINT32_MAX (RFC 4475 scalar02: an overlarge expiry
 * may be taken as the largest).  false for anything else. */
static bool read_u32(const char *s, uint32_t *out)
{
	unsigned long long v = 0;
	const char *p;

	if (s == NULL || *s == '\0')
		return false;
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v < UINT32_MAX)
			v = v * 10 + (unsigned)(*p - '0');
	}
	*out = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	return true;
}

/* The scheme in lower case (RFC 3261 §19.1.4, RFC 3966 §3: it compares
 * without case), so that one IMPU has one spelling. */
static char *lower_scheme(char *s)
{
	size_t i;

	for (i = 0; s != NULL && s[i] != ':' && s[i] != '\0'; i++)
		s[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	return s;
}

/* The IMPU as TS 23.003 writes it: scheme:user@host for SIP (no port, no
 * parameters), the whole URI for tel; the scheme in lower case either way
 * (it was lowered for SIP only: "TEL:+1555" and "tel:+1555" were two). */
char *reg_impu_of_uri(const osip_uri_t *u)
{
	osip_uri_t *c = NULL;
	char *s = NULL, *out = NULL;
	bool tel;

	if (u == NULL || u->scheme == NULL)
		return NULL;
	tel = strcasecmp(u->scheme, "tel") == 0;
	if (!tel && ((strcasecmp(u->scheme, "sip") != 0 && strcasecmp(u->scheme, "sips") != 0) ||
		     u->host == NULL || u->host[0] == '\0'))
		return NULL;
	/* written back by libosip2, which escapes the user part again: it
	 * holds it unescaped, and "%00" would cut a C string short (RFC 4475
	 * escnull) */
	if (osip_uri_clone(u, &c) != 0)
		return NULL;
	if (!tel) {
		osip_free(c->port);
		c->port = NULL;
		osip_free(c->password);
		c->password = NULL;
		osip_uri_param_freelist(&c->url_params);
		osip_uri_header_freelist(&c->url_headers);
	}
	if (osip_uri_to_str(c, &s) == 0 && s != NULL)
		out = lower_scheme(strdup(s));
	osip_free(s);
	osip_uri_free(c);
	return out;
}

/* IMPI from an IMPU (TS 24.229 §5.4.1.2.1: scheme and parameters off). */
static char *impi_of(const char *impu)
{
	const char *colon = strchr(impu, ':');

	return strdup(colon != NULL ? colon + 1 : impu);
}

static int read_contact(const osip_contact_t *oc, reg_contact_t *c)
{
	char *uri = NULL;
	int i, n = osip_list_size(&oc->gen_params);

	if (osip_uri_to_str(oc->url, &uri) != 0 || uri == NULL)
		return -1;
	c->uri = strdup(uri);
	osip_free(uri);
	c->display_name = dup_or_null(oc->displayname);
	if (n > 0 && (c->params = calloc((size_t)n, sizeof(*c->params))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		const osip_generic_param_t *p = osip_list_get(&oc->gen_params, i);
		rs_param_t *dst = &c->params[c->nparams++];

		dst->name = strdup(p->gname != NULL ? p->gname : "");
		dst->value = dup_or_null(p->gvalue);
		if (dst->name == NULL || (p->gvalue != NULL && dst->value == NULL))
			return -1;
		/* a repeated parameter: the last one counts, as for reg-id and
		 * expires (the earlier copy was leaked before) */
		/* an empty +sip.instance names no instance (RFC 5626 §4.1 wants
		 * "<URN>"): the contact is keyed by its URI, not by "" that
		 * every such contact would share */
		if (strcasecmp(dst->name, "+sip.instance") == 0 && dst->value != NULL &&
		    dst->value[0] != '\0') {
			free(c->instance);
			c->instance = strdup(dst->value);
		} else if (strcasecmp(dst->name, "reg-id") == 0) {
			c->has_reg_id = read_u32(dst->value, &c->reg_id);
		} else if (strcasecmp(dst->name, "q") == 0 && dst->value != NULL) {
			free(c->q);
			c->q = strdup(dst->value);
		} else if (strcasecmp(dst->name, "expires") == 0) {
			c->has_expires = read_u32(dst->value, &c->expires);
		}
	}
	if (c->instance != NULL) {
		/* sized to fit: a fixed buffer cut long instances short, so two
		 * that differ only past its end shared one binding key */
		size_t len = strlen(c->instance) + sizeof(";reg-id=4294967295");

		if ((c->key = malloc(len)) != NULL) {
			if (c->has_reg_id)
				snprintf(c->key, len, "%s;reg-id=%u", c->instance, (unsigned)c->reg_id);
			else
				snprintf(c->key, len, "%s", c->instance);
		}
	} else {
		c->key = dup_or_null(c->uri); /* c->uri is NULL when out of memory */
	}
	return c->uri != NULL && c->key != NULL ? 0 : -1;
}

static bool has_tag(const osip_message_t *m, const char *tag)
{
	static const char *const names[] = {"supported", "k"};
	size_t i;

	for (i = 0; i < 2; i++) {
		osip_header_t *h = NULL;
		int pos = 0;

		while ((pos = osip_message_header_get_byname(m, names[i], pos, &h)) >= 0) {
			char buf[256], *save = NULL, *t;

			snprintf(buf, sizeof(buf), "%s", h->hvalue ? h->hvalue : "");
			for (t = strtok_r(buf, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save))
				if (strcasecmp(t, tag) == 0)
					return true;
			pos++;
		}
	}
	return false;
}

/* [MS-SIPREGE] §3.1.2.5.1: at most one Event header, "registration".
 * 0 without one, 1 with it, -1 for anything else. */
static int ms_event(const osip_message_t *m)
{
	static const char *const names[] = {"event", "o"};
	int found = 0;
	size_t i;

	for (i = 0; i < 2; i++) {
		osip_header_t *h = NULL;
		int pos = 0;

		while ((pos = osip_message_header_get_byname(m, names[i], pos, &h)) >= 0) {
			const char *v = h->hvalue != NULL ? h->hvalue : "";
			size_t n = strcspn(v, "; \t");

			if (found || n != strlen("registration") ||
			    strncasecmp(v, "registration", n) != 0)
				return -1;
			found = 1;
			pos++;
		}
	}
	return found;
}

static int fail(const char **reason, const char *why)
{
	*reason = why;
	return 400;
}

/* The IMPU from the To value as received: the URI (inside <> when there
 * are any, else up to the first ';'), in the form impu_of() gives, with the
 * user part's escapes kept.  NULL when the text is not a SIP or tel URI. */
static char *impu_of_text(const char *to)
{
	const char *lt = strchr(to, '<'), *start, *end, *colon, *at, *host, *h_end;
	char *out;
	size_t n;

	if (lt != NULL) {
		start = lt + 1;
		end = strchr(start, '>');
		if (end == NULL)
			return NULL;
	} else {
		start = to + strspn(to, " \t");
		end = start + strcspn(start, "; \t");
	}
	colon = memchr(start, ':', (size_t)(end - start));
	if (colon == NULL)
		return NULL;
	if ((size_t)(colon - start) == 3 && strncasecmp(start, "tel", 3) == 0) {
		n = (size_t)(end - start);
		out = malloc(n + 1);
		if (out != NULL) {
			memcpy(out, start, n);
			out[n] = '\0';
		}
		return lower_scheme(out);
	}
	if (!((colon - start == 3 && strncasecmp(start, "sip", 3) == 0) ||
	      (colon - start == 4 && strncasecmp(start, "sips", 4) == 0)))
		return NULL;
	/* sip:user[:password]@host[:port][;params][?headers] */
	at = memchr(colon, '@', (size_t)(end - colon));
	host = at != NULL ? at + 1 : colon + 1;
	if (*host == '[') {
		h_end = memchr(host, ']', (size_t)(end - host));
		h_end = h_end != NULL ? h_end + 1 : end;
	} else {
		h_end = host + strcspn(host, ":;?>");
		if (h_end > end)
			h_end = end;
	}
	n = (size_t)(colon - start) + 1 + (size_t)(h_end - host) + 1;
	if (at != NULL)
		n += (size_t)(at - colon) + 1;
	if (h_end == host || (out = malloc(n)) == NULL)
		return NULL;
	if (at != NULL) {
		const char *user = colon + 1, *pw = memchr(user, ':', (size_t)(at - user));
		size_t ulen = (size_t)((pw != NULL ? pw : at) - user);

		snprintf(out, n, "%.*s%.*s@%.*s", (int)(colon - start + 1), start, (int)ulen, user,
			 (int)(h_end - host), host);
	} else {
		snprintf(out, n, "%.*s%.*s", (int)(colon - start + 1), start, (int)(h_end - host),
			 host);
	}
	return lower_scheme(out);
}

/* Splits the joined Contact values at the commas outside quotes and
 * angle brackets; returns how many (at most max), each value trimmed. */
static size_t split_contacts(const char *s, const char *start[], size_t len[], size_t max)
{
	size_t n = 0;
	bool quoted = false;
	int angle = 0;
	const char *v = s, *p;

	for (p = s;; p++) {
		if (*p == '\0' || (*p == ',' && !quoted && angle == 0)) {
			const char *a = v, *b = p;

			while (a < b && (*a == ' ' || *a == '\t'))
				a++;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			if (n == max)
				return max + 1;
			start[n] = a;
			len[n++] = (size_t)(b - a);
			if (*p == '\0')
				return n;
			v = p + 1;
		} else if (*p == '"' && !(p > s && p[-1] == '\\')) {
			quoted = !quoted;
		} else if (!quoted && *p == '<') {
			angle++;
		} else if (!quoted && *p == '>' && angle > 0) {
			angle--;
		}
	}
}

/* The URI of one Contact value as received: inside <> when there are any,
 * else up to the first ';'. */
static char *contact_uri_text(const char *v, size_t len)
{
	const char *lt = memchr(v, '<', len), *gt, *end;
	char *out;

	if (lt != NULL) {
		gt = memchr(lt, '>', len - (size_t)(lt - v));
		if (gt == NULL)
			return NULL;
		v = lt + 1;
		end = gt;
	} else {
		end = memchr(v, ';', len);
		if (end == NULL)
			end = v + len;
	}
	if (end == v || (out = malloc((size_t)(end - v) + 1)) == NULL)
		return NULL;
	memcpy(out, v, (size_t)(end - v));
	out[end - v] = '\0';
	return out;
}

/* With the Contact values as received, take each URI (and the key made of
 * it) from the text, when they line up one for one with libosip2's list. */
static void contacts_from_text(reg_request_t *r, const char *joined)
{
	const char *start[REG_MAX_CONTACTS + 1];
	size_t len[REG_MAX_CONTACTS + 1], n, i, k = 0;

	n = split_contacts(joined, start, len, REG_MAX_CONTACTS + 1);
	if (n != r->ncontacts + (r->star ? 1 : 0))
		return;
	for (i = 0; i < n; i++) {
		reg_contact_t *c;
		char *uri;

		if (len[i] == 1 && start[i][0] == '*')
			continue;
		if (k == r->ncontacts)
			return;
		c = &r->contacts[k++];
		uri = contact_uri_text(start[i], len[i]);
		if (uri == NULL)
			continue;
		if (c->instance == NULL && c->key != NULL && strcmp(c->key, c->uri) == 0) {
			free(c->key);
			c->key = strdup(uri);
		}
		free(c->uri);
		c->uri = uri;
	}
}

int reg_request_read(const osip_message_t *m, const char *authorization, reg_request_t *r,
		     const char **reason)
{
	const reg_raw_t raw = {.authorization = authorization};

	return reg_request_read_raw(m, &raw, r, reason);
}

/* The IMPU (To), the credentials (Authorization) and the IMPI they give;
 * 0 or the status to answer with. */
static int read_identities(const osip_message_t *m, const reg_raw_t *raw, reg_request_t *r,
			   const char **reason)
{
	const char *authorization = raw != NULL ? raw->authorization : NULL;
	const char *to_raw = raw != NULL ? raw->to : NULL;

	r->impu = m->to != NULL ? reg_impu_of_uri(m->to->url) : NULL;
	if (r->impu != NULL && to_raw != NULL) {
		char *from_text = impu_of_text(to_raw);

		if (from_text != NULL) {
			free(r->impu);
			r->impu = from_text;
		}
	}
	if (r->impu == NULL)
		return fail(reason, "To must be a SIP or tel URI");
	if (authorization != NULL) {
		if (auth_creds_parse(authorization, strlen(authorization), &r->auth) != 0)
			return fail(reason, "Invalid Authorization");
		r->has_auth = r->auth.digest; /* another scheme is ignored (RFC 4475 regaut01) */
		if (r->has_auth && r->auth.username[0] == '\0')
			return fail(reason, "Authorization without username");
	}
	r->impi_given = r->has_auth;
	r->impi = r->has_auth ? strdup(r->auth.username) : impi_of(r->impu);
	return 0;
}

/* The Contact values ("*", or at most REG_MAX_CONTACTS bindings), after
 * Expires; 0 or the status to answer with. */
static int read_contacts(const osip_message_t *m, const reg_raw_t *raw, reg_request_t *r,
			 const char **reason)
{
	int i;

	for (i = 0; i < osip_list_size(&m->contacts); i++) {
		const osip_contact_t *oc = osip_list_get(&m->contacts, i);

		if (oc->url == NULL && oc->displayname != NULL && strcmp(oc->displayname, "*") == 0) {
			r->star = true;
			continue;
		}
		if (oc->url == NULL)
			return fail(reason, "Invalid Contact");
		if (r->ncontacts == REG_MAX_CONTACTS) {
			*reason = "Too Many Contacts";
			return 403;
		}
		if (read_contact(oc, &r->contacts[r->ncontacts++]) != 0)
			return fail(reason, "Invalid Contact");
	}
	/* RFC 3261 §10.3 step 6: "*" alone and with Expires: 0 */
	if (r->star && (r->ncontacts > 0 || !r->has_expires_hdr || r->expires_hdr != 0))
		return fail(reason, "Contact * needs Expires: 0 and no other Contact");
	if (raw != NULL && raw->contacts != NULL)
		contacts_from_text(r, raw->contacts);
	for (i = 0; i < (int)r->ncontacts; i++)
		if (r->contacts[i].uri == NULL || r->contacts[i].key == NULL)
			return fail(reason, "Out of memory");
	return 0;
}

int reg_request_read_raw(const osip_message_t *m, const reg_raw_t *raw, reg_request_t *r,
			 const char **reason)
{
	osip_header_t *h = NULL;
	char *s = NULL;
	int pos, rc;

	memset(r, 0, sizeof(*r));
	if ((rc = read_identities(m, raw, r, reason)) != 0)
		return rc;
	if (osip_call_id_to_str(m->call_id, &s) != 0 || s == NULL)
		return fail(reason, "Invalid Call-ID");
	r->callid = strdup(s);
	osip_free(s);
	if (m->cseq == NULL || !read_u32(m->cseq->number, &r->cseq))
		return fail(reason, "Invalid CSeq");
	if (osip_message_header_get_byname(m, "expires", 0, &h) >= 0) {
		r->has_expires_hdr = read_u32(h->hvalue, &r->expires_hdr);
		if (!r->has_expires_hdr) /* RFC 3261 §20.19: treat as absent? No: malformed */
			return fail(reason, "Invalid Expires");
	}
	if ((rc = read_contacts(m, raw, r, reason)) != 0)
		return rc;
	pos = 0;
	while ((pos = osip_message_header_get_byname(m, "path", pos, &h)) >= 0) {
		if (r->npath == REG_MAX_PATH)
			return fail(reason, "Too many Path values");
		r->path[r->npath++] = strdup(h->hvalue != NULL ? h->hvalue : "");
		pos++;
	}
	if (osip_message_header_get_byname(m, "user-agent", 0, &h) >= 0 && h->hvalue != NULL)
		r->user_agent = strdup(h->hvalue);
	r->sup_gruu = has_tag(m, "gruu");
	r->sup_outbound = has_tag(m, "outbound");
	r->sup_path = has_tag(m, "path");
	switch (ms_event(m)) {
	case -1:
		*reason = "Bad Event";
		return 489;
	case 1:
		r->ms_events = true;
		r->ms_survivable = has_tag(m, "ms-userservices-state-notification");
		break;
	}
	return r->impi != NULL && r->callid != NULL ? 0 : fail(reason, "Out of memory");
}

uint32_t reg_contact_expires(const reg_request_t *r, const reg_contact_t *c, uint32_t def)
{
	if (c != NULL && c->has_expires)
		return c->expires;
	if (r->has_expires_hdr)
		return r->expires_hdr;
	return def;
}

void reg_request_clear(reg_request_t *r)
{
	size_t i, j;

	free(r->impu);
	free(r->impi);
	free(r->callid);
	free(r->user_agent);
	for (i = 0; i < r->ncontacts; i++) {
		reg_contact_t *c = &r->contacts[i];

		free(c->uri);
		free(c->display_name);
		for (j = 0; j < c->nparams; j++) {
			free(c->params[j].name);
			free(c->params[j].value);
		}
		free(c->params);
		free(c->instance);
		free(c->q);
		free(c->key);
	}
	for (i = 0; i < r->npath; i++)
		free(r->path[i]);
	memset(r, 0, sizeof(*r));
}
