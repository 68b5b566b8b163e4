/*
 * fuzz_cx_msg.c - libFuzzer target for the Cx message readers: any bytes
 * are parsed as a Diameter message by freeDiameter against the Cx
 * dictionary, then read as what the S-CSCF receives (MAA, SAA, RTR, PPR,
 * whatever the command code claims).  The readers must not crash or leak,
 * must keep their bounds (vectors of the right lengths, items sorted), and
 * an RTR or PPR must always get an answer that freeDiameter can encode.
 *
 * freeDiameter's core is initialised once (for its dictionary and the
 * Origin-Host of answers) but never started: nothing touches the network.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freeDiameter/freeDiameter-host.h>
#include <freeDiameter/libfdcore.h>

#include "diameter/cx/cx_dict.h"
#include "diameter/cx/cx_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cx_dict_t dict;

static void quiet(int level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
}

static void init_once(void)
{
	static bool done;
	char err[256];

	if (done)
		return;
	done = true;
	fd_log_handler_register(quiet);
	if (fd_core_initialize() != 0 || cx_dict_define(fd_g_config->cnf_dict, err, sizeof(err)) ||
	    cx_dict_lookup(fd_g_config->cnf_dict, &dict, err, sizeof(err))) {
		fprintf(stderr, "fuzz_cx_msg: cannot set up freeDiameter\n");
		abort();
	}
	/* what fd_core_parseconf would set */
	fd_g_config->cnf_diamid = strdup("scscf.fuzz.test");
	fd_g_config->cnf_diamid_len = strlen(fd_g_config->cnf_diamid);
	fd_g_config->cnf_diamrlm = strdup("fuzz.test");
	fd_g_config->cnf_diamrlm_len = strlen(fd_g_config->cnf_diamrlm);
}

static void check_answer_encodes(struct msg *ans)
{
	uint8_t *buf = NULL;
	size_t len = 0;

	if (fd_msg_bufferize(ans, &buf, &len) != 0)
		abort();
	free(buf);
}

static void read_request(struct msg *m, uint32_t code)
{
	cx_result_t res = {.code = CX_DIAMETER_SUCCESS};
	bool ok;

	if (code == CX_CMD_RTR) {
		cx_rtr_t r;

		ok = cx_read_rtr(&dict, m, &r, &res);
		if (ok && (r.user_name == NULL || r.reason_code < 0 || r.reason_code > 3))
			abort();
		if (cx_make_answer(&dict, &m, &res, (const char *const *)r.assoc,
				   ok ? r.nassoc : 0) == 0)
			check_answer_encodes(m);
		cx_rtr_clear(&r);
	} else {
		cx_ppr_t p;

		ok = cx_read_ppr(&dict, m, &p, &res);
		if (ok && p.user_name == NULL)
			abort();
		if (cx_make_answer(&dict, &m, &res, NULL, 0) == 0)
			check_answer_encodes(m);
		cx_ppr_clear(&p);
	}
	fd_msg_free(m);
}

static void read_answer(struct msg *m, uint32_t code)
{
	size_t i;

	if (code == CX_CMD_MAR) {
		cx_maa_t a;

		cx_read_maa(&dict, m, &a);
		for (i = 0; i < a.nitems; i++) {
			if (i > 0 && a.items[i - 1].item_number > a.items[i].item_number)
				abort();
			if (a.items[i].kind == CX_ITEM_AKA &&
			    (a.items[i].xres_len < 4 || a.items[i].xres_len > 16))
				abort();
			if (a.items[i].kind == CX_ITEM_DIGEST &&
			    (strlen(a.items[i].ha1) < 32 || a.items[i].qop[0] == '\0'))
				abort();
		}
		cx_maa_clear(&a);
	} else {
		cx_saa_t a;

		cx_read_saa(&dict, m, &a);
		if (a.user_data != NULL && a.user_data[a.user_data_len] != '\0')
			abort();
		cx_saa_clear(&a);
	}
	fd_msg_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msg_hdr *h = NULL;
	struct msg *m = NULL;
	struct fd_pei pei;
	uint8_t *buf;

	init_once();
	if (size < 20 || size > 65536)
		return 0;
	buf = malloc(size);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (fd_msg_parse_buffer(&buf, size, &m) != 0) { /* frees buf on success only */
		free(buf);
		return 0;
	}
	memset(&pei, 0, sizeof(pei));
	if (fd_msg_parse_dict(m, fd_g_config->cnf_dict, &pei) != 0 || fd_msg_hdr(m, &h) != 0) {
		fd_msg_free(m);
		return 0;
	}
	if ((h->msg_flags & CMD_FLAG_REQUEST) &&
	    (h->msg_code == CX_CMD_RTR || h->msg_code == CX_CMD_PPR))
		read_request(m, h->msg_code);
	else if (!(h->msg_flags & CMD_FLAG_REQUEST))
		read_answer(m, h->msg_code);
	else
		fd_msg_free(m);
	return 0;
}
