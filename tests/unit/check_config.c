/*
 * check_config.c - the key table of scscfd.conf (scscf/daemon/cfg_key.h):
 * doc/CONFIGURATION.md and the table list the same keys; the table's
 * defaults are the ones scscfd always had; every generic key takes its
 * bounds and refuses one past them, with the messages users know; a few
 * special keys and whole files.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/daemon/cfg.h"
#include "scscf/daemon/cfg_key.h"
#include "testutil.h"
#include "tests/unit/cfg_text.h"

#define DOC_PATH TEST_SRCDIR "/../doc/CONFIGURATION.md"

/* ---- the documentation ---- */

#define MAX_DOC_KEYS 128

typedef struct {
	char name[MAX_DOC_KEYS][96];
	size_t n;
} doc_keys_t;

/* Keys are the first column of a table, "| `key` |", under a "## [section]"
 * heading; "notify.EVENT" keeps its capitals, like the table's patterns. */
static void read_doc_keys(doc_keys_t *out)
{
	size_t len;
	char *text = tu_read_file(DOC_PATH, &len), *line, *save = NULL;
	char section[32] = "";

	out->n = 0;
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char key[64];

		if (strncmp(line, "## ", 3) == 0) {
			if (sscanf(line, "## [%31[^]]]", section) != 1)
				section[0] = '\0';
			continue;
		}
		if (section[0] == '\0' || sscanf(line, "| `%63[^`]` |", key) != 1)
			continue;
		ck_assert_uint_lt(out->n, MAX_DOC_KEYS);
		snprintf(out->name[out->n++], sizeof(out->name[0]), "%s.%s", section, key);
	}
	free(text);
}

static bool doc_has(const doc_keys_t *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->name[i], name) == 0)
			return true;
	return false;
}

static bool table_has(const char *name)
{
	size_t i;

	for (i = 0; i < cfg_nkeys; i++)
		if (strcmp(cfg_keys[i].name, name) == 0)
			return true;
	return false;
}

START_TEST(doc_and_table_list_the_same_keys)
{
	doc_keys_t doc;
	char missing[2048] = "";
	size_t i, len = 0;

	read_doc_keys(&doc);
	ck_assert_uint_gt(doc.n, 30); /* the reader found the tables */
	for (i = 0; i < cfg_nkeys; i++)
		if (!doc_has(&doc, cfg_keys[i].name) && len < sizeof(missing))
			len += (size_t)snprintf(missing + len, sizeof(missing) - len,
						" %s (not in doc/CONFIGURATION.md)",
						cfg_keys[i].name);
	for (i = 0; i < doc.n; i++)
		if (!table_has(doc.name[i]) && len < sizeof(missing))
			len += (size_t)snprintf(missing + len, sizeof(missing) - len,
						" %s (not in the key table)", doc.name[i]);
	ck_assert_msg(missing[0] == '\0', "keys missing:%s", missing);
	ck_assert_uint_eq(doc.n, cfg_nkeys);
}
END_TEST

/* ---- the table itself ---- */

START_TEST(rows_are_well_formed)
{
	size_t i, j;

	for (i = 0; i < cfg_nkeys; i++) {
		const cfg_key_t *k = &cfg_keys[i];

		ck_assert_msg(strchr(k->name, '.') != NULL, "%s", k->name);
		ck_assert_msg(k->doc != NULL && k->doc[0] != '\0', "%s has no doc", k->name);
		ck_assert_msg((k->type != CFG_UINT && k->type != CFG_ENUM) ||
				      k->store != CFG_AS_OTHER,
			      "%s: no way to store it", k->name);
		ck_assert_msg(k->type != CFG_SPECIAL || k->parse != NULL, "%s", k->name);
		ck_assert_msg(k->type != CFG_ENUM || k->words != NULL, "%s", k->name);
		ck_assert_msg(k->type != CFG_UINT || k->min <= k->max, "%s", k->name);
		for (j = i + 1; j < cfg_nkeys; j++)
			ck_assert_msg(strcmp(k->name, cfg_keys[j].name) != 0, "%s twice", k->name);
	}
}
END_TEST

/* What scscf_config_defaults() set, one assignment a key, before the
 * table existed. */
