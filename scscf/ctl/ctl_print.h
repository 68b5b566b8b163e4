/*
 * ctl_print.h - scscfctl's human-readable output: the daemon's JSON answer
 * (doc/SCSCFCTL.md) as tables and key/value blocks on a stream.
 */
#ifndef SCSCF_CTL_PRINT_H
#define SCSCF_CTL_PRINT_H

#include <stdio.h>

#include "scscf/ctl/ctl_json.h"
#include "scscf/ctl/ctl_req.h"

/* Print the ok:true answer doc of command op. */
void ctl_print(FILE *out, ctl_op_t op, const jv_t *doc);

#endif
