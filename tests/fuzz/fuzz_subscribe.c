/*
 * fuzz_subscribe.c - libFuzzer target for the reg-event notifier: what a
 * watcher sends.  One process keeps a registrar whose store holds alice's
 * implicit set (two identities, a binding through a P-CSCF's Path, an AS in
 * the iFCs) and a notifier on a real libuv loop; each input is:
 *
 *   byte 0   the answer the watcher gives to the NOTIFYs the input causes:
 *            none, 200, 481, 503 (with Retry-After: 1), 404 or 500;
 *   the rest a SIP message (usually a SUBSCRIBE) handed to the SIP core,
 *            which dispatches it to the notifier.
 *
 * After the message, the loop runs once (the notifier's 0 ms window), every
 * NOTIFY sent must be a request libosip2 reads back with Event, Call-ID and
 * Subscription-State, and the chosen answer is fed back through the core.
 * Every tenth input also re-registers the binding so that changes reach the
 * subscriptions.  Nothing may crash, leak or break an invariant.
 */
#include "config.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_parser.h>
#include <uv.h>

#include "scscf/daemon/cfg.h"
#include "scscf/daemon/loop_clock.h"
#include "scscf/base/log.h"
#include "scscf/notifier/notifier.h"
#include "scscf/registrar/registrar.h"
#include "scscf/store/regstore.h"
#include "scscf/sip/sip_core.h"
#include "scscf/sip/sip_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char PROFILE[] =
	"<?xml version=\"1.0\"?><IMSSubscription><PrivateID>alice@open-ims.test</PrivateID>"
	"<ServiceProfile>"
	"<PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>"
	"<PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>"
	"<PublicIdentity><BarringIndication>1</BarringIndication>"
	"<Identity>sip:alice-barred@open-ims.test</Identity></PublicIdentity>"
	"<PublicIdentity><Identity>sip:alice!.*!@open-ims.test</Identity>"
	"<IdentityType>4</IdentityType><WildcardedIMPU>sip:alice!.*!@open-ims.test"
	"</WildcardedIMPU></PublicIdentity>"
	"<InitialFilterCriteria><Priority>0</Priority><ApplicationServer>"
	"<ServerName>sip:as.open-ims.test</ServerName></ApplicationServer>"
	"</InitialFilterCriteria></ServiceProfile></IMSSubscription>";

static struct {
	bool ready;
	uv_loop_t loop;
	sclock_t clock;
	scscf_config_t cfg;
	sip_core_t *core;
	registrar_t *reg;
	notifier_t *n;
	char *sent[16]; /* NOTIFYs sent during one input */
	size_t nsent;
	uint32_t cseq;
} W;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_subscribe: %s\n", what);
	abort();
}

static int io_send(void *ctx, const sip_dest_t *dst, const char *buf, size_t len)
{
	(void)ctx;
	(void)dst;
	if (len > 7 && memcmp(buf, "NOTIFY ", 7) == 0 && W.nsent < 16)
		W.sent[W.nsent++] = strndup(buf, len);
	return 0;
}

static uint64_t io_now(void *ctx)
{
	(void)ctx;
	return uv_now(&W.loop);
}

static void bind_alice(void)
{
	regstore_t *s = registrar_store(W.reg);
	rs_set_t *set = regstore_find_impu(s, "sip:alice@open-ims.test");
	static const char *const path[] = {"<sip:term@pcscf.open-ims.test:4060;lr>"};
	rs_contact_info_t info;

	if (set == NULL) {
		char err[160];
		ud_subscription_t *p = ud_parse(PROFILE, strlen(PROFILE), NULL, err, sizeof(err));

		if (p == NULL)
			die(err);
		if (regstore_put_profile(s, "alice@open-ims.test", "sip:alice@open-ims.test", p,
					 NULL, 0, "hss", "open-ims.test", NULL,
					 &set) != RS_PROFILE_CREATED)
			die("put_profile");
	}
	memset(&info, 0, sizeof(info));
	info.key = info.uri = "sip:alice@127.0.0.1:5070";
	info.callid = "fuzz-call";
	info.cseq = ++W.cseq;
	info.path = path;
	info.npath = 1;
	info.impi = "alice@open-ims.test";
	info.aor = "sip:alice@open-ims.test";
	info.expires = 3600;
	info.transport = SIP_TP_UDP;
	((struct sockaddr_in *)&info.source)->sin_family = AF_INET;
	((struct sockaddr_in *)&info.source)->sin_port = htons(5070);
	((struct sockaddr_in *)&info.source)->sin_addr.s_addr = htonl(0x7f000001);
	if (regstore_bind(s, set, &info, uv_now(&W.loop), NULL) > RS_OK_REFRESHED)
		die("bind");
}

