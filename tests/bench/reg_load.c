/*
 * reg_load.c - load generator for the registrar benchmark
 * (tests/bench/bench_register.sh): N virtual UEs register with SIP Digest
 * over UDP on loopback, at most W at a time, then re-REGISTER.
 *
 *   phase "register":   REGISTER -> 401 (nonce) -> REGISTER with
 *                       credentials (nc=00000001) -> 200
 *   phase "reregister": each registered UE, same Call-ID, CSeq+1, the
 *                       stored nonce with the next nonce-count -> 200
 *                       (repeated ROUNDS times)
 *
 * Users are user%06d@DOMAIN (IMPI) and sip:user%06d@DOMAIN (IMPU), the
 * password pw%d, the index running from OFFSET.  Every request has its
 * own branch; answers are matched by Call-ID (which carries the UE's
 * index) and CSeq.  Requests are retransmitted like a UA does over UDP
 * (T1 doubling, capped at T2, TRIES sends in all); a UE whose request got
 * no final answer after the last send plus one more interval has failed
 * with a timeout.  Anything but the expected final answer is a failure,
 * counted by kind.
 *
 * One libuv loop, one thread, S UDP sockets bound on 127.0.0.1 (UE i uses
 * socket i % S).  The figures go to stdout as "key value" lines.
 *
 * usage: reg_load [-n USERS] [-o OFFSET] [-w WINDOW] [-r RATE] [-s SOCKETS]
 *                 [-R ROUNDS] [-e EXPIRES] [-d DOMAIN] [-T T1_MS] [-k TRIES]
 *                 [-H HOST] [-p PID]... [-l PREFIX] PORT
 *
 * -r caps the flows started per second (default: as fast as the window
 * allows); -R 0 skips the re-REGISTER phase; -p PID (up to 4) adds the CPU
 * time that process used during each phase (from /proc/PID/stat), to see
 * what the daemons under test spent; -l PREFIX appends each successful
 * flow's latency (microseconds, one a line) to PREFIX.register and
 * PREFIX.reregister.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <uv.h>

#include "diameter/crypto/digest.h"
#include "diameter/crypto/milenage.h"
#include "load_util.h"

#define MSG_MAX     1400
#define NONCE_MAX   128
#define REALM_MAX   64
#define MAX_SOCKETS 64
#define T2_MS       4000u
#define MAX_STATUS  700
#define MAX_WATCH   4

enum ue_state {
	UE_IDLE,      /* nothing in flight */
	UE_WAIT_401,  /* first REGISTER sent */
	UE_WAIT_200,  /* REGISTER with credentials sent */
	UE_WAIT_RE,   /* re-REGISTER sent */
};

struct ue {
	uint32_t cseq;
	uint32_t nc;
	int32_t slot; /* -1 when idle */
	uint8_t state;
	bool registered;
	char ha1[DIGEST_HEX_SIZE];
	char realm[REALM_MAX];
	char nonce[NONCE_MAX];
};

/* One UE in flight: its request (kept for retransmission) and its timer. */
struct slot {
	uv_timer_t timer;
	uint32_t ue;
	unsigned tries;
	uint64_t interval_ms;
	uint64_t flow_start; /* ns, uv_hrtime */
	size_t len;
	char buf[MSG_MAX];
};

/* What happened in one phase. */
struct phase {
	const char *name;
	uint64_t attempts, successes, failures;
	uint64_t timeout[2];              /* no final answer: step 1 (or the re-REGISTER) / step 2 */
	uint64_t status[2][MAX_STATUS];   /* unexpected final status: the same steps */
	uint64_t bad_challenge;           /* 401 without a usable realm/nonce */
	uint64_t local_error;             /* request could not be built */
	uint64_t retransmissions, send_errors;
	uint64_t provisional, stray, unparsable;
	uint64_t t_start, t_end;          /* ns */
	struct rusage ru_start, ru_end;
	double watch_start[MAX_WATCH], watch_end[MAX_WATCH]; /* CPU s of -p processes */
	double busy_start, busy_end; /* CPU s of the whole machine, /proc/stat */
	uint32_t *lat_us;                 /* per successful flow */
	size_t nlat;
};

