/*
 * cfg_text.c - see cfg_text.h.  An object of its own in libtestutil, so
 * only the tests that parse configuration link the daemon's parser.
 */
#include "config.h"

#include "tests/unit/cfg_text.h"

#include <stdio.h>
#include <string.h>

int cfg_text_parse(const char *extra, scscf_config_t *c, char *err, size_t errlen)
{
	char text[2048];

	snprintf(text, sizeof(text), "[sip]\nlisten = udp:127.0.0.1:5060\n%s", extra);
	scscf_config_defaults(c);
	return scscf_config_parse(text, strlen(text), "t.conf", c, err, errlen);
}
