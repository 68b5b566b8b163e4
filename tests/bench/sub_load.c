/*
 * sub_load.c - load generator for the notifier benchmark
 * (tests/bench/bench_notify.sh): virtual UEs that register with SIP Digest
 * through a (named, not running) P-CSCF, subscribe to their own reg event
 * (RFC 3680) once as the UE and once as that P-CSCF, with both Contacts
 * pointing at one watcher (the sipp of notify_uas.xml), and re-REGISTER to
 * make the S-CSCF notify.  All over UDP on loopback, at most W flows at a
 * time, requests retransmitted like a UA does (T1 doubling, capped at 4 s,
 * TRIES sends in all).
 *
 * It reads commands on stdin, one a line, so that the script can put a new
 * hss-sim in place between chunks of users; each command prints its
 * figures as "key value" lines and then a line "done":
 *
 *   register FIRST COUNT    users FIRST..FIRST+COUNT-1: REGISTER -> 401
 *                           -> REGISTER with credentials -> 200
 *   subscribe FIRST COUNT   each registered user of the range: SUBSCRIBE
 *                           as the UE -> 2xx -> SUBSCRIBE as the P-CSCF -> 2xx
 *   reregister FIRST COUNT ROUNDS
 *                           each registered user of the range, ROUNDS
 *                           times over: same Call-ID, CSeq+1, the stored
 *                           nonce with the next nonce-count -> 200
 *   watch PID...            processes (at most 4) whose CPU time each
 *                           following command reports
 *   quit
 *
 * Users are user%06u@DOMAIN (IMPI) and sip:user%06u@DOMAIN, password pw%u,
 * numbered 0..USERS-1.  Every REGISTER carries
 * "Path: <sip:pcscf@PCSCF;lr>" (-P); the UE's SUBSCRIBE has
 * P-Asserted-Identity and From sip:userNNNNNN@DOMAIN and Contact
 * <sip:ue@WATCHER>, the P-CSCF's P-Asserted-Identity and From
 * <sip:pcscf@PCSCF> and Contact <sip:pcscf@WATCHER> (-W).  Call-IDs are
 * "rg" (registration), "su" (UE subscription) or "sp" (P-CSCF
 * subscription), the run id, "-", the user number; answers are matched on
 * Call-ID, CSeq and method.  Anything but the expected final answer is a
 * failure counted by kind; a request reaching the driver (a NOTIFY sent to
 * the wrong place) is counted as requests_received.
 *
 * usage: sub_load [-n USERS] [-w WINDOW] [-r RATE] [-s SOCKETS] [-e EXPIRES]
 *                 [-x SUB_EXPIRES] [-d DOMAIN] [-T T1_MS] [-k TRIES]
 *                 [-H HOST] [-P PCSCF_HOSTPORT] [-W WATCHER_HOSTPORT]
 *                 [-p PID]... PORT
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
#include <time.h>
#include <unistd.h>

#include <uv.h>

#include "diameter/crypto/digest.h"
#include "diameter/crypto/milenage.h"
#include "load_util.h"

#define MSG_MAX     1400
#define NONCE_MAX   128
#define REALM_MAX   64
#define HOST_MAX    64
#define MAX_SOCKETS 64
#define T2_MS       4000u
#define MAX_STATUS  700
#define MAX_WATCH   4

enum flow_kind { FK_REGISTER, FK_SUBSCRIBE, FK_REREGISTER };

enum ue_state {
	UE_IDLE,
	UE_WAIT_401,    /* first REGISTER sent */
	UE_WAIT_200,    /* REGISTER with credentials sent */
	UE_WAIT_RE,     /* re-REGISTER sent */
	UE_WAIT_SUB_UE, /* the UE's SUBSCRIBE sent */
	UE_WAIT_SUB_P,  /* the P-CSCF's SUBSCRIBE sent */
};

struct ue {
	uint32_t cseq; /* of the registration's Call-ID */
	uint32_t nc;
	int32_t slot; /* -1 when idle */
	uint8_t state;
	bool registered;
	char ha1[DIGEST_HEX_SIZE];
	char realm[REALM_MAX];
	char nonce[NONCE_MAX];
};

/* One flow in flight: its current request (kept for retransmission). */
struct slot {
	uv_timer_t timer;
	uint32_t ue;
	unsigned tries;
	uint64_t interval_ms;
	uint64_t flow_start; /* ns, uv_hrtime */
	size_t len;
	char buf[MSG_MAX];
};

