/*
 * fuzz_registrar_input.c - libFuzzer target for what the registrar reads
 * from the network before any state is touched.  The first byte chooses
 * (its value modulo 3, so the seeds can start with '0', '1' or '2'):
 *
 *   0  the rest is an Authorization header value for auth_creds_parse()
 *      (not NUL-terminated: the parser must stay within len); when it
 *      parses, its fields go through auth_challenge_format(), into a small
 *      buffer and a roomy one, and what is formatted must read back;
 *   1  the rest, up to a NUL, is text for base64_decode(); what decodes
 *      must encode and decode to itself, and the first 32 raw bytes must
 *      survive encode then decode;
 *   2  the rest is a SIP message for libosip2; when it parses, it goes to
 *      reg_request_read() with the value of its first Authorization line
 *      as the raw Authorization, and the result must keep reg_request.h's
 *      promises and free cleanly: either 0 and a usable request, or one
 *      of the refusals reg_request.h documents (400 for a malformed
 *      header, 403 Too Many Contacts, 489 Bad Event for an Event header
 *      other than "registration"), each with its reason phrase.
 *
 * Nothing may crash, read out of bounds or leak.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_parser.h>

#include "scscf/registrar/auth_hdr.h"
#include "scscf/base/base64.h"
#include "scscf/registrar/reg_request.h"
#include "scscf/sip/sip_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_registrar_input: %s\n", what);
	abort();
}

/* ---- 0: Authorization ---- */

/* Every field NUL-terminated inside its buffer. */
#define TERMINATED(c, f) (memchr((c)->f, '\0', sizeof((c)->f)) != NULL)

static bool all_terminated(const auth_creds_t *c)
{
	return TERMINATED(c, username) && TERMINATED(c, realm) && TERMINATED(c, nonce) &&
	       TERMINATED(c, uri) && TERMINATED(c, response) && TERMINATED(c, algorithm) &&
	       TERMINATED(c, cnonce) && TERMINATED(c, nc) && TERMINATED(c, qop) &&
	       TERMINATED(c, opaque) && TERMINATED(c, auts) && TERMINATED(c, integrity_protected);
}

static bool all_empty(const auth_creds_t *c)
{
	return c->username[0] == '\0' && c->realm[0] == '\0' && c->nonce[0] == '\0' &&
	       c->uri[0] == '\0' && c->response[0] == '\0' && c->algorithm[0] == '\0' &&
	       c->cnonce[0] == '\0' && c->nc[0] == '\0' && c->qop[0] == '\0' &&
	       c->opaque[0] == '\0' && c->auts[0] == '\0' && c->integrity_protected[0] == '\0' &&
	       !c->has_response && !c->has_auts;
}

static void fuzz_auth(const uint8_t *data, size_t size)
{
	/* the input in a block of its own size: ASan sees any read past len */
	char *value = malloc(size > 0 ? size : 1);
	char small[160], roomy[2048];
	const char *ik, *ck;
	auth_creds_t c, back;
	int rc, n_small, n_roomy;

	if (value == NULL)
		return;
	memcpy(value, data, size);
	rc = auth_creds_parse(value, size, &c);
	free(value);
	if (rc != 0 && rc != -1)
		die("auth_creds_parse: neither 0 nor -1");
	if (!all_terminated(&c))
		die("auth_creds_parse: a field without its NUL");
	if (rc != 0)
		return;
	if (!c.digest && !all_empty(&c))
		die("auth_creds_parse: fields filled for another scheme");
	(void)auth_creds_protected(&c);

	/* some inputs with ik/ck (the AKA form), some without */
	ik = c.has_auts ? c.cnonce : NULL;
	ck = c.has_auts ? c.opaque : NULL;
	n_small = auth_challenge_format(small, sizeof(small), c.realm, c.nonce, c.algorithm, ik, ck,
					c.has_response);
	n_roomy = auth_challenge_format(roomy, sizeof(roomy), c.realm, c.nonce, c.algorithm, ik, ck,
					c.has_response);
	if (n_small >= 0 && ((size_t)n_small >= sizeof(small) || strlen(small) != (size_t)n_small))
		die("auth_challenge_format: length and text disagree (small buffer)");
	if (n_small >= 0 && n_roomy != n_small)
		die("auth_challenge_format: the buffer size changed the text");
	if (n_roomy < 0)
		return;
	if ((size_t)n_roomy >= sizeof(roomy) || strlen(roomy) != (size_t)n_roomy)
		die("auth_challenge_format: length and text disagree");
	/* what we send, our own parser reads back unchanged */
	if (auth_creds_parse(roomy, (size_t)n_roomy, &back) != 0 || !back.digest)
		die("auth_challenge_format: the challenge does not parse");
	if (strcmp(back.realm, c.realm) != 0 || strcmp(back.nonce, c.nonce) != 0 ||
	    strcmp(back.algorithm, c.algorithm) != 0 || strcmp(back.qop, "auth") != 0)
		die("auth_challenge_format: the challenge reads back different");
}

