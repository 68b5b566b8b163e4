/*
 * sip_framing.c - see sip_framing.h.
 */
#include "config.h"

#include "scscf/sip/sip_framing.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* End of the header section: the index just past "\r\n\r\n" (a lone "\n\n"
 * is accepted too), or 0 when it is not in buf[0..len). */
static size_t header_end(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Find every Content-Length ("l" compact) header in the header section and
 * agree on one value.  0 and *cl set; -1 with why when missing, malformed,
 * negative or conflicting. */
static int content_length(const char *h, size_t hlen, size_t *cl, char *why, size_t whylen)
{
	size_t i = 0;
	int seen = 0;
	unsigned long long value = 0;

	/* skip the start line */
	while (i < hlen && h[i] != '\n')
		i++;
	while (++i < hlen) {
		size_t s = i, name_end, j;
		unsigned long long v = 0;
		int digits = 0;

		while (i < hlen && h[i] != '\n')
			i++;
		/* line is h[s..i); folded continuation lines start with SP/HT */
		for (name_end = s; name_end < i && h[name_end] != ':'; name_end++)
			;
		if (name_end == i)
			continue;
		j = name_end;
		while (j > s && (h[j - 1] == ' ' || h[j - 1] == '\t'))
			j--;
		if (!((j - s == 14 && strncasecmp(h + s, "Content-Length", 14) == 0) ||
		      (j - s == 1 && (h[s] == 'l' || h[s] == 'L'))))
			continue;
		for (j = name_end + 1; j < i && (h[j] == ' ' || h[j] == '\t'); j++)
			;
		for (; j < i && h[j] >= '0' && h[j] <= '9'; j++, digits++) {
			v = v * 10 + (unsigned)(h[j] - '0');
			if (v > 0xffffffffull) {
				snprintf(why, whylen, "Content-Length too large");
				return -1;
			}
		}
		while (j < i && (h[j] == ' ' || h[j] == '\t' || h[j] == '\r'))
			j++;
		if (digits == 0 || j != i) {
			snprintf(why, whylen, "Malformed Content-Length");
			return -1;
		}
		if (seen && v != value) {
			snprintf(why, whylen, "Conflicting Content-Length values");
			return -1;
		}
		seen = 1;
		value = v;
	}
	if (!seen) {
		snprintf(why, whylen, "Missing Content-Length on a stream transport");
		return -1;
	}
	*cl = (size_t)value;
	return 0;
}

void sip_frame(const char *buf, size_t len, size_t max, frame_t *out)
{
	size_t skip = 0, hend, cl;

	memset(out, 0, sizeof(*out));
	/* keep-alive ping, or CRLFs before a start line */
	while (skip + 1 < len && buf[skip] == '\r' && buf[skip + 1] == '\n') {
		if (skip + 3 < len && buf[skip + 2] == '\r' && buf[skip + 3] == '\n') {
			out->status = FRAME_PING;
			out->skip = skip + 4;
			return;
		}
		skip += 2;
	}
	out->skip = skip;
	if (skip == len || (skip + 1 == len && buf[skip] == '\r')) {
		out->status = FRAME_NEED_MORE;
		return;
	}
	hend = header_end(buf + skip, len - skip);
	if (hend == 0) {
		if (len - skip > max) {
			out->status = FRAME_TOO_BIG;
			snprintf(out->why, sizeof(out->why), "Header section over %zu bytes", max);
		} else {
			out->status = FRAME_NEED_MORE;
		}
		return;
	}
	if (content_length(buf + skip, hend, &cl, out->why, sizeof(out->why)) < 0) {
		out->status = FRAME_ERROR;
		out->msg_len = hend;
		return;
	}
	if (hend + cl > max) {
		out->status = FRAME_TOO_BIG;
		out->msg_len = hend;
		snprintf(out->why, sizeof(out->why), "Message Too Large (%zu bytes, limit %zu)",
			 hend + cl, max);
		return;
	}
	if (len - skip < hend + cl) {
		out->status = FRAME_NEED_MORE;
		return;
	}
	out->status = FRAME_MESSAGE;
	out->msg_len = hend + cl;
}