static struct {
	/* options */
	unsigned users, offset, window, nsockets, rounds, expires, t1_ms, tries;
	double rate;
	const char *domain, *host;
	int port;
	const char *lat_prefix; /* -l: latencies of each phase to PREFIX.PHASE */
	int watch[MAX_WATCH]; /* -p: processes whose CPU time is reported per phase */
	unsigned nwatch;
	/* state */
	uv_loop_t *loop;
	uv_udp_t sock[MAX_SOCKETS];
	int lport[MAX_SOCKETS];
	struct sockaddr_in dest;
	struct ue *ues;
	struct slot *slots;
	uint32_t *free_slots;
	unsigned nfree;
	uint32_t run_id;
	uint64_t rng;
	char ha2[DIGEST_HEX_SIZE];
	char uri[128];
	/* the phase running */
	struct phase *ph;
	bool reregister;
	unsigned round;
	uint32_t next_ue;   /* next UE index to start in this phase */
	uint64_t started;   /* flows started in this phase */
	uint64_t finished;  /* flows ended (success or failure) */
	uint64_t to_start;  /* flows this phase will start */
	uv_timer_t pace;    /* rate limiter tick */
	bool pacing;
	uint64_t pace_t0;
	bool done;
} g;

static uint32_t rnd32(void)
{
	return lu_rnd32(&g.rng);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "reg_load: %s: %s\n", what, err != 0 ? uv_strerror(err) : "failed");
	exit(1);
}

/* ---- building requests ---- */

/* Append to s->buf; false when it does not fit. */
static bool put(struct slot *s, const char *text, size_t n)
{
	if (s->len + n >= sizeof(s->buf))
		return false;
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	return true;
}

static bool putf(struct slot *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool putf(struct slot *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, sizeof(s->buf) - s->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(s->buf) - s->len)
		return false;
	s->len += (size_t)n;
	return true;
}

static unsigned user_no(uint32_t ue)
{
	return g.offset + ue;
}

/* The REGISTER for ue's current CSeq into its slot; with_creds adds a
 * Digest response to the stored nonce with the next nonce-count, without
 * it an IMS-style Authorization with the IMPI and an empty response. */
static bool build_register(struct slot *s, uint32_t ue_idx, bool with_creds)
{
	struct ue *u = &g.ues[ue_idx];
	unsigned no = user_no(ue_idx);
	int lport = g.lport[ue_idx % g.nsockets];
	bool ok;

	s->len = 0;
	ok = putf(s,
		  "REGISTER %s SIP/2.0\r\n"
		  "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK%08" PRIx32 ".%" PRIu32 ".%" PRIu32
		  "\r\n"
		  "Max-Forwards: 70\r\n"
		  "From: <sip:user%06u@%s>;tag=t%" PRIu32 "\r\n"
		  "To: <sip:user%06u@%s>\r\n"
		  "Call-ID: rl%08" PRIx32 "-%" PRIu32 "@127.0.0.1\r\n"
		  "CSeq: %" PRIu32 " REGISTER\r\n"
		  "Contact: <sip:user%06u@127.0.0.1:%d>\r\n"
		  "Expires: %u\r\n",
		  g.uri, lport, g.run_id, ue_idx, u->cseq, no, g.domain, ue_idx, no, g.domain,
		  g.run_id, ue_idx, u->cseq, no, lport, g.expires);
	if (!ok)
		return false;
	if (with_creds) {
		char nc[9], cnonce[17], resp[DIGEST_HEX_SIZE];
		struct digest_req req = {"REGISTER", g.uri, u->nonce, "auth", nc, cnonce};

		u->nc++;
		snprintf(nc, sizeof(nc), "%08" PRIx32, u->nc);
		snprintf(cnonce, sizeof(cnonce), "%08" PRIx32 "%08" PRIx32, rnd32(), rnd32());
		if (digest_response(u->ha1, &req, resp) != 0)
			return false;
		ok = putf(s,
			  "Authorization: Digest username=\"user%06u@%s\", realm=\"%s\", "
			  "nonce=\"%s\", uri=\"%s\", response=\"%s\", algorithm=MD5, qop=auth, "
			  "nc=%s, cnonce=\"%s\"\r\n",
			  no, g.domain, u->realm, u->nonce, g.uri, resp, nc, cnonce);
	} else {
		ok = putf(s,
			  "Authorization: Digest username=\"user%06u@%s\", realm=\"%s\", "
			  "nonce=\"\", uri=\"%s\", response=\"\"\r\n",
			  no, g.domain, g.domain, g.uri);
	}
	return ok && put(s, "Content-Length: 0\r\n\r\n", 21);
}

