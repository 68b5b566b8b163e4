/*
 * cx_status.c - names for Cx outcomes, Server-Assignment-Types and
 * Reason-Codes, for log lines and control output.
 */
#include "config.h"

#include <stdio.h>

#include "diameter/cx/cx_msg.h"

bool cx_status_ok(const cx_status_t *s)
{
	return s->local == CX_LOCAL_NONE && s->code >= 2000 && s->code < 3000;
}

static const char *base_name(unsigned code)
{
	switch (code) {
	case 2001: return "DIAMETER_SUCCESS";
	case 2002: return "DIAMETER_LIMITED_SUCCESS";
	case 3001: return "DIAMETER_COMMAND_UNSUPPORTED";
	case 3002: return "DIAMETER_UNABLE_TO_DELIVER";
	case 3003: return "DIAMETER_REALM_NOT_SERVED";
	case 3004: return "DIAMETER_TOO_BUSY";
	case 3007: return "DIAMETER_APPLICATION_UNSUPPORTED";
	case 3008: return "DIAMETER_INVALID_HDR_BITS";
	case 3009: return "DIAMETER_INVALID_AVP_BITS";
	case 4001: return "DIAMETER_AUTHENTICATION_REJECTED";
	case 5001: return "DIAMETER_AVP_UNSUPPORTED";
	case 5003: return "DIAMETER_AUTHORIZATION_REJECTED";
	case 5004: return "DIAMETER_INVALID_AVP_VALUE";
	case 5005: return "DIAMETER_MISSING_AVP";
	case 5008: return "DIAMETER_INVALID_AVP_LENGTH";
	case 5009: return "DIAMETER_AVP_OCCURS_TOO_MANY_TIMES";
	case 5012: return "DIAMETER_UNABLE_TO_COMPLY";
	default: return "";
	}
}

static const char *exp_name(unsigned code)
{
	switch (code) {
	case 2001: return "DIAMETER_FIRST_REGISTRATION";
	case 2002: return "DIAMETER_SUBSEQUENT_REGISTRATION";
	case 2003: return "DIAMETER_UNREGISTERED_SERVICE";
	case 2004: return "DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED";
	case 5001: return "DIAMETER_ERROR_USER_UNKNOWN";
	case 5002: return "DIAMETER_ERROR_IDENTITIES_DONT_MATCH";
	case 5003: return "DIAMETER_ERROR_IDENTITY_NOT_REGISTERED";
	case 5004: return "DIAMETER_ERROR_ROAMING_NOT_ALLOWED";
	case 5005: return "DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED";
	case 5006: return "DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED";
	case 5007: return "DIAMETER_ERROR_IN_ASSIGNMENT_TYPE";
	case 5008: return "DIAMETER_ERROR_TOO_MUCH_DATA";
	case 5009: return "DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA";
	case 5011: return "DIAMETER_ERROR_FEATURE_UNSUPPORTED";
	case 5012: return "DIAMETER_ERROR_SERVING_NODE_FEATURE_UNSUPPORTED";
	default: return "";
	}
}

const char *cx_status_str(const cx_status_t *s, char *buf, size_t len)
{
	switch (s->local) {
	case CX_LOCAL_TIMEOUT: snprintf(buf, len, "no answer (timeout)"); return buf;
	case CX_LOCAL_SEND: snprintf(buf, len, "not sent (freeDiameter refused it)"); return buf;
	case CX_LOCAL_SHUTDOWN: snprintf(buf, len, "abandoned (shutting down)"); return buf;
	case CX_LOCAL_BAD_ANSWER:
		snprintf(buf, len, "an answer without Result-Code or Experimental-Result");
		return buf;
	case CX_LOCAL_NONE: break;
	}
	snprintf(buf, len, "%s %u %s", s->experimental ? "Experimental-Result" : "Result-Code",
		 s->code, s->experimental ? exp_name(s->code) : base_name(s->code));
	return buf;
}

const char *cx_sat_name(cx_sat_t t)
{
	static const char *const names[] = {
		"NO_ASSIGNMENT", "REGISTRATION", "RE_REGISTRATION", "UNREGISTERED_USER",
		"TIMEOUT_DEREGISTRATION", "USER_DEREGISTRATION",
		"TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME",
		"USER_DEREGISTRATION_STORE_SERVER_NAME", "ADMINISTRATIVE_DEREGISTRATION",
		"AUTHENTICATION_FAILURE", "AUTHENTICATION_TIMEOUT",
		"DEREGISTRATION_TOO_MUCH_DATA"};

	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

const char *cx_reason_name(int code)
{
	static const char *const names[] = {"PERMANENT_TERMINATION", "NEW_SERVER_ASSIGNED",
					    "SERVER_CHANGE", "REMOVE_S-CSCF"};

	return code >= 0 && code <= 3 ? names[code] : "?";
}
