/*
 * check_parse.c - the reginfo parser: seed 001, strictness, limits, and
 * hostile input (truncation, nesting, huge attributes, wrong namespace,
 * entity expansion, external entities, non-UTF-8).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regevent/reginfo_parse.h"
#include "regevent/reginfo_render.h"
#include "testutil.h"

#define NS "xmlns=\"urn:ietf:params:xml:ns:reginfo\""

static void expect_error(const char *doc, const re_parse_limits_t *lim, const char *msg)
{
	char err[512];
	re_reginfo_t *info;

	err[0] = '\0';
	info = re_parse(doc, strlen(doc), lim, err, sizeof(err));
	ck_assert_msg(info == NULL, "accepted: %s", doc);
	ck_assert_msg(strstr(err, msg) != NULL, "got \"%s\", want \"%s\"", err, msg);
}

static re_reginfo_t *expect_ok(const char *doc, size_t len)
{
	char err[512];
	re_reginfo_t *info = re_parse(doc, len, NULL, err, sizeof(err));

	ck_assert_msg(info != NULL, "refused (%s): %s", err, doc);
	return info;
}

/* The seed prints xmlns:xsi without quotes, so as printed it is not XML:
 * the parser must say so precisely rather than guess. */
START_TEST(seed001_verbatim_is_not_xml)
{
	size_t len;
	char *doc = tu_seed001_example(&len), err[256];

	ck_assert_ptr_null(re_parse(doc, len, NULL, err, sizeof(err)));
	ck_assert_str_eq(err, "line 1: not well-formed XML: AttValue: \" or ' expected");
	free(doc);
}
END_TEST

/* With that one defect repaired, the example parses, validates, and
 * renders again under the oracle profile to the same model. */
START_TEST(seed001_example_round_trips_under_oracle)
{
	static const char bad[] = "xmlns:xsi=http://www.w3.org/2001/XMLSchema-instance";
	static const char good[] = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
	size_t len, blen;
	char *doc = tu_seed001_example(&len), *fixed, *at, *body, err[256], why[256];
	re_reginfo_t *info, *again;
	re_policy_t oracle;
	re_contact_t *c;

	at = strstr(doc, bad);
	ck_assert_ptr_nonnull(at);
	fixed = malloc(len + 3);
	memcpy(fixed, doc, (size_t)(at - doc));
	strcpy(fixed + (at - doc), good);
	strcat(fixed, at + strlen(bad));
	ck_assert_int_eq(tu_validate(fixed, strlen(fixed), err, sizeof(err)), 0);

	info = expect_ok(fixed, strlen(fixed));
	ck_assert_uint_eq(info->version, 0);
	ck_assert(info->full);
	ck_assert_uint_eq(info->nregs, 1);
	ck_assert_str_eq(info->regs[0]->aor, "sip:joe@example.com");
	ck_assert_str_eq(info->regs[0]->id, "as9");
	ck_assert_int_eq(info->regs[0]->state, RE_REG_ACTIVE);
	ck_assert_uint_eq(info->regs[0]->ncontacts, 2);
	c = info->regs[0]->contacts[0];
	ck_assert_str_eq(c->id, "6");
	ck_assert_int_eq(c->state, RE_CONTACT_ACTIVE);
	ck_assert_int_eq(c->event, RE_EV_REGISTERED);
	ck_assert_str_eq(c->uri, "sip:joe@pc887.example.com");
	c = info->regs[0]->contacts[1];
	ck_assert_str_eq(c->id, "7");
	ck_assert_int_eq(c->state, RE_CONTACT_TERMINATED);
	ck_assert_int_eq(c->event, RE_EV_EXPIRED);
	ck_assert_str_eq(c->uri, "sip:joe@university.edu");

	ck_assert_int_eq(re_policy_builtin("oracle", &oracle), 0);
	ck_assert_int_eq(re_render(info, &oracle, &body, &blen, err, sizeof(err)), 0);
	ck_assert_int_eq(tu_validate(body, blen, err, sizeof(err)), 0);
	again = expect_ok(body, blen);
	ck_assert_msg(re_reginfo_diff(info, again, why, sizeof(why)) == 0, "%s", why);

	re_reginfo_free(again);
	re_reginfo_free(info);
	free(body);
	free(fixed);
	free(doc);
}
END_TEST

