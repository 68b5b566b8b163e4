/*
 * prom.h - the daemon's figures (stats.h) in the Prometheus text
 * exposition format, version 0.0.4, for the metrics endpoint.
 *
 * A figure's metric name is "scscf_", its group and "_" (when it has one),
 * its name, and "_total" for a counter: registrar.registers becomes
 * scscf_registrar_registers_total, sip.responses{method,code} becomes
 * scscf_sip_responses_total{method="REGISTER",code="200"}.  Each metric
 * gets one "# HELP" and one "# TYPE" line before its samples; label values
 * are escaped (backslash, double quote, newline).  Pure: the caller
 * feeds the figures (metrics_http.c gives it stats_collect's).
 */
#ifndef SCSCF_PROM_H
#define SCSCF_PROM_H

#include <stddef.h>

#include "scscf/ops/stats.h"
#include "scscf/base/strbuf.h"

#define PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

typedef struct {
	strbuf_t sb;
	char last[128]; /* the metric the last sample belonged to */
} prom_t;

void prom_init(prom_t *p);
/* Append one figure (a stat_fn for stats_collect: arg is the prom_t). */
void prom_add(void *p, const stat_t *s);
/* The text (the caller frees it) and its length, or NULL when memory ran
 * out (p is cleared either way). */
char *prom_done(prom_t *p, size_t *len);

#endif
