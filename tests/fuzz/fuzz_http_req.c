/*
 * fuzz_http_req.c - libFuzzer target for the metrics endpoint's input
 * side and its one escaper: the HTTP request reader (scscf/http_req.c) and
 * the Prometheus label-value escaping (scscf/prom.c).
 *
 * The request reader must never read past the bytes it is given (ASan),
 * must give a well-formed result when it accepts (a token method, a path
 * starting with "/", a head length within the input ending in an empty
 * line), and must be consistent when the request arrives in pieces: every
 * strict prefix of an accepted head is incomplete.  The escaper must give a
 * sample line whose label value, unescaped, is the input again.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/ops/http_req.h"
#include "scscf/ops/prom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const char *buf, size_t len)
{
	http_req_t r, p;
	http_req_status_t st = http_req_parse(buf, len, 8192, &r);
	size_t cut;

	if (st == HTTP_REQ_BAD) {
		if (r.why == NULL || (r.status != 400 && r.status != 414 && r.status != 431 &&
				      r.status != 505))
			abort();
		return;
	}
	if (st != HTTP_REQ_OK)
		return;
	if (r.method[0] == '\0' || r.path[0] != '/' || (r.minor != 0 && r.minor != 1) ||
	    r.head_len == 0 || r.head_len > len || buf[r.head_len - 1] != '\n')
		abort();
	if (memchr(r.path, ' ', strlen(r.path)) != NULL || strchr(r.path, '?') != NULL)
		abort();
	/* the same head in pieces: incomplete up to its last byte */
	for (cut = 0; cut < r.head_len; cut += 1 + cut / 4)
		if (http_req_parse(buf, cut, 8192, &p) != HTTP_REQ_INCOMPLETE)
			abort();
	if (http_req_parse(buf, r.head_len, 8192, &p) != HTTP_REQ_OK ||
	    strcmp(p.path, r.path) != 0 || strcmp(p.method, r.method) != 0)
		abort();
}

/* "scscf_g_n_total{l=\"VALUE\"} 7\n": VALUE unescaped must be text. */
static void check_escaping(const char *text)
{
	stat_t s = {"g", "n", "help\\ with\nbreaks", STAT_COUNTER, {"l", NULL}, {text, NULL}, 7};
	const char *line, *q;
	char *out, *back;
	prom_t p;
	size_t len = 0, n = 0;

	prom_init(&p);
	prom_add(&p, &s);
	out = prom_done(&p, &len);
	if (out == NULL)
		return;
	if (strlen(out) != len || strstr(out, "# HELP scscf_g_n_total help\\\\ with\\nbreaks\n") != out)
		abort();
	line = strstr(out, "\nscscf_g_n_total{l=\"");
	if (line == NULL)
		abort();
	back = malloc(strlen(text) + 1);
	if (back == NULL) {
		free(out);
		return;
	}
	for (q = line + strlen("\nscscf_g_n_total{l=\""); *q != '"'; q++) {
		if (*q == '\0' || *q == '\n')
			abort();
		if (*q == '\\') {
			q++;
			if (*q == 'n')
				back[n++] = '\n';
			else if (*q == '\\' || *q == '"')
				back[n++] = *q;
			else
				abort();
		} else {
			back[n++] = *q;
		}
	}
	back[n] = '\0';
	if (strcmp(back, text) != 0 || strcmp(q, "\"} 7\n") != 0)
		abort();
	free(back);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size); /* exactly size bytes are given to the reader */
	check_request(buf, size);
	buf[size] = '\0';
	check_escaping(buf);
	free(buf);
	return 0;
}