START_TEST(full_document_with_extensions)
{
	static const char doc[] =
	    "<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<!-- a comment --><?pi here?>\n"
	    "<r:reginfo xmlns:r='urn:ietf:params:xml:ns:reginfo'\n"
	    "  xmlns:gr='urn:ietf:params:xml:ns:gruuinfo' xmlns:e='urn:3gpp:ns:extRegExp:1.0'\n"
	    "  xmlns:x='urn:example:other' version='12' state='partial' x:foo='bar'>\n"
	    " <r:registration aor='sip:a@h' id='r1' state='active'>\n"
	    "  <r:contact id='c1' state='active' event='shortened' expires=' 600 '\n"
	    "     duration-registered='+5' retry-after='0' q='0.9' callid='x@y' cseq='18446744073709551615'>\n"
	    "   <r:uri>\n  <![CDATA[sip:a@[::1]:5060]]>  </r:uri>\n"
	    "   <r:display-name xml:lang='de'>J&#252;rgen &amp; Co</r:display-name>\n"
	    "   <r:unknown-param name='+sip.instance'>\"&lt;urn:uuid:1&gt;\"</r:unknown-param>\n"
	    "   <r:unknown-param name='video'/>\n"
	    "   <r:unknown-param name='ws'>  </r:unknown-param>\n"
	    "   <gr:pub-gruu uri='sip:a@h;gr=urn:uuid:1'><x:ext/></gr:pub-gruu>\n"
	    "   <x:whatever><deep><deeper/></deep></x:whatever>\n"
	    "   <gr:temp-gruu uri='sip:t@h;gr' first-cseq='7'/>\n"
	    "  </r:contact>\n"
	    "  <e:wildcardedIdentity> sip:a!.*!@h </e:wildcardedIdentity>\n"
	    "  <x:after/>\n"
	    " </r:registration>\n"
	    " <x:trailer/>\n"
	    "</r:reginfo>\n";
	re_reginfo_t *info = expect_ok(doc, sizeof(doc) - 1);
	re_registration_t *reg = info->regs[0];
	re_contact_t *c = reg->contacts[0];

	ck_assert_uint_eq(info->version, 12);
	ck_assert(!info->full);
	ck_assert_str_eq(reg->wildcard, "sip:a!.*!@h");
	ck_assert_str_eq(c->uri, "sip:a@[::1]:5060");
	ck_assert_int_eq(c->event, RE_EV_SHORTENED);
	ck_assert(c->has_expires && c->expires == 600);
	ck_assert(c->has_duration_registered && c->duration_registered == 5);
	ck_assert(c->has_retry_after && c->retry_after == 0);
	ck_assert(c->has_cseq && c->cseq == UINT64_MAX);
	ck_assert_str_eq(c->q, "0.9");
	ck_assert_str_eq(c->callid, "x@y");
	ck_assert_str_eq(c->display_name, "J\xc3\xbcrgen & Co");
	ck_assert_str_eq(c->display_name_lang, "de");
	ck_assert_uint_eq(c->nparams, 3);
	ck_assert_str_eq(c->params[0].value, "\"<urn:uuid:1>\"");
	ck_assert_ptr_null(c->params[1].value);
	ck_assert_str_eq(c->params[2].value, "  ");
	ck_assert_str_eq(c->pub_gruu, "sip:a@h;gr=urn:uuid:1");
	ck_assert_str_eq(c->temp_gruu, "sip:t@h;gr");
	ck_assert_uint_eq(c->temp_gruu_first_cseq, 7);
	re_reginfo_free(info);
}
END_TEST

