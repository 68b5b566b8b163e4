/*
 * check_user_data.c - the Cx User-Data parser: the shapes FHoSS, Open5GS and
 * PyHSS send, every IdentityType, every iFC element, the derived implicit
 * registration set / default IMPU / P-Associated-URI, wildcard matching,
 * strictness, limits and hostile input.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/userdata/user_data.h"
#include "diameter/userdata/wildcard.h"
#include "testutil.h"

#define DATA TEST_SRCDIR "/data/user_data/"

/* A minimal valid document around one ServiceProfile's content. */
#define DOC(profile)                                                                       \
	"<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>" profile              \
	"</ServiceProfile></IMSSubscription>"
#define PUI(id) "<PublicIdentity><Identity>" id "</Identity></PublicIdentity>"
#define IFC(body)                                                                          \
	"<InitialFilterCriteria><Priority>0</Priority>" body                               \
	"<ApplicationServer><ServerName>sip:as@h</ServerName></ApplicationServer>"         \
	"</InitialFilterCriteria>"

static ud_subscription_t *parse_file(const char *name)
{
	char path[512], err[512];
	ud_subscription_t *s;
	size_t len;
	char *doc;

	snprintf(path, sizeof(path), DATA "%s", name);
	doc = tu_read_file(path, &len);
	s = ud_parse(doc, len, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s refused: %s", name, err);
	free(doc);
	return s;
}

static ud_subscription_t *expect_ok(const char *doc)
{
	char err[512];
	ud_subscription_t *s = ud_parse(doc, strlen(doc), NULL, err, sizeof(err));

	ck_assert_msg(s != NULL, "refused (%s): %s", err, doc);
	return s;
}

static void expect_error_n(const char *doc, size_t len, const ud_limits_t *lim, const char *msg)
{
	char err[512];
	ud_subscription_t *s;

	strcpy(err, "stale");
	s = ud_parse(doc, len, lim, err, sizeof(err));
	ck_assert_msg(s == NULL, "accepted: %.300s", doc);
	ud_free(s);
	ck_assert_msg(strstr(err, msg) != NULL, "got \"%s\", want \"%s\"", err, msg);
}

static void expect_error(const char *doc, const ud_limits_t *lim, const char *msg)
{
	expect_error_n(doc, strlen(doc), lim, msg);
}

static void assert_pau(const ud_subscription_t *s, const char *const *want, size_t n)
{
	size_t got, i;
	const char *const *pau = ud_pau(s, &got);

	ck_assert_uint_eq(got, n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(pau[i], want[i]);
}

static void assert_irs(const ud_subscription_t *s, const char *const *want, size_t n)
{
	size_t got, i;
	const ud_public_identity_t *const *irs = ud_irs(s, &got);

	ck_assert_uint_eq(got, n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(irs[i]->identity, want[i]);
}

/* --- the shapes real HSSs send -------------------------------------------------- */

START_TEST(fhoss_shape)
{
	static const char *const irs[] = {
	    "sip:alice-barred@open-ims.test", "sip:alice@open-ims.test", "tel:+4930123456",
	    "sip:conference@open-ims.test", "sip:chat-*@open-ims.test"};
	static const char *const pau[] = {"sip:alice@open-ims.test", "tel:+4930123456",
					  "sip:conference@open-ims.test"};
	ud_subscription_t *s = parse_file("fhoss.xml");
	const ud_service_profile_t *sp = &s->profiles[0];
	const ud_public_identity_t *id;

	ck_assert_str_eq(s->private_id, "alice@open-ims.test");
	ck_assert_uint_eq(s->nprofiles, 2);
	ck_assert_uint_eq(s->nids, 5);
	/* barred first, trailing and leading spaces trimmed */
	ck_assert(s->ids[0].barred);
	ck_assert(!s->ids[1].barred);
	ck_assert(s->ids[1].has_type);
	ck_assert_int_eq(s->ids[1].type, UD_ID_PUBLIC_USER);
	ck_assert_str_eq(s->ids[1].display_name, "Alice Liddell");
	assert_irs(s, irs, 5);
	ck_assert_str_eq(ud_default_impu(s)->identity, "sip:alice@open-ims.test");
	assert_pau(s, pau, 3);
	/* profile 0: one iFC, SharedIFCSetID one Extension deeper, media profile */
	ck_assert_uint_eq(sp->first_id, 0);
	ck_assert_uint_eq(sp->nids, 3);
	ck_assert_uint_eq(sp->nifcs, 1);
	ck_assert_uint_eq(sp->nshared_ifc_sets, 1);
	ck_assert_uint_eq(sp->shared_ifc_sets[0], 1);
	ck_assert(sp->has_cn_auth && sp->has_media_profile);
	ck_assert_uint_eq(sp->media_profile_id, 0);
	ck_assert_uint_eq(sp->ifcs[0].spts[0].reg_types, UD_REGTYPE_INITIAL | UD_REGTYPE_RE);
	ck_assert_str_eq(sp->ifcs[0].as.server_name, "sip:presence.open-ims.test:5065");
	/* the distinct PSI is distinct; the wildcarded PSI is a glob */
	ck_assert_int_eq(s->ids[3].type, UD_ID_DISTINCT_PSI);
	ck_assert(!s->ids[3].is_wildcard);
	id = ud_lookup(s, "sip:chat-room42@open-ims.test");
	ck_assert_ptr_eq(id, &s->ids[4]);
	ck_assert_int_eq(id->type, UD_ID_WILDCARDED_PSI);
	ck_assert_str_eq(id->wildcard, "sip:chat-*@open-ims.test");
	ck_assert_int_eq(ud_wildcard_get_kind(id->matcher), UD_WC_GLOB);
	/* for reg-event: the glob in the TS 23.003 form, and an IMPU it covers */
	ck_assert_str_eq(id->wildcard_re, "sip:chat-!.*!@open-ims.test");
	ck_assert_str_eq(id->covered, "sip:chat-0@open-ims.test");
	ck_assert_ptr_eq(ud_profile_for(s, "sip:chat-x@open-ims.test"), &s->profiles[1]);
	ck_assert_ptr_eq(ud_profile_for(s, "tel:+4930123456"), &s->profiles[0]);
	ck_assert_ptr_null(ud_lookup(s, "sip:chat-@open-ims.tester"));
	ck_assert_ptr_null(ud_lookup(s, "sip:alice@open-ims.test "));
	ud_free(s);
}
END_TEST

START_TEST(open5gs_shape)
{
	static const char *const pau[] = {"sip:+15551234567@ims.mnc001.mcc001.3gppnetwork.org",
					  "tel:+15551234567"};
	ud_subscription_t *s = parse_file("open5gs.xml");
	const ud_ifc_t *f;

	ck_assert_uint_eq(s->nprofiles, 1);
	ck_assert_uint_eq(s->nids, 3);
	ck_assert(s->ids[0].barred);
	ck_assert_str_eq(ud_default_impu(s)->identity,
			 "sip:+15551234567@ims.mnc001.mcc001.3gppnetwork.org");
	assert_pau(s, pau, 2);
	f = &s->profiles[0].ifcs[0];
	ck_assert(f->has_trigger && !f->cnf);
	ck_assert_uint_eq(f->nspts, 2);
	ck_assert_int_eq(f->spts[0].kind, UD_SPT_METHOD);
	ck_assert_str_eq(f->spts[0].value, "MESSAGE");
	ck_assert_uint_eq(f->spts[0].reg_types, 0);
	ck_assert_int_eq(f->spts[1].kind, UD_SPT_SESSION_CASE);
	ck_assert_int_eq(f->spts[1].session_case, UD_SC_ORIGINATING_REGISTERED);
	ck_assert(!f->has_profile_part);
	/* the barred IMPU is still in the set and still finds its profile */
	ck_assert_ptr_eq(ud_lookup(s, "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org"),
			 &s->ids[0]);
	ud_free(s);
}
END_TEST

START_TEST(pyhss_shape)
{
	ud_subscription_t *s = parse_file("pyhss.xml");
	const ud_service_profile_t *sp = &s->profiles[0];
	size_t i;

	ck_assert_str_eq(s->private_id, "001010000000002@ims.mnc001.mcc001.3gppnetwork.org");
	ck_assert_uint_eq(s->nids, 3);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(s->ids[i].alias_group_id, "1");
	ck_assert_str_eq(ud_default_impu(s)->identity,
			 "sip:001010000000002@ims.mnc001.mcc001.3gppnetwork.org");
	ck_assert_uint_eq(sp->nifcs, 2);
	ck_assert_int_eq(sp->ifcs[0].spts[1].kind, UD_SPT_SIP_HEADER);
	ck_assert_str_eq(sp->ifcs[0].spts[1].value, "Content-Type");
	ck_assert_str_eq(sp->ifcs[0].spts[1].content, "application/vnd.3gpp.sms");
	ck_assert_uint_eq(sp->ifcs[1].priority, 20);
	ck_assert_uint_eq(sp->ifcs[1].spts[0].reg_types,
			  UD_REGTYPE_INITIAL | UD_REGTYPE_RE | UD_REGTYPE_DE);
	ck_assert(sp->ifcs[1].as.has_default_handling);
	ck_assert_int_eq(sp->ifcs[1].as.default_handling, UD_DH_SESSION_TERMINATED);
	ck_assert(sp->ifcs[1].as.include_register_request);
	ck_assert(sp->ifcs[1].as.include_register_response);
	ck_assert(!sp->ifcs[0].as.include_register_request);
	ud_free(s);
}
END_TEST

START_TEST(every_identity_type)
{
	ud_subscription_t *s = parse_file("identity_types.xml");
	const ud_public_identity_t *id = s->ids;
	static const char *const pau[] = {"sip:untyped@ims.example", "sip:impu@ims.example",
					  "sip:psi@ims.example", "sip:carol-7@ims.example"};

	ck_assert_uint_eq(s->nids, 6);
	ck_assert(!id[0].has_type);
	ck_assert_int_eq(id[0].type, UD_ID_PUBLIC_USER);
	ck_assert(id[1].has_type);
	ck_assert_int_eq(id[1].type, UD_ID_PUBLIC_USER);
	ck_assert_int_eq(id[2].type, UD_ID_DISTINCT_PSI); /* directly in PublicIdentity */
	ck_assert_int_eq(id[3].type, UD_ID_WILDCARDED_PSI);
	ck_assert_int_eq(id[4].type, UD_ID_NON_DISTINCT_IMPU);
	ck_assert_int_eq(id[5].type, UD_ID_WILDCARDED_IMPU);
	ck_assert(!id[0].is_wildcard && !id[1].is_wildcard && !id[2].is_wildcard);
	ck_assert(id[3].is_wildcard && !id[4].is_wildcard && id[5].is_wildcard);
	ck_assert_str_eq(id[3].wildcard, "sip:conf-![0-9]+!@ims.example");
	ck_assert_str_eq(id[4].wildcarded_impu, "sip:carol!.*!@ims.example");
	ck_assert_str_eq(id[5].wildcard, "sip:carol!.*!@ims.example");
	ck_assert_str_eq(ud_identity_type_name(id[4].type), "NON_DISTINCT_IMPU");
	/* for reg-event: the TS 23.003 form, and an IMPU each wildcard covers:
	 * the one the HSS links to it (carol-7), else one derived */
	ck_assert_str_eq(id[3].wildcard_re, "sip:conf-![0-9]+!@ims.example");
	ck_assert_str_eq(id[3].covered, "sip:conf-00@ims.example");
	ck_assert_str_eq(id[5].wildcard_re, "sip:carol!.*!@ims.example");
	ck_assert_str_eq(id[5].covered, "sip:carol-7@ims.example");
	ck_assert_ptr_null(id[4].wildcard_re);
	ck_assert_ptr_null(id[4].covered);
	/* the default is the first typeless-or-0 one; no wildcard in PAU */
	ck_assert_ptr_eq(ud_default_impu(s), &id[0]);
	assert_pau(s, pau, 4);
	/* the explicitly provisioned carol-7 beats carol's wildcard */
	ck_assert_ptr_eq(ud_lookup(s, "sip:carol-7@ims.example"), &id[4]);
	ck_assert_ptr_eq(ud_lookup(s, "sip:carol-8@ims.example"), &id[5]);
	ck_assert_ptr_eq(ud_lookup(s, "sip:conf-123@ims.example"), &id[3]);
	ck_assert_ptr_null(ud_lookup(s, "sip:conf-x@ims.example"));
	/* the wildcarded PSI's own Identity is not its pattern */
	ck_assert_ptr_null(ud_lookup(s, "sip:wpsi@ims.example"));
	ud_free(s);
}
END_TEST

START_TEST(identity_type_placements)
{
	ud_subscription_t *s = expect_ok(DOC(
	    "<PublicIdentity><Identity>sip:a@h</Identity><IdentityType>1</IdentityType>"
	    "</PublicIdentity>"
	    "<PublicIdentity><Identity>sip:b@h</Identity><Extension><IdentityType>1"
	    "</IdentityType></Extension></PublicIdentity>"
	    "<PublicIdentity><Identity>sip:c@h</Identity><Extension><Extension>"
	    "<IdentityType>1</IdentityType><DisplayName> C </DisplayName></Extension>"
	    "</Extension></PublicIdentity>"
	    "<PublicIdentity><Identity>sip:d@h</Identity><IdentityType>1</IdentityType>"
	    "<Extension><IdentityType>1</IdentityType></Extension></PublicIdentity>"));
	size_t i;

	for (i = 0; i < 4; i++)
		ck_assert_int_eq(s->ids[i].type, UD_ID_DISTINCT_PSI);
	ck_assert_str_eq(s->ids[2].display_name, "C");
	ck_assert_ptr_null(ud_default_impu(s));
	ud_free(s);
	expect_error(DOC("<PublicIdentity><Identity>sip:a@h</Identity>"
			 "<Extension><IdentityType>5</IdentityType></Extension></PublicIdentity>"),
		     NULL, "line 1: <IdentityType> has value \"5\", expected an integer from 0 to 4");
	expect_error(DOC("<PublicIdentity><Identity>sip:a@h</Identity>"
			 "<IdentityType>PUBLIC</IdentityType></PublicIdentity>"),
		     NULL, "<IdentityType> has value \"PUBLIC\"");
	expect_error(DOC("<PublicIdentity><Identity>sip:a@h</Identity><IdentityType>0"
			 "</IdentityType><Extension><IdentityType>1</IdentityType></Extension>"
			 "</PublicIdentity>"),
		     NULL, "<IdentityType> 1 contradicts the earlier 0");
}
END_TEST

/* --- iFCs ------------------------------------------------------------------------ */

START_TEST(ifc_every_element)
{
	ud_subscription_t *s = parse_file("ifc_full.xml");
	const ud_service_profile_t *sp = &s->profiles[0];
	const ud_ifc_t *f = &sp->ifcs[0], *g = &sp->ifcs[1];
	const ud_spt_t *t = f->spts;

	ck_assert(sp->has_cn_auth && sp->has_media_profile);
	ck_assert_uint_eq(sp->media_profile_id, 7);
	ck_assert_uint_eq(sp->nshared_ifc_sets, 2);
	ck_assert_uint_eq(sp->shared_ifc_sets[0], 10);
	ck_assert_uint_eq(sp->shared_ifc_sets[1], 20);
	ck_assert_uint_eq(sp->nifcs, 2);

	ck_assert_uint_eq(f->priority, 5);
	ck_assert(f->has_trigger);
	ck_assert(f->cnf);
	ck_assert_uint_eq(f->nspts, 7);

	ck_assert(t[0].negated);
	ck_assert_uint_eq(t[0].ngroups, 2);
	ck_assert_uint_eq(t[0].groups[0], 0);
	ck_assert_uint_eq(t[0].groups[1], 3);
	ck_assert_int_eq(t[0].kind, UD_SPT_REQUEST_URI);
	ck_assert_str_eq(t[0].value, "sip:voicemail@ims.example");
	ck_assert_ptr_null(t[0].content);
	ck_assert_uint_eq(t[0].reg_types, 0);

	ck_assert(!t[1].negated);
	ck_assert_uint_eq(t[1].ngroups, 1);
	ck_assert_uint_eq(t[1].groups[0], 1);
	ck_assert_int_eq(t[1].kind, UD_SPT_METHOD);
	ck_assert_str_eq(t[1].value, "REGISTER");
	ck_assert_uint_eq(t[1].reg_types, UD_REGTYPE_INITIAL | UD_REGTYPE_DE);

	ck_assert(!t[2].negated);
	ck_assert_uint_eq(t[2].groups[0], 2);
	ck_assert_int_eq(t[2].kind, UD_SPT_SIP_HEADER);
	ck_assert_str_eq(t[2].value, "Accept-Contact");
	ck_assert_str_eq(t[2].content, ".*g\\.3gpp\\.icsi-ref.*");

	ck_assert(t[3].negated);
	ck_assert_int_eq(t[3].kind, UD_SPT_SIP_HEADER);
	ck_assert_str_eq(t[3].value, "P-Asserted-Identity");
	ck_assert_ptr_null(t[3].content);

	ck_assert_int_eq(t[4].kind, UD_SPT_SESSION_CASE);
	ck_assert_int_eq(t[4].session_case, UD_SC_ORIGINATING_CDIV);
	ck_assert_uint_eq(t[4].groups[0], 4);

	ck_assert_int_eq(t[5].kind, UD_SPT_SESSION_DESCRIPTION);
	ck_assert_str_eq(t[5].value, "m");
	ck_assert_str_eq(t[5].content, "audio.*");

	ck_assert_int_eq(t[6].kind, UD_SPT_SESSION_DESCRIPTION);
	ck_assert_str_eq(t[6].value, "c");
	ck_assert_ptr_null(t[6].content);
	ck_assert_uint_eq(t[6].groups[0], 5);

	ck_assert_str_eq(f->as.server_name, "sip:as1.ims.example;transport=tcp");
	ck_assert(f->as.has_default_handling);
	ck_assert_int_eq(f->as.default_handling, UD_DH_SESSION_TERMINATED);
	ck_assert_str_eq(f->as.service_info, "  opaque & <kept> as is  ");
	ck_assert(f->as.include_register_request);
	ck_assert(f->as.include_register_response);
	ck_assert(f->has_profile_part);
	ck_assert_int_eq(f->profile_part, UD_PPI_UNREGISTERED);

	/* the second iFC: everything optional left out */
	ck_assert_uint_eq(g->priority, 9);
	ck_assert(!g->has_trigger);
	ck_assert_uint_eq(g->nspts, 0);
	ck_assert_str_eq(g->as.server_name, "sip:as2.ims.example");
	ck_assert(!g->as.has_default_handling);
	ck_assert_int_eq(g->as.default_handling, UD_DH_SESSION_CONTINUED);
	ck_assert_ptr_null(g->as.service_info);
	ck_assert(!g->as.include_register_request && !g->as.include_register_response);
	ck_assert(!g->has_profile_part);
	ud_free(s);
}
END_TEST

START_TEST(every_session_case_and_profile_part)
{
	char doc[1024];
	unsigned v;

	for (v = 0; v <= 4; v++) {
		ud_subscription_t *s;

		snprintf(doc, sizeof(doc),
			 DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
						"<SPT><Group>0</Group><SessionCase>%u</SessionCase>"
						"</SPT></TriggerPoint>")),
			 v);
		s = expect_ok(doc);
		ck_assert_uint_eq(s->profiles[0].ifcs[0].spts[0].session_case, v);
		ud_free(s);
	}
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group><SessionCase>5</SessionCase>"
					    "</SPT></TriggerPoint>")),
		     NULL, "<SessionCase> has value \"5\", expected an integer from 0 to 4");
	expect_error(DOC(PUI("sip:a@h") IFC("<ProfilePartIndicator>2</ProfilePartIndicator>")),
		     NULL, "<ProfilePartIndicator> has value \"2\"");
	expect_error(DOC(PUI("sip:a@h")
			 "<InitialFilterCriteria><Priority>0</Priority><ApplicationServer>"
			 "<ServerName>sip:as@h</ServerName><DefaultHandling>2</DefaultHandling>"
			 "</ApplicationServer></InitialFilterCriteria>"),
		     NULL, "<DefaultHandling> has value \"2\"");
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group><Method>REGISTER</Method>"
					    "<Extension><RegistrationType>3</RegistrationType>"
					    "</Extension></SPT></TriggerPoint>")),
		     NULL, "<RegistrationType> has value \"3\"");
}
END_TEST

