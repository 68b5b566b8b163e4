/*
 * subscribers.c - the subscriber file parser (see subscribers.h and
 * doc/HSS-SIM.md for the format).
 *
 * Defences, in the order they act: the byte limit (before libxml2 sees
 * anything); libxml2 through xml_strict_read() (UTF-8 forced, no network,
 * the parse stopped at any DTD or entity declaration, depth and element
 * count bounded); then this walk: only known elements and attributes, each
 * attribute bounded and checked (hex lengths, enumerations, identities
 * without white space or control bytes), at most max_subscribers, and each
 * IMSSubscription re-parsed by the User-Data parser under its own limits.
 */
#include "config.h"

#include "subscribers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "scscf/base/xml_strict.h"

const hss_subs_limits_t hss_subs_default_limits = {
	.max_bytes = 64u * 1024 * 1024,
	.max_depth = 32,
	.max_elements = 4000000,
	.max_subscribers = 100000,
	.max_attr = 1024,
	.profile = {
		.max_bytes = 256 * 1024,
		.max_depth = 24,
		.max_elements = 20000,
		.max_text = 8192,
		.max_profiles = 64,
		.max_identities = 1024,
		.max_ifcs = 128,
		.max_spts = 64,
		.max_groups = 16,
		.max_shared_sets = 64,
		.max_wildcard_len = 256,
	},
};

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define DEFAULT_SQN_STEP 32
#define MAX_SQN_STEP 1000000

typedef struct {
	const hss_subs_limits_t *lim;
	char *err;
	size_t errlen;
	xmlDocPtr doc;
} ctx_t;

static int fail(ctx_t *c, const xmlNode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "line N: " + the message; always returns -1. */
static int fail(ctx_t *c, const xmlNode *at, const char *fmt, ...)
{
	va_list ap;
	int off = 0;

	if (c->err == NULL || c->errlen == 0)
		return -1;
	if (at != NULL)
		off = snprintf(c->err, c->errlen, "line %ld: ", xmlGetLineNo(at));
	if (off < 0 || (size_t)off >= c->errlen)
		off = 0;
	va_start(ap, fmt);
	vsnprintf(c->err + off, c->errlen - (size_t)off, fmt, ap);
	va_end(ap);
	return -1;
}

/* --- small helpers ------------------------------------------------------- */

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Exactly 2n hex digits into n bytes. */
static int parse_hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* An identity or realm: not empty, no white space, no control bytes. */
static bool is_token(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == '\0')
		return false;
	for (; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}

static bool xml_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static const struct {
	const char *file, *cx;
	unsigned bit;
} schemes[] = {
	{"Digest-AKAv1-MD5", "Digest-AKAv1-MD5", HSS_SCHEME_AKA},
	{"SIP-Digest", "SIP Digest", HSS_SCHEME_SIP_DIGEST},
};

const char *hss_scheme_cx_name(unsigned scheme)
{
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (schemes[i].bit == scheme)
			return schemes[i].cx;
	return "?";
}

unsigned hss_scheme_from_cx(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strlen(schemes[i].cx) == len && strncasecmp(schemes[i].cx, name, len) == 0)
			return schemes[i].bit;
	return 0;
}

/* A scheme name as the file spells it (either spelling accepted). */
static unsigned scheme_from_file(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strlen(schemes[i].file) == len && strncasecmp(schemes[i].file, name, len) == 0)
			return schemes[i].bit;
	return hss_scheme_from_cx(name, len);
}

/* --- attributes ------------------------------------------------------------ */

/*
 * Check that every attribute of e is one of names (NULL-terminated) and
 * fetch their values into vals (malloc'd, NULL when absent), each at most
 * max_attr bytes.  On error everything fetched is freed.
 */
static int get_attrs(ctx_t *c, const xmlNode *e, const char *const *names, char **vals)
{
	const xmlAttr *a;
	size_t i, n;

	for (n = 0; names[n] != NULL; n++)
		vals[n] = NULL;
	for (a = e->properties; a != NULL; a = a->next) {
		for (i = 0; i < n; i++)
			if (a->ns == NULL && strcmp((const char *)a->name, names[i]) == 0)
				break;
		if (i == n) {
			fail(c, e, "<%s> has an unknown attribute '%s'", e->name, a->name);
			goto bad;
		}
		/* a name is unique per element (libxml2 refuses a repeat) */
		vals[i] = (char *)xmlNodeListGetString(c->doc, a->children, 1);
		if (vals[i] == NULL)
			vals[i] = (char *)xmlStrdup((const xmlChar *)"");
		if (vals[i] == NULL) {
			fail(c, e, "out of memory");
			goto bad;
		}
		if (strlen(vals[i]) > c->lim->max_attr) {
			fail(c, e, "<%s> attribute '%s' is longer than %zu bytes", e->name, a->name,
			     c->lim->max_attr);
			goto bad;
		}
	}
	return 0;
bad:
	for (i = 0; i < n; i++) {
		xmlFree(vals[i]);
		vals[i] = NULL;
	}
	return -1;
}