START_TEST(structure_errors_are_precise)
{
	expect_error("<reginfo xmlns='urn:x' version='0' state='full'/>", NULL,
		     "line 1: the root element is <reginfo>, not <reginfo> in namespace "
		     "urn:ietf:params:xml:ns:reginfo");
	expect_error("<x:reginfo xmlns:x='urn:x' version='0' state='full'/>", NULL,
		     "the root element is <x:reginfo>");
	expect_error("<reginfo " NS " state='full'/>", NULL,
		     "line 1: <reginfo> lacks the required attribute version");
	expect_error("<reginfo " NS " version='0' state='complete'/>", NULL,
		     "reginfo state \"complete\" is not full or partial");
	expect_error("<reginfo " NS " version='4294967296' state='full'/>", NULL,
		     "version=\"4294967296\" is out of range");
	expect_error("<reginfo " NS " version='-1' state='full'/>", NULL,
		     "version=\"-1\" is not a non-negative integer");
	expect_error("<reginfo " NS " version='0' state='full' colour='red'/>", NULL,
		     "unknown attribute colour on <reginfo>");
	expect_error("<reginfo " NS " version='0' state='full'>text</reginfo>", NULL,
		     "text is not allowed inside <reginfo>");
	expect_error("<reginfo " NS " version='0' state='full'><contact/></reginfo>", NULL,
		     "<contact> is not allowed inside <reginfo>");
	expect_error("<reginfo " NS " version='0' state='full'>\n"
		     "<registration aor='a' id='r' state='gone'/></reginfo>",
		     NULL, "line 2: registration state \"gone\" is not init, active or terminated");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='registered'/>"
		     "</registration></reginfo>",
		     NULL, "contact c has no <uri>");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='born'><uri>u</uri>"
		     "</contact></registration></reginfo>",
		     NULL, "contact event \"born\" is not an RFC 3680 event");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='registered'>"
		     "<display-name>x</display-name><uri>u</uri></contact></registration></reginfo>",
		     NULL, "<contact> must start with <uri>, not <display-name>");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='registered'>"
		     "<uri>u</uri><unknown-param name='a'/><display-name>x</display-name>"
		     "</contact></registration></reginfo>",
		     NULL, "<display-name> is not allowed here inside <contact>");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='registered'>"
		     "<uri>u</uri><uri>v</uri></contact></registration></reginfo>",
		     NULL, "<uri> is not allowed here inside <contact>");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='registered'>"
		     "<uri> </uri></contact></registration></reginfo>",
		     NULL, "contact c has an empty <uri>");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='registered'>"
		     "<uri>u<b/></uri></contact></registration></reginfo>",
		     NULL, "<uri> must hold only text");
	expect_error("<reginfo " NS " version='0' state='full'><registration aor='a' id='r' "
		     "state='active'><contact id='c' state='active' event='registered'>"
		     "<uri>u</uri><unknown-param/></contact></registration></reginfo>",
		     NULL, "<unknown-param> lacks the required attribute name");
	expect_error("<reginfo " NS " xmlns:gr='urn:ietf:params:xml:ns:gruuinfo' version='0' "
		     "state='full'><registration aor='a' id='r' state='active'><contact id='c' "
		     "state='active' event='registered'><uri>u</uri><gr:pub-gruu uri='x'/>"
		     "<gr:pub-gruu uri='y'/></contact></registration></reginfo>",
		     NULL, "contact c has more than one <pub-gruu>");
	expect_error("<reginfo " NS " xmlns:gr='urn:ietf:params:xml:ns:gruuinfo' version='0' "
		     "state='full'><registration aor='a' id='r' state='active'><contact id='c' "
		     "state='active' event='registered'><uri>u</uri><gr:temp-gruu uri='x'/>"
		     "</contact></registration></reginfo>",
		     NULL, "<temp-gruu> lacks the required attribute first-cseq");
	expect_error("<reginfo " NS " xmlns:e='urn:3gpp:ns:extRegExp:1.0' version='0' "
		     "state='full'><registration aor='a' id='r' state='active'>"
		     "<e:wildcardedIdentity>w</e:wildcardedIdentity><contact id='c' "
		     "state='active' event='registered'><uri>u</uri></contact></registration>"
		     "</reginfo>",
		     NULL, "<contact> after an extension element");
	expect_error("<reginfo " NS " xmlns:e='urn:3gpp:ns:extRegExp:1.0' version='0' "
		     "state='full'><registration aor='a' id='r' state='active'>"
		     "<e:wildcardedIdentity>w</e:wildcardedIdentity>"
		     "<e:wildcardedIdentity>v</e:wildcardedIdentity></registration></reginfo>",
		     NULL, "registration r has two <wildcardedIdentity>");
	expect_error("<reginfo " NS " xmlns:x='urn:x' version='0' state='full'><x:a/>"
		     "<registration aor='a' id='r' state='init'/></reginfo>",
		     NULL, "<registration> after an extension element");
	expect_error("", NULL, "not well-formed XML");
}
END_TEST