START_TEST(ifc_structure_errors)
{
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group><Method>INVITE</Method>"
					    "<RequestURI>sip:x@h</RequestURI></SPT></TriggerPoint>")),
		     NULL, "<SPT> has both <Method> and <RequestURI>");
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group></SPT></TriggerPoint>")),
		     NULL, "<SPT> has none of <RequestURI>");
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Method>INVITE</Method></SPT></TriggerPoint>")),
		     NULL, "<SPT> has no <Group>");
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><SPT><Group>0</Group>"
					    "<Method>INVITE</Method></SPT></TriggerPoint>")),
		     NULL, "<TriggerPoint> has no <ConditionTypeCNF>");
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>yes"
					    "</ConditionTypeCNF></TriggerPoint>")),
		     NULL, "<ConditionTypeCNF> has value \"yes\", expected 0, 1, false or true");
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group><SIPHeader><Content>x</Content>"
					    "</SIPHeader></SPT></TriggerPoint>")),
		     NULL, "<SIPHeader> has no <Header>");
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group><SessionDescription><Content>x"
					    "</Content></SessionDescription></SPT></TriggerPoint>")),
		     NULL, "<SessionDescription> has no <Line>");
	expect_error(DOC(PUI("sip:a@h") "<InitialFilterCriteria><ApplicationServer><ServerName>"
					"sip:as@h</ServerName></ApplicationServer>"
					"</InitialFilterCriteria>"),
		     NULL, "<InitialFilterCriteria> has no <Priority>");
	expect_error(DOC(PUI("sip:a@h") "<InitialFilterCriteria><Priority>1</Priority>"
					"</InitialFilterCriteria>"),
		     NULL, "<InitialFilterCriteria> has no <ApplicationServer>");
	expect_error(DOC(PUI("sip:a@h") "<InitialFilterCriteria><Priority>1</Priority>"
					"<ApplicationServer><ServerName> </ServerName>"
					"</ApplicationServer></InitialFilterCriteria>"),
		     NULL, "<ApplicationServer> has no <ServerName>");
	expect_error(DOC(PUI("sip:a@h") IFC("<Priority>1</Priority>")), NULL,
		     "<Priority> appears twice");
	expect_error(DOC(PUI("sip:a@h") "<InitialFilterCriteria><Priority>-1</Priority>"
					"<ApplicationServer><ServerName>sip:as@h</ServerName>"
					"</ApplicationServer></InitialFilterCriteria>"),
		     NULL, "<Priority> has value \"-1\"");
}
END_TEST

