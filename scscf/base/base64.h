/*
 * base64.h - RFC 4648 base64 (standard alphabet, with padding), for the
 * AKA nonce (RAND || AUTN) and auts of RFC 3310.  Hex is in hex.h.
 */
#ifndef SCSCF_BASE64_H
#define SCSCF_BASE64_H

#include <stddef.h>
#include <stdint.h>

#define BASE64_LEN(n) ((((n) + 2) / 3) * 4)

/* Writes BASE64_LEN(n) characters and a NUL; out must hold that many + 1. */
void base64_encode(const uint8_t *in, size_t n, char *out);

/* Decodes a NUL-terminated string (padding optional; no white space) into
 * at most cap bytes.  Returns the number of bytes, or -1 when the text is
 * not base64 or does not fit. */
int base64_decode(const char *in, uint8_t *out, size_t cap);

#endif
