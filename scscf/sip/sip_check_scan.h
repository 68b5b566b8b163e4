/*
 * sip_check_scan.h - the lexical half of sip_check: cut the raw bytes of one
 * SIP message into its start line, header fields and body, before libosip2
 * sees them.
 *
 * libosip2 treats its input as a C string, unfolds lines in place and trusts
 * Content-Length; this scanner works on explicit lengths, so NULs, bare CRs,
 * folded lines and broken header names are found here, with the field they
 * are in.  It also writes the normalised copy that libosip2 parses: the
 * start line and one "Name: value" CRLF line per sound field, folds turned
 * into one SP, values trimmed.
 */
#ifndef SCSCF_SIP_CHECK_SCAN_H
#define SCSCF_SIP_CHECK_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* libosip2 appends every header, list value and parameter to a linked list
 * by walking it, so n of them cost n*n/2 steps: 30000 ";p" parameters in a
 * 64 KiB datagram take a second.  These caps keep any message cheap and
 * are far above what real ones carry (RFC 4475 longreq: 34 Via values). */
#define SC_MAX_FIELDS 2048 /* header fields in a message */
#define SC_MAX_VALUES 4096 /* comma-separated values, all fields together */
#define SC_MAX_PARAMS 256  /* ';' in one value of a field, or in the Request-URI */

/* The header fields sip_check looks at by name (long and compact forms). */
typedef enum {
	SC_H_OTHER,
	SC_H_VIA,
	SC_H_FROM,
	SC_H_TO,
	SC_H_CALL_ID,
	SC_H_CSEQ,
	SC_H_MAX_FORWARDS,
	SC_H_CONTENT_LENGTH,
	SC_H_CONTENT_TYPE,
	SC_H_MIME_VERSION,
	SC_H_CONTACT,
	SC_H_ROUTE,
	SC_H_RECORD_ROUTE,
	SC_H_REQUIRE,
	SC_H_PROXY_REQUIRE,
	SC_H_ACCEPT,
	SC_H_ACCEPT_ENCODING,
	SC_H_ACCEPT_LANGUAGE,
	SC_H_ALERT_INFO,
	SC_H_ALLOW,
	SC_H_AUTHENTICATION_INFO,
	SC_H_AUTHORIZATION,
	SC_H_CALL_INFO,
	SC_H_CONTENT_ENCODING,
	SC_H_ERROR_INFO,
	SC_H_PROXY_AUTHENTICATE,
	SC_H_PROXY_AUTHENTICATION_INFO,
	SC_H_PROXY_AUTHORIZATION,
	SC_H_WWW_AUTHENTICATE,
	SC_H_COUNT
} sc_hkind_t;

/* Canonical spelling ("Call-ID"), for reason phrases; NULL for SC_H_OTHER. */
const char *sc_hkind_name(sc_hkind_t kind);

/* Whether the field may appear at most once (From, To, Call-ID, CSeq, ...). */
bool sc_hkind_single(sc_hkind_t kind);

typedef struct {
	sc_hkind_t kind;
	size_t name_off, name_len;   /* in norm, as received */
	size_t value_off, value_len; /* in norm: unfolded, trimmed */
} sc_field_t;

typedef struct {
	/* The message after any leading CR/LF (RFC 3261 7.5). */
	const char *in;
	size_t in_len;

	/* Start line without its line end; has_eol: it ended in LF. */
	const char *start;
	size_t start_len;
	bool start_has_eol;

	/* Sound header fields, in order. */
	sc_field_t *fields;
	size_t nfields;
	size_t count[SC_H_COUNT]; /* every field of each kind, sound or not */
	size_t nvalues;           /* comma-separated values so far */

	/* First thing wrong in the header section, as a reason phrase. */
	const char *problem;

	/* Body: what follows the empty line; body_len 0 without one. */
	size_t body_off; /* in `in` */
	size_t body_len;

	/* Start line CRLF, then "Name: value" CRLF per sound field; see
	 * sc_scan_finish().  Always NUL-terminated. */
	char *norm;
	size_t norm_len;
	size_t norm_cap;
} sc_scan_t;

/* Scan len bytes.  0, or -1 when out of memory (then s holds nothing to
 * free).  Lexical problems do not fail the scan: they are in s->problem. */
int sc_scan(sc_scan_t *s, const char *buf, size_t len);

/* Complete norm with the empty line and body_len bytes of body.
 * 0, or -1 when out of memory. */
int sc_scan_finish(sc_scan_t *s, size_t body_len);

void sc_scan_free(sc_scan_t *s);

/* A field's value as a new NUL-terminated string (malloc), or NULL. */
char *sc_field_value(const sc_scan_t *s, const sc_field_t *f);

/* The parts of a start line. */
typedef struct {
	bool is_response;
	const char *problem; /* NULL when the line is well formed */
	/* request */
	const char *method, *uri, *version;
	size_t method_len, uri_len, version_len;
	size_t scheme_len; /* the Request-URI scheme is uri[0 .. scheme_len) */
	/* response */
	int status;
	/* both: version is exactly SIP/2.0 (case-insensitive "SIP") */
	bool version_2_0;
} sc_start_t;

/* Parse s->start strictly (single SPs, nothing trailing, a 3-digit status
 * code in 100..699, a SIP-Version of the right shape). */
void sc_parse_start(const sc_scan_t *s, sc_start_t *st);

/* RFC 3261 token characters. */
bool sc_is_token_char(unsigned char ch);
bool sc_is_token(const char *p, size_t len);

#endif
