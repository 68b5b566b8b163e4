/*
 * load_util.h - what the SIP load generators of tests/bench (reg_load,
 * sub_load) share: reading a SIP response's status line and the headers
 * they match answers on, Digest challenge parameters, CPU time of other
 * processes and of the whole machine, latency percentiles, and numeric
 * command-line arguments.  No I/O besides /proc; no state.
 */
#ifndef TESTS_BENCH_LOAD_UTIL_H
#define TESTS_BENCH_LOAD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A SIP response as the load generators read it: pointers into the
 * datagram, not copies. */
struct lu_answer {
	int status;
	const char *callid; /* Call-ID (or "i") value */
	size_t callid_len;
	unsigned long cseq; /* CSeq number (at most 10 digits read) */
	const char *method; /* CSeq method up to the end of the line; NULL without a number */
	size_t method_len;
	const char *www; /* the first WWW-Authenticate value, or NULL */
	size_t www_len;
};

/* Status line, Call-ID, CSeq and the first WWW-Authenticate of buf; false
 * for anything that is not a SIP response with a Call-ID. */
bool lu_parse_answer(const char *buf, size_t len, struct lu_answer *a);

/* The answer's CSeq has a number and exactly this method. */
bool lu_cseq_is(const struct lu_answer *a, const char *method);

/* The value of a Digest challenge parameter (quoted or token) into out;
 * false when absent, empty, too long, or holding a quote or backslash. */
bool lu_digest_param(const char *v, size_t n, const char *name, char *out, size_t outlen);

/* utime + stime of process pid (all its threads) in seconds; -1 if gone. */
double lu_proc_cpu(int pid);

/* CPU seconds the whole machine spent busy (all but idle and iowait),
 * from /proc/stat; -1 if unreadable. */
double lu_machine_busy(void);

/* qsort comparator for uint32_t. */
int lu_cmp_u32(const void *a, const void *b);

/* The q-quantile (0..1) of n sorted microsecond values, in milliseconds. */
double lu_pct_ms(const uint32_t *sorted_us, size_t n, double q);

/* A decimal argument of option opt in [min, max]; exits with status 2 and
 * a message naming prog otherwise. */
unsigned lu_num_arg(const char *prog, const char *opt, const char *v, unsigned long min,
		    unsigned long max);

/* xorshift64* on *state (not 0): cnonces, tags and run ids need only differ. */
uint32_t lu_rnd32(uint64_t *state);

struct rusage;
/* user + system seconds of a getrusage() result. */
double lu_rusage_s(const struct rusage *r);


#endif
