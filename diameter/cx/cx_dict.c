/*
 * cx_dict.c - see cx_dict.h.  The AVP table follows TS 29.229 Table
 * 6.3.0.1 (REFERENCE §3.4).  No command rules are registered: freeDiameter
 * would then reject what FHoSS, Open5GS and PyHSS send slightly off the
 * ABNF; cx_msg checks the AVPs each procedure needs and names the missing
 * one in Failed-AVP itself.
 */
#include "config.h"

#include "diameter/cx/cx_dict.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdproto.h>

#define ETSI_VENDOR 13019u

enum t { G = AVP_TYPE_GROUPED, OS = AVP_TYPE_OCTETSTRING, I32 = AVP_TYPE_INTEGER32,
	 U32 = AVP_TYPE_UNSIGNED32, U64 = AVP_TYPE_UNSIGNED64 };

/* UTF8String, DiameterURI, DiameterIdentity, Address and Time derive from
 * OctetString; Enumerated from Integer32.  Only the base type matters for
 * encoding, and an OctetString base accepts any derived form a peer uses. */
#define UTF8 OS
#define ENUM I32

static const struct avp_def {
	unsigned code, vendor;
	const char *name;
	enum t type;
} avps[] = {
	/* TS 29.229 Table 6.3.0.1 */
	{600, CX_VENDOR_3GPP, "Visited-Network-Identifier", OS},
	{601, CX_VENDOR_3GPP, "Public-Identity", UTF8},
	{602, CX_VENDOR_3GPP, "Server-Name", UTF8},
	{603, CX_VENDOR_3GPP, "Server-Capabilities", G},
	{604, CX_VENDOR_3GPP, "Mandatory-Capability", U32},
	{605, CX_VENDOR_3GPP, "Optional-Capability", U32},
	{606, CX_VENDOR_3GPP, "User-Data", OS},
	{607, CX_VENDOR_3GPP, "SIP-Number-Auth-Items", U32},
	{608, CX_VENDOR_3GPP, "SIP-Authentication-Scheme", UTF8},
	{609, CX_VENDOR_3GPP, "SIP-Authenticate", OS},
	{610, CX_VENDOR_3GPP, "SIP-Authorization", OS},
	{611, CX_VENDOR_3GPP, "SIP-Authentication-Context", OS},
	{612, CX_VENDOR_3GPP, "SIP-Auth-Data-Item", G},
	{613, CX_VENDOR_3GPP, "SIP-Item-Number", U32},
	{614, CX_VENDOR_3GPP, "Server-Assignment-Type", ENUM},
	{615, CX_VENDOR_3GPP, "Deregistration-Reason", G},
	{616, CX_VENDOR_3GPP, "Reason-Code", ENUM},
	{617, CX_VENDOR_3GPP, "Reason-Info", UTF8},
	{618, CX_VENDOR_3GPP, "Charging-Information", G},
	{619, CX_VENDOR_3GPP, "Primary-Event-Charging-Function-Name", OS},
	{620, CX_VENDOR_3GPP, "Secondary-Event-Charging-Function-Name", OS},
	{621, CX_VENDOR_3GPP, "Primary-Charging-Collection-Function-Name", OS},
	{622, CX_VENDOR_3GPP, "Secondary-Charging-Collection-Function-Name", OS},
	{623, CX_VENDOR_3GPP, "User-Authorization-Type", ENUM},
	{624, CX_VENDOR_3GPP, "User-Data-Already-Available", ENUM},
	{625, CX_VENDOR_3GPP, "Confidentiality-Key", OS},
	{626, CX_VENDOR_3GPP, "Integrity-Key", OS},
	{628, CX_VENDOR_3GPP, "Supported-Features", G},
	{629, CX_VENDOR_3GPP, "Feature-List-ID", U32},
	{630, CX_VENDOR_3GPP, "Feature-List", U32},
	{631, CX_VENDOR_3GPP, "Supported-Applications", G},
	{632, CX_VENDOR_3GPP, "Associated-Identities", G},
	{633, CX_VENDOR_3GPP, "Originating-Request", ENUM},
	{634, CX_VENDOR_3GPP, "Wildcarded-Public-Identity", UTF8},
	{635, CX_VENDOR_3GPP, "SIP-Digest-Authenticate", G},
	{636, CX_VENDOR_3GPP, "Wildcarded-IMPU", UTF8},
	{637, CX_VENDOR_3GPP, "UAR-Flags", U32},
	{638, CX_VENDOR_3GPP, "Loose-Route-Indication", ENUM},
	{639, CX_VENDOR_3GPP, "SCSCF-Restoration-Info", G},
	{640, CX_VENDOR_3GPP, "Path", OS},
	{641, CX_VENDOR_3GPP, "Contact", OS},
	{642, CX_VENDOR_3GPP, "Subscription-Info", G},
	{643, CX_VENDOR_3GPP, "Call-ID-SIP-Header", OS},
	{644, CX_VENDOR_3GPP, "From-SIP-Header", OS},
	{645, CX_VENDOR_3GPP, "To-SIP-Header", OS},
	{646, CX_VENDOR_3GPP, "Record-Route", OS},
	{647, CX_VENDOR_3GPP, "Associated-Registered-Identities", G},
	{648, CX_VENDOR_3GPP, "Multiple-Registration-Indication", ENUM},
	{649, CX_VENDOR_3GPP, "Restoration-Info", G},
	{650, CX_VENDOR_3GPP, "Session-Priority", ENUM},
	{651, CX_VENDOR_3GPP, "Identity-with-Emergency-Registration", G},
	{652, CX_VENDOR_3GPP, "Priviledged-Sender-Indication", ENUM},
	{653, CX_VENDOR_3GPP, "LIA-Flags", U32},
	{654, CX_VENDOR_3GPP, "Initial-CSeq-Sequence-Number", U32},
	{655, CX_VENDOR_3GPP, "SAR-Flags", U32},
	{656, CX_VENDOR_3GPP, "Allowed-WAF-WWSF-Identities", G},
	{657, CX_VENDOR_3GPP, "WebRTC-Authentication-Function-Name", UTF8},
	{658, CX_VENDOR_3GPP, "WebRTC-Web-Server-Function-Name", UTF8},
	{659, CX_VENDOR_3GPP, "RTR-Flags", U32},
	{660, CX_VENDOR_3GPP, "P-CSCF-Subscription-Info", G},
	{661, CX_VENDOR_3GPP, "Registration-Time-Out", OS},
	{662, CX_VENDOR_3GPP, "Alternate-Digest-Algorithm", UTF8},
	{663, CX_VENDOR_3GPP, "Alternate-Digest-HA1", UTF8},
	{664, CX_VENDOR_3GPP, "Failed-PCSCF", G},
	{665, CX_VENDOR_3GPP, "PCSCF-FQDN", OS},
	{666, CX_VENDOR_3GPP, "PCSCF-IP-Address", OS},
	{667, CX_VENDOR_3GPP, "OC-Reg-Timer-Ext", U32},
	/* other vendors' AVPs that Cx messages carry */
	{1, 0, "User-Name", UTF8},
	{8, 0, "Framed-IP-Address", OS},
	{96, 0, "Framed-Interface-Id", U64},
	{97, 0, "Framed-IPv6-Prefix", OS},
	{104, 0, "Digest-Realm", UTF8},
	{110, 0, "Digest-QoP", UTF8},
	{111, 0, "Digest-Algorithm", UTF8},
	{121, 0, "Digest-HA1", UTF8},
	{301, 0, "DRMP", ENUM},
	{621, 0, "OC-Supported-Features", G},
	{622, 0, "OC-Feature-Vector", U64},
	{623, 0, "OC-OLR", G},
	{624, 0, "OC-Sequence-Number", U64},
	{625, 0, "OC-Validity-Duration", U32},
	{626, 0, "OC-Report-Type", ENUM},
	{627, 0, "OC-Reduction-Percentage", U32},
	{650, 0, "Load", G},
	{651, 0, "Load-Type", ENUM},
	{652, 0, "Load-Value", U64},
	{653, 0, "SourceID", OS},
	{500, ETSI_VENDOR, "Line-Identifier", OS},
};

