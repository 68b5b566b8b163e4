/*
 * cfg_key.h - every key of scscfd.conf, described once in a table
 * (cfg_keys.c): its name "section.key", its type, its bounds, its
 * default and a line of documentation.  The defaults and the parser both
 * walk the table; doc/CONFIGURATION.md lists the same keys (a unit test
 * checks it).
 *
 * Most keys have a generic type that needs no code of its own: a whole
 * number within bounds, one word of a list (yes/no and the like), a string
 * without blanks, a list of numeric addresses or of host names with a cap
 * on the number of lines.  The few others name a parse function.
 */
#ifndef SCSCF_CFG_KEY_H
#define SCSCF_CFG_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "scscf/daemon/cfg.h"

typedef enum {
	CFG_UINT,    /* a whole number from min to max */
	CFG_ENUM,    /* one of words */
	CFG_WORD,    /* a string without blanks or quotes, shorter than size */
	CFG_ADDRS,   /* numeric addresses, one a line, at most max lines */
	CFG_HOSTS,   /* host names or numeric addresses, one a line, at most max */
	CFG_SPECIAL  /* parsed by parse */
} cfg_type_t;

/* How a number or a word's value is stored (from the field's C type). */
typedef enum { CFG_AS_BOOL, CFG_AS_UINT, CFG_AS_ULONG, CFG_AS_ULLONG, CFG_AS_OTHER } cfg_store_t;

typedef struct {
	const char *word;
	unsigned value;
} cfg_word_t;

/* Where a message points: "NAME:LINE: ...". */
typedef struct {
	const char *name;
	unsigned line;
	char *err;
	size_t errlen;
} cfg_where_t;

typedef struct cfg_key cfg_key_t;

/* full is the key as written, with its section ("regevent.notify.expired"). */
typedef int (*cfg_parse_fn)(const cfg_where_t *w, const char *full, const char *v,
			    scscf_config_t *c);

struct cfg_key {
	const char *name;        /* "section.key"; a last part in capitals is a
				  * pattern: "regevent.notify.EVENT" */
	cfg_type_t type;
	cfg_store_t store;
	size_t off, size;        /* the value in scscf_config_t (a list: one entry) */
	unsigned long min, max;  /* CFG_UINT: bounds; a list: most lines */
	size_t count_off;        /* a list: its size_t count */
	const cfg_word_t *words; /* CFG_ENUM, ended by a NULL word */
	cfg_parse_fn parse;      /* CFG_SPECIAL */
	const char *def;         /* the default as a file would say it; NULL: none */
	const char *doc;         /* one line for the reader */
};

extern const cfg_key_t cfg_keys[];
extern const size_t cfg_nkeys;

/* "NAME:LINE: " and the message into w->err; always -1. */
int cfg_bad(const cfg_where_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The row for key in section, or NULL. */
const cfg_key_t *cfg_key_find(const char *section, const char *key);
bool cfg_section_known(const char *section);

/* Set the value of row k from v; full is the key as written. 0 or -1. */
int cfg_key_set(const cfg_where_t *w, const cfg_key_t *k, const char *full, const char *v,
		scscf_config_t *c);

/* The generic parts the special keys share. */
int cfg_word(const cfg_where_t *w, const char *full, const char *v, char *dst, size_t cap);
bool cfg_numeric_address(const char *v);

#endif