/* ---- 1: base64 ---- */

static void fuzz_base64(const uint8_t *data, size_t size)
{
	uint8_t raw32[32], back32[32], *out, *again;
	char enc32[BASE64_LEN(32) + 1], *text, *enc;
	size_t k = size < 32 ? size : 32, len, bare;
	int n;

	/* decode(encode(x)) == x for the first 32 bytes */
	memcpy(raw32, data, k);
	base64_encode(raw32, k, enc32);
	if (strlen(enc32) != BASE64_LEN(k))
		die("base64_encode: wrong length");
	if (base64_decode(enc32, back32, k) != (int)k || memcmp(back32, raw32, k) != 0)
		die("base64: encode then decode is not the identity");

	text = malloc(size + 1);
	out = malloc(size + 1);
	if (text == NULL || out == NULL)
		goto done;
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);
	n = base64_decode(text, out, size + 1);
	if (n < -1 || n > (int)len)
		die("base64_decode: impossible result");
	if (n < 0)
		goto done;
	/* 6 bits a character, whole bytes only */
	for (bare = len; bare > 0 && text[bare - 1] == '='; bare--)
		;
	if ((size_t)n != bare * 6 / 8)
		die("base64_decode: byte count does not match the text");
	/* a buffer of exactly n is enough; one byte less is not */
	if (base64_decode(text, out, (size_t)n) != n ||
	    (n > 0 && base64_decode(text, out, (size_t)n - 1) != -1))
		die("base64_decode: capacity not respected");
	enc = malloc(BASE64_LEN((size_t)n) + 1);
	again = malloc((size_t)n + 1);
	if (enc != NULL && again != NULL) {
		base64_encode(out, (size_t)n, enc);
		if (base64_decode(enc, again, (size_t)n) != n || memcmp(again, out, (size_t)n) != 0)
			die("base64: decoded bytes do not survive a round trip");
	}
	free(enc);
	free(again);
done:
	free(text);
	free(out);
}

/* ---- 2: REGISTER ---- */

/* The value of the first line starting "Authorization:" (any case), as a
 * string, or NULL. */
static char *authorization_of(const uint8_t *data, size_t size)
{
	static const char name[] = "authorization:";
	const size_t nlen = sizeof(name) - 1;
	size_t i = 0, start, end;
	char *v;

	while (i < size) {
		if (size - i > nlen && strncasecmp((const char *)data + i, name, nlen) == 0 &&
		    memchr(data + i, '\0', nlen) == NULL) {
			start = i + nlen;
			while (start < size && (data[start] == ' ' || data[start] == '\t'))
				start++;
			for (end = start; end < size && data[end] != '\r' && data[end] != '\n'; end++)
				;
			v = malloc(end - start + 1);
			if (v != NULL) {
				memcpy(v, data + start, end - start);
				v[end - start] = '\0';
			}
			return v;
		}
		while (i < size && data[i] != '\n')
			i++;
		i++;
	}
	return NULL;
}

static bool printable(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return false;
	return true;
}