static void old_defaults(scscf_config_t *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->sip.domain, sizeof(c->sip.domain), "open-ims.test");
	c->sip.max_message_size = 65536;
	c->sip.max_transactions = 100000;
	c->sip.tcp_idle_timeout = 300;
	c->sip.tcp_max_connections = 1024;
	c->sip.tcp_connect_timeout = 5;
	c->sip.t1 = 500;
	c->sip.t2 = 4000;
	c->sip.t4 = 5000;
	c->log.log_level = SLOG_INFO;
	c->log.log_syslog = false;
	snprintf(c->diameter.dia_realm, sizeof(c->diameter.dia_realm), "open-ims.test");
	c->diameter.dia_timeout = 5000;
	c->registrar.reg_min_expires = 60;
	c->registrar.reg_max_expires = 600000;
	c->registrar.reg_default_expires = 3600;
	c->registrar.reg_max_bindings = 10;
	c->registrar.reg_evict_oldest = true;
	c->registrar.reg_reauth_always = false;
	c->registrar.reg_auth_timeout = 240;
	c->registrar.reg_unknown_user = 403;
	c->registrar.reg_retry_after = 30;
	re_policy_builtin("oracle", &c->regevent.ev_policy);
	c->regevent.ev_default_expires = 3761;
	c->regevent.ev_min_expires = 60;
	c->regevent.ev_max_expires = 604800;
	c->regevent.ev_window = 20;
	c->regevent.ev_max_subscriptions = 200000;
	c->regevent.ev_max_per_set = 32;
	c->control.ctl_max_clients = 8;
	c->control.ctl_idle_timeout = 10;
	c->metrics.metrics_max_clients = 8;
	c->metrics.metrics_idle_timeout = 5;
}

START_TEST(defaults_are_the_old_ones)
{
	static scscf_config_t want, got;
	char err[256];
	cfg_where_t w = {"defaults", 0, err, sizeof(err)};
	size_t i;

	old_defaults(&want);
	scscf_config_defaults(&got);
	ck_assert_str_eq(got.sip.domain, "open-ims.test");
	ck_assert_uint_eq(got.sip.max_message_size, 65536);
	ck_assert_uint_eq(got.registrar.reg_unknown_user, 403);
	ck_assert(got.registrar.reg_evict_oldest);
	ck_assert_int_eq(got.log.log_level, SLOG_INFO);
	ck_assert_str_eq(got.regevent.ev_policy.name, "oracle");
	ck_assert_msg(memcmp(&want.sip, &got.sip, sizeof(want.sip)) == 0, "[sip]");
	ck_assert_msg(memcmp(&want.diameter, &got.diameter, sizeof(want.diameter)) == 0,
		      "[diameter]");
	ck_assert_msg(memcmp(&want.registrar, &got.registrar, sizeof(want.registrar)) == 0,
		      "[registrar]");
	ck_assert_msg(memcmp(&want.regevent, &got.regevent, sizeof(want.regevent)) == 0,
		      "[regevent]");
	ck_assert_msg(memcmp(&want.control, &got.control, sizeof(want.control)) == 0,
		      "[control]");
	ck_assert_msg(memcmp(&want.metrics, &got.metrics, sizeof(want.metrics)) == 0,
		      "[metrics]");
	ck_assert_msg(memcmp(&want.log, &got.log, sizeof(want.log)) == 0, "[log]");
	/* and every default is a value its own key takes */
	for (i = 0; i < cfg_nkeys; i++)
		if (cfg_keys[i].def != NULL)
			ck_assert_msg(cfg_key_set(&w, &cfg_keys[i], cfg_keys[i].name,
						  cfg_keys[i].def, &got) == 0,
				      "%s", err);
}
END_TEST

/* ---- the generic types, over the whole table ---- */

static int set(const char *name, const char *value, scscf_config_t *c, char *err,
	       size_t errlen)
{
	cfg_where_t w = {"t.conf", 4, err, errlen};
	char section[32];
	const cfg_key_t *k;

	ck_assert_int_eq(sscanf(name, "%31[^.]", section), 1);
	k = cfg_key_find(section, name + strlen(section) + 1);
	ck_assert_msg(k != NULL, "no row for %s", name);
	err[0] = '\0';
	return cfg_key_set(&w, k, name, value, c);
}

static unsigned long stored(const cfg_key_t *k, const scscf_config_t *c)
{
	const void *at = (const char *)c + k->off;

	switch (k->store) {
	case CFG_AS_BOOL: return *(const bool *)at;
	case CFG_AS_UINT: return *(const unsigned *)at;
	case CFG_AS_ULONG: return *(const unsigned long *)at;
	case CFG_AS_ULLONG: return (unsigned long)*(const unsigned long long *)at;
	case CFG_AS_OTHER: break;
	}
	ck_abort_msg("%s is not a number", k->name);
	return 0;
}