START_TEST(every_truncation_is_a_clean_error)
{
	re_reginfo_t *info = tu_sample_irs(2, 2, 1);
	re_policy_t rfc;
	char err[256], *body;
	size_t len, n;

	re_policy_builtin("rfc3680", &rfc);
	ck_assert_int_eq(re_render(info, &rfc, &body, &len, err, sizeof(err)), 0);
	for (n = 0; n < len - 2; n++) {
		re_reginfo_t *got = re_parse(body, n, NULL, err, sizeof(err));

		ck_assert_msg(got == NULL, "prefix of %zu bytes accepted", n);
		ck_assert_msg(err[0] != '\0', "no message for prefix %zu", n);
	}
	free(body);
	re_reginfo_free(info);
}
END_TEST

START_TEST(deep_nesting_refused)
{
	size_t depth = 5000, i;
	char *doc = malloc(depth * 8 + 200), *p = doc;

	p += sprintf(p, "<reginfo " NS " version='0' state='full'><x xmlns='urn:x'>");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "<a>");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "</a>");
	sprintf(p, "</x></reginfo>");
	expect_error(doc, NULL, "not well-formed XML");
	/* within libxml2's own bound, our limit speaks */
	p = doc + sprintf(doc, "<reginfo " NS " version='0' state='full'><x xmlns='urn:x'>");
	for (i = 0; i < 40; i++)
		p += sprintf(p, "<a>");
	for (i = 0; i < 40; i++)
		p += sprintf(p, "</a>");
	sprintf(p, "</x></reginfo>");
	expect_error(doc, NULL, "elements nested deeper than 32");
	free(doc);
}
END_TEST

START_TEST(huge_attribute)
{
	size_t big = 900 * 1024;
	char *doc = malloc(big + 300), *p;
	re_parse_limits_t lim = re_parse_default_limits;
	re_reginfo_t *info;

	p = doc + sprintf(doc, "<reginfo " NS " version='0' state='full'>"
			       "<registration aor='sip:");
	memset(p, 'a', big);
	p += big;
	sprintf(p, "@h' id='r' state='init'/></reginfo>");
	/* under the byte limit it is only a long AOR */
	info = expect_ok(doc, strlen(doc));
	ck_assert_uint_eq(strlen(info->regs[0]->aor), big + 6);
	re_reginfo_free(info);
	/* over it, refused before parsing */
	lim.max_bytes = 64 * 1024;
	expect_error(doc, &lim, "bytes is over the 65536-byte limit");
	free(doc);
}
END_TEST

START_TEST(entity_expansion_refused)
{
	static const char laughs[] =
	    "<?xml version='1.0'?>\n"
	    "<!DOCTYPE reginfo [\n"
	    " <!ENTITY a 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'>\n"
	    " <!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>\n"
	    " <!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>\n"
	    " <!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>\n"
	    " <!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'>\n"
	    " <!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'>\n"
	    " <!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'>\n"
	    " <!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'>\n"
	    " <!ENTITY i '&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;'>\n"
	    "]>\n"
	    "<reginfo " NS " version='0' state='full'><registration aor='&i;' id='r' "
	    "state='init'/></reginfo>";
	static const char xxe[] =
	    "<!DOCTYPE reginfo [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
	    "<reginfo " NS " version='0' state='full'><registration aor='&x;' id='r' "
	    "state='init'/></reginfo>";
	static const char external_dtd[] =
	    "<!DOCTYPE reginfo SYSTEM 'http://127.0.0.1:9/reginfo.dtd'>"
	    "<reginfo " NS " version='0' state='full'/>";
	static const char undeclared[] = "<reginfo " NS " version='0' state='full'>"
					 "<registration aor='&x;' id='r' state='init'/></reginfo>";

	expect_error(laughs, NULL, "document type declarations are not allowed in reginfo");
	expect_error(xxe, NULL, "document type declarations are not allowed in reginfo");
	expect_error(external_dtd, NULL, "document type declarations are not allowed in reginfo");
	expect_error(undeclared, NULL, "not well-formed XML");
}
END_TEST

