/*
 * fuzz_ctl.c - libFuzzer target for the control socket's protocol
 * (scscf/ctl_json.h, scscf/ctl_req.h).
 *
 * Any bytes as a request line: a line that parses gives words that are
 * non-empty UTF-8 without control characters, the grammar check takes
 * them without crashing, and the JSON line scscfctl would build from them
 * parses back to the same words.  Any bytes as a JSON document: what
 * parses, written out again, parses again and writes out the same.  Any
 * bytes as a string given to the writer: the output is JSON whose string
 * is the input up to its first NUL, with U+FFFD where it was not UTF-8.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/ctl/ctl_json.h"
#include "scscf/ctl/ctl_req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const jv_limits_t lim = {1 << 16, 16, 10000};

static void die(const char *what)
{
	fprintf(stderr, "fuzz_ctl: %s\n", what);
	abort();
}

static void request(const char *text, size_t size)
{
	static ctl_req_t req, again; /* 4 KiB each: not on the stack */
	char err[160], line[CTL_MAX_LINE + 2];
	ctl_cmd_t cmd;
	int i, n;

	if (ctl_req_parse(text, size, &req, err, sizeof(err)) < 0)
		return;
	if (req.argc < 1 || req.argc > CTL_MAX_WORDS || req.argv[req.argc] != NULL)
		die("word count");
	for (i = 0; i < req.argc; i++) {
		const unsigned char *w = (const unsigned char *)req.argv[i];
		size_t len = strlen(req.argv[i]), j = 0, l;

		if (len == 0)
			die("empty word");
		while (j < len) {
			l = jv_utf8_len(w + j, len - j);
			if (l == 0 || w[j] < 0x20 || w[j] == 0x7f)
				die("word not UTF-8 or with a control character");
			j += l;
		}
	}
	if (ctl_cmd_parse(req.argc, req.argv, &cmd, err, sizeof(err)) == 0 &&
	    (unsigned)cmd.op > CTL_LOG_LEVEL)
		die("operation out of range");
	n = ctl_req_build(req.argc, req.argv, line, sizeof(line));
	if (n < 0)
		return; /* escaping made it longer than a line */
	if (ctl_req_parse(line, (size_t)n, &again, err, sizeof(err)) < 0)
		die("a built request line does not parse");
	if (again.argc != req.argc)
		die("round trip changed the word count");
	for (i = 0; i < req.argc; i++)
		if (strcmp(again.argv[i], req.argv[i]) != 0)
			die("round trip changed a word");
}

/* The tree written out (numbers as strings: the writer has no raw form). */
static void write_tree(jw_t *w, const jv_t *v)
{
	size_t i;

	switch (v->type) {
	case JV_NULL: jw_null(w); break;
	case JV_BOOL: jw_bool(w, v->boolean); break;
	case JV_NUMBER:
	case JV_STRING: jw_str(w, v->str); break;
	case JV_ARRAY:
	case JV_OBJECT:
		if (v->type == JV_ARRAY)
			jw_arr(w);
		else
			jw_obj(w);
		for (i = 0; i < v->n; i++) {
			if (v->type == JV_OBJECT)
				jw_key(w, v->keys[i]);
			write_tree(w, v->items[i]);
		}
		jw_end(w);
		break;
	}
}

static char *rewrite(const jv_t *v, size_t *len)
{
	jw_t w;
	char *doc;

	jw_init(&w);
	write_tree(&w, v);
	return jw_done(&w, &doc, len) == 0 ? doc : NULL;
}

static void document(const char *text, size_t size)
{
	char err[160], *one, *two;
	size_t l1, l2;
	jv_t *v = jv_parse(text, size, &lim, err, sizeof(err)), *v2;

	if (v == NULL)
		return;
	one = rewrite(v, &l1);
	jv_free(v);
	if (one == NULL)
		return; /* deeper than the writer's JW_MAX_DEPTH */
	v2 = jv_parse(one, l1, &(jv_limits_t){1 << 20, 16, 10000}, err, sizeof(err));
	if (v2 == NULL)
		die("the writer's output does not parse");
	two = rewrite(v2, &l2);
	jv_free(v2);
	if (two == NULL || l1 != l2 || memcmp(one, two, l1) != 0)
		die("writing out is not stable");
	free(one);
	free(two);
}

static void string(const char *text, size_t size)
{
	char *s = malloc(size + 1), *doc, err[160];
	const char *got;
	size_t len, i, j;
	jw_t w;
	jv_t *v;

	if (s == NULL)
		return;
	memcpy(s, text, size);
	s[size] = '\0';
	jw_init(&w);
	jw_str(&w, s);
	if (jw_done(&w, &doc, &len) < 0)
		die("writer failed on a string");
	v = jv_parse(doc, len, &(jv_limits_t){1 << 20, 1, 1}, err, sizeof(err));
	if (v == NULL || v->type != JV_STRING)
		die("the writer's string does not parse");
	/* the same bytes where they were UTF-8, U+FFFD for each byte that was not */
	got = v->str;
	for (i = 0, j = 0; s[i] != '\0';) {
		size_t l = jv_utf8_len((const unsigned char *)s + i, strlen(s + i));

		if (l == 0) {
			if (memcmp(got + j, "\xef\xbf\xbd", 3) != 0)
				die("a byte that is not UTF-8 did not become U+FFFD");
			i++;
			j += 3;
		} else {
			if (memcmp(got + j, s + i, l) != 0)
				die("UTF-8 text changed");
			i += l;
			j += l;
		}
	}
	if (got[j] != '\0')
		die("the string grew");
	jv_free(v);
	free(doc);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	request(text, size);
	document(text, size);
	if (size <= 4096)
		string(text, size);
	return 0;
}
