/*
 * fuzz_reginfo_roundtrip.c - libFuzzer target for re_render() -> re_parse().
 *
 * The fuzz bytes are decoded into a model (up to 4 registrations of up to 4
 * contacts of up to 4 params, strings made of nasty fragments and raw bytes)
 * and a profile (oracle, rfc3680, none, or a built-in one with a random
 * attribute mask).  The target predicts whether the renderer must accept the
 * model (and aborts when the renderer disagrees either way); when it does,
 * the body must parse back to the model as the profile and the parser
 * describe it (see expect()) and, unless the parser trimmed white space,
 * render back to the same bytes.  Any disagreement aborts with the first
 * difference.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regevent/notify_policy.h"
#include "regevent/reginfo_parse.h"
#include "regevent/reginfo_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- reading the fuzz bytes -------------------------------------------- */

typedef struct {
	const uint8_t *p;
	size_t n;
} bytes_t;

/* A value in [0, bound); 0 once the bytes run out. */
static unsigned pick(bytes_t *b, unsigned bound)
{
	unsigned v;

	if (b->n == 0 || bound <= 1)
		return 0;
	v = *b->p++;
	b->n--;
	return v % bound;
}

static bool one_in(bytes_t *b, unsigned n)
{
	return b->n > 0 && pick(b, n) == 0;
}

static uint64_t number(bytes_t *b)
{
	uint64_t v = 0;
	int i;

	switch (pick(b, 4)) {
	case 0:
		return pick(b, 256);
	case 1:
		return 3600;
	case 2:
		return UINT64_MAX - pick(b, 2);
	default:
		for (i = 0; i < 8; i++)
			v = v << 8 | pick(b, 256);
		return v;
	}
}

/* Pieces strings are made of: markup, format directives, white space, SIP
 * bits, good UTF-8, and text the renderer must refuse (bad UTF-8, controls,
 * non-characters). */
static const char *const fragments[] = {
	"&", "<", ">", "\"", "'", "%s", "%n", "]]>", "<![CDATA[", "&amp;", "&#0;",
	"<!DOCTYPE x>", "-->", "\t", "\n", "\r", "\r\n", " ", "sip:", "alice",
	"@example.com", "tel:+4930123", ";gr=urn:uuid:f81d4fae", "+sip.instance",
	"\"<urn:uuid:1>\"", "q", "Q", "expires", "EXPIRES", "reg-id", "1",
	"\xc3\xa9",         /* e acute */
	"\xe2\x82\xac",     /* euro sign */
	"\xf0\x9f\x98\x80", /* U+1F600 */
	"\xe2\x80\xa8",     /* U+2028 */
	"\xc2\x85",         /* U+0085 */
	"\xef\xbb\xbf",     /* U+FEFF */
	"\xee\x80\x80",     /* U+E000 */
	"\x7f",             /* DEL: XML 1.0 allows it */
	"\xc3",             /* truncated sequence */
	"\xed\xa0\x80",     /* surrogate */
	"\xc0\xaf",         /* overlong '/' */
	"\xe0\x80\xaf",     /* overlong, 3 bytes */
	"\xf4\x90\x80\x80", /* above U+10FFFF */
	"\xf8\x88\x80\x80\x80",
	"\xef\xbf\xbe", /* U+FFFE */
	"\xef\xbf\xbf", /* U+FFFF */
	"\x01", "\x1b[0m", "\x0b",
};
#define NFRAGMENTS (sizeof(fragments) / sizeof(fragments[0]))

typedef struct {
	char s[256];
} text_t;

/* Up to 6 pieces, each a fragment or 1-4 raw bytes (NUL read as 0xff). */
static const char *text(bytes_t *b, text_t *t)
{
	unsigned pieces = pick(b, 7), i, k, n;
	size_t len = 0, fl;

	for (i = 0; i < pieces; i++) {
		k = pick(b, NFRAGMENTS + 2);
		if (k < NFRAGMENTS) {
			fl = strlen(fragments[k]);
			memcpy(t->s + len, fragments[k], fl);
			len += fl;
			continue;
		}
		for (n = 1 + pick(b, 4); n > 0; n--) {
			unsigned c = pick(b, 256);

			t->s[len++] = (char)(c ? c : 0xff);
		}
	}
	t->s[len] = '\0';
	return t->s;
}

static const char *maybe_text(bytes_t *b, text_t *t)
{
	return pick(b, 2) ? text(b, t) : NULL;
}

/* Required strings are missing once in a while (the renderer must refuse). */
static const char *needed_text(bytes_t *b, text_t *t)
{
	return one_in(b, 32) ? NULL : text(b, t);
}

/* --- the model and the profile ------------------------------------------- */