/* What happened in one command. */
struct phase {
	const char *name;
	enum flow_kind kind;
	uint32_t first, count, rounds;
	uint64_t attempts, successes, failures, skipped;
	uint64_t timeout[2];            /* no final answer to step 1 / step 2 */
	uint64_t status[2][MAX_STATUS]; /* unexpected final status at step 1 / 2 */
	uint64_t bad_challenge, local_error;
	uint64_t retransmissions, send_errors;
	uint64_t provisional, stray, unparsable, requests;
	uint64_t t_start, t_end; /* ns, uv_hrtime */
	double wall_start;       /* s since the epoch */
	struct rusage ru_start, ru_end;
	double watch_start[MAX_WATCH], watch_end[MAX_WATCH];
	double busy_start, busy_end;
	uint32_t *lat_us; /* per successful flow */
	size_t nlat;
};

static struct {
	/* options */
	unsigned users, window, nsockets, expires, sub_expires, t1_ms, tries;
	double rate;
	const char *domain, *host, *pcscf, *watcher;
	int port;
	int watch[MAX_WATCH];
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
	uint32_t branch_seq;
	uint64_t rng;
	char uri[128];
	/* the command running */
	struct phase *ph;
	uint64_t pos, npos; /* next position in the range (rounds included), end */
	uint64_t started, finished;
	bool exhausted; /* nothing more to start */
	uv_timer_t pace;
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
	fprintf(stderr, "sub_load: %s: %s\n", what, err != 0 ? uv_strerror(err) : "failed");
	exit(1);
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- building requests ---- */

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

/* The REGISTER for ue's current CSeq into its slot (see reg_load.c): with
 * credentials for the stored nonce and the next nonce-count, or without
 * them (an IMS-style Authorization with the IMPI and an empty response). */
static bool build_register(struct slot *s, uint32_t ue, bool with_creds)
{
	struct ue *u = &g.ues[ue];
	int lport = g.lport[ue % g.nsockets];

	s->len = 0;
	if (!putf(s,
		  "REGISTER %s SIP/2.0\r\n"
		  "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK%08" PRIx32 ".%" PRIu32
		  "\r\n"
		  "Max-Forwards: 70\r\n"
		  "From: <sip:user%06u@%s>;tag=r%" PRIu32 "\r\n"
		  "To: <sip:user%06u@%s>\r\n"
		  "Call-ID: rg%08" PRIx32 "-%u@127.0.0.1\r\n"
		  "CSeq: %" PRIu32 " REGISTER\r\n"
		  "Contact: <sip:user%06u@127.0.0.1:%d>\r\n"
		  "Expires: %u\r\n",
		  g.uri, lport, g.run_id, g.branch_seq++, ue, g.domain, ue, ue, g.domain, g.run_id,
		  ue, u->cseq, ue, lport, g.expires))
		return false;
	if (g.pcscf != NULL && !putf(s, "Path: <sip:pcscf@%s;lr>\r\n", g.pcscf))
		return false;
	if (with_creds) {
		char nc[9], cnonce[17], resp[DIGEST_HEX_SIZE];
		struct digest_req req = {"REGISTER", g.uri, u->nonce, "auth", nc, cnonce};

		u->nc++;
		snprintf(nc, sizeof(nc), "%08" PRIx32, u->nc);
		snprintf(cnonce, sizeof(cnonce), "%08" PRIx32 "%08" PRIx32, rnd32(), rnd32());
		if (digest_response(u->ha1, &req, resp) != 0)
			return false;
		if (!putf(s,
			  "Authorization: Digest username=\"user%06u@%s\", realm=\"%s\", "
			  "nonce=\"%s\", uri=\"%s\", response=\"%s\", algorithm=MD5, qop=auth, "
			  "nc=%s, cnonce=\"%s\"\r\n",
			  ue, g.domain, u->realm, u->nonce, g.uri, resp, nc, cnonce))
			return false;
	} else if (!putf(s,
			 "Authorization: Digest username=\"user%06u@%s\", realm=\"%s\", "
			 "nonce=\"\", uri=\"%s\", response=\"\"\r\n",
			 ue, g.domain, g.domain, g.uri)) {
		return false;
	}
	return putf(s, "Content-Length: 0\r\n\r\n");
}

/* A SUBSCRIBE to ue's reg event, as the UE itself or as the P-CSCF. */
static bool build_subscribe(struct slot *s, uint32_t ue, bool as_pcscf)
{
	char who[HOST_MAX + 32];
	int lport = g.lport[ue % g.nsockets];

	if (as_pcscf)
		snprintf(who, sizeof(who), "sip:pcscf@%s", g.pcscf);
	else
		snprintf(who, sizeof(who), "sip:user%06u@%s", ue, g.domain);
	s->len = 0;
	return putf(s,
		    "SUBSCRIBE sip:user%06u@%s SIP/2.0\r\n"
		    "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK%08" PRIx32 ".%" PRIu32 "\r\n"
		    "Max-Forwards: 70\r\n"
		    "From: <%s>;tag=%c%08" PRIx32 "\r\n"
		    "To: <sip:user%06u@%s>\r\n"
		    "Call-ID: s%c%08" PRIx32 "-%u@127.0.0.1\r\n"
		    "CSeq: 1 SUBSCRIBE\r\n"
		    "Event: reg\r\n"
		    "Expires: %u\r\n"
		    "Accept: application/reginfo+xml\r\n"
		    "P-Asserted-Identity: <%s>\r\n"
		    "Contact: <sip:%s@%s>\r\n"
		    "Content-Length: 0\r\n\r\n",
		    ue, g.domain, lport, g.run_id, g.branch_seq++, who, as_pcscf ? 'p' : 'u',
		    rnd32(), ue, g.domain, as_pcscf ? 'p' : 'u', g.run_id, ue, g.sub_expires, who,
		    as_pcscf ? "pcscf" : "ue", g.watcher);
}

/* ---- sending, retransmitting ---- */

static void send_slot(struct slot *s)
{
	uv_buf_t b = uv_buf_init(s->buf, (unsigned)s->len);

	if (uv_udp_try_send(&g.sock[s->ue % g.nsockets], &b, 1, (const struct sockaddr *)&g.dest) <
	    0)
		g.ph->send_errors++; /* the retransmission timer covers it */
}

static void on_retransmit(uv_timer_t *t);

static void start_txn(struct slot *s)
{
	s->tries = 1;
	s->interval_ms = g.t1_ms;
	send_slot(s);
	uv_timer_start(&s->timer, on_retransmit, s->interval_ms, 0);
}

static void start_more(void);

static void flow_end(struct slot *s, bool ok)
{
	struct phase *p = g.ph;
	struct ue *u = &g.ues[s->ue];

	if (ok) {
		uint64_t us = (uv_hrtime() - s->flow_start) / 1000;

		p->successes++;
		p->lat_us[p->nlat++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
	} else {
		p->failures++;
	}
	uv_timer_stop(&s->timer);
	u->slot = -1;
	u->state = UE_IDLE;
	g.free_slots[g.nfree++] = (uint32_t)(s - g.slots);
	g.finished++;
	p->t_end = uv_hrtime();
	start_more();
}

static bool step2(const struct ue *u)
{
	return u->state == UE_WAIT_200 || u->state == UE_WAIT_SUB_P;
}

static void on_retransmit(uv_timer_t *t)
{
	struct slot *s = t->data;

	if (s->tries >= g.tries) {
		g.ph->timeout[step2(&g.ues[s->ue]) ? 1 : 0]++;
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

/* The next user of the command's range to start; false when none can
 * start now (the next one is still busy from the previous round) or none
 * is left (then g.exhausted). */
static bool next_user(uint32_t *out)
{
	struct phase *p = g.ph;

	while (g.pos < g.npos) {
		uint32_t idx = p->first + (uint32_t)(g.pos % p->count);
		struct ue *u = &g.ues[idx];

		if (p->kind != FK_REGISTER && !u->registered) {
			g.pos++;
			p->skipped++;
			continue;
		}
		if (u->slot >= 0)
			return false;
		g.pos++;
		*out = idx;
		return true;
	}
	g.exhausted = true;
	return false;
}

static bool start_one(void)
{
	struct slot *s;
	struct ue *u;
	uint32_t idx;
	bool ok;

	if (g.nfree == 0 || !next_user(&idx))
		return false;
	u = &g.ues[idx];
	s = &g.slots[g.free_slots[--g.nfree]];
	s->ue = idx;
	u->slot = (int32_t)(s - g.slots);
	s->flow_start = uv_hrtime();
	g.started++;
	g.ph->attempts++;
	switch (g.ph->kind) {
	case FK_REGISTER:
		u->cseq++;
		u->state = UE_WAIT_401;
		u->registered = false;
		ok = build_register(s, idx, false);
		break;
	case FK_REREGISTER:
		u->cseq++;
		u->state = UE_WAIT_RE;
		ok = build_register(s, idx, true);
		break;
	default:
		u->state = UE_WAIT_SUB_UE;
		ok = build_subscribe(s, idx, false);
		break;
	}
	if (!ok) {
		g.ph->local_error++;
		flow_end(s, false);
		return true;
	}
	start_txn(s);
	return true;
}

/* After every flow and on the pacing tick: start what may start, and stop
 * the loop once everything has ended. */
static void start_more(void)
{
	static bool in;

	if (in)
		return; /* flow_end from within start_one */
	in = true;
	if (g.pacing) {
		/* at most RATE flows a second since the command began, never more
		 * than one window ahead of schedule after a stall */
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
	in = false;
	if (g.exhausted && g.finished == g.started && !g.done) {
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

/* Our Call-IDs are "<kind, 2 chars><run id, 8 hex>-<user>@..."; the user
 * and the kind ('g' registration, 'u' / 'p' subscriptions), or -1. */
static int64_t ue_of(const char *cid, size_t n, char *kind)
{
	char want[16];
	uint64_t v = 0;
	size_t i;

	if (n < 13 || !((cid[0] == 'r' && cid[1] == 'g') ||
			(cid[0] == 's' && (cid[1] == 'u' || cid[1] == 'p'))))
		return -1;
	snprintf(want, sizeof(want), "%08" PRIx32 "-", g.run_id);
	if (memcmp(cid + 2, want, 9) != 0)
		return -1;
	for (i = 11; i < n && cid[i] >= '0' && cid[i] <= '9' && i < 21; i++)
		v = v * 10 + (uint64_t)(cid[i] - '0');
	if (i == 11 || i >= n || cid[i] != '@' || v >= g.users)
		return -1;
	*kind = cid[1];
	return (int64_t)v;
}

static void count_status(bool second, int status)
{
	if (status >= 0 && status < MAX_STATUS)
		g.ph->status[second ? 1 : 0][status]++;
}

/* A 401 to the first REGISTER: remember the challenge, answer it. */
static void on_challenge(struct slot *s, struct ue *u, uint32_t idx, const struct lu_answer *a)
{
	char impi[128], password[32];

	if (a->www == NULL ||
	    !lu_digest_param(a->www, a->www_len, "realm", u->realm, sizeof(u->realm)) ||
	    !lu_digest_param(a->www, a->www_len, "nonce", u->nonce, sizeof(u->nonce))) {
		g.ph->bad_challenge++;
		flow_end(s, false);
		return;
	}
	snprintf(password, sizeof(password), "pw%u", idx);
	snprintf(impi, sizeof(impi), "user%06u@%s", idx, g.domain);
	if (digest_ha1(impi, u->realm, password, u->ha1) != 0) {
		g.ph->local_error++;
		flow_end(s, false);
		return;
	}
	u->nc = 0;
	u->cseq++;
	u->state = UE_WAIT_200;
	uv_timer_stop(&s->timer);
	if (!build_register(s, idx, true)) {
		g.ph->local_error++;
		flow_end(s, false);
		return;
	}
	start_txn(s);
}

/* A request line ("METHOD URI SIP/2.0") first. */
static bool is_request(const char *buf, size_t len)
{
	const char *eol = memchr(buf, '\n', len);

	if (eol == NULL || len < 8 || memcmp(buf, "SIP/2.0 ", 8) == 0)
		return false;
	if (eol > buf && eol[-1] == '\r')
		eol--;
	return eol - buf > 8 && memcmp(eol - 8, " SIP/2.0", 8) == 0;
}

static void on_answer(const char *buf, size_t len)
{
	struct lu_answer a;
	struct slot *s;
	struct ue *u;
	int64_t idx;
	char kind = 0;
	bool reg, match;

	if (is_request(buf, len)) {
		g.ph->requests++; /* a request sent to a UE's socket */
		return;
	}
	if (!lu_parse_answer(buf, len, &a)) {
		g.ph->unparsable++;
		return;
	}
	idx = ue_of(a.callid, a.callid_len, &kind);
	if (idx < 0) {
		g.ph->stray++;
		return;
	}
	u = &g.ues[idx];
	reg = u->state == UE_WAIT_401 || u->state == UE_WAIT_200 || u->state == UE_WAIT_RE;
	if (reg)
		match = kind == 'g' && lu_cseq_is(&a, "REGISTER") && a.cseq == u->cseq;
	else
		match = lu_cseq_is(&a, "SUBSCRIBE") && a.cseq == 1 &&
			((u->state == UE_WAIT_SUB_UE && kind == 'u') ||
			 (u->state == UE_WAIT_SUB_P && kind == 'p'));
	if (u->slot < 0 || !match) {
		/* late or duplicate answer to an ended transaction */
		if (g.ph->stray++ < 5)
			fprintf(stderr, "stray: %d %lu %.*s %.*s (user state %d)\n", a.status, a.cseq,
				(int)a.method_len, a.method != NULL ? a.method : "", (int)a.callid_len,
				a.callid, u->state);
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
			count_status(false, a.status);
			flow_end(s, false);
		} else {
			on_challenge(s, u, (uint32_t)idx, &a);
		}
		return;
	case UE_WAIT_200:
	case UE_WAIT_RE:
		u->registered = a.status == 200;
		if (a.status != 200)
			count_status(u->state == UE_WAIT_200, a.status);
		flow_end(s, a.status == 200);
		return;
	case UE_WAIT_SUB_UE:
		if (a.status >= 300) {
			count_status(false, a.status);
			flow_end(s, false);
			return;
		}
		u->state = UE_WAIT_SUB_P;
		uv_timer_stop(&s->timer);
		if (!build_subscribe(s, (uint32_t)idx, true)) {
			g.ph->local_error++;
			flow_end(s, false);
			return;
		}
		start_txn(s);
		return;
	case UE_WAIT_SUB_P:
		if (a.status >= 300)
			count_status(true, a.status);
		flow_end(s, a.status < 300);
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
	static const char *const steps[3][2] = {
		{"register", "register_auth"}, {"subscribe_ue", "subscribe_pcscf"}, {"reregister", NULL}};
	double el = p->t_end > p->t_start ? (double)(p->t_end - p->t_start) / 1e9 : 0;
	double cpu = lu_rusage_s(&p->ru_end) - lu_rusage_s(&p->ru_start);
	unsigned i;
	int step, st;

	qsort(p->lat_us, p->nlat, sizeof(p->lat_us[0]), lu_cmp_u32);
	printf("phase %s first %" PRIu32 " count %" PRIu32 " rounds %" PRIu32 "\n", p->name,
	       p->first, p->count, p->rounds);
	printf("  attempts %" PRIu64 "\n", p->attempts);
	printf("  successes %" PRIu64 "\n", p->successes);
	printf("  failures %" PRIu64 "\n", p->failures);
	printf("  skipped_unregistered %" PRIu64 "\n", p->skipped);
	printf("  failures_by_kind timeout_%s=%" PRIu64, steps[p->kind][0], p->timeout[0]);
	if (steps[p->kind][1] != NULL)
		printf(" timeout_%s=%" PRIu64, steps[p->kind][1], p->timeout[1]);
	printf(" bad_challenge=%" PRIu64 " local=%" PRIu64, p->bad_challenge, p->local_error);
	for (step = 0; step < 2; step++) {
		const char *what = steps[p->kind][step] != NULL ? steps[p->kind][step] : "step2";

		for (st = 0; st < MAX_STATUS; st++)
			if (p->status[step][st] != 0)
				printf(" %s:%d=%" PRIu64, what, st, p->status[step][st]);
	}
	printf("\n");
	printf("  retransmissions %" PRIu64 "\n", p->retransmissions);
	printf("  send_errors %" PRIu64 "\n", p->send_errors);
	printf("  stray_answers %" PRIu64 " provisional %" PRIu64 " unparsable %" PRIu64
	       " requests_received %" PRIu64 "\n",
	       p->stray, p->provisional, p->unparsable, p->requests);
	printf("  wall_start %.6f\n", p->wall_start);
	printf("  wall_end %.6f\n", p->wall_start + el);
	printf("  elapsed_s %.3f\n", el);
	printf("  rate_per_s %.1f\n", el > 0 ? (double)p->successes / el : 0.0);
	printf("  latency_ms p50 %.2f p90 %.2f p99 %.2f max %.2f\n",
	       lu_pct_ms(p->lat_us, p->nlat, 0.50), lu_pct_ms(p->lat_us, p->nlat, 0.90),
	       lu_pct_ms(p->lat_us, p->nlat, 0.99), lu_pct_ms(p->lat_us, p->nlat, 1.0));
	printf("  loadgen_cpu_s %.3f\n", cpu);
	if (p->busy_start >= 0 && p->busy_end >= 0 && el > 0)
		printf("  machine_busy_cores %.2f of %ld\n", (p->busy_end - p->busy_start) / el,
		       sysconf(_SC_NPROCESSORS_ONLN));
	for (i = 0; i < g.nwatch; i++) {
		if (p->watch_start[i] < 0 || p->watch_end[i] < 0)
			printf("  pid_cpu_s %d gone\n", g.watch[i]);
		else
			printf("  pid_cpu_s %d %.3f\n", g.watch[i],
			       p->watch_end[i] - p->watch_start[i]);
	}
}

static void run_phase(const char *name, enum flow_kind kind, uint32_t first, uint32_t count,
		      uint32_t rounds)
{
	static struct phase ph;
	uint64_t max_flows = (uint64_t)count * rounds;

	memset(&ph, 0, sizeof(ph));
	ph.name = name;
	ph.kind = kind;
	ph.first = first;
	ph.count = count;
	ph.rounds = rounds;
	ph.lat_us = calloc(max_flows > 0 ? max_flows : 1, sizeof(*ph.lat_us));
	if (ph.lat_us == NULL)
		die("out of memory", 0);
	g.ph = &ph;
	g.pos = 0;
	g.npos = max_flows;
	g.started = g.finished = 0;
	g.exhausted = g.done = false;
	/* the loop's clock stood still while the command was read: timers
	 * armed now would otherwise fire at once */
	uv_update_time(g.loop);
	getrusage(RUSAGE_SELF, &ph.ru_start);
	watch_sample(ph.watch_start, &ph.busy_start);
	ph.wall_start = wall_now();
	ph.t_start = ph.t_end = uv_hrtime();
	g.pace_t0 = ph.t_start;
	if (g.pacing)
		uv_timer_start(&g.pace, on_pace, 1, 1);
	start_more();
	if (!g.done)
		uv_run(g.loop, UV_RUN_DEFAULT);
	uv_timer_stop(&g.pace);
	getrusage(RUSAGE_SELF, &ph.ru_end);
	watch_sample(ph.watch_end, &ph.busy_end);
	report(&ph);
	free(ph.lat_us);
	ph.lat_us = NULL;
}

/* ---- commands ---- */

static bool uint_arg(const char *v, unsigned long max, uint32_t *out)
{
	char *e;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &e, 10);
	if (errno != 0 || e == v || *e != '\0' || n > max)
		return false;
	*out = (uint32_t)n;
	return true;
}

/* One command line; false on "quit". */
static bool command(char *line)
{
	char *tok[8], *save = NULL, *t;
	uint32_t first, count, rounds, pid;
	int nt = 0, i;
	bool range;

	for (t = strtok_r(line, " \t\r\n", &save); t != NULL && nt < 8;
	     t = strtok_r(NULL, " \t\r\n", &save))
		tok[nt++] = t;
	if (nt == 0)
		return true;
	if (strcmp(tok[0], "quit") == 0)
		return false;
	range = nt >= 3 && uint_arg(tok[1], g.users - 1, &first) &&
		uint_arg(tok[2], g.users - first, &count) && count > 0;
	if (strcmp(tok[0], "watch") == 0 && nt <= 1 + MAX_WATCH) {
		g.nwatch = 0;
		for (i = 1; i < nt; i++)
			if (uint_arg(tok[i], 4194304, &pid) && pid > 0)
				g.watch[g.nwatch++] = (int)pid;
	} else if (strcmp(tok[0], "register") == 0 && nt == 3 && range) {
		run_phase("register", FK_REGISTER, first, count, 1);
	} else if (strcmp(tok[0], "subscribe") == 0 && nt == 3 && range) {
		run_phase("subscribe", FK_SUBSCRIBE, first, count, 1);
	} else if (strcmp(tok[0], "reregister") == 0 && nt == 4 && range &&
		   uint_arg(tok[3], 1000, &rounds) && rounds > 0) {
		run_phase("reregister", FK_REREGISTER, first, count, rounds);
	} else {
		printf("error bad command \"%s\"\n", tok[0]);
	}
	printf("done\n");
	fflush(stdout);
	return true;
}

static void usage(void)
{
	fprintf(stderr, "usage: sub_load [-n USERS] [-w WINDOW] [-r RATE] [-s SOCKETS] "
			"[-e EXPIRES] [-x SUB_EXPIRES] [-d DOMAIN] [-T T1_MS] [-k TRIES] "
			"[-H HOST] [-P PCSCF_HOSTPORT] [-W WATCHER_HOSTPORT] [-p PID]... PORT\n");
	exit(2);
}

static bool hostport_ok(const char *v)
{
	return v != NULL && strlen(v) < HOST_MAX && v[0] != '\0' &&
	       strpbrk(v, " \t\r\n\"<>;@,") == NULL;
}

static void close_cb(uv_handle_t *h)
{
	(void)h;
}

static void open_sockets(void)
{
	unsigned i;
	int rc;

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
}

int main(int argc, char **argv)
{
	char line[512];
	unsigned i;
	int opt, rc;

	g.users = 1000;
	g.window = 64;
	g.nsockets = 4;
	g.expires = 600000;
	g.sub_expires = 600000;
	g.t1_ms = 500;
	g.tries = 4;
	g.domain = "open-ims.test";
	g.host = "127.0.0.1";
	while ((opt = getopt(argc, argv, "n:w:r:s:e:x:d:T:k:H:P:W:p:")) != -1) {
		switch (opt) {
		case 'n': g.users = lu_num_arg("sub_load", "n", optarg, 1, 1000000); break;
		case 'w': g.window = lu_num_arg("sub_load", "w", optarg, 1, 100000); break;
		case 'r': g.rate = lu_num_arg("sub_load", "r", optarg, 0, 10000000); break;
		case 's': g.nsockets = lu_num_arg("sub_load", "s", optarg, 1, MAX_SOCKETS); break;
		case 'e': g.expires = lu_num_arg("sub_load", "e", optarg, 0, 4294967); break;
		case 'x': g.sub_expires = lu_num_arg("sub_load", "x", optarg, 0, 4294967); break;
		case 'd': g.domain = optarg; break;
		case 'T': g.t1_ms = lu_num_arg("sub_load", "T", optarg, 1, 60000); break;
		case 'k': g.tries = lu_num_arg("sub_load", "k", optarg, 1, 11); break;
		case 'H': g.host = optarg; break;
		case 'P': g.pcscf = optarg; break;
		case 'W': g.watcher = optarg; break;
		case 'p':
			if (g.nwatch == MAX_WATCH)
				usage();
			g.watch[g.nwatch++] = (int)lu_num_arg("sub_load", "p", optarg, 1, 4194304);
			break;
		default: usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	g.port = (int)lu_num_arg("sub_load", "port", argv[optind], 1, 65535);
	if (strlen(g.domain) > 60 || strpbrk(g.domain, " \t\r\n\"<>;@") != NULL) {
		fprintf(stderr, "sub_load: bad domain \"%s\"\n", g.domain);
		return 2;
	}
	if (!hostport_ok(g.pcscf) || !hostport_ok(g.watcher)) {
		fprintf(stderr, "sub_load: -P PCSCF_HOSTPORT and -W WATCHER_HOSTPORT are needed\n");
		return 2;
	}
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
	open_sockets();
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

	printf("sub_load users %u window %u rate %s%.0f sockets %u expires %u sub_expires %u "
	       "t1_ms %u tries %u target %s:%d pcscf %s watcher %s\n",
	       g.users, g.window, g.pacing ? "" : "unlimited/", g.rate, g.nsockets, g.expires,
	       g.sub_expires, g.t1_ms, g.tries, g.host, g.port, g.pcscf, g.watcher);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) != NULL && command(line))
		;

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