/* ---- sending, retransmitting ---- */

static void send_slot(struct slot *s)
{
	uv_buf_t b = uv_buf_init(s->buf, (unsigned)s->len);
	int rc = uv_udp_try_send(&g.sock[s->ue % g.nsockets], &b, 1,
				 (const struct sockaddr *)&g.dest);

	if (rc < 0)
		g.ph->send_errors++; /* the retransmission timer covers it */
}

static void on_retransmit(uv_timer_t *t);

/* Send the request in s afresh (a new transaction). */
static void start_txn(struct slot *s)
{
	s->tries = 1;
	s->interval_ms = g.t1_ms;
	send_slot(s);
	uv_timer_start(&s->timer, on_retransmit, s->interval_ms, 0);
}

static void start_more(void);

static void release(struct slot *s)
{
	struct ue *u = &g.ues[s->ue];

	uv_timer_stop(&s->timer);
	u->slot = -1;
	u->state = UE_IDLE;
	g.free_slots[g.nfree++] = (uint32_t)(s - g.slots);
}

/* The flow in s ended; kick starts the next ones (not from start_one). */
static void flow_end_kick(struct slot *s, bool ok, bool kick)
{
	struct phase *p = g.ph;

	if (ok) {
		uint64_t us = (uv_hrtime() - s->flow_start) / 1000;

		p->successes++;
		p->lat_us[p->nlat++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
	} else {
		p->failures++;
	}
	release(s);
	g.finished++;
	p->t_end = uv_hrtime();
	if (kick)
		start_more();
}

static void flow_end(struct slot *s, bool ok)
{
	flow_end_kick(s, ok, true);
}

static void on_retransmit(uv_timer_t *t)
{
	struct slot *s = t->data;
	struct ue *u = &g.ues[s->ue];

	if (s->tries >= g.tries) {
		g.ph->timeout[u->state == UE_WAIT_200 ? 1 : 0]++;
		flow_end(s, false);
		return;
	}
	s->tries++;
	s->interval_ms *= 2;
	if (s->interval_ms > T2_MS)
		s->interval_ms = T2_MS;
	g.ph->retransmissions++;
	send_slot(s);
	uv_timer_start(&s->timer, on_retransmit, s->interval_ms, 0);
}

/* Start the flow of the next UE of the phase, if any is left and a slot
 * is free.  false when nothing could be started. */
static bool start_one(void)
{
	struct slot *s;
	struct ue *u;
	uint32_t idx;

	if (g.nfree == 0 || g.started >= g.to_start)
		return false;
	if (g.reregister) {
		while (g.next_ue < g.users && !g.ues[g.next_ue].registered)
			g.next_ue++;
		if (g.next_ue >= g.users)
			return false;
	}
	idx = g.next_ue++;
	u = &g.ues[idx];
	s = &g.slots[g.free_slots[--g.nfree]];
	s->ue = idx;
	u->slot = (int32_t)(s - g.slots);
	s->flow_start = uv_hrtime();
	g.started++;
	g.ph->attempts++;
	u->cseq++;
	if (g.reregister) {
		u->state = UE_WAIT_RE;
		if (!build_register(s, idx, true)) {
			g.ph->local_error++;
			u->registered = false;
			flow_end_kick(s, false, false);
			return true;
		}
	} else {
		u->state = UE_WAIT_401;
		u->registered = false;
		if (!build_register(s, idx, false)) {
			g.ph->local_error++;
			flow_end_kick(s, false, false);
			return true;
		}
	}
	start_txn(s);
	return true;
}

/* Called after every flow ends and on the pacing tick. */
static void start_more(void)
{
	if (g.pacing) {
		/* at most RATE flows a second since the phase began, never more than
		 * one window ahead of schedule after a stall */
		double secs = (double)(uv_hrtime() - g.pace_t0) / 1e9;
		uint64_t allowed = (uint64_t)(secs * g.rate) + 1;

		if (g.started + g.window < allowed)
			g.pace_t0 = uv_hrtime() -
				    (uint64_t)((double)(g.started + g.window) / g.rate * 1e9);
		while (g.started < allowed && start_one())
			;
	} else {
		while (start_one())
			;
	}
	if (g.finished == g.to_start && !g.done) {
		g.done = true;
		uv_stop(g.loop);
	}
}

static void on_pace(uv_timer_t *t)
{
	(void)t;
	start_more();
}

/* ---- reading answers ---- */

/* Our Call-IDs are "rl<run id, 8 hex>-<ue index>@..."; the index, or -1. */
static int64_t ue_of(const char *cid, size_t n)
{
	char want[16];
	uint64_t v = 0;
	size_t i;

	snprintf(want, sizeof(want), "rl%08" PRIx32 "-", g.run_id);
	if (n < 12 || memcmp(cid, want, 11) != 0)
		return -1;
	for (i = 11; i < n && cid[i] >= '0' && cid[i] <= '9' && i < 21; i++)
		v = v * 10 + (uint64_t)(cid[i] - '0');
	if (i == 11 || i >= n || cid[i] != '@' || v >= g.users)
		return -1;
	return (int64_t)v;
}

static void count_status(int step, int status)
{
	if (status >= 0 && status < MAX_STATUS)
		g.ph->status[step][status]++;
}

static void on_answer(const char *buf, size_t len)
{
	struct lu_answer a;
	struct slot *s;
	struct ue *u;
	int64_t idx;

	if (!lu_parse_answer(buf, len, &a)) {
		g.ph->unparsable++;
		return;
	}
	idx = ue_of(a.callid, a.callid_len);
	if (idx < 0) {
		g.ph->stray++;
		return;
	}
	u = &g.ues[idx];
	if (u->slot < 0 || u->state == UE_IDLE || !lu_cseq_is(&a, "REGISTER") ||
	    a.cseq != u->cseq) {
		g.ph->stray++; /* late or duplicate answer to an ended transaction */
		return;
	}
	s = &g.slots[u->slot];
	if (a.status < 200) {
		g.ph->provisional++; /* keep retransmitting, as a UA does */
		return;
	}
	switch (u->state) {
	case UE_WAIT_401:
		if (a.status != 401) {
			count_status(0, a.status);
			flow_end(s, false);
			return;
		}
		if (a.www == NULL ||
		    !lu_digest_param(a.www, a.www_len, "realm", u->realm, sizeof(u->realm)) ||
		    !lu_digest_param(a.www, a.www_len, "nonce", u->nonce, sizeof(u->nonce))) {
			g.ph->bad_challenge++;
			flow_end(s, false);
			return;
		}
		{
			char impi[128], password_buf[32];

			snprintf(password_buf, sizeof(password_buf), "pw%u", user_no((uint32_t)idx));
			snprintf(impi, sizeof(impi), "user%06u@%s", user_no((uint32_t)idx), g.domain);
			if (digest_ha1(impi, u->realm, password_buf, u->ha1) != 0) {
				g.ph->local_error++;
				flow_end(s, false);
				return;
			}
		}
		u->nc = 0;
		u->cseq++;
		u->state = UE_WAIT_200;
		uv_timer_stop(&s->timer);
		if (!build_register(s, (uint32_t)idx, true)) {
			g.ph->local_error++;
			flow_end(s, false);
			return;
		}
		start_txn(s);
		return;
	case UE_WAIT_200:
	case UE_WAIT_RE:
		if (a.status != 200) {
			count_status(u->state == UE_WAIT_200 ? 1 : 0, a.status);
			u->registered = false;
			flow_end(s, false);
			return;
		}
		u->registered = true;
		flow_end(s, true);
		return;
	default:
		g.ph->stray++;
		return;
	}
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	static char in[65536];

	(void)h, (void)suggested;
	*b = uv_buf_init(in, sizeof(in));
}

static void on_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *b, const struct sockaddr *addr,
		    unsigned flags)
{
	(void)h, (void)addr;
	if (nread <= 0 || (flags & UV_UDP_PARTIAL) != 0)
		return;
	on_answer(b->base, (size_t)nread);
}