enum { P_ORACLE, P_RFC3680, P_NONE, P_MASKED, P_COUNT };

static int decode_contact(bytes_t *b, re_registration_t *reg)
{
	text_t t1, t2;
	re_event_t ev = (re_event_t)pick(b, RE_EV_COUNT + 1); /* COUNT: invalid */
	re_contact_state_t st = re_event_resulting_state(ev);
	const char *id = needed_text(b, &t1), *uri = needed_text(b, &t2);
	unsigned i, nparams;
	re_contact_t *c;

	if (one_in(b, 8))
		st = st == RE_CONTACT_ACTIVE ? RE_CONTACT_TERMINATED : RE_CONTACT_ACTIVE;
	c = re_registration_add_contact(reg, id, uri, st, ev);
	if (c == NULL)
		return -1;
	if ((c->has_expires = pick(b, 2)))
		c->expires = number(b);
	if ((c->has_duration_registered = pick(b, 2)))
		c->duration_registered = number(b);
	if ((c->has_retry_after = pick(b, 2)))
		c->retry_after = number(b);
	if ((c->has_cseq = pick(b, 2)))
		c->cseq = number(b);
	if (re_strset(&c->q, maybe_text(b, &t1)) < 0 ||
	    re_strset(&c->callid, maybe_text(b, &t1)) < 0 ||
	    re_strset(&c->display_name, maybe_text(b, &t1)) < 0 ||
	    re_strset(&c->display_name_lang, maybe_text(b, &t1)) < 0)
		return -1;
	nparams = pick(b, 5);
	for (i = 0; i < nparams; i++) {
		const char *name = needed_text(b, &t1), *value = NULL;

		switch (pick(b, 3)) {
		case 0:
			break;
		case 1:
			value = "";
			break;
		default:
			value = text(b, &t2);
		}
		if (re_contact_add_param(c, name, value) < 0)
			return -1;
	}
	if (re_strset(&c->pub_gruu, maybe_text(b, &t1)) < 0 ||
	    re_strset(&c->temp_gruu, maybe_text(b, &t1)) < 0)
		return -1;
	c->temp_gruu_first_cseq = number(b);
	return 0;
}

static int decode_registration(bytes_t *b, re_reginfo_t *info)
{
	text_t t1, t2;
	const char *aor = needed_text(b, &t1), *id = needed_text(b, &t2);
	re_reg_state_t st = (re_reg_state_t)pick(b, 4); /* 3: invalid */
	re_registration_t *reg = re_reginfo_add_registration(info, aor, id, st);
	unsigned i, ncontacts;

	if (reg == NULL || re_registration_set_wildcard(reg, maybe_text(b, &t1)) < 0)
		return -1;
	ncontacts = pick(b, 5);
	for (i = 0; i < ncontacts; i++)
		if (decode_contact(b, reg) < 0)
			return -1;
	return 0;
}

/* The profile first, then the model; NULL on OOM.  Decoding is a pure
 * function of the bytes, so decoding twice gives two equal models. */
static re_reginfo_t *decode(const uint8_t *data, size_t size, re_policy_t *pol, int *profile)
{
	bytes_t b = {data, size};
	re_reginfo_t *info;
	unsigned i, nregs;
	uint32_t version;

	*profile = (int)pick(&b, P_COUNT);
	re_policy_builtin(*profile == P_ORACLE ? "oracle" : "rfc3680", pol);
	if (*profile == P_MASKED) {
		re_policy_builtin(pick(&b, 2) ? "oracle" : "rfc3680", pol);
		pol->attrs ^= (pick(&b, 256) | (unsigned)pick(&b, 2) << 8) & RE_ATTR_ALL;
	}
	version = (uint32_t)number(&b);
	info = re_reginfo_new(version, pick(&b, 2));
	if (info == NULL)
		return NULL;
	nregs = pick(&b, 5);
	for (i = 0; i < nregs; i++) {
		if (decode_registration(&b, info) < 0) {
			re_reginfo_free(info);
			return NULL;
		}
	}
	return info;
}

/* --- what the renderer must accept ---------------------------------------- */

/* Written independently of the renderer's check: UTF-8 (shortest form, no
 * surrogates, at most U+10FFFF) of XML 1.0 Chars only. */
static bool xml_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		int extra, i;

		if (p[0] < 0x80)
			cp = p[0], extra = 0;
		else if (p[0] >= 0xc2 && p[0] <= 0xdf)
			cp = p[0] & 0x1fu, extra = 1;
		else if (p[0] >= 0xe0 && p[0] <= 0xef)
			cp = p[0] & 0x0fu, extra = 2;
		else if (p[0] >= 0xf0 && p[0] <= 0xf4)
			cp = p[0] & 0x07u, extra = 3;
		else
			return false;
		for (i = 1; i <= extra; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3fu);
		}
		if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		if (cp >= 0xd800 && cp <= 0xdfff)
			return false;
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			return false;
		if (cp == 0xfffe || cp == 0xffff)
			return false;
		p += 1 + extra;
	}
	return true;
}

