/*
 * sip_world.c - see sip_world.h.
 */
#include "config.h"

#include "sip_world.h"

#include <arpa/inet.h>
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"

/* Far from 0, so that no deadline is mistaken for "unset". */
#define SW_START_MS 1000000

static int io_send(void *ctx, const sip_dest_t *dst, const char *buf, size_t len)
{
	sip_world_t *w = ctx;

	(void)dst;
	ck_assert_uint_lt(w->nout, SW_MAX_OUT);
	w->out[w->nout] = strndup(buf, len);
	ck_assert_ptr_nonnull(w->out[w->nout]);
	w->nout++;
	return 0;
}

static uint64_t io_now(void *ctx)
{
	sip_world_t *w = ctx;

	return sim_clock_now(w->clock);
}

sip_world_t *sw_new(const char *conf, bool with_notifier)
{
	static const char base[] = "[sip]\nlisten = udp:127.0.0.1:6060\ndomain = open-ims.test\n"
				   "[diameter]\nserver_name = sip:scscf.open-ims.test:6060\n";
	sip_world_t *w = calloc(1, sizeof(*w));
	char err[256], text[2048];
	sip_core_io_t io = {io_send, NULL, io_now, NULL, NULL, NULL};

	ck_assert_ptr_nonnull(w);
	slog_open("test", false, getenv("SW_VERBOSE") != NULL ? SLOG_DEBUG : SLOG_ERROR);
	ck_assert_int_lt(snprintf(text, sizeof(text), "%s%s", base, conf != NULL ? conf : ""),
			 (int)sizeof(text));
	scscf_config_defaults(&w->cfg);
	ck_assert_msg(scscf_config_parse(text, strlen(text), "test", &w->cfg, err, sizeof(err)) == 0,
		      "%s", err);
	w->clock = sim_clock_new(SW_START_MS);
	w->hss = fake_hss_new(w->clock);
	io.ctx = io.tp = w;
	scscf_config_server_name(&w->cfg, w->server_name, sizeof(w->server_name));
	w->core = sip_core_new(&w->cfg.sip, &io);
	ck_assert_ptr_nonnull(w->core);
	w->reg = sw_registrar_new(w, fake_hss_port(w->hss));
	ck_assert_ptr_nonnull(w->reg);
	if (with_notifier) {
		w->nt = notifier_new(sim_clock_iface(w->clock), w->core, w->reg, &w->cfg.regevent,
				     &w->cfg.sip, w->cfg.registrar.reg_retry_after);
		ck_assert_ptr_nonnull(w->nt);
	}
	return w;
}

registrar_t *sw_registrar_new(sip_world_t *w, const hss_port_t *hss)
{
	return registrar_new(sim_clock_iface(w->clock), w->core, hss, &w->cfg.registrar,
			     w->cfg.sip.domain, w->server_name);
}

void sw_free(sip_world_t *w)
{
	notifier_free(w->nt);
	registrar_free(w->reg);
	sw_settle(w); /* what the shutdown queued */
	sip_core_free(w->core);
	fake_hss_free(w->hss);
	sim_clock_free(w->clock);
	sw_clear(w);
	free(w);
	slog_close();
}

void sw_receive(sip_world_t *w, const char *msg)
{
	sip_dest_t src;
	struct sockaddr_in *sin = (struct sockaddr_in *)&src.addr;

	memset(&src, 0, sizeof(src));
	src.tp = SIP_TP_UDP;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(5070);
	sin->sin_addr.s_addr = htonl(0x7f000001);
	sip_core_receive(w->core, &src, msg, strlen(msg));
	sw_settle(w);
}

void sw_settle(sip_world_t *w)
{
	unsigned fired = 1;

	while (fired > 0) {
		fired = sim_clock_fire_due(w->clock);
		if (sip_txn_next_deadline(sip_core_txn(w->core)) <= sim_clock_now(w->clock)) {
			sip_txn_run_timers(sip_core_txn(w->core));
			fired++;
		}
	}
}

void sw_advance(sip_world_t *w, uint64_t ms)
{
	uint64_t end = sim_clock_now(w->clock) + ms;

	sw_settle(w);
	for (;;) {
		uint64_t a = sim_clock_next(w->clock);
		uint64_t b = sip_txn_next_deadline(sip_core_txn(w->core));
		uint64_t next = a < b ? a : b;

		if (next > end)
			break;
		sim_clock_set(w->clock, next);
		sw_settle(w);
	}
	sim_clock_set(w->clock, end);
	sw_settle(w);
}

const char *sw_out(const sip_world_t *w, size_t i)
{
	return i < w->nout ? w->out[i] : NULL;
}

const char *sw_last(const sip_world_t *w)
{
	return w->nout > 0 ? w->out[w->nout - 1] : NULL;
}

void sw_clear(sip_world_t *w)
{
	size_t i;

	for (i = 0; i < w->nout; i++)
		free(w->out[i]);
	w->nout = 0;
}

const char *sw_first_line(const char *msg, char *buf, size_t len)
{
	size_t n = strcspn(msg, "\r\n");

	snprintf(buf, len, "%.*s", (int)n, msg);
	return buf;
}

/* The start of the value of the n-th header name, and its length. */
static const char *find_header(const char *msg, const char *name, unsigned n, size_t *vlen)
{
	const char *p = strstr(msg, "\r\n");
	size_t nlen = strlen(name);

	while (p != NULL && p[2] != '\r' && p[2] != '\0') {
		const char *line = p + 2, *end = strstr(line, "\r\n");

		if (end == NULL)
			end = line + strlen(line);
		if ((size_t)(end - line) > nlen && strncasecmp(line, name, nlen) == 0 &&
		    line[nlen] == ':' && n-- == 0) {
			line += nlen + 1;
			while (*line == ' ')
				line++;
			*vlen = (size_t)(end - line);
			return line;
		}
		p = *end != '\0' ? end : NULL;
	}
	return NULL;
}

const char *sw_header(const char *msg, const char *name, unsigned n, char *buf, size_t len)
{
	size_t vlen;
	const char *v = find_header(msg, name, n, &vlen);

	if (v == NULL)
		return NULL;
	snprintf(buf, len, "%.*s", (int)vlen, v);
	return buf;
}

unsigned sw_header_count(const char *msg, const char *name)
{
	unsigned n = 0;
	size_t vlen;

	while (find_header(msg, name, n, &vlen) != NULL)
		n++;
	return n;
}

const char *sw_param(const char *value, const char *param, char *buf, size_t len)
{
	size_t plen = strlen(param);
	const char *p = value;

	while ((p = strstr(p, param)) != NULL) {
		bool starts = p == value || p[-1] == ' ' || p[-1] == ',' || p[-1] == ';';

		if (starts && p[plen] == '=') {
			const char *v = p + plen + 1;
			size_t n;

			if (*v == '"') {
				v++;
				n = strcspn(v, "\"");
			} else {
				n = strcspn(v, ",; \r\n");
			}
			snprintf(buf, len, "%.*s", (int)n, v);
			return buf;
		}
		p += plen;
	}
	return NULL;
}

void sw_assert_status(const char *msg, const char *line)
{
	char buf[256];

	ck_assert_ptr_nonnull(msg);
	ck_assert_str_eq(sw_first_line(msg, buf, sizeof(buf)), line);
}

void sw_assert_header(const char *msg, const char *name, const char *value)
{
	char buf[1024];

	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(sw_header(msg, name, 0, buf, sizeof(buf)) != NULL, "no %s in\n%s", name, msg);
	ck_assert_str_eq(buf, value);
}
