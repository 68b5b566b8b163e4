/*
 * subscribers.h - the HSS simulator's subscriber file: what one subscriber
 * (IMPI) is made of, and the parser of the XML file that lists them
 * (format in doc/HSS-SIM.md).
 *
 * The file is untrusted input: it is read with the project's strict XML
 * reader (UTF-8 only, no DTD, no entities, bounded size, depth and element
 * count), every attribute is checked, and each IMSSubscription is
 * serialised and run through the User-Data parser, so what hss-sim later
 * sends as User-Data is a document the S-CSCF's own parser accepts.
 * Pure data and parsing: no I/O except hss_subs_load() reading the file,
 * no crypto, no globals.
 */
#ifndef HSS_SIM_SUBSCRIBERS_H
#define HSS_SIM_SUBSCRIBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diameter/userdata/user_data.h"

/* Authentication schemes a subscriber may use (a bit mask). */
enum {
	HSS_SCHEME_AKA = 1u << 0,        /* "Digest-AKAv1-MD5" */
	HSS_SCHEME_SIP_DIGEST = 1u << 1, /* "SIP Digest" (file: SIP-Digest) */
};

/* How SIP-Digest-Authenticate is filled. */
typedef enum {
	HSS_DIGEST_STANDARD, /* Digest-Realm, Digest-Algorithm MD5, Digest-QoP auth, Digest-HA1 */
	HSS_DIGEST_FHOSS,    /* Digest-Realm and Digest-HA1 only, as FHoSS sends */
} hss_digest_style_t;

typedef struct {
	char *impi;
	unsigned schemes;        /* HSS_SCHEME_* mask, never 0 */
	unsigned default_scheme; /* one bit of schemes: what "Unknown" means */
	unsigned line;           /* line of <subscriber> in the file */

	/* SIP Digest (has_digest) */
	bool has_digest;
	char *password; /* may change at run time (ppr ... password) */
	char *realm;
	hss_digest_style_t digest_style;

	/* AKA (has_aka) */
	bool has_aka;
	uint8_t k[16];
	uint8_t op[16];   /* OP, or OPc when op_is_opc */
	bool op_is_opc;
	uint8_t amf[2];
	uint64_t sqn;      /* SQN of the last vector handed out (SQN_HE) */
	uint64_t sqn_step; /* added per vector */
	unsigned item_base; /* first SIP-Item-Number: 1 (default) or 0 */

	/* the IMSSubscription, serialised (with an XML declaration), and parsed */
	char *user_data;
	size_t user_data_len;
	ud_subscription_t *ud;
} hss_subscriber_t;

/* Every subscriber of a file, sorted by IMPI (byte order, unique). */
typedef struct {
	hss_subscriber_t *v;
	size_t n;
} hss_subscribers_t;

typedef struct {
	size_t max_bytes;       /* the whole file */
	unsigned max_depth;     /* element nesting, IMSSubscription included */
	size_t max_elements;    /* all elements of the file */
	size_t max_subscribers; /* <subscriber> elements */
	size_t max_attr;        /* bytes of any one attribute value */
	ud_limits_t profile;    /* each IMSSubscription (User-Data parser limits) */
} hss_subs_limits_t;

/* 64 MiB, depth 32, 4 000 000 elements, 100 000 subscribers, 1024-byte
 * attributes, and ud_default_limits for each IMSSubscription. */
extern const hss_subs_limits_t hss_subs_default_limits;

/* Parse len bytes of a subscriber file; limits may be NULL for the
 * defaults.  The set, or NULL with one message in err ("line N: ..." when
 * a line is known). */
hss_subscribers_t *hss_subs_parse(const char *buf, size_t len, const hss_subs_limits_t *limits,
				  char *err, size_t errlen);

/* The same from a file (refused before reading when over max_bytes). */
hss_subscribers_t *hss_subs_load(const char *path, const hss_subs_limits_t *limits, char *err,
				 size_t errlen);

void hss_subs_free(hss_subscribers_t *s);

/* The subscriber with this IMPI, or NULL (binary search). */
hss_subscriber_t *hss_subs_find(const hss_subscribers_t *s, const char *impi);

/*
 * Check a replacement IMSSubscription document (for a Push-Profile): it
 * must parse with the User-Data parser under limits (NULL: defaults) and
 * name impi as its PrivateID.  The parsed model, or NULL with a message.
 */
ud_subscription_t *hss_subs_check_profile(const char *buf, size_t len, const char *impi,
					  const ud_limits_t *limits, char *err, size_t errlen);

/* Scheme names: the Cx string ("Digest-AKAv1-MD5", "SIP Digest") of one
 * HSS_SCHEME_* bit, and the bit of a Cx string (0 when unknown; "Unknown"
 * is not a scheme and gives 0 too).  Matching ignores ASCII case. */
const char *hss_scheme_cx_name(unsigned scheme);
unsigned hss_scheme_from_cx(const char *name, size_t len);

#endif