static bool present_ok(const char *s)
{
	return s != NULL && xml_text_ok(s);
}

static bool absent_or_ok(const char *s)
{
	return s == NULL || xml_text_ok(s);
}

/* A URI in element text must hold more than XML white space. */
static bool uri_ok(const char *s)
{
	return present_ok(s) && s[strspn(s, " \t\r\n")] != '\0';
}

static bool is_q_or_expires(const char *name)
{
	return strcasecmp(name, "q") == 0 || strcasecmp(name, "expires") == 0;
}

static bool contact_renderable(const re_contact_t *c, const re_policy_t *pol, unsigned a)
{
	re_event_t ev = c->event;
	size_t i;

	if (!present_ok(c->id) || !uri_ok(c->uri) || ev < 0 || ev >= RE_EV_COUNT)
		return false;
	if (pol != NULL && (ev = re_policy_report_event(pol, ev)) == RE_EV_NONE)
		return false;
	if (re_event_resulting_state(ev) != c->state)
		return false;
	if (ev == RE_EV_SHORTENED && !(c->has_expires && (a & RE_ATTR_EXPIRES)))
		return false;
	if (ev == RE_EV_PROBATION && !(c->has_retry_after && (a & RE_ATTR_RETRY_AFTER)))
		return false;
	if (((a & RE_ATTR_Q) && !absent_or_ok(c->q)) ||
	    ((a & RE_ATTR_CALLID) && !absent_or_ok(c->callid)))
		return false;
	if ((a & RE_ATTR_DISPLAY_NAME) && c->display_name != NULL &&
	    !(xml_text_ok(c->display_name) && absent_or_ok(c->display_name_lang)))
		return false;
	for (i = 0; (a & RE_ATTR_UNKNOWN_PARAM) && i < c->nparams; i++) {
		const re_param_t *p = &c->params[i];

		if (!present_ok(p->name) || p->name[0] == '\0')
			return false;
		if (!is_q_or_expires(p->name) && !absent_or_ok(p->value))
			return false;
	}
	if ((a & RE_ATTR_GRUU) && !(absent_or_ok(c->pub_gruu) && absent_or_ok(c->temp_gruu)))
		return false;
	return true;
}

static bool renderable(const re_reginfo_t *info, const re_policy_t *pol)
{
	unsigned a = pol ? pol->attrs : RE_ATTR_ALL;
	size_t i, j;

	for (i = 0; i < info->nregs; i++) {
		const re_registration_t *reg = info->regs[i];

		if (!present_ok(reg->aor) || !present_ok(reg->id) ||
		    (unsigned)reg->state > RE_REG_TERMINATED ||
		    (reg->wildcard != NULL && !uri_ok(reg->wildcard)))
			return false;
		for (j = 0; j < reg->ncontacts; j++)
			if (!contact_renderable(reg->contacts[j], pol, a))
				return false;
	}
	return true;
}

/* --- what the parser must give back ---------------------------------------- */

/* Returns true when there was something to trim. */
static bool trim_xml_space(char *s)
{
	size_t b = strspn(s, " \t\n\r"), len = strlen(s), e = len;

	while (e > b && strchr(" \t\n\r", s[e - 1]) != NULL)
		e--;
	memmove(s, s + b, e - b);
	s[e - b] = '\0';
	return e - b != len;
}

static void expect_params(re_contact_t *c, unsigned a)
{
	size_t i, kept = 0;

	for (i = 0; i < c->nparams; i++) {
		re_param_t *p = &c->params[i];

		if (!(a & RE_ATTR_UNKNOWN_PARAM) || is_q_or_expires(p->name)) {
			re_strset(&p->name, NULL);
			re_strset(&p->value, NULL);
			continue;
		}
		if (p->value != NULL && p->value[0] == '\0')
			re_strset(&p->value, NULL);
		c->params[kept++] = *p;
	}
	c->nparams = kept;
}

enum { EXPECT_TRIMMED = 1 };

/* Turn the (renderable) model into what the parser reads from its body:
 *  - the event is the one the profile reports (oracle: created->registered,
 *    probation and rejected->deactivated);
 *  - attributes outside the profile's mask are absent, and xml:lang goes
 *    with display-name;
 *  - params named q or expires (any case) are not written; an empty value
 *    is written as an empty element and read back as "no value";
 *  - the parser trims XML white space around <uri> and <wildcardedIdentity>
 *    (element text); attribute values (aor, gruus, q...) come back as they
 *    were since the writer escapes tab, CR and LF in them.
 * Returns EXPECT_TRIMMED when some text was trimmed (the body then does
 * not render back byte for byte). */