/* --- derived sets ------------------------------------------------------------------ */

START_TEST(irs_across_profiles)
{
	static const char *const irs[] = {"sip:bob-barred@ims.example", "sip:bob-ep!.*!@ims.example",
					  "sip:bob@ims.example", "tel:+15550001111",
					  "sip:bob.work@ims.example", "sip:bob.old@ims.example"};
	static const char *const pau[] = {"sip:bob@ims.example", "tel:+15550001111",
					  "sip:bob.work@ims.example"};
	ud_subscription_t *s = parse_file("irs_multi.xml");
	const ud_public_identity_t *def = ud_default_impu(s);

	ck_assert_uint_eq(s->nprofiles, 3);
	ck_assert_uint_eq(s->nids, 7);
	assert_irs(s, irs, 6); /* sip:bob listed twice counts once */
	ck_assert_str_eq(def->identity, "sip:bob@ims.example");
	ck_assert_uint_eq(def->profile, 1); /* its first occurrence */
	assert_pau(s, pau, 3);
	/* the Clearwater form: a typeless identity with "!regex!" is a wildcard */
	ck_assert(s->ids[1].is_wildcard);
	ck_assert_str_eq(s->ids[1].wildcard, "sip:bob-ep!.*!@ims.example");
	ck_assert_str_eq(s->ids[1].covered, "sip:bob-ep0@ims.example");
	ck_assert_ptr_eq(ud_profile_for(s, "sip:bob-ep17@ims.example"), &s->profiles[0]);
	ck_assert_str_eq(ud_profile_for(s, "sip:bob-ep17@ims.example")->ifcs[0].as.server_name,
			 "sip:as-a.ims.example");
	ck_assert_ptr_eq(ud_profile_for(s, "sip:bob@ims.example"), &s->profiles[1]);
	ck_assert_ptr_eq(ud_profile_for(s, "sip:bob.work@ims.example"), &s->profiles[2]);
	ck_assert_uint_eq(ud_profile_for(s, "sip:bob.work@ims.example")->nifcs, 0);
	ck_assert_ptr_null(ud_profile_for(s, "sip:carol@ims.example"));
	ck_assert_ptr_null(ud_lookup(s, NULL));
	ud_free(s);
}
END_TEST

