/*
 * bench_reginfo.c - how long a full-state reginfo body takes to render and
 * to parse back.
 *
 * The model is an implicit registration set of 5 IMPUs bound to the same 3
 * contacts, each contact carrying +sip.instance, reg-id, feature tags, a
 * pub-gruu and a temp-gruu and every optional attribute (what an IMS
 * S-CSCF sends after an initial REGISTER).  For each profile it renders the
 * body N times (argv[1], default 20000) and parses the body N times, keeps
 * the best of 3 runs (CLOCK_MONOTONIC), and prints one line per measure.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regevent/notify_policy.h"
#include "regevent/reginfo_parse.h"
#include "regevent/reginfo_render.h"

#define NIMPU 5
#define NCONTACTS 3
#define RUNS 3

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench_reginfo: %s%s%s\n", what, why ? ": " : "", why ? why : "");
	exit(EXIT_FAILURE);
}

static void set(char **dst, const char *src)
{
	if (re_strset(dst, src) < 0)
		die("out of memory", NULL);
}

static void param(re_contact_t *c, const char *name, const char *value)
{
	if (re_contact_add_param(c, name, value) < 0)
		die("out of memory", NULL);
}

static void fill_contact(re_contact_t *c, const char *aor, unsigned j)
{
	char buf[256];

	c->has_expires = true;
	c->expires = 3599;
	c->has_duration_registered = true;
	c->duration_registered = 1;
	c->has_cseq = true;
	c->cseq = 54301 + j;
	set(&c->q, "0.5");
	set(&c->callid, "a84b4c76e66710@ue.ims.example.com");
	set(&c->display_name, "Alice \"A\" <Smith>");
	snprintf(buf, sizeof(buf), "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6b%02u>\"", j);
	param(c, "+sip.instance", buf);
	param(c, "reg-id", j % 2 ? "2" : "1");
	param(c, "+g.3gpp.icsi-ref", "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"");
	param(c, "+g.3gpp.smsip", NULL);
	if (j != 1)
		param(c, "video", NULL);
	snprintf(buf, sizeof(buf), "%s;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6b%02u", aor, j);
	set(&c->pub_gruu, buf);
	snprintf(buf, sizeof(buf), "sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g%u@ims.example.com;gr",
		 j);
	set(&c->temp_gruu, buf);
	c->temp_gruu_first_cseq = 54301;
}

/* The implicit set: the first IMPU was registered, the others created by
 * the implicit registration; the last one is a wildcarded IMPU. */
static re_reginfo_t *sample_irs(void)
{
	re_reginfo_t *info = re_reginfo_new(7, true);
	char aor[128], id[32], uri[128];
	unsigned i, j;

	if (info == NULL)
		die("out of memory", NULL);
	for (i = 0; i < NIMPU; i++) {
		re_registration_t *reg;

		if (i == NIMPU - 1)
			snprintf(aor, sizeof(aor), "sip:user%u-any@ims.example.com", i);
		else if (i % 2)
			snprintf(aor, sizeof(aor), "tel:+4930123456%u", i);
		else
			snprintf(aor, sizeof(aor), "sip:user%u@ims.example.com", i);
		snprintf(id, sizeof(id), "r%u", i);
		reg = re_reginfo_add_registration(info, aor, id, RE_REG_ACTIVE);
		if (reg == NULL)
			die("out of memory", NULL);
		if (i == NIMPU - 1 &&
		    re_registration_set_wildcard(reg, "sip:user!.*!@ims.example.com") < 0)
			die("out of memory", NULL);
		for (j = 0; j < NCONTACTS; j++) {
			re_contact_t *c;

			snprintf(id, sizeof(id), "c%u.%u", i, j);
			snprintf(uri, sizeof(uri), "sip:ue%u@[2001:db8::%x]:5060;transport=tcp", j,
				 j + 1);
			c = re_registration_add_contact(reg, id, uri, RE_CONTACT_ACTIVE,
							i == 0 ? RE_EV_REGISTERED : RE_EV_CREATED);
			if (c == NULL)
				die("out of memory", NULL);
			fill_contact(c, aor, j);
		}
	}
	return info;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Best of RUNS runs of n renders: microseconds per body; *bytes gets the
 * body length. */
static double time_render(const re_reginfo_t *info, const re_policy_t *pol, long n, size_t *bytes)
{
	double best = 0;
	char err[256], *body;
	size_t len;
	long i;
	int run;

	for (run = 0; run < RUNS; run++) {
		double t0 = now_us(), us;

		for (i = 0; i < n; i++) {
			if (re_render(info, pol, &body, &len, err, sizeof(err)) < 0)
				die("re_render", err);
			*bytes = len;
			free(body);
		}
		us = (now_us() - t0) / (double)n;
		if (run == 0 || us < best)
			best = us;
	}
	return best;
}

/* Best of RUNS runs of n parses of body: microseconds per body. */
static double time_parse(const char *body, size_t len, long n)
{
	double best = 0;
	re_reginfo_t *info;
	char err[256];
	long i;
	int run;

	for (run = 0; run < RUNS; run++) {
		double t0 = now_us(), us;

		for (i = 0; i < n; i++) {
			info = re_parse(body, len, NULL, err, sizeof(err));
			if (info == NULL)
				die("re_parse", err);
			re_reginfo_free(info);
		}
		us = (now_us() - t0) / (double)n;
		if (run == 0 || us < best)
			best = us;
	}
	return best;
}

int main(int argc, char **argv)
{
	static const char *const profiles[] = {"oracle", "rfc3680"};
	re_reginfo_t *info = sample_irs();
	char err[256], *end, *body;
	size_t k, bytes = 0, len;
	long n = 20000;
	re_policy_t pol;
	double us;

	if (argc > 1) {
		n = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || n <= 0)
			die("usage: bench_reginfo [ITERATIONS]", NULL);
	}
	printf("bench_reginfo: %ld iterations, best of %d runs\n", n, RUNS);
	for (k = 0; k < sizeof(profiles) / sizeof(profiles[0]); k++) {
		if (re_policy_builtin(profiles[k], &pol) < 0)
			die("unknown profile", profiles[k]);
		us = time_render(info, &pol, n, &bytes);
		printf("render %s %ux%u: %.1f us/body, %zu bytes/body\n", profiles[k], NIMPU,
		       NCONTACTS, us, bytes);
		fflush(stdout);

		if (re_render(info, &pol, &body, &len, err, sizeof(err)) < 0)
			die("re_render", err);
		us = time_parse(body, len, n);
		printf("parse %s %ux%u: %.1f us/body, %zu bytes/body\n", profiles[k], NIMPU,
		       NCONTACTS, us, len);
		fflush(stdout);
		free(body);
	}
	re_reginfo_free(info);
	return 0;
}
