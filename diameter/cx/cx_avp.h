/*
 * cx_avp.h - small helpers over freeDiameter's message API: add an AVP of
 * a given model with a string, bytes or a number, and find the children of
 * a message or grouped AVP by (code, vendor).  Finding by code and vendor
 * rather than by dictionary object means that a value read from the wire
 * is matched exactly as the peer sent it, whichever dictionary defined it.
 */
#ifndef DIAMETER_CX_AVP_H
#define DIAMETER_CX_AVP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdproto.h>

/* Adding: each returns the new AVP, or NULL when freeDiameter refused. */
struct avp *cxa_add_os(msg_or_avp *parent, struct dict_object *model, const void *p, size_t n);
struct avp *cxa_add_str(msg_or_avp *parent, struct dict_object *model, const char *s);
struct avp *cxa_add_u32(msg_or_avp *parent, struct dict_object *model, uint32_t v);
struct avp *cxa_add_i32(msg_or_avp *parent, struct dict_object *model, int32_t v);
struct avp *cxa_add_group(msg_or_avp *parent, struct dict_object *model);

/* Finding: the first / next direct child with this code and vendor. */
struct avp *cxa_first(msg_or_avp *parent, unsigned code, unsigned vendor);
struct avp *cxa_next(struct avp *prev, unsigned code, unsigned vendor);
size_t cxa_count(msg_or_avp *parent, unsigned code, unsigned vendor);

/* Reading.  A value freeDiameter did not decode (unknown AVP, bad length)
 * reads as absent. */
const union avp_value *cxa_value(struct avp *a);
bool cxa_u32(struct avp *a, uint32_t *out);
bool cxa_i32(struct avp *a, int32_t *out);
/* A copy of an OctetString/UTF8String value with a NUL added; NULL when
 * absent, longer than max, or holding a NUL byte.  free() it. */
char *cxa_strdup(struct avp *a, size_t max);
/* The bytes of an OctetString value, *n set; NULL when absent. */
const uint8_t *cxa_bytes(struct avp *a, size_t *n);

#endif
