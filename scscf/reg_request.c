/*
 * reg_request.c - see reg_request.h.
 */
#include "config.h"

#include "reg_request.h"

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
static char *impu_of(const osip_uri_t *u)
{
	char *s = NULL, *out;
	size_t n;

	if (u == NULL || u->scheme == NULL)
		return NULL;
	if (strcasecmp(u->scheme, "tel") == 0) {
		if (osip_uri_to_str(u, &s) != 0 || s == NULL)
			return NULL;
		out = lower_scheme(strdup(s));
		osip_free(s);
		return out;
	}
	if ((strcasecmp(u->scheme, "sip") != 0 && strcasecmp(u->scheme, "sips") != 0) ||
	    u->host == NULL || u->host[0] == '\0')
		return NULL;
	n = strlen(u->scheme) + (u->username ? strlen(u->username) + 1 : 0) + strlen(u->host) + 2;
	out = malloc(n);
	if (out != NULL)
		snprintf(out, n, "%s:%s%s%s", u->scheme, u->username ? u->username : "",
			 u->username ? "@" : "", u->host);
	return lower_scheme(out);
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
		if (strcasecmp(dst->name, "+sip.instance") == 0 && dst->value != NULL) {
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

static int fail(const char **reason, const char *why)
{
	*reason = why;
	return 400;
}

int reg_request_read(const osip_message_t *m, const char *authorization, reg_request_t *r,
		     const char **reason)
{
	osip_header_t *h = NULL;
	char *s = NULL;
	int pos, i;

	memset(r, 0, sizeof(*r));
	r->impu = m->to != NULL ? impu_of(m->to->url) : NULL;
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