static int expect(re_reginfo_t *info, const re_policy_t *pol)
{
	unsigned a = pol ? pol->attrs : RE_ATTR_ALL;
	int found = 0;
	size_t i, j;

	for (i = 0; i < info->nregs; i++) {
		re_registration_t *reg = info->regs[i];

		if (reg->wildcard != NULL && trim_xml_space(reg->wildcard))
			found |= EXPECT_TRIMMED;
		for (j = 0; j < reg->ncontacts; j++) {
			re_contact_t *c = reg->contacts[j];

			if (pol != NULL)
				c->event = re_policy_report_event(pol, c->event);
			if (trim_xml_space(c->uri))
				found |= EXPECT_TRIMMED;
			c->has_expires &= !!(a & RE_ATTR_EXPIRES);
			c->has_retry_after &= !!(a & RE_ATTR_RETRY_AFTER);
			c->has_duration_registered &= !!(a & RE_ATTR_DURATION_REGISTERED);
			c->has_cseq &= !!(a & RE_ATTR_CSEQ);
			if (!(a & RE_ATTR_Q))
				re_strset(&c->q, NULL);
			if (!(a & RE_ATTR_CALLID))
				re_strset(&c->callid, NULL);
			if (!(a & RE_ATTR_DISPLAY_NAME))
				re_strset(&c->display_name, NULL);
			if (c->display_name == NULL)
				re_strset(&c->display_name_lang, NULL);
			expect_params(c, a);
			if (!(a & RE_ATTR_GRUU)) {
				re_strset(&c->pub_gruu, NULL);
				re_strset(&c->temp_gruu, NULL);
			}
		}
	}
	return found;
}

/* --- the target -------------------------------------------------------------- */

static void die(const char *what, const char *why, const char *body)
{
	fprintf(stderr, "fuzz_reginfo_roundtrip: %s: %s\n", what, why);
	if (body != NULL)
		fprintf(stderr, "--- rendered body ---\n%s\n--- end ---\n", body);
	abort();
}

static const char *const profile_names[P_COUNT] = {"oracle", "rfc3680", "none", "masked"};

/* body was rendered from a model decoded from data: check it parses back. */
static void check_body(const uint8_t *data, size_t size, const char *body, size_t len)
{
	char err[256], why[512], *body2;
	re_reginfo_t *want, *got;
	re_policy_t pol;
	int profile, found;
	size_t len2;

	want = decode(data, size, &pol, &profile);
	if (want == NULL)
		return;
	found = expect(want, profile == P_NONE ? NULL : &pol);
	err[0] = '\0';
	got = re_parse(body, len, NULL, err, sizeof(err));
	if (got == NULL)
		die("the parser refuses the renderer's body", err, body);
	if (re_reginfo_diff(want, got, why, sizeof(why)) != 0) {
		fprintf(stderr, "profile %s\n", profile_names[profile]);
		die("parse(render(m)) differs from m", why, body);
	}
	if (re_render(got, profile == P_NONE ? NULL : &pol, &body2, &len2, err, sizeof(err)) < 0)
		die("re_render refuses the model it just rendered", err, body);
	if (!(found & EXPECT_TRIMMED) && (len2 != len || memcmp(body, body2, len) != 0))
		die("render(parse(body)) != body", body2, body);
	free(body2);
	re_reginfo_free(got);
	re_reginfo_free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const re_policy_t *use;
	re_reginfo_t *info;
	char err[256], *body;
	re_policy_t pol;
	bool ok, rendered;
	int profile;
	size_t len;

	info = decode(data, size, &pol, &profile);
	if (info == NULL)
		return 0;
	use = profile == P_NONE ? NULL : &pol;
	ok = renderable(info, use);
	err[0] = '\0';
	rendered = re_render(info, use, &body, &len, err, sizeof(err)) == 0;
	if (rendered != ok) {
		fprintf(stderr, "profile %s\n", profile_names[profile]);
		die(ok ? "re_render refuses a renderable model" : "re_render accepts a bad model",
		    rendered ? body : err, NULL);
	}
	if (rendered) {
		if (len != strlen(body))
			die("re_render", "length disagrees with the body", body);
		check_body(data, size, body, len);
		free(body);
	} else if (err[0] == '\0') {
		die("re_render refused", "without a message", NULL);
	}
	re_reginfo_free(info);
	return 0;
}