/* ---- figures ---- */

static void watch_sample(double *out, double *busy)
{
	unsigned i;

	for (i = 0; i < g.nwatch; i++)
		out[i] = lu_proc_cpu(g.watch[i]);
	*busy = lu_machine_busy();
}

static void report(struct phase *p)
{
	unsigned i;
	double el = p->t_end > p->t_start ? (double)(p->t_end - p->t_start) / 1e9 : 0;
	double cpu = lu_rusage_s(&p->ru_end) - lu_rusage_s(&p->ru_start);
	int step, st;

	qsort(p->lat_us, p->nlat, sizeof(p->lat_us[0]), lu_cmp_u32);
	if (g.lat_prefix != NULL) {
		char path[4096];
		FILE *f;
		size_t k;

		snprintf(path, sizeof(path), "%s.%s", g.lat_prefix, p->name);
		f = fopen(path, "a");
		if (f == NULL) {
			fprintf(stderr, "reg_load: %s: %s\n", path, strerror(errno));
		} else {
			for (k = 0; k < p->nlat; k++)
				fprintf(f, "%" PRIu32 "\n", p->lat_us[k]);
			fclose(f);
		}
	}
	printf("phase %s\n", p->name);
	printf("  attempts %" PRIu64 "\n", p->attempts);
	printf("  successes %" PRIu64 "\n", p->successes);
	printf("  failures %" PRIu64 "\n", p->failures);
	printf("  failure_rate_pct %.4f\n",
	       p->attempts > 0 ? 100.0 * (double)p->failures / (double)p->attempts : 0.0);
	printf("  failures_by_kind timeout1=%" PRIu64 " timeout2=%" PRIu64
	       " bad_challenge=%" PRIu64 " local=%" PRIu64,
	       p->timeout[0], p->timeout[1], p->bad_challenge, p->local_error);
	for (step = 0; step < 2; step++)
		for (st = 0; st < MAX_STATUS; st++)
			if (p->status[step][st] != 0)
				printf(" step%d:%d=%" PRIu64, step + 1, st, p->status[step][st]);
	printf("\n");
	printf("  retransmissions %" PRIu64 "\n", p->retransmissions);
	printf("  send_errors %" PRIu64 "\n", p->send_errors);
	printf("  stray_answers %" PRIu64 " provisional %" PRIu64 " unparsable %" PRIu64 "\n",
	       p->stray, p->provisional, p->unparsable);
	printf("  elapsed_s %.3f\n", el);
	printf("  rate_per_s %.1f\n", el > 0 ? (double)p->successes / el : 0.0);
	printf("  latency_ms p50 %.2f p90 %.2f p99 %.2f max %.2f\n",
	       lu_pct_ms(p->lat_us, p->nlat, 0.50), lu_pct_ms(p->lat_us, p->nlat, 0.90),
	       lu_pct_ms(p->lat_us, p->nlat, 0.99), lu_pct_ms(p->lat_us, p->nlat, 1.0));
	printf("  loadgen_cpu_s %.3f (%.0f%% of one core)\n", cpu, el > 0 ? 100.0 * cpu / el : 0.0);
	if (p->busy_start >= 0 && p->busy_end >= 0 && el > 0)
		printf("  machine_busy_cores %.2f of %ld\n", (p->busy_end - p->busy_start) / el,
		       sysconf(_SC_NPROCESSORS_ONLN));
	for (i = 0; i < g.nwatch; i++) {
		double c = p->watch_end[i] - p->watch_start[i];

		if (p->watch_start[i] < 0 || p->watch_end[i] < 0)
			printf("  pid_cpu_s %d gone\n", g.watch[i]);
		else
			printf("  pid_cpu_s %d %.3f (%.0f%% of one core)\n", g.watch[i], c,
			       el > 0 ? 100.0 * c / el : 0.0);
	}
	fflush(stdout);
}