static const struct cmd_def {
	unsigned code;
	const char *req, *ans;
} cmds[] = {
	{CX_CMD_UAR, "User-Authorization-Request", "User-Authorization-Answer"},
	{CX_CMD_SAR, "Server-Assignment-Request", "Server-Assignment-Answer"},
	{CX_CMD_LIR, "Location-Info-Request", "Location-Info-Answer"},
	{CX_CMD_MAR, "Multimedia-Auth-Request", "Multimedia-Auth-Answer"},
	{CX_CMD_RTR, "Registration-Termination-Request", "Registration-Termination-Answer"},
	{CX_CMD_PPR, "Push-Profile-Request", "Push-Profile-Answer"},
};

/* TS 29.229 Table 6.3.0.1: M for 600-626 and 633; the IETF AVPs Cx uses
 * (User-Name, Digest-*) are M too.  Everything else is sent without it. */
static bool sent_with_m(unsigned code, unsigned vendor)
{
	if (vendor == CX_VENDOR_3GPP)
		return (code >= 600 && code <= 626) || code == 633;
	if (vendor == 0)
		return code == 1 || code == 104 || code == 110 || code == 111 || code == 121;
	return false;
}

static int failf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int failf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int define_vendor(struct dictionary *dict, unsigned id, const char *name,
			 struct dict_object **out, char *err, size_t errlen)
{
	vendor_id_t vid = id;
	struct dict_vendor_data data = {id, (char *)name};
	int rc;

