/*
 * ctl_req.c - the request line of ctl_req.h: JSON array or plain words in,
 * words out; and the JSON line scscfctl sends.
 */
#include "config.h"

#include "scscf/ctl/ctl_req.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/ctl/ctl_json.h"

static int refuse(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s", why);
	return -1;
}

/* A word may hold any UTF-8 but control characters. */
static int word_ok(const char *w, size_t n)
{
	const unsigned char *p = (const unsigned char *)w;
	size_t i = 0, len;

	if (n == 0)
		return 0;
	while (i < n) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		len = jv_utf8_len(p + i, n - i);
		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}

static int add_word(ctl_req_t *req, size_t *used, const char *w, size_t n, char *err,
		    size_t errlen)
{
	if (req->argc == CTL_MAX_WORDS)
		return refuse(err, errlen, "more than 32 words");
	if (!word_ok(w, n))
		return refuse(err, errlen, "a word is empty, not UTF-8 or has a control character");
	if (*used + n + 1 > sizeof(req->buf))
		return refuse(err, errlen, "request too long");
	memcpy(req->buf + *used, w, n);
	req->buf[*used + n] = '\0';
	req->argv[req->argc++] = req->buf + *used;
	req->argv[req->argc] = NULL;
	*used += n + 1;
	return 0;
}

static int parse_json(const char *line, size_t len, ctl_req_t *req, char *err, size_t errlen)
{
	static const jv_limits_t lim = {CTL_MAX_LINE, 1, CTL_MAX_WORDS + 2};
	char why[96];
	jv_t *v = jv_parse(line, len, &lim, why, sizeof(why));
	size_t i, used = 0;
	int rc = 0;

	if (v == NULL) {
		snprintf(err, errlen, "request is not JSON: %s", why);
		return -1;
	}
	if (v->type != JV_ARRAY || v->n == 0)
		rc = refuse(err, errlen, "request must be a non-empty JSON array of strings");
	for (i = 0; rc == 0 && i < v->n; i++) {
		if (v->items[i]->type != JV_STRING)
			rc = refuse(err, errlen, "request must be a non-empty JSON array of strings");
		else
			rc = add_word(req, &used, v->items[i]->str, strlen(v->items[i]->str), err,
				      errlen);
	}
	jv_free(v);
	return rc;
}

int ctl_req_parse(const char *line, size_t len, ctl_req_t *req, char *err, size_t errlen)
{
	size_t i = 0, start, used = 0;

	req->argc = 0;
	req->argv[0] = NULL;
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > CTL_MAX_LINE)
		return refuse(err, errlen, "request line longer than 4096 bytes");
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < len && line[i] == '[')
		return parse_json(line + i, len - i, req, err, errlen);
	while (i < len) {
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		if (add_word(req, &used, line + start, i - start, err, errlen) < 0)
			return -1;
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
	}
	if (req->argc == 0)
		return refuse(err, errlen, "empty request");
	return 0;
}

int ctl_req_build(int argc, char *const *argv, char *out, size_t cap)
{
	jw_t w;
	char *doc;
	size_t len;
	int i;

	jw_init(&w);
	jw_arr(&w);
	for (i = 0; i < argc; i++)
		jw_str(&w, argv[i]);
	jw_end(&w);
	if (jw_done(&w, &doc, &len) < 0)
		return -1;
	if (len > CTL_MAX_LINE || len + 2 > cap) {
		free(doc);
		return -1;
	}
	memcpy(out, doc, len);
	out[len] = '\n';
	out[len + 1] = '\0';
	free(doc);
	return (int)len + 1;
}