START_TEST(no_default_when_all_barred)
{
	ud_subscription_t *s = expect_ok(DOC(
	    "<PublicIdentity><BarringIndication>1</BarringIndication><Identity>sip:a@h</Identity>"
	    "</PublicIdentity>" PUI("sip:w!.*!@h")));
	size_t n;

	ck_assert_ptr_null(ud_default_impu(s));
	ud_pau(s, &n);
	ck_assert_uint_eq(n, 0);
	ud_irs(s, &n);
	ck_assert_uint_eq(n, 2);
	ud_free(s);
}
END_TEST

/* --- wildcards ---------------------------------------------------------------------- */

static bool wc(const char *pattern, const char *s)
{
	char err[256];
	ud_wildcard_t *w = ud_wildcard_compile(pattern, 256, err, sizeof(err));
	bool m;

	ck_assert_msg(w != NULL, "%s: %s", pattern, err);
	ck_assert_str_eq(ud_wildcard_pattern(w), pattern);
	m = ud_wildcard_match(w, s);
	ud_wildcard_free(w);
	return m;
}

/* The TS 23.003 form of a pattern; it matches what the pattern matches. */
static void assert_ts23003(const char *pattern, const char *want, const char *in,
			   const char *out)
{
	char *got = ud_wildcard_ts23003(pattern);

	ck_assert_str_eq(got, want);
	ck_assert(wc(pattern, in) && wc(got, in));
	ck_assert(!wc(pattern, out) && !wc(got, out));
	free(got);
}

START_TEST(wildcard_ts23003_form)
{
	assert_ts23003("sip:psi-*@open-ims.test", "sip:psi-!.*!@open-ims.test",
		       "sip:psi-12@open-ims.test", "sip:psi-12@open-imsxtest");
	assert_ts23003("sip:chat-*@open-ims.test", "sip:chat-!.*!@open-ims.test",
		       "sip:chat-@open-ims.test", "sip:chat@open-ims.test");
	/* the literal characters between the first and last glob character
	 * are escaped, those around stay as they are */
	assert_ts23003("sip:a.b*c+d(x)?@h.x", "sip:a.b!.*c\\+d\\(x\\).!@h.x",
		       "sip:a.bZZc+d(x)7@h.x", "sip:a.bZZcd(x)7@h.x");
	assert_ts23003("sip:?[1]*$@h", "sip:!.\\[1\\].*!$@h", "sip:0[1]zz$@h", "sip:01zz$@h");
	/* a literal '!' FHoSS allows stays inside the delimiters */
	assert_ts23003("sip:a!b*@h", "sip:a!!b.*!@h", "sip:a!bcd@h", "sip:abcd@h");
	/* the "!regex!" form and a plain URI are copied */
	assert_ts23003("sip:x!.*!@h", "sip:x!.*!@h", "sip:xy@h", "sip:y@h");
	assert_ts23003("sip:x@h", "sip:x@h", "sip:x@h", "sip:y@h");
}
END_TEST

