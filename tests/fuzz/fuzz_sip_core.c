/*
 * fuzz_sip_core.c - libFuzzer target on scscfd's message entry point:
 * the bytes arrive as a UDP datagram and, framed, over TCP; they go through
 * sip_check, Via stamping, the transaction layer and method dispatch, and
 * every response is written into a buffer and parsed back.  Each input gets
 * a fresh core, whose transactions are run to their end, so leaks show.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/log.h"
#include "scscf/daemon/cfg.h"
#include "scscf/sip/sip_core.h"
#include "scscf/sip/sip_framing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t clock_ms;
static size_t sent_bytes;

static uint64_t f_now(void *ctx)
{
	(void)ctx;
	return clock_ms;
}

static int f_send(void *ctx, const sip_dest_t *d, const char *buf, size_t len)
{
	osip_message_t *m = NULL;

	(void)ctx, (void)d;
	sent_bytes += len;
	/* what we send must parse as a response */
	if (osip_message_init(&m) == 0) {
		if (osip_message_parse(m, buf, len) != 0 || !MSG_IS_RESPONSE(m))
			abort();
		osip_message_free(m);
	}
	return 0;
}

static void f_close(void *ctx, uint64_t conn)
{
	(void)ctx, (void)conn;
}

static void feed(const uint8_t *data, size_t size, sip_tp_t tp)
{
	static const sip_core_io_t io = {f_send, f_close, f_now, NULL, NULL, NULL};
	scscf_config_t cfg;
	sip_core_t *core;
	sip_dest_t src;

	scscf_config_defaults(&cfg);
	cfg.sip.max_message_size = 4096;
	core = sip_core_new(&cfg.sip, &io);
	if (core == NULL)
		return;
	memset(&src, 0, sizeof(src));
	src.tp = tp;
	((struct sockaddr_in *)&src.addr)->sin_family = AF_INET;
	((struct sockaddr_in *)&src.addr)->sin_port = htons(5060);
	inet_pton(AF_INET, "127.0.0.1", &((struct sockaddr_in *)&src.addr)->sin_addr);
	src.conn_id = 1;
	if (tp == SIP_TP_UDP) {
		sip_core_receive(core, &src, (const char *)data, size);
		sip_core_receive(core, &src, (const char *)data, size); /* a retransmission */
	} else {
		frame_t f;
		size_t off = 0;

		while (off < size) {
			sip_frame((const char *)data + off, size - off, cfg.sip.max_message_size, &f);
			if (f.status == FRAME_MESSAGE)
				sip_core_receive(core, &src, (const char *)data + off + f.skip, f.msg_len);
			else if (f.status == FRAME_PING)
				;
			else if ((f.status == FRAME_TOO_BIG || f.status == FRAME_ERROR) && f.msg_len)
				sip_core_stream_error(core, &src, (const char *)data + off + f.skip,
						      f.msg_len, 400, f.why);
			else
				break;
			if (f.status != FRAME_MESSAGE && f.status != FRAME_PING)
				break;
			off += f.skip + f.msg_len;
		}
	}
	/* run every transaction to its end */
	clock_ms += 1000000;
	sip_txn_run_timers(sip_core_txn(core));
	sip_core_free(core);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;

	if (!quiet) {
		slog_open("fuzz", false, SLOG_ERROR);
		quiet = 1;
	}
	feed(data, size, SIP_TP_UDP);
	feed(data, size, SIP_TP_TCP);
	return 0;
}
