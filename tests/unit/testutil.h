/*
 * testutil.h - helpers shared by the unit tests: files, schema validation,
 * XPath assertions on rendered bodies, and sample registration models.
 */
#ifndef TESTS_TESTUTIL_H
#define TESTS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "regevent/notify_policy.h"
#include "regevent/reg_model.h"

struct Suite;

/* Run every test of s and return the process exit status. */
int tu_run(struct Suite *s);

/* Whole file, NUL-terminated; aborts the test when it cannot be read. */
char *tu_read_file(const char *path, size_t *len);

/* The reginfo example body of seed 001, exactly as the seed prints it. */
char *tu_seed001_example(size_t *len);

/* Validate against tests/xsd/reginfo.xsd (+ gruuinfo, extRegExp).
 * 0 when valid, else -1 with libxml2's first complaint in err. */
int tu_validate(const char *doc, size_t len, char *err, size_t errlen);

/* Evaluate an XPath expression on doc (prefixes r, gr, ere bound) and
 * return the number of nodes it selects, or its string value. */
int tu_xpath_count(const char *doc, size_t len, const char *expr);
char *tu_xpath_string(const char *doc, size_t len, const char *expr);

/* An implicit set of nimpu IMPUs, each bound to the same ncontacts
 * contacts carrying +sip.instance, reg-id and feature tags, every optional
 * attribute filled in; the last IMPU is wildcarded when wildcard != 0. */
re_reginfo_t *tu_sample_irs(unsigned nimpu, unsigned ncontacts, int wildcard);

/* Render or fail the test, then validate or fail the test. */
char *tu_render_valid(const re_reginfo_t *info, const re_policy_t *policy, size_t *len);

#endif