/* An example URI of a wildcard, and that it matches. */
static void assert_example(const char *pattern, const char *want)
{
	ud_wildcard_t *w = ud_wildcard_compile(pattern, 256, NULL, 0);
	char *got;

	ck_assert_ptr_nonnull(w);
	got = ud_wildcard_example(w, NULL, NULL);
	ck_assert_msg(got != NULL, "no example for %s", pattern);
	ck_assert_str_eq(got, want);
	ck_assert(ud_wildcard_match(w, got));
	free(got);
	ud_wildcard_free(w);
}

static bool not_sip_ann0(void *arg, const char *uri)
{
	(void)arg;
	return strcmp(uri, "sip:ann0@h") != 0;
}

START_TEST(wildcard_examples)
{
	ud_wildcard_t *w;
	char *got;

	assert_example("sip:ann!.*!@open-ims.test", "sip:ann0@open-ims.test");
	assert_example("sip:psi-*@open-ims.test", "sip:psi-0@open-ims.test");
	assert_example("sip:u?er@h", "sip:u0er@h");
	assert_example("sip:+1555!(0|1)[0-9]{3}!@h", "sip:+15550000@h");
	assert_example("sip:conf-![a-z][[:digit:]]+x?!@h.x", "sip:conf-a00x@h.x");
	assert_example("sip:v!([^0-9a]|q)\\.b{2,}!@h", "sip:vb.bb@h");
	assert_example("tel:!\\+49.*!", "tel:+490");
	/* a candidate refused: the next one (no copies) is tried */
	w = ud_wildcard_compile("sip:ann!.*!@h", 256, NULL, 0);
	got = ud_wildcard_example(w, not_sip_ann0, NULL);
	ck_assert_str_eq(got, "sip:ann@h");
	free(got);
	ud_wildcard_free(w);
}
END_TEST

START_TEST(wildcard_matcher)
{
	/* regex form, anchored at both ends, literal parts escaped */
	ck_assert(wc("sip:ep_user!.*!@home1.net", "sip:ep_user@home1.net"));
	ck_assert(wc("sip:ep_user!.*!@home1.net", "sip:ep_user123@home1.net"));
	ck_assert(!wc("sip:ep_user!.*!@home1.net", "sip:ep_user1@home1.net.evil"));
	ck_assert(!wc("sip:ep_user!.*!@home1.net", "xsip:ep_user1@home1.net"));
	ck_assert(!wc("sip:ep_user!.*!@home1.net", "sip:ep_user1@home1xnet"));
	ck_assert(wc("sip:+1555!(0|1)[0-9]{3}!@h", "sip:+15550123@h"));
	ck_assert(!wc("sip:+1555!(0|1)[0-9]{3}!@h", "sip:+15552123@h"));
	ck_assert(!wc("sip:+1555!(0|1)[0-9]{3}!@h", "sip:1555+0123@h"));
	/* an alternation inside cannot escape the anchors */
	ck_assert(!wc("sip:a!x|.*!@h", "sip:zzz"));
	ck_assert(wc("tel:!\\+49.*!", "tel:+4930"));
	/* glob form */
	ck_assert(wc("sip:chat-*@h", "sip:chat-@h"));
	ck_assert(wc("sip:chat-*@h", "sip:chat-room@h"));
	ck_assert(!wc("sip:chat-*@h", "sip:chat-room@h2"));
	ck_assert(wc("sip:*", "sip:anything"));
	ck_assert(wc("sip:u?er@h", "sip:user@h"));
	ck_assert(!wc("sip:u?er@h", "sip:uer@h"));
	ck_assert(wc("sip:*a*b*@h", "sip:xxaxxbxx@h"));
	ck_assert(!wc("sip:*a*b*@h", "sip:xxbxxaxx@h"));
	ck_assert(wc("sip:a.b*@h", "sip:a.bc@h"));
	ck_assert(!wc("sip:a.b*@h", "sip:axbc@h"));
	/* neither: literal */
	ck_assert_int_eq(ud_wildcard_kind("sip:a!b@h"), UD_WC_LITERAL);
	ck_assert(wc("sip:a!b@h", "sip:a!b@h"));
	ck_assert(!wc("sip:a!b@h", "sip:a!bc@h"));
	ck_assert_int_eq(ud_wildcard_kind("sip:a!b*!@h"), UD_WC_REGEX);
	ck_assert_int_eq(ud_wildcard_kind("sip:a*@h"), UD_WC_GLOB);
	ck_assert(!ud_wildcard_match(NULL, "x"));
}
END_TEST

/* A wildcard listed before a distinct identity it covers still loses to it;
 * a Rel-8 style IdentityType 3 whose Identity is "!regex!" is a wildcard. */
START_TEST(distinct_beats_wildcard)
{
	ud_subscription_t *s = expect_ok(
	    "<IMSSubscription><PrivateID>u@h</PrivateID>"
	    "<ServiceProfile>" PUI("sip:!.*!@h") "</ServiceProfile>"
	    "<ServiceProfile>" PUI("sip:a@h") "</ServiceProfile>"
	    "<ServiceProfile><PublicIdentity><Identity>sip:r8!x.*!@h</Identity><IdentityType>3"
	    "</IdentityType></PublicIdentity></ServiceProfile></IMSSubscription>");

	ck_assert(s->ids[0].is_wildcard);
	ck_assert_ptr_eq(ud_lookup(s, "sip:a@h"), &s->ids[1]);
	ck_assert_ptr_eq(ud_profile_for(s, "sip:a@h"), &s->profiles[1]);
	ck_assert_ptr_eq(ud_lookup(s, "sip:b@h"), &s->ids[0]);
	ck_assert_ptr_eq(ud_profile_for(s, "sip:b@h"), &s->profiles[0]);
	/* the wildcard's own string matches it too (".*" covers "!.*!") */
	ck_assert_ptr_eq(ud_lookup(s, "sip:!.*!@h"), &s->ids[0]);
	ck_assert_ptr_null(ud_lookup(s, "sip:b@h2"));
	ck_assert(s->ids[2].is_wildcard);
	ck_assert_int_eq(s->ids[2].type, UD_ID_NON_DISTINCT_IMPU);
	ck_assert_str_eq(s->ids[2].wildcard, "sip:r8!x.*!@h");
	ck_assert_str_eq(ud_default_impu(s)->identity, "sip:a@h");
	ud_free(s);
}
END_TEST

