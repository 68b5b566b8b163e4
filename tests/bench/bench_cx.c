/*
 * bench_cx.c - MAR+SAR round trips per second from the libuv loop through
 * freeDiameter to hss-sim and back, on loopback, and the loop thread's own
 * CPU time per round trip (getrusage RUSAGE_THREAD on the loop thread,
 * which does the building, reading and callbacks; freeDiameter's threads
 * and hss-sim are not counted).
 *
 *   bench_cx [PAIRS [WINDOW...]]   default 2000 pairs, windows 1 and 32
 *
 * A pair is what a first registration costs the S-CSCF on Cx: a MAR (SIP
 * Digest, one item) and, on its answer, a SAR REGISTRATION that brings the
 * user profile back.  WINDOW pairs are kept in flight.
 */
#include "config.h"

#define _GNU_SOURCE 1 /* RUSAGE_THREAD */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "diameter/cx/cx_client.h"
#include "scscf/base/log.h"
#include "tests/unit/cx_env.h"

static const char subscribers[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<subscribers>\n"
	" <subscriber impi=\"alice@open-ims.test\" schemes=\"SIP-Digest\"\n"
	"   default-scheme=\"SIP-Digest\">\n"
	"  <digest password=\"alicepw\" realm=\"open-ims.test\"/>\n"
	"  <IMSSubscription><PrivateID>alice@open-ims.test</PrivateID><ServiceProfile>\n"
	"   <PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>\n"
	"   <PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>\n"
	"   <InitialFilterCriteria><Priority>0</Priority><TriggerPoint>\n"
	"    <ConditionTypeCNF>0</ConditionTypeCNF><SPT><ConditionNegated>0</ConditionNegated>\n"
	"    <Group>0</Group><Method>REGISTER</Method></SPT></TriggerPoint>\n"
	"    <ApplicationServer><ServerName>sip:as.open-ims.test</ServerName>\n"
	"    <DefaultHandling>0</DefaultHandling></ApplicationServer></InitialFilterCriteria>\n"
	"  </ServiceProfile></IMSSubscription>\n"
	" </subscriber>\n"
	"</subscribers>\n";

static struct {
	unsigned target, started, done, failed;
	volatile bool finished;
} run;

static const char *impus[] = {"sip:alice@open-ims.test"};

static void start_pair(void);

static void on_saa(void *arg, cx_saa_t *a)
{
	(void)arg;
	if (!cx_status_ok(&a->status) || a->user_data == NULL)
		run.failed++;
	run.done++;
	if (run.done == run.target)
		run.finished = true;
	else
		start_pair();
}

static void on_maa(void *arg, cx_maa_t *a)
{
	const cx_sar_t sar = {.impi = "alice@open-ims.test", .impus = impus, .nimpus = 1,
			      .type = CX_SAT_REGISTRATION};

	(void)arg;
	if (!cx_status_ok(&a->status) || a->nitems != 1 ||
	    cx_client_sar(cx_env.cx, &sar, on_saa, NULL) != 0) {
		run.failed++;
		run.done++;
		if (run.done == run.target)
			run.finished = true;
		else
			start_pair();
	}
}

static void start_pair(void)
{
	const cx_mar_t mar = {.impi = "alice@open-ims.test", .impu = impus[0],
			      .scheme = CX_SCHEME_DIGEST, .items = 1};

	if (run.started == run.target)
		return;
	run.started++;
	if (cx_client_mar(cx_env.cx, &mar, on_maa, NULL) != 0) {
		run.failed++;
		run.done++;
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double thread_cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int measure(unsigned pairs, unsigned window)
{
	double t0, c0, wall, cpu;
	unsigned i;

	memset((void *)&run, 0, sizeof(run));
	run.target = pairs;
	t0 = now_s();
	c0 = thread_cpu_s();
	for (i = 0; i < window && i < pairs; i++)
		start_pair();
	if (!cx_env_run_until(&run.finished, 600000)) {
		fprintf(stderr, "bench_cx: stuck after %u of %u pairs\n", run.done, pairs);
		return -1;
	}
	wall = now_s() - t0;
	cpu = thread_cpu_s() - c0;
	printf("window %3u: %u MAR+SAR pairs in %.2f s = %.0f pairs/s (%.0f Cx requests/s), "
	       "%.0f us per pair end to end, loop thread CPU %.1f us per pair, %u failed\n",
	       window, pairs, wall, pairs / wall, 2 * pairs / wall, wall / pairs * 1e6 * window,
	       cpu / pairs * 1e6, run.failed);
	return run.failed == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned pairs = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 2000;
	unsigned windows[8] = {1, 32};
	size_t nwin = 2, i;
	int rc = 0;

	if (argc > 2) {
		nwin = 0;
		for (i = 2; i < (size_t)argc && nwin < 8; i++)
			windows[nwin++] = (unsigned)strtoul(argv[i], NULL, 10);
	}
	if (pairs == 0)
		pairs = 1;
	slog_open("bench_cx", false, SLOG_ERROR);
	if (cx_env_start(subscribers, 5000, "error") != 0)
		return 1;
	measure(pairs / 10 + 1, 8); /* warm up */
	for (i = 0; i < nwin && rc == 0; i++)
		rc = measure(pairs, windows[i] > 0 ? windows[i] : 1);
	cx_env_stop();
	return rc == 0 ? 0 : 1;
}