static void setup(void)
{
	static const char conf[] = "[sip]\nlisten = udp:127.0.0.1:5060\n"
				   "[regevent]\nwindow = 0\nmax_subscriptions = 64\n"
				   "trusted = trusted.example\n";
	sip_core_io_t io = {io_send, NULL, io_now, NULL, NULL, NULL};
	char err[256], server_name[256];

	slog_open("fuzz", false, getenv("FUZZ_VERBOSE") ? SLOG_DEBUG : SLOG_ERROR);
	scscf_config_defaults(&W.cfg);
	if (scscf_config_parse(conf, strlen(conf), "fuzz", &W.cfg, err, sizeof(err)) < 0)
		die(err);
	uv_loop_init(&W.loop);
	scscf_config_server_name(&W.cfg, server_name, sizeof(server_name));
	W.core = sip_core_new(&W.cfg.sip, &io);
	W.clock = loop_clock(&W.loop);
	W.reg = W.core ? registrar_new(&W.clock, W.core, NULL, &W.cfg.registrar, W.cfg.sip.domain,
				       server_name)
		       : NULL;
	W.n = W.reg ? notifier_new(&W.clock, W.core, W.reg, &W.cfg.regevent, &W.cfg.sip,
				   W.cfg.registrar.reg_retry_after)
		    : NULL;
	if (W.n == NULL)
		die("setup");
	bind_alice();
	W.ready = true;
}

/* The watcher's answer to one NOTIFY, through the core. */
static void answer(const char *notify, int status)
{
	osip_message_t *m = NULL, *r;
	sip_dest_t src;
	char *buf;
	size_t len;

	if (osip_message_init(&m) != 0)
		die("oom");
	if (osip_message_parse(m, notify, strlen(notify)) != 0)
		die("a NOTIFY that libosip2 cannot read back");
	if (m->call_id == NULL || m->cseq == NULL || osip_list_size(&m->vias) != 1)
		die("a NOTIFY without Call-ID, CSeq or its one Via");
	{
		osip_header_t *h = NULL;

		if (osip_message_header_get_byname(m, "subscription-state", 0, &h) < 0 ||
		    osip_message_header_get_byname(m, "event", 0, &h) < 0)
			die("a NOTIFY without Event or Subscription-State");
	}
	if (status == 0) {
		osip_message_free(m);
		return;
	}
	r = sip_make_response(m, status, "Fuzz", NULL, false);
	if (r == NULL)
		die("response");
	if (status == 503)
		sip_add_header(r, "Retry-After", "1");
	buf = sip_to_string(r, &len);
	memset(&src, 0, sizeof(src));
	src.tp = SIP_TP_UDP;
	((struct sockaddr_in *)&src.addr)->sin_family = AF_INET;
	((struct sockaddr_in *)&src.addr)->sin_port = htons(5070);
	((struct sockaddr_in *)&src.addr)->sin_addr.s_addr = htonl(0x7f000001);
	if (buf != NULL)
		sip_core_receive(W.core, &src, buf, len);
	free(buf);
	osip_message_free(r);
	osip_message_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int answers[] = {0, 200, 481, 503, 404, 500};
	static unsigned count;
	sip_dest_t src;
	size_t i;
	int status;

	if (!W.ready) {
		setup();
	}
	if (size < 1)
		return 0;
	status = answers[data[0] % 6];
	memset(&src, 0, sizeof(src));
	src.tp = SIP_TP_UDP;
	src.conn_id = 1;
	((struct sockaddr_in *)&src.addr)->sin_family = AF_INET;
	((struct sockaddr_in *)&src.addr)->sin_port = htons(5080);
	((struct sockaddr_in *)&src.addr)->sin_addr.s_addr = htonl(0x7f000001);
	sip_core_receive(W.core, &src, (const char *)data + 1, size - 1);
	if (++count % 10 == 0)
		bind_alice();
	uv_run(&W.loop, UV_RUN_NOWAIT);
	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "fuzz_subscribe: %zu NOTIFY, answered %d\n", W.nsent, status);
	for (i = 0; i < W.nsent; i++) {
		answer(W.sent[i], status);
		free(W.sent[i]);
	}
	W.nsent = 0;
	return 0;
}

/* Leaks are only real once everything is torn down. */
__attribute__((destructor)) static void teardown(void)
{
	size_t i;

	if (!W.ready)
		return;
	notifier_free(W.n);
	registrar_free(W.reg);
	uv_run(&W.loop, UV_RUN_DEFAULT);
	sip_core_free(W.core);
	uv_loop_close(&W.loop);
	for (i = 0; i < W.nsent; i++)
		free(W.sent[i]);
	slog_close();
}