static void free_attrs(char **vals, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		xmlFree(vals[i]);
}

/* malloc'd copy (the model is freed with free(), not xmlFree()). */
static char *dup_str(ctx_t *c, const xmlNode *at, const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		fail(c, at, "out of memory");
	return d;
}

/* --- <digest> and <aka> ---------------------------------------------------- */

static int parse_digest(ctx_t *c, const xmlNode *e, hss_subscriber_t *s)
{
	static const char *const names[] = {"password", "realm", NULL};
	char *v[2];
	const char *at;
	int rc = -1;

	if (get_attrs(c, e, names, v) != 0)
		return -1;
	if (v[0] == NULL) {
		fail(c, e, "<digest> needs a password attribute");
		goto out;
	}
	if (v[1] != NULL && !is_token(v[1])) {
		fail(c, e, "<digest> realm must be a non-empty token without white space");
		goto out;
	}
	if (v[1] == NULL) {
		/* default: the IMPI's domain, the text after its last '@' */
		at = strrchr(s->impi, '@');
		if (at == NULL || at[1] == '\0') {
			fail(c, e, "<digest> needs a realm attribute (the IMPI has no domain)");
			goto out;
		}
		s->realm = dup_str(c, e, at + 1);
	} else {
		s->realm = dup_str(c, e, v[1]);
	}
	s->password = dup_str(c, e, v[0]);
	if (s->realm == NULL || s->password == NULL)
		goto out;
	s->has_digest = true;
	rc = 0;
out:
	free_attrs(v, 2);
	return rc;
}

