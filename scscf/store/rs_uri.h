/*
 * rs_uri.h - SIP URI equality as RFC 3261 §19.1.4 defines it, on the text
 * of two URIs: what makes two Contact URIs name the same binding
 * (RFC 3261 §10.3 step 7).  Pure string work, no parser library.
 */
#ifndef SCSCF_RS_URI_H
#define SCSCF_RS_URI_H

#include <stdbool.h>

/*
 * true when a and b are equivalent SIP or SIPS URIs: same scheme; userinfo
 * equal byte for byte after %-unescaping; host equal without case; port
 * present in both with one value or in neither; a uri-parameter in both
 * with one value (without case, after unescaping); user, ttl, method,
 * maddr and transport in only one never match, other parameters in only
 * one are ignored; the same headers with the same values.  Another scheme
 * (tel, ...) compares as the whole string without case of the scheme.
 * false when either is NULL.
 */
bool rs_uri_equal(const char *a, const char *b);

#endif
