/*
 * fuzz_config.c - libFuzzer target for scscfd's configuration parser
 * (scscf/daemon/cfg.h, the key table of cfg_keys.c).
 *
 * Any bytes as a configuration file: the parser either refuses them with
 * one message "NAME:LINE: ..." (or "NAME:0: ..." for a cross-key check)
 * that fits the error buffer, or accepts them, and then every promise of
 * doc/CONFIGURATION.md holds: at least one SIP listen address, t1 <= t2,
 * the registrar's and the notifier's expiries in order, a valid notify
 * table, and every string NUL-terminated inside its field.  Parsing the
 * same bytes again gives the same configuration, byte for byte.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/daemon/cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_config: %s\n", what);
	abort();
}

static void check_string(const char *s, size_t cap, const char *what)
{
	if (memchr(s, '\0', cap) == NULL)
		die(what);
}

static void check_accepted(const scscf_config_t *c)
{
	char perr[160];

	if (c->sip.nlisten == 0 || c->sip.nlisten > SCSCF_MAX_LISTEN)
		die("accepted without a SIP listen address");
	if (c->sip.t2 < c->sip.t1)
		die("accepted t2 < t1");
	if (c->registrar.reg_min_expires > c->registrar.reg_default_expires ||
	    c->registrar.reg_default_expires > c->registrar.reg_max_expires)
		die("accepted registrar expiries out of order");
	if (c->regevent.ev_min_expires > c->regevent.ev_max_expires)
		die("accepted regevent expiries out of order");
	if (re_policy_validate(&c->regevent.ev_policy, perr, sizeof(perr)) < 0)
		die("accepted an invalid notify table");
	check_string(c->sip.domain, sizeof(c->sip.domain), "sip.domain");
	check_string(c->diameter.dia_realm, sizeof(c->diameter.dia_realm), "diameter.realm");
	check_string(c->diameter.dia_server_name, sizeof(c->diameter.dia_server_name),
		     "diameter.server_name");
	check_string(c->control.ctl_socket, sizeof(c->control.ctl_socket), "control.socket");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static scscf_config_t a, b; /* large: not on the stack */
	char err[256], err2[256];
	int rc, rc2;

	memset(err, 'x', sizeof(err));
	scscf_config_defaults(&a);
	rc = scscf_config_parse((const char *)data, size, "f", &a, err, sizeof(err));
	if (rc != 0 && rc != -1)
		die("result neither 0 nor -1");
	if (rc < 0) {
		if (memchr(err, '\0', sizeof(err)) == NULL || strncmp(err, "f:", 2) != 0)
			die("refusal without a \"NAME:LINE: \" message");
	} else {
		check_accepted(&a);
	}
	scscf_config_defaults(&b);
	rc2 = scscf_config_parse((const char *)data, size, "f", &b, err2, sizeof(err2));
	if (rc2 != rc || (rc == 0 && memcmp(&a, &b, sizeof(a)) != 0) ||
	    (rc < 0 && strcmp(err, err2) != 0))
		die("the same bytes parsed twice differ");
	return 0;
}
