/*
 * hex.h - lower-case hexadecimal text of bytes: Digest nonces and
 * responses, the ik/ck of an AKA challenge, SIP tags, escaped log bytes.
 */
#ifndef SCSCF_HEX_H
#define SCSCF_HEX_H

#include <stddef.h>
#include <stdint.h>

/* The characters hex_encode() writes for n bytes, NUL included. */
#define HEX_SIZE(n) (2 * (n) + 1)

/* Writes 2n lower-case hex digits and a NUL; out must hold HEX_SIZE(n). */
void hex_encode(const uint8_t *in, size_t n, char *out);

#endif
