/*
 * stats.h - every figure the daemon shows its operator, gathered in one
 * place: scscfctl stats renders them as JSON (ctl_cmd.c), the metrics
 * endpoint in the Prometheus text format (prom.c).
 *
 * A figure has a group and a name ("registrar", "registers"), a kind
 * (counter: only goes up; gauge: a level), a line of help, and up to two
 * labels ("method"/"code" of a SIP response, "command"/"result" of a Cx
 * outcome).  stats_collect() hands them out in a fixed order in which
 * every group's figures, and every name's labelled rows, come together, so
 * a renderer can open and close sections as it goes.  A figure with group
 * NULL belongs to the daemon as a whole ("uptime").
 */
#ifndef SCSCF_STATS_H
#define SCSCF_STATS_H

#include <stdint.h>

#include "scscf/ops/ctl_env.h"

typedef enum { STAT_COUNTER, STAT_GAUGE } stat_kind_t;

typedef struct {
	const char *group; /* NULL: the daemon's own */
	const char *name;
	const char *help;
	stat_kind_t kind;
	const char *label[2]; /* label names, NULL when unused */
	const char *value_of[2];
	uint64_t value;
} stat_t;

typedef void (*stat_fn)(void *arg, const stat_t *s);

/* Every figure of the daemon env describes, now. */
void stats_collect(const ctl_env_t *env, stat_fn fn, void *arg);

#endif