START_TEST(numbers_take_their_bounds)
{
	scscf_config_t c;
	char err[256], v[32], want[256];
	size_t i, n = 0;

	for (i = 0; i < cfg_nkeys; i++) {
		const cfg_key_t *k = &cfg_keys[i];

		if (k->type != CFG_UINT)
			continue;
		n++;
		scscf_config_defaults(&c);
		snprintf(v, sizeof(v), "%lu", k->min);
		ck_assert_msg(set(k->name, v, &c, err, sizeof(err)) == 0, "%s", err);
		ck_assert_uint_eq(stored(k, &c), k->min);
		snprintf(v, sizeof(v), "%lu", k->max);
		ck_assert_msg(set(k->name, v, &c, err, sizeof(err)) == 0, "%s", err);
		ck_assert_uint_eq(stored(k, &c), k->max);
		snprintf(v, sizeof(v), "%lu", k->max + 1);
		ck_assert_int_eq(set(k->name, v, &c, err, sizeof(err)), -1);
		snprintf(want, sizeof(want),
			 "t.conf:4: %s must be a whole number from %lu to %lu, not \"%s\"", k->name,
			 k->min, k->max, v);
		ck_assert_str_eq(err, want);
		ck_assert_uint_eq(stored(k, &c), k->max); /* unchanged */
		if (k->min > 0) {
			snprintf(v, sizeof(v), "%lu", k->min - 1);
			ck_assert_int_eq(set(k->name, v, &c, err, sizeof(err)), -1);
		}
		ck_assert_int_eq(set(k->name, "-1", &c, err, sizeof(err)), -1);
		ck_assert_int_eq(set(k->name, "7x", &c, err, sizeof(err)), -1);
		ck_assert_int_eq(set(k->name, "", &c, err, sizeof(err)), -1);
	}
	ck_assert_uint_gt(n, 20);
}
END_TEST