	if (fd_dict_search(dict, DICT_VENDOR, VENDOR_BY_ID, &vid, out, ENOENT) == 0)
		return 0;
	rc = fd_dict_new(dict, DICT_VENDOR, &data, NULL, out);
	return rc == 0 ? 0 : failf(err, errlen, "cannot add vendor %u: %s", id, strerror(rc));
}

static int define_avp(struct dictionary *dict, const struct avp_def *a, char *err, size_t errlen)
{
	struct dict_avp_request req = {.avp_vendor = a->vendor, .avp_code = a->code};
	struct dict_avp_data data;
	struct dict_object *obj = NULL;
	int rc;

	if (fd_dict_search(dict, DICT_AVP, AVP_BY_CODE_AND_VENDOR, &req, &obj, ENOENT) == 0) {
		if (fd_dict_getval(obj, &data) != 0)
			return failf(err, errlen, "cannot read AVP %u/%u", a->code, a->vendor);
		if ((int)data.avp_basetype != (int)a->type)
			return failf(err, errlen,
				     "AVP %u (vendor %u) is already defined as '%s' with another "
				     "type than %s needs",
				     a->code, a->vendor, data.avp_name, a->name);
		return 0;
	}
	memset(&data, 0, sizeof(data));
	data.avp_code = a->code;
	data.avp_vendor = a->vendor;
	data.avp_name = (char *)a->name;
	/* Only V is fixed, since peers differ on M (REFERENCE §3.4); what we
	 * send carries M where TS 29.229 Table 6.3.0.1 sets it (freeDiameter
	 * gives a new AVP the flag values). */
	data.avp_flag_mask = AVP_FLAG_VENDOR;
	data.avp_flag_val = (a->vendor != 0 ? AVP_FLAG_VENDOR : 0) |
			    (sent_with_m(a->code, a->vendor) ? AVP_FLAG_MANDATORY : 0);
	data.avp_basetype = (enum dict_avp_basetype)a->type;
	rc = fd_dict_new(dict, DICT_AVP, &data, NULL, NULL);
	return rc == 0 ? 0
		       : failf(err, errlen, "cannot add AVP %s (%u/%u): %s", a->name, a->code,
			       a->vendor, strerror(rc));
}

