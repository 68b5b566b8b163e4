/*
 * cfg_text.h - the configuration tests' one way to parse a few lines:
 * the given text after a minimal "[sip] listen" section, over the
 * defaults, named "t.conf" in messages.
 */
#ifndef TESTS_CFG_TEXT_H
#define TESTS_CFG_TEXT_H

#include <stddef.h>

#include "scscf/daemon/cfg.h"

/* 0, or -1 with err filled ("t.conf:LINE: ..."). */
int cfg_text_parse(const char *extra, scscf_config_t *c, char *err, size_t errlen);

#endif