START_TEST(non_utf8_refused)
{
	static const char latin1[] = "<?xml version='1.0' encoding='ISO-8859-1'?>"
				     "<reginfo " NS " version='0' state='full'>"
				     "<registration aor='sip:j\xfcrgen@h' id='r' state='init'/>"
				     "</reginfo>";
	static const char raw[] = "<reginfo " NS " version='0' state='full'>"
				  "<registration aor='sip:\xc0\xaf@h' id='r' state='init'/>"
				  "</reginfo>";
	static const char utf16[] = "\xff\xfe<\0r\0e\0g\0";
	char err[256];

	expect_error(latin1, NULL, "not well-formed XML");
	expect_error(raw, NULL, "not well-formed XML");
	ck_assert_ptr_null(re_parse(utf16, sizeof(utf16) - 1, NULL, err, sizeof(err)));
	ck_assert_msg(strstr(err, "not well-formed XML") != NULL, "%s", err);
	/* a NUL byte inside the document */
	ck_assert_ptr_null(re_parse("<reginfo\0 />", 12, NULL, err, sizeof(err)));
}
END_TEST

START_TEST(count_limits)
{
	re_parse_limits_t lim = re_parse_default_limits;
	re_reginfo_t *info = tu_sample_irs(3, 3, 0);
	re_policy_t rfc;
	char err[256], *body;
	size_t len;

	re_policy_builtin("rfc3680", &rfc);
	ck_assert_int_eq(re_render(info, &rfc, &body, &len, err, sizeof(err)), 0);
	lim.max_registrations = 2;
	ck_assert_ptr_null(re_parse(body, len, &lim, err, sizeof(err)));
	ck_assert_msg(strstr(err, "more than 2 registrations") != NULL, "%s", err);
	lim = re_parse_default_limits;
	lim.max_contacts = 2;
	ck_assert_ptr_null(re_parse(body, len, &lim, err, sizeof(err)));
	ck_assert_msg(strstr(err, "registration r0 has more than 2 contacts") != NULL, "%s", err);
	lim = re_parse_default_limits;
	lim.max_params = 4;
	ck_assert_ptr_null(re_parse(body, len, &lim, err, sizeof(err)));
	ck_assert_msg(strstr(err, "contact c0.0 has more than 4 unknown-params") != NULL, "%s",
		      err);
	lim = re_parse_default_limits;
	lim.max_elements = 20;
	ck_assert_ptr_null(re_parse(body, len, &lim, err, sizeof(err)));
	ck_assert_msg(strstr(err, "more than 20 elements") != NULL, "%s", err);
	/* a message buffer too small for the text is cut, never overrun */
	ck_assert_ptr_null(re_parse(body, len, &lim, err, 8));
	ck_assert_uint_eq(strlen(err), 7);
	ck_assert_ptr_null(re_parse(body, len, &lim, NULL, 0));
	free(body);
	re_reginfo_free(info);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parse");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, seed001_verbatim_is_not_xml);
	tcase_add_test(tc, seed001_example_round_trips_under_oracle);
	tcase_add_test(tc, full_document_with_extensions);
	tcase_add_test(tc, structure_errors_are_precise);
	tcase_add_test(tc, every_truncation_is_a_clean_error);
	tcase_add_test(tc, deep_nesting_refused);
	tcase_add_test(tc, huge_attribute);
	tcase_add_test(tc, entity_expansion_refused);
	tcase_add_test(tc, non_utf8_refused);
	tcase_add_test(tc, count_limits);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
