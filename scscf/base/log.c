/*
 * log.c - see log.h.  Lines are formatted into a fixed buffer, escaped, and
 * written with a single write(2) so concurrent writers never interleave
 * within a line.
 */
#include "config.h"

#include "scscf/base/log.h"
#include "scscf/base/hex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static struct {
	slog_level_t level;
	bool to_syslog;
	bool opened;
} lg = {SLOG_INFO, false, false};

static const char *const names[] = {"error", "warn", "info", "debug"};

void slog_open(const char *ident, bool to_syslog, slog_level_t level)
{
	slog_close();
	lg.level = level;
	lg.to_syslog = to_syslog;
	if (to_syslog) {
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
		lg.opened = true;
	}
}

void slog_close(void)
{
	if (lg.opened)
		closelog();
	lg.opened = false;
}

void slog_set_level(slog_level_t level)
{
	lg.level = level;
}

slog_level_t slog_get_level(void)
{
	return lg.level;
}

bool slog_enabled(slog_level_t level)
{
	return level <= lg.level;
}

const char *slog_level_name(slog_level_t level)
{
	return (unsigned)level <= SLOG_DEBUG ? names[level] : "?";
}

int slog_level_from_name(const char *name, slog_level_t *out)
{
	int i;

	for (i = 0; i <= SLOG_DEBUG; i++) {
		if (strcmp(names[i], name) == 0) {
			*out = (slog_level_t)i;
			return 0;
		}
	}
	return -1;
}

/* Copy src into dst escaping control bytes as \xHH; always terminates. */
static size_t escape_line(char *dst, size_t cap, const char *src)
{
	size_t o = 0;

	for (; *src && o + 5 < cap; src++) {
		unsigned char c = (unsigned char)*src;

		if (c < 0x20 || c == 0x7f) {
			dst[o++] = '\\';
			dst[o++] = 'x';
			hex_encode(&c, 1, dst + o);
			o += 2;
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = '\0';
	return o;
}

void slog(slog_level_t level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vslog(level, fmt, ap);
	va_end(ap);
}

void vslog(slog_level_t level, const char *fmt, va_list ap)
{
	char raw[2048], line[4096 + 64];
	size_t n;

	if (!slog_enabled(level))
		return;
	vsnprintf(raw, sizeof(raw), fmt, ap);
	if (lg.to_syslog) {
		static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};

		escape_line(line, sizeof(line), raw);
		syslog(prio[level], "%s", line);
		return;
	} else {
		struct timespec ts;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
		n += (size_t)snprintf(line + n, sizeof(line) - n, ".%03ldZ %-5s ",
				      ts.tv_nsec / 1000000, names[level]);
		n += escape_line(line + n, sizeof(line) - n - 1, raw);
		line[n++] = '\n';
		if (write(STDERR_FILENO, line, n) < 0) {
			/* nowhere left to report it */
		}
	}
}
