/*
 * hss_history.c - the ring of recent Cx requests (see hss_history.h).
 */
#include "config.h"

#include "hss_history.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct {
	pthread_mutex_t lock;
	char lines[HSS_HISTORY_MAX][HSS_HISTORY_LINE];
	size_t next;  /* slot the next line goes to */
	size_t count; /* lines held, at most HSS_HISTORY_MAX */
} h = {PTHREAD_MUTEX_INITIALIZER, {{0}}, 0, 0};

void hss_history_add(const char *fmt, ...)
{
	char line[HSS_HISTORY_LINE];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (p = line; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	pthread_mutex_lock(&h.lock);
	memcpy(h.lines[h.next], line, sizeof(line));
	h.next = (h.next + 1) % HSS_HISTORY_MAX;
	if (h.count < HSS_HISTORY_MAX)
		h.count++;
	pthread_mutex_unlock(&h.lock);
}

size_t hss_history_each(size_t n, void (*fn)(void *arg, const char *line), void *arg)
{
	size_t i, first;

	pthread_mutex_lock(&h.lock);
	if (n > h.count)
		n = h.count;
	first = (h.next + HSS_HISTORY_MAX - n) % HSS_HISTORY_MAX;
	for (i = 0; i < n; i++)
		fn(arg, h.lines[(first + i) % HSS_HISTORY_MAX]);
	pthread_mutex_unlock(&h.lock);
	return n;
}

void hss_history_clear(void)
{
	pthread_mutex_lock(&h.lock);
	h.next = h.count = 0;
	pthread_mutex_unlock(&h.lock);
}

const char *hss_field(const char *in, char *out, size_t len)
{
	size_t i;

	if (len == 0)
		return "";
	if (in == NULL || *in == '\0') {
		snprintf(out, len, "-");
		return out;
	}
	for (i = 0; in[i] != '\0' && i + 1 < len; i++) {
		unsigned char ch = (unsigned char)in[i];

		out[i] = ch <= 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	out[i] = '\0';
	return out;
}