static void check_request(const reg_request_t *r)
{
	size_t i, j;

	if (r->impu == NULL || r->impi == NULL || r->callid == NULL)
		die("reg_request_read: 0 without IMPU, IMPI or Call-ID");
	if (strncmp(r->impu, "sip:", 4) != 0 && strncmp(r->impu, "sips:", 5) != 0 &&
	    strncmp(r->impu, "tel:", 4) != 0)
		die("reg_request_read: IMPU of another scheme");
	if (r->ncontacts > REG_MAX_CONTACTS || r->npath > REG_MAX_PATH)
		die("reg_request_read: over a limit");
	if (r->star && (r->ncontacts != 0 || !r->has_expires_hdr || r->expires_hdr != 0))
		die("reg_request_read: Contact * with contacts or without Expires: 0");
	if (r->impi_given != r->has_auth)
		die("reg_request_read: impi_given and has_auth disagree");
	if (r->has_auth && (!r->auth.digest || r->auth.username[0] == '\0' ||
			    strcmp(r->impi, r->auth.username) != 0))
		die("reg_request_read: IMPI not the Digest username");
	(void)reg_contact_expires(r, NULL, 3600);
	for (i = 0; i < r->ncontacts; i++) {
		const reg_contact_t *c = &r->contacts[i];

		if (c->uri == NULL || c->key == NULL || c->key[0] == '\0')
			die("reg_request_read: contact without URI or key");
		if (c->instance != NULL && strncmp(c->key, c->instance, strlen(c->instance)) != 0)
			die("reg_request_read: instance contact keyed otherwise");
		if (c->instance == NULL && strcmp(c->key, c->uri) != 0)
			die("reg_request_read: plain contact not keyed by its URI");
		if (c->nparams > 0 && c->params == NULL)
			die("reg_request_read: parameters missing");
		for (j = 0; j < c->nparams; j++)
			if (c->params[j].name == NULL)
				die("reg_request_read: parameter without a name");
		if (c->has_expires && reg_contact_expires(r, c, 3600) != c->expires)
			die("reg_contact_expires: the parameter does not win");
	}
	for (i = 0; i < r->npath; i++)
		if (r->path[i] == NULL)
			die("reg_request_read: NULL Path value");
}

/* The answers reg_request_read() documents (reg_request.h), each with the
 * reason phrase it gives; any other status or reason is a failure. */
static const struct {
	int status;
	const char *reason;
} documented[] = {
	{400, "To must be a SIP or tel URI"},
	{400, "Invalid Authorization"},
	{400, "Authorization without username"},
	{400, "Invalid Call-ID"},
	{400, "Invalid CSeq"},
	{400, "Invalid Expires"},
	{400, "Invalid Contact"},
	{400, "Contact * needs Expires: 0 and no other Contact"},
	{400, "Too many Path values"},
	{400, "Out of memory"},
	{403, "Too Many Contacts"},
	{489, "Bad Event"},
};

/* What the parsed message holds that decides a refusal, read before the
 * message is freed. */
typedef struct {
	bool has_event; /* an Event header */
	int ncontacts;  /* Contact values, "*" included */
} seen_t;

static void check_refusal(int status, const char *reason, const seen_t *seen)
{
	size_t i;

	if (!printable(reason))
		die("reg_request_read: a refusal without a printable reason");
	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		if (documented[i].status == status && strcmp(documented[i].reason, reason) == 0)
			break;
	if (i == sizeof(documented) / sizeof(documented[0])) {
		fprintf(stderr, "fuzz_registrar_input: undocumented answer %d %s\n", status,
			reason);
		die("reg_request_read: an answer reg_request.h does not document");
	}
	if (status == 489 && !seen->has_event)
		die("reg_request_read: 489 Bad Event without an Event header");
	if (status == 403 && seen->ncontacts <= REG_MAX_CONTACTS)
		die("reg_request_read: Too Many Contacts within the limit");
}

static void fuzz_register(const uint8_t *data, size_t size)
{
	static bool ready;
	osip_message_t *m = NULL;
	osip_header_t *h = NULL;
	const char *reason = NULL;
	reg_request_t r;
	seen_t seen;
	char *authz;
	int status;

	if (!ready) {
		sip_check_init(); /* parser_init(), and libosip2's traces silenced */
		ready = true;
	}
	if (size > 16384 || osip_message_init(&m) != 0)
		return;
	if (osip_message_parse(m, (const char *)data, size) != 0) {
		osip_message_free(m);
		return;
	}
	authz = authorization_of(data, size);
	/* Event, or its compact form "o" (RFC 6665 §8.2.1) */
	seen.has_event = osip_message_header_get_byname(m, "event", 0, &h) >= 0 ||
			 osip_message_header_get_byname(m, "o", 0, &h) >= 0;
	seen.ncontacts = osip_list_size(&m->contacts);
	status = reg_request_read(m, authz, &r, &reason);
	osip_message_free(m); /* the request must own all it keeps */
	if (status == 0) {
		if (reason != NULL)
			die("reg_request_read: 0 with a reason");
		check_request(&r);
	} else {
		check_refusal(status, reason, &seen);
	}
	reg_request_clear(&r);
	if (r.impu != NULL || r.ncontacts != 0 || r.npath != 0)
		die("reg_request_clear: left something");
	free(authz);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_auth(data + 1, size - 1);
		break;
	case 1:
		fuzz_base64(data + 1, size - 1);
		break;
	default:
		fuzz_register(data + 1, size - 1);
		break;
	}
	return 0;
}