START_TEST(wildcard_errors)
{
	char err[256], big[600], *p;
	ud_limits_t lim = ud_default_limits;

	ck_assert_ptr_null(ud_wildcard_compile("sip:a![0-9!@h", 256, err, sizeof(err)));
	ck_assert_msg(strstr(err, "is not a valid regular expression") != NULL, "%s", err);
	ck_assert_ptr_null(ud_wildcard_compile("sip:!(a)\\1!@h", 256, err, sizeof(err)));
	ck_assert_msg(strstr(err, "back-references are not allowed") != NULL, "%s", err);
	ck_assert_ptr_null(ud_wildcard_compile("sip:!.*!@hhhhh", 10, err, sizeof(err)));
	ck_assert_str_eq(err, "wildcard of 14 bytes is over the 10-byte limit");
	ck_assert_ptr_null(ud_wildcard_compile("sip:!(!@h", 256, NULL, 0));
	/* repetition counts that glibc would expand at length */
	ck_assert_ptr_null(ud_wildcard_compile("sip:!a{1,32767}!@h", 256, err, sizeof(err)));
	ck_assert_msg(strstr(err, "too costly (its repetitions expand to too many nodes)") !=
			  NULL,
		      "%s", err);
	ck_assert_ptr_null(ud_wildcard_compile("sip:!((a{1,20}){1,20}){1,20}!@h", 256, err,
					       sizeof(err)));
	ck_assert_msg(strstr(err, "too costly") != NULL, "%s", err);
	ck_assert_ptr_null(ud_wildcard_compile("sip:!.*++++++++++++++++++++++++++++++++!@h", 256,
					       err, sizeof(err)));
	ck_assert_msg(strstr(err, "too costly") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "repetition operators follow each other") != NULL, "%s", err);
	ck_assert_ptr_null(ud_wildcard_compile("sip:!((((((((((a+)+)+)+)+)+)+)+)+)+)+!@h", 256,
					       err, sizeof(err)));
	ck_assert_msg(strstr(err, "too costly") != NULL, "%s", err);
	ck_assert_ptr_null(ud_wildcard_compile("sip:!(a*)*(a*)*(a*)*(a*)*(a*)*(a*)*(a*)*(a*)*(a*)*!",
					       256, err, sizeof(err)));
	ck_assert_msg(strstr(err, "too many repeated groups") != NULL, "%s", err);
	/* an unmatched ')' would close the "(re)" wrapper and hide what follows
	 * (found by fuzzing: ".)+++..." made regcomp run for seconds) */
	ck_assert_ptr_null(ud_wildcard_compile("sip:!.)++++++++++++++++++++++++++++++!@h", 256,
					       err, sizeof(err)));
	ck_assert_msg(strstr(err, "its parentheses do not balance") != NULL, "%s", err);
	ck_assert_ptr_null(ud_wildcard_compile("sip:!a)(b!@h", 256, err, sizeof(err)));
	ck_assert_msg(strstr(err, "its parentheses do not balance") != NULL, "%s", err);
	ck_assert(wc("sip:!a\\)b!@h", "sip:a)b@h"));
	ck_assert(wc("sip:![)]x!@h", "sip:)x@h"));
	ck_assert(wc("sip:![[:digit:]]{4}-[a-z]+!@h", "sip:1234-abc@h"));
	ck_assert(wc("sip:!x+y+z+w+v+u+t+s+r+q+p+o+n+m+l+k+!@h", "sip:xyzwvutsrqponmlk@h"));
	ck_assert(wc("sip:!a{2,3}(b{1,4}){5}!@h", "sip:aabbbbbbbbbbbbbbbbbbbb@h"));
	ck_assert(wc("sip:!x{1000}!@h", "sip:xxx@h") == false);

	/* at parse time, with the line */
	expect_error(DOC("\n<PublicIdentity><Identity>sip:a@h</Identity><Extension><IdentityType>4"
			 "</IdentityType><Extension><Extension><WildcardedIMPU>sip:a![0-9!@h"
			 "</WildcardedIMPU></Extension></Extension></Extension></PublicIdentity>"),
		     NULL,
		     "line 2: identity sip:a@h: wildcard \"sip:a![0-9!@h\" is not a valid "
		     "regular expression");
	expect_error(DOC(PUI("sip:!(!@h")), NULL, "is not a valid regular expression");
	p = big + sprintf(big, "<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>"
			       "<PublicIdentity><Identity>sip:!.*!");
	memset(p, 'x', 250);
	strcpy(p + 250, "@h</Identity></PublicIdentity></ServiceProfile></IMSSubscription>");
	lim.max_wildcard_len = 100;
	expect_error(big, &lim, "wildcard of 260 bytes is over the 100-byte limit");
	expect_error(DOC("<PublicIdentity><Identity>sip:a@h</Identity><IdentityType>2"
			 "</IdentityType><WildcardedPSI> </WildcardedPSI></PublicIdentity>"),
		     NULL, "WILDCARDED_PSI identity sip:a@h has an empty wildcard");
}
END_TEST

/* --- leniency ----------------------------------------------------------------------- */

START_TEST(lenient_shapes)
{
	static const char *const docs[] = {
	    /* a default namespace */
	    "<IMSSubscription xmlns='urn:example:cx'><PrivateID>u@h</PrivateID><ServiceProfile>"
	    "<PublicIdentity><Identity>sip:a@h</Identity></PublicIdentity></ServiceProfile>"
	    "</IMSSubscription>",
	    /* a prefixed one */
	    "<cx:IMSSubscription xmlns:cx='urn:example:cx'><cx:PrivateID>u@h</cx:PrivateID>"
	    "<cx:ServiceProfile><cx:PublicIdentity><cx:Identity>sip:a@h</cx:Identity>"
	    "</cx:PublicIdentity></cx:ServiceProfile></cx:IMSSubscription>",
	    /* comments, processing instructions, empty Extensions, unknown elements */
	    "<?xml version='1.0'?><!-- c --><IMSSubscription><!-- c --><PrivateID>u@h<!-- c -->"
	    "</PrivateID><Unknown><Deeper>x</Deeper></Unknown><ServiceProfile><?pi x?>"
	    "<PublicIdentity><Identity>sip:a@h</Identity><Extension/><Foo/></PublicIdentity>"
	    "<PublicIdentity><Identity>sip:b@h</Identity><Extension></Extension>"
	    "</PublicIdentity><Extension/><ServiceLevelTraceInfo>x</ServiceLevelTraceInfo>"
	    "</ServiceProfile><Extension><Anything/></Extension></IMSSubscription>",
	    /* CDATA and white space in the identity */
	    "<IMSSubscription>\n <PrivateID>\n u@h \n</PrivateID>\n <ServiceProfile>\n"
	    "  <PublicIdentity>\n   <Identity>\n\t<![CDATA[sip:a@h]]>  </Identity>\n"
	    "  </PublicIdentity>\n </ServiceProfile>\n</IMSSubscription>\n",
	};
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		ud_subscription_t *s = expect_ok(docs[i]);

		ck_assert_str_eq(s->private_id, "u@h");
		ck_assert_str_eq(s->ids[0].identity, "sip:a@h");
		ck_assert_str_eq(ud_default_impu(s)->identity, "sip:a@h");
		ud_free(s);
	}
}
END_TEST

/* --- strictness ------------------------------------------------------------------------ */

