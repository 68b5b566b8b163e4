/*
 * fuzz_sip_check.c - libFuzzer target for sip_check_message().
 *
 * Any bytes, as a datagram and as a framed stream message, under a roomy and
 * a tiny size limit and with no options at all: the check must neither crash
 * nor hang nor leak, and its verdict must keep the contract of sip_check.h.
 * A verdict's message must print (osip_message_to_str), since the caller
 * builds its response from it.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/sip/sip_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const sip_verdict_t *v)
{
	fprintf(stderr, "fuzz_sip_check: %s (action %d, status %d, reason \"%s\")\n", what,
		(int)v->action, v->status, v->reason);
	abort();
}

/* A reason phrase goes on a status line: printable, never empty. */
static bool printable(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return false;
	return true;
}

static void check_verdict(const sip_verdict_t *v)
{
	const osip_via_t *via;
	char *text = NULL;
	size_t len;

	switch (v->action) {
	case SIP_ACT_PROCESS:
		if (v->msg == NULL || v->status != 0)
			die("PROCESS without a message, or with a status", v);
		break;
	case SIP_ACT_RESPOND:
		if (v->msg == NULL || !MSG_IS_REQUEST(v->msg))
			die("RESPOND without a request to answer", v);
		via = osip_list_get(&v->msg->vias, 0);
		if (via == NULL || via->host == NULL)
			die("RESPOND without a top Via", v);
		if (v->status < 400 || v->status > 699 || !printable(v->reason))
			die("RESPOND with a bad status or reason", v);
		if (v->status == 420 && !printable(v->unsupported) && v->unsupported[0] != '\0')
			die("420 with a bad Unsupported list", v);
		break;
	case SIP_ACT_DROP:
		if (v->msg != NULL || !printable(v->reason))
			die("DROP with a message, or without a reason", v);
		break;
	default:
		die("unknown action", v);
	}
	if (v->msg != NULL && osip_message_to_str(v->msg, &text, &len) == 0)
		osip_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const supported[] = {"path", "gruu", "outbound", "sec-agree", NULL};
	static const sip_check_opts_t opts[] = {
		{.max_message_size = 65535, .supported = supported, .is_stream = false},
		{.max_message_size = 65535, .supported = supported, .is_stream = true},
		{.max_message_size = 64, .supported = NULL, .is_stream = false},
		{.max_message_size = 64, .supported = NULL, .is_stream = true},
	};
	static bool ready;
	sip_verdict_t v;
	size_t i;

	if (!ready) {
		sip_check_init();
		ready = true;
	}
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		sip_check_message((const char *)data, size, &opts[i], &v);
		check_verdict(&v);
		sip_verdict_clear(&v);
		if (v.msg != NULL)
			die("sip_verdict_clear left the message", &v);
	}
	sip_check_message((const char *)data, size, NULL, &v);
	check_verdict(&v);
	sip_verdict_clear(&v);
	return 0;
}
