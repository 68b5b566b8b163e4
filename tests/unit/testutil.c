/*
 * testutil.c - see testutil.h.
 */
#include "config.h"

#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "regevent/reginfo_render.h"

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert(fseek(f, 0, SEEK_END) == 0);
	n = ftell(f);
	ck_assert(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert(buf != NULL);
	ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

char *tu_seed001_example(size_t *len)
{
	char *seed = tu_read_file(SHARED_DIR "/seeds/001_f3dabf594073da4a.txt", NULL);
	char *b = strstr(seed, "<reginfo");
	char *e = b ? strstr(b, "</reginfo>") : NULL;
	char *out;

	ck_assert_msg(b != NULL && e != NULL, "seed 001 has no reginfo example");
	e += strlen("</reginfo>");
	*len = (size_t)(e - b);
	out = malloc(*len + 1);
	ck_assert(out != NULL);
	memcpy(out, b, *len);
	out[*len] = '\0';
	free(seed);
	return out;
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

int tu_validate(const char *doc, size_t len, char *err, size_t errlen)
{
	static xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr v;
	const xmlError *e;
	xmlDocPtr d;
	int rc;

	if (schema == NULL) {
		xmlSchemaParserCtxtPtr pc =
		    xmlSchemaNewParserCtxt(TEST_SRCDIR "/xsd/reginfo.xsd");

		ck_assert(pc != NULL);
		schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
		ck_assert_msg(schema != NULL, "tests/xsd/reginfo.xsd does not load");
	}
	d = xmlReadMemory(doc, (int)len, NULL, "UTF-8", XML_PARSE_NONET);
	if (d == NULL) {
		snprintf(err, errlen, "not well-formed");
		return -1;
	}
	v = xmlSchemaNewValidCtxt(schema);
	ck_assert(v != NULL);
	xmlSchemaSetValidErrors(v, quiet, quiet, NULL);
	xmlResetLastError();
	rc = xmlSchemaValidateDoc(v, d);
	e = xmlGetLastError();
	if (rc != 0)
		snprintf(err, errlen, "line %d: %s", e ? e->line : 0,
			 e && e->message ? e->message : "invalid");
	xmlSchemaFreeValidCtxt(v);
	xmlFreeDoc(d);
	return rc == 0 ? 0 : -1;
}

static xmlXPathObjectPtr xpath(const char *doc, size_t len, const char *expr, xmlDocPtr *d,
			       xmlXPathContextPtr *ctx)
{
	xmlXPathObjectPtr o;

	*d = xmlReadMemory(doc, (int)len, NULL, "UTF-8", XML_PARSE_NONET);
	ck_assert_msg(*d != NULL, "body is not well-formed:\n%s", doc);
	*ctx = xmlXPathNewContext(*d);
	ck_assert(*ctx != NULL);
	xmlXPathRegisterNs(*ctx, BAD_CAST "r", BAD_CAST RE_NS_REGINFO);
	xmlXPathRegisterNs(*ctx, BAD_CAST "gr", BAD_CAST RE_NS_GRUU);
	xmlXPathRegisterNs(*ctx, BAD_CAST "ere", BAD_CAST RE_NS_EXTREGEXP);
	o = xmlXPathEvalExpression(BAD_CAST expr, *ctx);
	ck_assert_msg(o != NULL, "bad XPath %s", expr);
	return o;
}

int tu_xpath_count(const char *doc, size_t len, const char *expr)
{
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr o;
	xmlDocPtr d;
	int n;

	o = xpath(doc, len, expr, &d, &ctx);
	n = o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(d);
	return n;
}

char *tu_xpath_string(const char *doc, size_t len, const char *expr)
{
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr o, s;
	xmlDocPtr d;
	char *out;

	o = xpath(doc, len, expr, &d, &ctx);
	s = xmlXPathConvertString(o);
	out = strdup((const char *)s->stringval);
	xmlXPathFreeObject(s);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(d);
	return out;
}

re_reginfo_t *tu_sample_irs(unsigned nimpu, unsigned ncontacts, int wildcard)
{
	re_reginfo_t *info = re_reginfo_new(7, true);
	char aor[128], id[32], uri[256], inst[96];
	unsigned i, j;

	ck_assert(info != NULL);
	for (i = 0; i < nimpu; i++) {
		re_registration_t *reg;
		int wild = wildcard && i == nimpu - 1;

		if (wild)
			snprintf(aor, sizeof(aor), "sip:user%u-any@open-ims.test", i);
		else if (i % 2)
			snprintf(aor, sizeof(aor), "tel:+4930123456%u", i);
		else
			snprintf(aor, sizeof(aor), "sip:user%u@open-ims.test", i);
		snprintf(id, sizeof(id), "r%u", i);
		reg = re_reginfo_add_registration(info, aor, id, RE_REG_ACTIVE);
		ck_assert(reg != NULL);
		if (wild)
			ck_assert(re_registration_set_wildcard(reg, "sip:user!.*!@open-ims.test") ==
				  0);
		for (j = 0; j < ncontacts; j++) {
			re_contact_t *c;

			snprintf(id, sizeof(id), "c%u.%u", i, j);
			snprintf(uri, sizeof(uri), "sip:ue%u@[2001:db8::%x]:5060;transport=tcp", j,
				 j + 1);
			c = re_registration_add_contact(reg, id, uri, RE_CONTACT_ACTIVE,
							i == 0 ? RE_EV_REGISTERED : RE_EV_CREATED);
			ck_assert(c != NULL);
			c->has_expires = true;
			c->expires = 3599;
			c->has_duration_registered = true;
			c->duration_registered = 1;
			c->has_cseq = true;
			c->cseq = 54301 + j;
			ck_assert(re_strset(&c->q, "0.5") == 0);
			ck_assert(re_strset(&c->callid, "a84b4c76e66710@ue.open-ims.test") == 0);
			ck_assert(re_strset(&c->display_name, "Alice \"A\" <Smith>") == 0);
			snprintf(inst, sizeof(inst),
				 "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6b%02u>\"", j);
			ck_assert(re_contact_add_param(c, "+sip.instance", inst) == 0);
			ck_assert(re_contact_add_param(c, "reg-id", "1") == 0);
			ck_assert(re_contact_add_param(
				      c, "+g.3gpp.icsi-ref",
				      "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"") == 0);
			ck_assert(re_contact_add_param(c, "+g.3gpp.smsip", NULL) == 0);
			ck_assert(re_contact_add_param(c, "audio", NULL) == 0);
			snprintf(uri, sizeof(uri), "%s;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6b%02u",
				 aor, j);
			ck_assert(re_strset(&c->pub_gruu, uri) == 0);
			snprintf(uri, sizeof(uri), "sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@open-ims.test;gr");
			ck_assert(re_strset(&c->temp_gruu, uri) == 0);
			c->temp_gruu_first_cseq = 54301;
		}
	}
	return info;
}

char *tu_render_valid(const re_reginfo_t *info, const re_policy_t *policy, size_t *len)
{
	char err[512], *body;

	err[0] = '\0';
	ck_assert_msg(re_render(info, policy, &body, len, err, sizeof(err)) == 0,
		      "render failed: %s", err);
	ck_assert_msg(tu_validate(body, *len, err, sizeof(err)) == 0,
		      "rendered body does not validate: %s\n%s", err, body);
	return body;
}
