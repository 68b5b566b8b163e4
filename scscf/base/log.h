/*
 * log.h - the daemon's log: one line per event, to stderr (with a UTC
 * timestamp) or to syslog, filtered by level.  Control characters in a line
 * are escaped, so nothing a peer sends can forge or split a log line.
 */
#ifndef SCSCF_LOG_H
#define SCSCF_LOG_H

#include <stdarg.h>
#include <stdbool.h>

typedef enum { SLOG_ERROR, SLOG_WARN, SLOG_INFO, SLOG_DEBUG } slog_level_t;

void slog_open(const char *ident, bool to_syslog, slog_level_t level);
void slog_close(void);
void slog_set_level(slog_level_t level);
slog_level_t slog_get_level(void);
bool slog_enabled(slog_level_t level);

const char *slog_level_name(slog_level_t level);
int slog_level_from_name(const char *name, slog_level_t *out);

void slog(slog_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* the same with a va_list; safe from any thread (one write per line) */
void vslog(slog_level_t level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#define log_error(...) slog(SLOG_ERROR, __VA_ARGS__)
#define log_warn(...) slog(SLOG_WARN, __VA_ARGS__)
#define log_info(...) slog(SLOG_INFO, __VA_ARGS__)
#define log_debug(...) \
	do { if (slog_enabled(SLOG_DEBUG)) slog(SLOG_DEBUG, __VA_ARGS__); } while (0)

#endif
