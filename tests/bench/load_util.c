/*
 * load_util.c - helpers shared by the SIP load generators of tests/bench:
 * response reading, Digest challenge parameters, /proc CPU figures,
 * percentiles, numeric arguments (see load_util.h).
 */
#include "config.h"

#include <sys/resource.h>

#include "load_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool name_is(const char *p, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(p, name, n) == 0;
}

static void read_cseq(const char *v, const char *ve, struct lu_answer *a)
{
	unsigned long c = 0;
	const char *q = v;
	int digits = 0;

	while (q < ve && *q >= '0' && *q <= '9' && digits < 10) {
		c = c * 10 + (unsigned long)(*q - '0');
		q++;
		digits++;
	}
	while (q < ve && (*q == ' ' || *q == '\t'))
		q++;
	a->cseq = c;
	a->method = digits > 0 ? q : NULL;
	a->method_len = digits > 0 ? (size_t)(ve - q) : 0;
}

bool lu_parse_answer(const char *buf, size_t len, struct lu_answer *a)
{
	const char *p = buf, *end = buf + len;

	memset(a, 0, sizeof(*a));
	if (len < 12 || memcmp(buf, "SIP/2.0 ", 8) != 0)
		return false;
	if (buf[8] < '1' || buf[8] > '6' || buf[9] < '0' || buf[9] > '9' || buf[10] < '0' ||
	    buf[10] > '9' || buf[11] != ' ')
		return false;
	a->status = (buf[8] - '0') * 100 + (buf[9] - '0') * 10 + (buf[10] - '0');
	p = memchr(p, '\n', len);
	if (p == NULL)
		return false;
	p++;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol != NULL ? eol : end, *colon, *v, *ve;

		ve = le;
		if (ve > p && ve[-1] == '\r')
			ve--;
		if (ve == p)
			break; /* end of the header section */
		colon = memchr(p, ':', (size_t)(ve - p));
		if (colon != NULL) {
			const char *ne = colon;
			size_t n;

			while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
			n = (size_t)(ne - p);
			v = colon + 1;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			if (name_is(p, n, "Call-ID") || name_is(p, n, "i")) {
				a->callid = v;
				a->callid_len = (size_t)(ve - v);
			} else if (name_is(p, n, "CSeq")) {
				read_cseq(v, ve, a);
			} else if (name_is(p, n, "WWW-Authenticate") && a->www == NULL) {
				a->www = v;
				a->www_len = (size_t)(ve - v);
			}
		}
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return a->callid != NULL;
}

bool lu_cseq_is(const struct lu_answer *a, const char *method)
{
	size_t n = strlen(method);

	return a->method != NULL && a->method_len == n && strncmp(a->method, method, n) == 0;
}

bool lu_digest_param(const char *v, size_t n, const char *name, char *out, size_t outlen)
{
	const char *p = v, *end = v + n;
	size_t nl = strlen(name);

	if (n < 7 || strncasecmp(v, "Digest", 6) != 0 || (v[6] != ' ' && v[6] != '\t'))
		return false;
	p += 7;
	while (p < end) {
		const char *k, *ke, *val, *valend;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		k = p;
		while (p < end && *p != '=' && *p != ',' && *p != ' ')
			p++;
		ke = p;
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p != '=') {
			/* a parameter without value: skip to the next comma */
			while (p < end && *p != ',')
				p++;
			continue;
		}
		p++;
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '"') {
			val = ++p;
			while (p < end && *p != '"') {
				if (*p == '\\' && p + 1 < end)
					p++;
				p++;
			}
			valend = p;
			if (p < end)
				p++;
		} else {
			val = p;
			while (p < end && *p != ',' && *p != ' ')
				p++;
			valend = p;
		}
		if ((size_t)(ke - k) == nl && strncasecmp(k, name, nl) == 0) {
			size_t vl = (size_t)(valend - val);

			if (vl == 0 || vl >= outlen || memchr(val, '\\', vl) != NULL ||
			    memchr(val, '"', vl) != NULL)
				return false;
			memcpy(out, val, vl);
			out[vl] = '\0';
			return true;
		}
	}
	return false;
}

double lu_proc_cpu(int pid)
{
	char path[64], buf[1024];
	const char *q;
	FILE *f;
	size_t n;
	unsigned long long ut = 0, st = 0;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	q = strrchr(buf, ')');
	if (q == NULL)
		return -1;
	/* after "comm)": state is field 3, utime 14, stime 15 */
	for (field = 2; field < 15 && *q != '\0'; q++) {
		if (*q == ' ') {
			field++;
			if (field == 14)
				ut = strtoull(q + 1, NULL, 10);
			else if (field == 15)
				st = strtoull(q + 1, NULL, 10);
		}
	}
	if (field < 15)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

double lu_machine_busy(void)
{
	unsigned long long v[8] = {0};
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (f == NULL)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 4)
		return -1;
	/* user nice system idle iowait irq softirq steal */
	return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)sysconf(_SC_CLK_TCK);
}

int lu_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

double lu_pct_ms(const uint32_t *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return 0;
	i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i] / 1000.0;
}

unsigned lu_num_arg(const char *prog, const char *opt, const char *v, unsigned long min,
		    unsigned long max)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v || n < min || n > max) {
		fprintf(stderr, "%s: -%s wants a number from %lu to %lu, not \"%s\"\n", prog, opt,
			min, max, v);
		exit(2);
	}
	return (unsigned)n;
}

uint32_t lu_rnd32(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (uint32_t)((*state * 2685821657736338717ULL) >> 32);
}

double lu_rusage_s(const struct rusage *r)
{
	return (double)r->ru_utime.tv_sec + (double)r->ru_utime.tv_usec / 1e6 +
	       (double)r->ru_stime.tv_sec + (double)r->ru_stime.tv_usec / 1e6;
}