START_TEST(strict_errors)
{
	expect_error("<IMSSubscription><ServiceProfile>" PUI("sip:a@h")
		     "</ServiceProfile></IMSSubscription>",
		     NULL, "line 1: <IMSSubscription> has no <PrivateID>");
	expect_error("<IMSSubscription><PrivateID> </PrivateID><ServiceProfile>" PUI("sip:a@h")
		     "</ServiceProfile></IMSSubscription>",
		     NULL, "<IMSSubscription> has an empty <PrivateID>");
	expect_error("<IMSSubscription>\n<PrivateID>u@h</PrivateID></IMSSubscription>", NULL,
		     "line 1: <IMSSubscription> has no <ServiceProfile>");
	expect_error("<IMSSubscription><PrivateID>u@h</PrivateID>\n<ServiceProfile>"
		     "</ServiceProfile></IMSSubscription>",
		     NULL, "line 2: <ServiceProfile> has no <PublicIdentity>");
	expect_error(DOC("\n\n<PublicIdentity><BarringIndication>0</BarringIndication>"
			 "</PublicIdentity>"),
		     NULL, "line 3: <PublicIdentity> has no <Identity>");
	expect_error(DOC("<PublicIdentity><Identity> \t</Identity></PublicIdentity>"), NULL,
		     "<PublicIdentity> has an empty <Identity>");
	expect_error(DOC("<PublicIdentity><Identity>sip:a@h</Identity><Identity>sip:b@h"
			 "</Identity></PublicIdentity>"),
		     NULL, "<Identity> appears twice");
	expect_error(DOC("<PublicIdentity><Identity>sip:a@h</Identity><BarringIndication>2"
			 "</BarringIndication></PublicIdentity>"),
		     NULL, "<BarringIndication> has value \"2\", expected 0, 1, false or true");
	expect_error(DOC("<PublicIdentity><Identity>sip:<b/>a@h</Identity></PublicIdentity>"),
		     NULL, "<Identity> must hold only text, not <b>");
	expect_error(DOC("<PublicIdentity>junk<Identity>sip:a@h</Identity></PublicIdentity>"),
		     NULL, "text is not allowed inside <PublicIdentity>");
	expect_error("<IMSSubscriptions/>", NULL,
		     "line 1: the root element is <IMSSubscriptions>, not <IMSSubscription>");
	expect_error("", NULL, "not well-formed XML");
	expect_error("<IMSSubscription>", NULL, "line 1: not well-formed XML");
	expect_error(DOC(PUI("sip:a@h") "<CoreNetworkServicesAuthorization/>"
				       "<CoreNetworkServicesAuthorization/>"),
		     NULL, "<CoreNetworkServicesAuthorization> appears twice");
	expect_error(DOC(PUI("sip:a@h") "<Extension><SharedIFCSetID>x</SharedIFCSetID>"
				       "</Extension>"),
		     NULL, "<SharedIFCSetID> has value \"x\"");
	expect_error(DOC("<PublicIdentity><Identity>sip:a@h</Identity>&amp;</PublicIdentity>"),
		     NULL, "text is not allowed inside <PublicIdentity>");
}
END_TEST

/* --- hostile input --------------------------------------------------------------------- */

START_TEST(every_truncation_is_a_clean_error)
{
	static const char *const files[] = {"open5gs.xml", "pyhss.xml"};
	char err[256], path[512], *doc, *cut;
	size_t len, n, f;

	for (f = 0; f < 2; f++) {
		snprintf(path, sizeof(path), DATA "%s", files[f]);
		doc = tu_read_file(path, &len);
		while (len > 0 && (doc[len - 1] == '\n' || doc[len - 1] == ' '))
			len--;
		for (n = 0; n < len; n++) {
			ud_subscription_t *s;

			/* an exact-size copy, so ASan sees any read past the end */
			cut = malloc(n ? n : 1);
			memcpy(cut, doc, n);
			s = ud_parse(cut, n, NULL, err, sizeof(err));
			ck_assert_msg(s == NULL, "%s: prefix of %zu bytes accepted", files[f], n);
			ck_assert_msg(err[0] != '\0', "no message for prefix %zu", n);
			free(cut);
		}
		free(doc);
	}
}
END_TEST

START_TEST(deep_nesting_refused)
{
	size_t depth = 5000, i;
	char *doc = malloc(depth * 24 + 300), *p;

	p = doc + sprintf(doc, "<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>"
			       "<PublicIdentity><Identity>sip:a@h</Identity>");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "<Extension>");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "</Extension>");
	sprintf(p, "</PublicIdentity></ServiceProfile></IMSSubscription>");
	expect_error(doc, NULL, "not well-formed XML");
	/* within libxml2's own bound, our limit speaks */
	p = doc + sprintf(doc, "<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>"
			       "<PublicIdentity><Identity>sip:a@h</Identity>");
	for (i = 0; i < 40; i++)
		p += sprintf(p, "<Extension>");
	for (i = 0; i < 40; i++)
		p += sprintf(p, "</Extension>");
	sprintf(p, "</PublicIdentity></ServiceProfile></IMSSubscription>");
	expect_error(doc, NULL, "line 1: elements nested deeper than 24");
	free(doc);
}
END_TEST

START_TEST(huge_attribute_and_text)
{
	size_t big = 200 * 1024;
	char *doc = malloc(big + 400), *p;
	ud_limits_t lim = ud_default_limits;
	ud_subscription_t *s;

	/* attributes are not part of CxDataType: a big one is only skipped */
	p = doc + sprintf(doc, "<IMSSubscription x='");
	memset(p, 'a', big);
	p += big;
	sprintf(p, "'><PrivateID>u@h</PrivateID><ServiceProfile>" PUI("sip:a@h")
		   "</ServiceProfile></IMSSubscription>");
	s = expect_ok(doc);
	ud_free(s);
	/* over the byte limit, refused before parsing */
	lim.max_bytes = 64 * 1024;
	expect_error(doc, &lim, "User-Data of 204960 bytes is over the 65536-byte limit");
	/* a text value over max_text */
	p = doc + sprintf(doc, "<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>"
			       "<PublicIdentity>\n<Identity>sip:");
	memset(p, 'a', big);
	p += big;
	sprintf(p, "@h</Identity></PublicIdentity></ServiceProfile></IMSSubscription>");
	expect_error(doc, NULL, "line 2: <Identity> is longer than 8192 bytes");
	/* ServiceInfo too */
	p = doc + sprintf(doc, DOC(PUI("sip:a@h") "<InitialFilterCriteria><Priority>0</Priority>"
						"<ApplicationServer><ServerName>sip:as@h</ServerName>"
						"<ServiceInfo>"));
	p -= strlen("</ServiceProfile></IMSSubscription>");
	memset(p, 'i', 9000);
	p += 9000;
	sprintf(p, "</ServiceInfo></ApplicationServer></InitialFilterCriteria>"
		   "</ServiceProfile></IMSSubscription>");
	expect_error(doc, NULL, "<ServiceInfo> is longer than 8192 bytes");
	free(doc);
}
END_TEST