static void run_phase(struct phase *p, const char *name, bool rereg, uint64_t count)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->lat_us = calloc(count > 0 ? count : 1, sizeof(*p->lat_us));
	if (p->lat_us == NULL)
		die("out of memory", 0);
	g.ph = p;
	g.reregister = rereg;
	g.next_ue = 0;
	g.started = g.finished = 0;
	g.to_start = count;
	g.done = false;
	getrusage(RUSAGE_SELF, &p->ru_start);
	watch_sample(p->watch_start, &p->busy_start);
	p->t_start = p->t_end = uv_hrtime();
	g.pace_t0 = p->t_start;
	if (g.pacing)
		uv_timer_start(&g.pace, on_pace, 1, 1);
	start_more();
	if (!g.done)
		uv_run(g.loop, UV_RUN_DEFAULT);
	uv_timer_stop(&g.pace);
	getrusage(RUSAGE_SELF, &p->ru_end);
	watch_sample(p->watch_end, &p->busy_end);
	report(p);
	free(p->lat_us);
	p->lat_us = NULL;
}

static void usage(void)
{
	fprintf(stderr, "usage: reg_load [-n USERS] [-o OFFSET] [-w WINDOW] [-r RATE] "
			"[-s SOCKETS] [-R ROUNDS] [-e EXPIRES] [-d DOMAIN] [-T T1_MS] "
			"[-k TRIES] [-H HOST] [-p PID]... [-l PREFIX] PORT\n");
	exit(2);
}