/* 1 to 12 hex digits (48 bits). */
static int parse_sqn(const char *str, uint64_t *out)
{
	uint64_t v = 0;
	size_t i, n = strlen(str);

	if (n == 0 || n > 12)
		return -1;
	for (i = 0; i < n; i++) {
		int d = hexval(str[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* 1..max in decimal, digits only. */
static int parse_uint(const char *str, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (*str == '\0' || strlen(str) > 9)
		return -1;
	for (p = str; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_aka(ctx_t *c, const xmlNode *e, hss_subscriber_t *s)
{
	static const char *const names[] = {"k", "op", "opc", "amf", "sqn", "sqn-step", NULL};
	enum { K, OP, OPC, AMF, SQN, STEP, N };
	char *v[N];
	unsigned long step = DEFAULT_SQN_STEP;
	int rc = -1;

	if (get_attrs(c, e, names, v) != 0)
		return -1;
	if (v[K] == NULL || parse_hex(v[K], s->k, 16) != 0) {
		fail(c, e, "<aka> k must be 32 hex digits");
		goto out;
	}
	if ((v[OP] == NULL) == (v[OPC] == NULL)) {
		fail(c, e, "<aka> needs exactly one of op and opc");
		goto out;
	}
	if (parse_hex(v[OP] != NULL ? v[OP] : v[OPC], s->op, 16) != 0) {
		fail(c, e, "<aka> %s must be 32 hex digits", v[OP] != NULL ? "op" : "opc");
		goto out;
	}
	s->op_is_opc = v[OPC] != NULL;
	s->amf[0] = 0x80;
	s->amf[1] = 0x00;
	if (v[AMF] != NULL && parse_hex(v[AMF], s->amf, 2) != 0) {
		fail(c, e, "<aka> amf must be 4 hex digits");
		goto out;
	}
	s->sqn = 0;
	if (v[SQN] != NULL && parse_sqn(v[SQN], &s->sqn) != 0) {
		fail(c, e, "<aka> sqn must be 1 to 12 hex digits");
		goto out;
	}
	if (v[STEP] != NULL && (parse_uint(v[STEP], MAX_SQN_STEP, &step) != 0 || step == 0)) {
		fail(c, e, "<aka> sqn-step must be a number from 1 to %d", MAX_SQN_STEP);
		goto out;
	}
	s->sqn_step = step;
	s->has_aka = true;
	rc = 0;
out:
	free_attrs(v, N);
	return rc;
}

/* --- <IMSSubscription> ----------------------------------------------------- */

ud_subscription_t *hss_subs_check_profile(const char *buf, size_t len, const char *impi,
					  const ud_limits_t *limits, char *err, size_t errlen)
{
	char uerr[256];
	ud_subscription_t *ud = ud_parse(buf, len, limits, uerr, sizeof(uerr));

	if (ud == NULL) {
		snprintf(err, errlen, "IMSSubscription refused: %s", uerr);
		return NULL;
	}
	if (strcmp(ud->private_id, impi) != 0) {
		snprintf(err, errlen, "IMSSubscription has PrivateID '%.200s', not the IMPI",
			 ud->private_id);
		ud_free(ud);
		return NULL;
	}
	return ud;
}

/* Serialise the element as its own document and check it. */
static int parse_profile(ctx_t *c, xmlNode *e, hss_subscriber_t *s)
{
	xmlBufferPtr b = xmlBufferCreate();
	char msg[320];
	size_t n;
	int len;

	if (b == NULL)
		return fail(c, e, "out of memory");
	len = xmlNodeDump(b, c->doc, e, 0, 0);
	if (len < 0) {
		xmlBufferFree(b);
		return fail(c, e, "cannot serialise <IMSSubscription>");
	}
	n = (size_t)xmlBufferLength(b);
	s->user_data = malloc(sizeof(XML_DECL) + n);
	if (s->user_data == NULL) {
		xmlBufferFree(b);
		return fail(c, e, "out of memory");
	}
	memcpy(s->user_data, XML_DECL, sizeof(XML_DECL) - 1);
	memcpy(s->user_data + sizeof(XML_DECL) - 1, xmlBufferContent(b), n);
	s->user_data_len = sizeof(XML_DECL) - 1 + n;
	s->user_data[s->user_data_len] = '\0';
	xmlBufferFree(b);
	s->ud = hss_subs_check_profile(s->user_data, s->user_data_len, s->impi, &c->lim->profile,
				       msg, sizeof(msg));
	if (s->ud == NULL)
		return fail(c, e, "subscriber %s: %s", s->impi, msg);
	return 0;
}

/* --- <subscriber> ---------------------------------------------------------- */

static void subscriber_clear(hss_subscriber_t *s)
{
	free(s->impi);
	if (s->password != NULL)
		memset(s->password, 0, strlen(s->password));
	free(s->password);
	free(s->realm);
	free(s->user_data);
	ud_free(s->ud);
	memset(s, 0, sizeof(*s));
}

/* The schemes attribute: white-space separated names. */
static int parse_schemes(ctx_t *c, const xmlNode *e, const char *list, unsigned *mask,
			 unsigned *first)
{
	const char *p = list, *t;
	unsigned bit;

	*mask = *first = 0;
	for (;;) {
		while (xml_space(*p))
			p++;
		if (*p == '\0')
			break;
		for (t = p; *t != '\0' && !xml_space(*t); t++)
			;
		bit = scheme_from_file(p, (size_t)(t - p));
		if (bit == 0)
			return fail(c, e,
				    "unknown scheme '%.*s' in schemes (known: Digest-AKAv1-MD5, "
				    "SIP-Digest)",
				    (int)(t - p > 64 ? 64 : t - p), p);
		if (*first == 0)
			*first = bit;
		*mask |= bit;
		p = t;
	}
	if (*mask == 0)
		return fail(c, e, "schemes lists no scheme");
	return 0;
}

/* The element children of <subscriber>; text must be blank. */
static int subscriber_children(ctx_t *c, xmlNode *e, hss_subscriber_t *s)
{
	xmlNode *k, *profile = NULL;

	for (k = e->children; k != NULL; k = k->next) {
		if (k->type == XML_COMMENT_NODE || k->type == XML_PI_NODE)
			continue;
		if (k->type == XML_TEXT_NODE && xmlIsBlankNode(k))
			continue;
		if (k->type != XML_ELEMENT_NODE)
			return fail(c, k, "subscriber %s: unexpected text", s->impi);
		if (strcmp((const char *)k->name, "digest") == 0) {
			if (s->has_digest)
				return fail(c, k, "subscriber %s: a second <digest>", s->impi);
			if (parse_digest(c, k, s) != 0)
				return -1;
		} else if (strcmp((const char *)k->name, "aka") == 0) {
			if (s->has_aka)
				return fail(c, k, "subscriber %s: a second <aka>", s->impi);
			if (parse_aka(c, k, s) != 0)
				return -1;
		} else if (strcmp((const char *)k->name, "IMSSubscription") == 0) {
			if (profile != NULL)
				return fail(c, k, "subscriber %s: a second <IMSSubscription>",
					    s->impi);
			profile = k;
		} else {
			return fail(c, k, "subscriber %s: unknown element <%s>", s->impi, k->name);
		}
	}
	if (profile == NULL)
		return fail(c, e, "subscriber %s has no <IMSSubscription>", s->impi);
	return parse_profile(c, profile, s);
}

static int parse_subscriber(ctx_t *c, xmlNode *e, hss_subscriber_t *s)
{
	static const char *const names[] = {"impi", "schemes", "default-scheme", "digest-style",
					    "item-base", NULL};
	enum { IMPI, SCHEMES, DEFAULT, STYLE, BASE, N };
	char *v[N];
	unsigned listed_first = 0, bit;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	s->line = (unsigned)xmlGetLineNo(e);
	s->item_base = 1;
	if (get_attrs(c, e, names, v) != 0)
		return -1;
	if (v[IMPI] == NULL || !is_token(v[IMPI])) {
		fail(c, e, "<subscriber> needs an impi without white space or control characters");
		goto out;
	}
	if ((s->impi = dup_str(c, e, v[IMPI])) == NULL)
		goto out;
	if (v[STYLE] != NULL) {
		if (strcmp(v[STYLE], "standard") == 0)
			s->digest_style = HSS_DIGEST_STANDARD;
		else if (strcmp(v[STYLE], "fhoss") == 0)
			s->digest_style = HSS_DIGEST_FHOSS;
		else {
			fail(c, e, "subscriber %s: digest-style must be standard or fhoss", s->impi);
			goto out;
		}
	}
	if (v[BASE] != NULL) {
		if (strcmp(v[BASE], "0") != 0 && strcmp(v[BASE], "1") != 0) {
			fail(c, e, "subscriber %s: item-base must be 0 or 1", s->impi);
			goto out;
		}
		s->item_base = v[BASE][0] == '1';
	}
	if (v[SCHEMES] != NULL &&
	    parse_schemes(c, e, v[SCHEMES], &s->schemes, &listed_first) != 0)
		goto out;
	if (subscriber_children(c, e, s) != 0)
		goto out;
	if (v[SCHEMES] == NULL) {
		s->schemes = (s->has_aka ? HSS_SCHEME_AKA : 0u) |
			     (s->has_digest ? HSS_SCHEME_SIP_DIGEST : 0u);
		listed_first = s->has_aka ? HSS_SCHEME_AKA : HSS_SCHEME_SIP_DIGEST;
		if (s->schemes == 0) {
			fail(c, e, "subscriber %s has neither <aka> nor <digest>", s->impi);
			goto out;
		}
	}
	if ((s->schemes & HSS_SCHEME_AKA) && !s->has_aka) {
		fail(c, e, "subscriber %s allows Digest-AKAv1-MD5 but has no <aka>", s->impi);
		goto out;
	}
	if ((s->schemes & HSS_SCHEME_SIP_DIGEST) && !s->has_digest) {
		fail(c, e, "subscriber %s allows SIP-Digest but has no <digest>", s->impi);
		goto out;
	}
	s->default_scheme = listed_first;
	if (v[DEFAULT] != NULL) {
		bit = scheme_from_file(v[DEFAULT], strlen(v[DEFAULT]));
		if (bit == 0 || !(s->schemes & bit)) {
			fail(c, e, "subscriber %s: default-scheme '%.64s' is not one of its schemes",
			     s->impi, v[DEFAULT]);
			goto out;
		}
		s->default_scheme = bit;
	}
	rc = 0;
out:
	free_attrs(v, N);
	if (rc != 0)
		subscriber_clear(s);
	return rc;
}

/* --- the file -------------------------------------------------------------- */

static int by_impi(const void *a, const void *b)
{
	return strcmp(((const hss_subscriber_t *)a)->impi, ((const hss_subscriber_t *)b)->impi);
}

void hss_subs_free(hss_subscribers_t *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		subscriber_clear(&s->v[i]);
	free(s->v);
	free(s);
}

static int walk(ctx_t *c, xmlNode *root, hss_subscribers_t *out)
{
	xmlNode *k;
	size_t cap = 0, i;
	hss_subscriber_t *grown;

	if (strcmp((const char *)root->name, "subscribers") != 0)
		return fail(c, root, "the root element must be <subscribers>, not <%s>",
			    root->name);
	if (root->properties != NULL)
		return fail(c, root, "<subscribers> takes no attributes");
	for (k = root->children; k != NULL; k = k->next) {
		if (k->type == XML_COMMENT_NODE || k->type == XML_PI_NODE)
			continue;
		if (k->type == XML_TEXT_NODE && xmlIsBlankNode(k))
			continue;
		if (k->type != XML_ELEMENT_NODE)
			return fail(c, k, "unexpected text inside <subscribers>");
		if (strcmp((const char *)k->name, "subscriber") != 0)
			return fail(c, k, "unknown element <%s> inside <subscribers>", k->name);
		if (out->n == c->lim->max_subscribers)
			return fail(c, k, "more than %zu subscribers", c->lim->max_subscribers);
		if (out->n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			grown = realloc(out->v, cap * sizeof(*grown));
			if (grown == NULL)
				return fail(c, k, "out of memory");
			out->v = grown;
		}
		if (parse_subscriber(c, k, &out->v[out->n]) != 0)
			return -1;
		out->n++;
	}
	if (out->n == 0)
		return fail(c, root, "the file lists no subscriber");
	qsort(out->v, out->n, sizeof(out->v[0]), by_impi);
	for (i = 1; i < out->n; i++)
		if (strcmp(out->v[i - 1].impi, out->v[i].impi) == 0) {
			snprintf(c->err, c->errlen, "line %u: subscriber %s is already on line %u",
				 out->v[i].line > out->v[i - 1].line ? out->v[i].line
								     : out->v[i - 1].line,
				 out->v[i].impi,
				 out->v[i].line > out->v[i - 1].line ? out->v[i - 1].line
								     : out->v[i].line);
			return -1;
		}
	return 0;
}

hss_subscribers_t *hss_subs_parse(const char *buf, size_t len, const hss_subs_limits_t *limits,
				  char *err, size_t errlen)
{
	ctx_t c = {limits != NULL ? limits : &hss_subs_default_limits, err, errlen, NULL};
	xml_strict_limits_t xl = {c.lim->max_bytes, c.lim->max_depth, c.lim->max_elements};
	hss_subscribers_t *out;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	c.doc = xml_strict_read(buf, len, &xl, "the subscriber file", err, errlen);
	if (c.doc == NULL)
		return NULL;
	out = calloc(1, sizeof(*out));
	if (out == NULL) {
		fail(&c, NULL, "out of memory");
	} else if (walk(&c, xmlDocGetRootElement(c.doc), out) != 0) {
		hss_subs_free(out);
		out = NULL;
	}
	xmlFreeDoc(c.doc);
	return out;
}

hss_subscribers_t *hss_subs_load(const char *path, const hss_subs_limits_t *limits, char *err,
				 size_t errlen)
{
	const hss_subs_limits_t *lim = limits != NULL ? limits : &hss_subs_default_limits;
	hss_subscribers_t *out = NULL;
	struct stat st;
	size_t got = 0;
	ssize_t r;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((uint64_t)st.st_size > lim->max_bytes) {
		snprintf(err, errlen, "%s: the subscriber file of %lld bytes is over the %zu-byte limit",
			 path, (long long)st.st_size, lim->max_bytes);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		snprintf(err, errlen, "out of memory");
		close(fd);
		return NULL;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		snprintf(err, errlen, "cannot read %s", path);
	} else {
		char msg[400];

		out = hss_subs_parse(buf, got, lim, msg, sizeof(msg));
		if (out == NULL)
			snprintf(err, errlen, "%s: %s", path, msg);
	}
	free(buf);
	return out;
}

hss_subscriber_t *hss_subs_find(const hss_subscribers_t *s, const char *impi)
{
	hss_subscriber_t key;

	if (s == NULL || s->n == 0 || impi == NULL)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.impi = (char *)impi;
	return bsearch(&key, s->v, s->n, sizeof(s->v[0]), by_impi);
}