START_TEST(entity_expansion_refused)
{
	static const char laughs[] =
	    "<?xml version='1.0'?>\n"
	    "<!DOCTYPE IMSSubscription [\n"
	    " <!ENTITY a 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'>\n"
	    " <!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>\n"
	    " <!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>\n"
	    " <!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>\n"
	    " <!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'>\n"
	    " <!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'>\n"
	    " <!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'>\n"
	    " <!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'>\n"
	    " <!ENTITY i '&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;'>\n"
	    "]>\n" DOC(PUI("sip:&i;@h"));
	static const char xxe[] = "<!DOCTYPE IMSSubscription [<!ENTITY x SYSTEM "
				  "'file:///etc/passwd'>]>" DOC(PUI("sip:&x;@h"));
	static const char external_dtd[] =
	    "<!DOCTYPE IMSSubscription SYSTEM 'http://127.0.0.1:9/cx.dtd'>" DOC(PUI("sip:a@h"));
	static const char undeclared[] = DOC(PUI("sip:&x;@h"));

	expect_error(laughs, NULL, "document type declarations are not allowed in User-Data");
	expect_error(xxe, NULL, "document type declarations are not allowed in User-Data");
	expect_error(external_dtd, NULL, "document type declarations are not allowed");
	expect_error(undeclared, NULL, "not well-formed XML");
}
END_TEST

START_TEST(non_utf8_refused)
{
	static const char latin1[] = "<?xml version='1.0' encoding='ISO-8859-1'?>"
		DOC(PUI("sip:j\xfcrgen@h"));
	static const char raw[] = DOC(PUI("sip:\xc0\xaf@h"));
	static const char utf16[] = "\xff\xfe<\0I\0M\0S\0";
	static const char nul[] = "<IMSSubscription\0/>";
	ud_subscription_t *s;

	expect_error(latin1, NULL, "not well-formed XML");
	expect_error(raw, NULL, "not well-formed XML");
	expect_error_n(utf16, sizeof(utf16) - 1, NULL, "not well-formed XML");
	expect_error_n(nul, sizeof(nul) - 1, NULL, "not well-formed XML");
	/* real UTF-8 is fine */
	s = expect_ok(DOC(PUI("sip:j\xc3\xbcrgen@h")));
	ck_assert_str_eq(s->ids[0].identity, "sip:j\xc3\xbcrgen@h");
	ud_free(s);
}
END_TEST

/* n PublicIdentities in one ServiceProfile. */
static char *many_identities(size_t n, size_t *len)
{
	char *doc = malloc(n * 80 + 200), *p = doc;
	size_t i;

	p += sprintf(p, "<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>");
	for (i = 0; i < n; i++)
		p += sprintf(p, "<PublicIdentity><Identity>sip:u%zu@h</Identity></PublicIdentity>",
			     i);
	p += sprintf(p, "</ServiceProfile></IMSSubscription>");
	*len = (size_t)(p - doc);
	return doc;
}

START_TEST(count_limits)
{
	ud_limits_t lim = ud_default_limits;
	ud_subscription_t *s;
	char err[256], *doc;
	size_t len, n;

	/* 10000 identities: over the byte limit by default ... */
	doc = many_identities(10000, &len);
	expect_error_n(doc, len, NULL, "is over the 262144-byte limit");
	/* ... over the element count when bytes are allowed ... */
	lim.max_bytes = len;
	expect_error_n(doc, len, &lim, "more than 20000 elements");
	/* ... and over the identity count when elements are too */
	lim.max_elements = 100000;
	expect_error_n(doc, len, &lim, "more than 1024 <PublicIdentity> elements");
	free(doc);
	/* exactly at the limit is fine, and the IRS holds them all */
	doc = many_identities(1024, &len);
	s = ud_parse(doc, len, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ud_irs(s, &n);
	ck_assert_uint_eq(n, 1024);
	ck_assert_ptr_eq(ud_lookup(s, "sip:u1023@h"), &s->ids[1023]);
	ud_free(s);
	free(doc);

	lim = ud_default_limits;
	lim.max_profiles = 1;
	expect_error("<IMSSubscription><PrivateID>u@h</PrivateID><ServiceProfile>" PUI("sip:a@h")
		     "</ServiceProfile><ServiceProfile>" PUI("sip:b@h")
		     "</ServiceProfile></IMSSubscription>",
		     &lim, "more than 1 <ServiceProfile> elements");
	lim = ud_default_limits;
	lim.max_ifcs = 1;
	expect_error(DOC(PUI("sip:a@h") IFC("") IFC("")), &lim,
		     "more than 1 <InitialFilterCriteria> in a <ServiceProfile>");
	lim = ud_default_limits;
	lim.max_spts = 1;
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group><Method>A</Method></SPT>"
					    "<SPT><Group>0</Group><Method>B</Method></SPT>"
					    "</TriggerPoint>")),
		     &lim, "more than 1 <SPT>s in a <TriggerPoint>");
	lim = ud_default_limits;
	lim.max_groups = 1;
	expect_error(DOC(PUI("sip:a@h") IFC("<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
					    "<SPT><Group>0</Group><Group>1</Group><Method>A</Method>"
					    "</SPT></TriggerPoint>")),
		     &lim, "more than 1 <Group>s in an <SPT>");
	lim = ud_default_limits;
	lim.max_shared_sets = 1;
	expect_error(DOC(PUI("sip:a@h") "<Extension><SharedIFCSetID>1</SharedIFCSetID>"
				       "<SharedIFCSetID>2</SharedIFCSetID></Extension>"),
		     &lim, "more than 1 <SharedIFCSetID>s in a <ServiceProfile>");
}
END_TEST

START_TEST(error_buffer_is_bounded)
{
	char err[8];
	static const char doc[] = "<IMSSubscription/>";

	memset(err, 'x', sizeof(err));
	ck_assert_ptr_null(ud_parse(doc, strlen(doc), NULL, err, sizeof(err)));
	ck_assert_uint_eq(strlen(err), 7);
	ck_assert_ptr_null(ud_parse(doc, strlen(doc), NULL, NULL, 0));
	ck_assert_ptr_null(ud_parse("<x", 2, NULL, err, 1));
	ck_assert_str_eq(err, "");
	ud_free(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("user_data");
	TCase *tc = tcase_create("user_data");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, fhoss_shape);
	tcase_add_test(tc, open5gs_shape);
	tcase_add_test(tc, pyhss_shape);
	tcase_add_test(tc, every_identity_type);
	tcase_add_test(tc, identity_type_placements);
	tcase_add_test(tc, ifc_every_element);
	tcase_add_test(tc, every_session_case_and_profile_part);
	tcase_add_test(tc, ifc_structure_errors);
	tcase_add_test(tc, irs_across_profiles);
	tcase_add_test(tc, no_default_when_all_barred);
	tcase_add_test(tc, wildcard_matcher);
	tcase_add_test(tc, wildcard_ts23003_form);
	tcase_add_test(tc, wildcard_examples);
	tcase_add_test(tc, distinct_beats_wildcard);
	tcase_add_test(tc, wildcard_errors);
	tcase_add_test(tc, lenient_shapes);
	tcase_add_test(tc, strict_errors);
	tcase_add_test(tc, every_truncation_is_a_clean_error);
	tcase_add_test(tc, deep_nesting_refused);
	tcase_add_test(tc, huge_attribute_and_text);
	tcase_add_test(tc, entity_expansion_refused);
	tcase_add_test(tc, non_utf8_refused);
	tcase_add_test(tc, count_limits);
	tcase_add_test(tc, error_buffer_is_bounded);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