static void close_cb(uv_handle_t *h)
{
	(void)h;
}

int main(int argc, char **argv)
{
	static struct phase ph;
	unsigned i, r;
	int opt, rc;
	uint64_t registered;

	g.users = 1000;
	g.window = 64;
	g.nsockets = 1;
	g.rounds = 1;
	g.expires = 3600;
	g.t1_ms = 500;
	g.tries = 4;
	g.domain = "open-ims.test";
	g.host = "127.0.0.1";
	while ((opt = getopt(argc, argv, "n:o:w:r:s:R:e:d:T:k:H:p:l:")) != -1) {
		switch (opt) {
		case 'n': g.users = lu_num_arg("reg_load", "n", optarg, 1, 10000000); break;
		case 'o': g.offset = lu_num_arg("reg_load", "o", optarg, 0, 99999999); break;
		case 'w': g.window = lu_num_arg("reg_load", "w", optarg, 1, 100000); break;
		case 'r': g.rate = lu_num_arg("reg_load", "r", optarg, 0, 10000000); break;
		case 's': g.nsockets = lu_num_arg("reg_load", "s", optarg, 1, MAX_SOCKETS); break;
		case 'R': g.rounds = lu_num_arg("reg_load", "R", optarg, 0, 1000); break;
		case 'e': g.expires = lu_num_arg("reg_load", "e", optarg, 0, 4294967); break;
		case 'd': g.domain = optarg; break;
		case 'T': g.t1_ms = lu_num_arg("reg_load", "T", optarg, 1, 60000); break;
		case 'k': g.tries = lu_num_arg("reg_load", "k", optarg, 1, 11); break;
		case 'H': g.host = optarg; break;
		case 'l': g.lat_prefix = optarg; break;
		case 'p':
			if (g.nwatch == MAX_WATCH)
				usage();
			g.watch[g.nwatch++] = (int)lu_num_arg("reg_load", "p", optarg, 1, 4194304);
			break;
		default: usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	g.port = (int)lu_num_arg("reg_load", "port", argv[optind], 1, 65535);
	if (strlen(g.domain) > 60 || strpbrk(g.domain, " \t\r\n\"<>;@") != NULL) {
		fprintf(stderr, "reg_load: bad domain \"%s\"\n", g.domain);
		return 2;
	}
	if (g.window > g.users)
		g.window = g.users;
	g.pacing = g.rate > 0;
	snprintf(g.uri, sizeof(g.uri), "sip:%s", g.domain);

	if (cxcrypto_init() != 0)
		die("cxcrypto_init (libgcrypt)", 0);
	if (uv_random(NULL, NULL, &g.rng, sizeof(g.rng), 0, NULL) != 0 || g.rng == 0)
		g.rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)getpid();
	g.run_id = rnd32();
	g.loop = uv_default_loop();
	if ((rc = uv_ip4_addr(g.host, g.port, &g.dest)) != 0)
		die("target address", rc);
	for (i = 0; i < g.nsockets; i++) {
		struct sockaddr_in a;
		struct sockaddr_storage got;
		int n = sizeof(got), sz = 8 << 20;

		uv_ip4_addr("127.0.0.1", 0, &a);
		if ((rc = uv_udp_init(g.loop, &g.sock[i])) != 0 ||
		    (rc = uv_udp_bind(&g.sock[i], (const struct sockaddr *)&a, 0)) != 0 ||
		    (rc = uv_udp_getsockname(&g.sock[i], (struct sockaddr *)&got, &n)) != 0)
			die("UDP socket on 127.0.0.1", rc);
		g.lport[i] = ntohs(((struct sockaddr_in *)&got)->sin_port);
		uv_recv_buffer_size((uv_handle_t *)&g.sock[i], &sz); /* best effort */
		sz = 8 << 20;
		uv_send_buffer_size((uv_handle_t *)&g.sock[i], &sz);
		if ((rc = uv_udp_recv_start(&g.sock[i], on_alloc, on_recv)) != 0)
			die("uv_udp_recv_start", rc);
	}
	g.ues = calloc(g.users, sizeof(*g.ues));
	g.slots = calloc(g.window, sizeof(*g.slots));
	g.free_slots = calloc(g.window, sizeof(*g.free_slots));
	if (g.ues == NULL || g.slots == NULL || g.free_slots == NULL)
		die("out of memory", 0);
	for (i = 0; i < g.users; i++)
		g.ues[i].slot = -1;
	for (i = 0; i < g.window; i++) {
		uv_timer_init(g.loop, &g.slots[i].timer);
		g.slots[i].timer.data = &g.slots[i];
		g.free_slots[g.nfree++] = g.window - 1 - i;
	}
	uv_timer_init(g.loop, &g.pace);

	printf("reg_load users %u offset %u window %u rate %s%.0f sockets %u expires %u "
	       "t1_ms %u tries %u target %s:%d\n",
	       g.users, g.offset, g.window, g.pacing ? "" : "unlimited/", g.rate, g.nsockets,
	       g.expires, g.t1_ms, g.tries, g.host, g.port);
	run_phase(&ph, "register", false, g.users);
	for (r = 0; r < g.rounds; r++) {
		registered = 0;
		for (i = 0; i < g.users; i++)
			registered += g.ues[i].registered;
		if (registered == 0)
			break;
		run_phase(&ph, "reregister", true, registered);
	}

	for (i = 0; i < g.window; i++)
		uv_close((uv_handle_t *)&g.slots[i].timer, close_cb);
	for (i = 0; i < g.nsockets; i++)
		uv_close((uv_handle_t *)&g.sock[i], close_cb);
	uv_close((uv_handle_t *)&g.pace, close_cb);
	uv_run(g.loop, UV_RUN_DEFAULT);
	uv_loop_close(g.loop);
	free(g.ues);
	free(g.slots);
	free(g.free_slots);
	return 0;
}