START_TEST(words_take_their_list)
{
	scscf_config_t c;
	char err[256];

	scscf_config_defaults(&c);
	ck_assert_int_eq(set("sip.force_rport", "yes", &c, err, sizeof(err)), 0);
	ck_assert(c.sip.force_rport);
	ck_assert_int_eq(set("sip.force_rport", "no", &c, err, sizeof(err)), 0);
	ck_assert(!c.sip.force_rport);
	ck_assert_int_eq(set("sip.force_rport", "Yes", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: sip.force_rport \"Yes\" is not yes or no");
	ck_assert_int_eq(set("log.target", "syslog", &c, err, sizeof(err)), 0);
	ck_assert(c.log.log_syslog);
	ck_assert_int_eq(set("log.target", "file", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: log.target \"file\" is not stderr or syslog");
	ck_assert_int_eq(set("registrar.reauth", "always", &c, err, sizeof(err)), 0);
	ck_assert(c.registrar.reg_reauth_always);
	ck_assert_int_eq(set("registrar.reauth", "", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: registrar.reauth \"\" is not always or unprotected");
	ck_assert_int_eq(set("registrar.unknown_user", "404", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.registrar.reg_unknown_user, 404);
	ck_assert_int_eq(set("registrar.unknown_user", "0404", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: registrar.unknown_user \"0404\" is not 403 or 404");
	ck_assert_uint_eq(c.registrar.reg_unknown_user, 404);
}
END_TEST

START_TEST(strings_and_lists)
{
	scscf_config_t c;
	char err[256], big[300];
	int i;

	scscf_config_defaults(&c);
	ck_assert_int_eq(set("diameter.realm", "hss.test", &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.diameter.dia_realm, "hss.test");
	ck_assert_int_eq(set("diameter.realm", "a\tb", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: diameter.realm \"a\tb\" is empty, too long or has a "
			      "blank");
	memset(big, 'x', sizeof(c.diameter.dia_realm));
	big[sizeof(c.diameter.dia_realm)] = '\0'; /* one too many for the NUL */
	ck_assert_int_eq(set("diameter.realm", big, &c, err, sizeof(err)), -1);
	big[sizeof(c.diameter.dia_realm) - 1] = '\0';
	ck_assert_int_eq(set("diameter.realm", big, &c, err, sizeof(err)), 0);
	/* numeric addresses, at most 4 */
	ck_assert_int_eq(set("diameter.listen", "fd.test", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: diameter.listen \"fd.test\" is not a numeric address");
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(set("diameter.listen", i % 2 ? "::1" : "127.0.0.1", &c, err,
				     sizeof(err)),
				 0);
	ck_assert_uint_eq(c.diameter.dia_nlisten, 4);
	ck_assert_str_eq(c.diameter.dia_listen[1], "::1");
	ck_assert_int_eq(set("diameter.listen", "10.0.0.1", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: more than 4 diameter.listen lines");
	ck_assert_uint_eq(c.diameter.dia_nlisten, 4);
	/* host names or addresses, at most 8 */
	ck_assert_int_eq(set("regevent.trusted", "as@x", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: regevent.trusted \"as@x\" is not a host name or address");
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(set("regevent.trusted", "as.test", &c, err, sizeof(err)), 0);
	ck_assert_int_eq(set("regevent.trusted", "as.test", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: more than 8 regevent.trusted lines");
}
END_TEST

/* ---- the special keys and whole files ---- */

START_TEST(special_keys)
{
	scscf_config_t c;
	char err[256], name[256];

	ck_assert_int_eq(cfg_text_parse("[log]\nlevel = debug\n[sip]\ndomain = ims.test\n"
			       "[diameter]\nserver_name = sips:s.ims.test:5061\n"
			       "[regevent]\nprofile = rfc3680\nnotify.expired = suppress\n"
			       "attribute.gruu = no\n[control]\nsocket = c.sock\n"
			       "[metrics]\nlisten = [::1]:9464\n",
			       &c, err, sizeof(err)),
			 0);
	ck_assert_int_eq(c.log.log_level, SLOG_DEBUG);
	ck_assert_str_eq(c.sip.domain, "ims.test");
	ck_assert_str_eq(scscf_config_server_name(&c, name, sizeof(name)),
			 "sips:s.ims.test:5061");
	ck_assert_str_eq(c.regevent.ev_policy.name, "rfc3680");
	ck_assert_uint_eq(c.regevent.ev_overrides, 2);
	ck_assert_str_eq(c.control.ctl_socket, "c.sock");
	ck_assert(c.metrics.metrics_on);
	ck_assert_uint_eq(c.metrics.metrics_listen.port, 9464);
	ck_assert_int_eq(cfg_text_parse("", &c, err, sizeof(err)), 0);
	ck_assert_str_eq(scscf_config_server_name(&c, name, sizeof(name)),
			 "sip:scscf.open-ims.test:5060");
	ck_assert_int_eq(cfg_text_parse("[regevent]\nnotify.expired = bogus\n", &c, err, sizeof(err)), -1);
	ck_assert_msg(strncmp(err, "t.conf:4: regevent.notify.expired: ", 35) == 0, "%s", err);
	ck_assert_int_eq(cfg_text_parse("[regevent]\nnotify.expired = suppress\nprofile = oracle\n", &c,
			       err, sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "t.conf:5: regevent.profile must come before the notify.EVENT "
			      "and attribute.NAME lines (it would replace them)");
}
END_TEST

START_TEST(checks_across_keys)
{
	scscf_config_t c;
	char err[256];

	ck_assert_int_eq(cfg_text_parse("[timers]\nt1 = 5000\nt2 = 4999\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:0: timers.t2 (4999) is smaller than timers.t1 (5000)");
	ck_assert_int_eq(cfg_text_parse("[timers]\nt1 = 5000\nt2 = 5000\n", &c, err, sizeof(err)), 0);
	ck_assert_int_eq(cfg_text_parse("[registrar]\nmin_expires = 4000\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:0: registrar expiries: need min_expires (4000) <= "
			      "default_expires (3600) <= max_expires (600000)");
	ck_assert_int_eq(cfg_text_parse("[registrar]\nmax_expires = 3599\n", &c, err, sizeof(err)), -1);
	ck_assert_int_eq(cfg_text_parse("[regevent]\nmin_expires = 900\nmax_expires = 600\n", &c, err,
			       sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "t.conf:0: regevent expiries: min_expires (900) > max_expires (600)");
	ck_assert_int_eq(cfg_text_parse("[regevent]\nnotify.probation = notify\n", &c, err, sizeof(err)),
			 -1);
	ck_assert_msg(strncmp(err, "t.conf:0: regevent notify table: ", 33) == 0, "%s", err);
	ck_assert_int_eq(cfg_text_parse("[sip]\nwho = me\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:4: unknown key \"sip.who\"");
	ck_assert_int_eq(cfg_text_parse("[sipp]\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.conf:3: unknown section [sipp]");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("config");
	TCase *t = tcase_create("keys");

	tcase_add_test(t, doc_and_table_list_the_same_keys);
	tcase_add_test(t, rows_are_well_formed);
	tcase_add_test(t, defaults_are_the_old_ones);
	tcase_add_test(t, numbers_take_their_bounds);
	tcase_add_test(t, words_take_their_list);
	tcase_add_test(t, strings_and_lists);
	tcase_add_test(t, special_keys);
	tcase_add_test(t, checks_across_keys);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