static int define_cmd(struct dictionary *dict, struct dict_object *app, unsigned code,
		      const char *name, bool request, char *err, size_t errlen)
{
	command_code_t c = code;
	struct dict_cmd_data data = {code, (char *)name, CMD_FLAG_REQUEST | CMD_FLAG_ERROR,
				     request ? CMD_FLAG_REQUEST : 0};
	struct dict_object *obj = NULL;
	int rc;

	if (fd_dict_search(dict, DICT_COMMAND, request ? CMD_BY_CODE_R : CMD_BY_CODE_A, &c, &obj,
			   ENOENT) == 0)
		return 0;
	if (!request) /* answers may carry the E bit */
		data.cmd_flag_mask = CMD_FLAG_REQUEST;
	rc = fd_dict_new(dict, DICT_COMMAND, &data, app, NULL);
	return rc == 0 ? 0
		       : failf(err, errlen, "cannot add command %s (%u): %s", name, code,
			       strerror(rc));
}

int cx_dict_define(struct dictionary *dict, char *err, size_t errlen)
{
	struct dict_object *vendor = NULL, *etsi = NULL, *app = NULL;
	application_id_t aid = CX_APP_ID;
	struct dict_application_data adata = {CX_APP_ID, (char *)"3GPP Cx"};
	size_t i;
	int rc;

	if (define_vendor(dict, CX_VENDOR_3GPP, "3GPP", &vendor, err, errlen) != 0 ||
	    define_vendor(dict, ETSI_VENDOR, "ETSI", &etsi, err, errlen) != 0)
		return -1;
	if (fd_dict_search(dict, DICT_APPLICATION, APPLICATION_BY_ID, &aid, &app, ENOENT) != 0) {
		rc = fd_dict_new(dict, DICT_APPLICATION, &adata, vendor, &app);
		if (rc != 0)
			return failf(err, errlen, "cannot add the Cx application: %s",
				     strerror(rc));
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (define_cmd(dict, app, cmds[i].code, cmds[i].req, true, err, errlen) != 0 ||
		    define_cmd(dict, app, cmds[i].code, cmds[i].ans, false, err, errlen) != 0)
			return -1;
	for (i = 0; i < sizeof(avps) / sizeof(avps[0]); i++)
		if (define_avp(dict, &avps[i], err, errlen) != 0)
			return -1;
	return 0;
}

/* One lookup by name and vendor. */
static int find_avp(struct dictionary *dict, unsigned vendor, const char *name,
		    struct dict_object **out, char *err, size_t errlen)
{
	struct dict_avp_request req = {.avp_vendor = vendor, .avp_name = (char *)name};

	if (fd_dict_search(dict, DICT_AVP, AVP_BY_NAME_AND_VENDOR, &req, out, ENOENT) != 0)
		return failf(err, errlen,
			     "the Diameter dictionary has no AVP '%s' of vendor %u; load the Cx "
			     "dictionary",
			     name, vendor);
	return 0;
}

static int find_cmd(struct dictionary *dict, const char *name, struct dict_object **out,
		    char *err, size_t errlen)
{
	if (fd_dict_search(dict, DICT_COMMAND, CMD_BY_NAME, name, out, ENOENT) != 0)
		return failf(err, errlen, "the Diameter dictionary has no command '%s'", name);
	return 0;
}

int cx_dict_lookup(struct dictionary *dict, cx_dict_t *d, char *err, size_t errlen)
{
	const unsigned V = CX_VENDOR_3GPP;
	vendor_id_t vid = CX_VENDOR_3GPP;
	application_id_t aid = CX_APP_ID;
	const struct {
		unsigned vendor;
		const char *name;
		struct dict_object **slot;
	} want[] = {
		{0, "Session-Id", &d->session_id},
		{0, "Origin-Host", &d->origin_host},
		{0, "Origin-Realm", &d->origin_realm},
		{0, "Destination-Host", &d->dest_host},
		{0, "Destination-Realm", &d->dest_realm},
		{0, "User-Name", &d->user_name},
		{0, "Auth-Session-State", &d->auth_session_state},
		{0, "Vendor-Specific-Application-Id", &d->vsai},
		{0, "Vendor-Id", &d->vendor_id},
		{0, "Auth-Application-Id", &d->auth_app_id},
		{0, "Result-Code", &d->result_code},
		{0, "Experimental-Result", &d->exp_result},
		{0, "Experimental-Result-Code", &d->exp_result_code},
		{0, "Failed-AVP", &d->failed_avp},
		{V, "Public-Identity", &d->public_identity},
		{V, "Server-Name", &d->server_name},
		{V, "User-Data", &d->user_data},
		{V, "SIP-Number-Auth-Items", &d->num_auth_items},
		{V, "SIP-Authentication-Scheme", &d->auth_scheme},
		{V, "SIP-Authenticate", &d->sip_authenticate},
		{V, "SIP-Authorization", &d->sip_authorization},
		{V, "SIP-Authentication-Context", &d->sip_auth_context},
		{V, "SIP-Auth-Data-Item", &d->auth_data_item},
		{V, "SIP-Item-Number", &d->item_number},
		{V, "Server-Assignment-Type", &d->sat},
		{V, "Deregistration-Reason", &d->dereg_reason},
		{V, "Reason-Code", &d->reason_code},
		{V, "Reason-Info", &d->reason_info},
		{V, "User-Data-Already-Available", &d->udaa},
		{V, "Confidentiality-Key", &d->ck},
		{V, "Integrity-Key", &d->ik},
		{V, "Associated-Identities", &d->associated_ids},
		{V, "Wildcarded-Public-Identity", &d->wildcarded_pi},
		{V, "SIP-Digest-Authenticate", &d->digest_authenticate},
		{V, "Supported-Features", &d->supported_features},
		{V, "Feature-List-ID", &d->feature_list_id},
		{V, "Feature-List", &d->feature_list},
		{0, "Digest-Realm", &d->digest_realm},
		{0, "Digest-QoP", &d->digest_qop},
		{0, "Digest-Algorithm", &d->digest_algorithm},
		{0, "Digest-HA1", &d->digest_ha1},
	};
	size_t i;

	memset(d, 0, sizeof(*d));
	if (fd_dict_search(dict, DICT_VENDOR, VENDOR_BY_ID, &vid, &d->vendor, ENOENT) != 0 ||
	    fd_dict_search(dict, DICT_APPLICATION, APPLICATION_BY_ID, &aid, &d->app, ENOENT) != 0)
		return failf(err, errlen, "the Diameter dictionary has no Cx application");
	if (find_cmd(dict, "Multimedia-Auth-Request", &d->mar, err, errlen) != 0 ||
	    find_cmd(dict, "Multimedia-Auth-Answer", &d->maa, err, errlen) != 0 ||
	    find_cmd(dict, "Server-Assignment-Request", &d->sar, err, errlen) != 0 ||
	    find_cmd(dict, "Server-Assignment-Answer", &d->saa, err, errlen) != 0 ||
	    find_cmd(dict, "Registration-Termination-Request", &d->rtr, err, errlen) != 0 ||
	    find_cmd(dict, "Registration-Termination-Answer", &d->rta, err, errlen) != 0 ||
	    find_cmd(dict, "Push-Profile-Request", &d->ppr, err, errlen) != 0 ||
	    find_cmd(dict, "Push-Profile-Answer", &d->ppa, err, errlen) != 0)
		return -1;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (find_avp(dict, want[i].vendor, want[i].name, want[i].slot, err, errlen) != 0)
			return -1;
	return 0;
}
