/*
 * cfg.c - read scscfd.conf (see cfg.h and doc/CONFIGURATION.md): the
 * lines and sections of the file, each key handed to its row of the key
 * table (cfg_keys.c), then the checks across keys.
 */
#include "config.h"

#include "scscf/daemon/cfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/daemon/cfg_key.h"

/* Every row with a default, set as a file would set it. */
void scscf_config_defaults(scscf_config_t *cfg)
{
	char err[256];
	cfg_where_t w = {"defaults", 0, err, sizeof(err)};
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < cfg_nkeys; i++)
		if (cfg_keys[i].def != NULL)
			(void)cfg_key_set(&w, &cfg_keys[i], cfg_keys[i].name, cfg_keys[i].def, cfg);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* "[name]": the section that follows. */
static int section_header(const cfg_where_t *w, char *s, char *section, size_t cap)
{
	char *close = strchr(s, ']');

	if (close == NULL || close[1] != '\0' || close - s - 1 <= 0 ||
	    (size_t)(close - s - 1) >= cap)
		return cfg_bad(w, "bad section header \"%s\"", s);
	*close = '\0';
	snprintf(section, cap, "%s", s + 1);
	if (!cfg_section_known(section))
		return cfg_bad(w, "unknown section [%s]", section);
	return 0;
}

/* "key = value" in section: to the key's row. */
static int key_line(const cfg_where_t *w, const char *section, char *s, scscf_config_t *cfg)
{
	char *eq = strchr(s, '='), full[1100];
	const char *key;
	const cfg_key_t *k;

	if (eq == NULL)
		return cfg_bad(w, "expected \"key = value\", got \"%s\"", s);
	if (section[0] == '\0')
		return cfg_bad(w, "\"%s\" is outside any [section]", s);
	*eq = '\0';
	key = trim(s);
	snprintf(full, sizeof(full), "%s.%s", section, key);
	k = cfg_key_find(section, key);
	if (k == NULL)
		return cfg_bad(w, "unknown key \"%s\"", full);
	return cfg_key_set(w, k, full, trim(eq + 1), cfg);
}

/* What no single key can check: said at line 0. */
static int check_across(const cfg_where_t *w, const scscf_config_t *cfg)
{
	const registrar_config_t *r = &cfg->registrar;
	char perr[160];

	if (cfg->sip.nlisten == 0)
		return cfg_bad(w, "no sip.listen line: nothing to listen on");
	if (cfg->sip.t2 < cfg->sip.t1)
		return cfg_bad(w, "timers.t2 (%u) is smaller than timers.t1 (%u)", cfg->sip.t2,
			       cfg->sip.t1);
	if (r->reg_min_expires > r->reg_default_expires ||
	    r->reg_default_expires > r->reg_max_expires)
		return cfg_bad(w, "registrar expiries: need min_expires (%u) <= default_expires "
				  "(%u) <= max_expires (%u)",
			       r->reg_min_expires, r->reg_default_expires, r->reg_max_expires);
	if (cfg->regevent.ev_min_expires > cfg->regevent.ev_max_expires)
		return cfg_bad(w, "regevent expiries: min_expires (%u) > max_expires (%u)",
			       cfg->regevent.ev_min_expires, cfg->regevent.ev_max_expires);
	if (re_policy_validate(&cfg->regevent.ev_policy, perr, sizeof(perr)) < 0)
		return cfg_bad(w, "regevent notify table: %s", perr);
	return 0;
}

int scscf_config_parse(const char *text, size_t len, const char *name, scscf_config_t *cfg,
		       char *err, size_t errlen)
{
	cfg_where_t w = {name, 0, err, errlen};
	char section[32] = "", line[1024];
	size_t off = 0;

	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		char *s, *hash;
		int rc;

		w.line++;
		if (n >= sizeof(line))
			return cfg_bad(&w, "line longer than %zu bytes", sizeof(line) - 1);
		memcpy(line, text + off, n);
		line[n] = '\0';
		off += n + 1;
		if (memchr(line, '\0', n) != NULL)
			return cfg_bad(&w, "NUL byte in the configuration");
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		s = trim(line);
		if (*s == '\0')
			continue;
		rc = *s == '[' ? section_header(&w, s, section, sizeof(section))
			       : key_line(&w, section, s, cfg);
		if (rc < 0)
			return -1;
	}
	w.line = 0;
	return check_across(&w, cfg);
}

int scscf_config_load(const char *path, scscf_config_t *cfg, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(1u << 20);
	if (buf == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	n = fread(buf, 1, (1u << 20), f);
	if (ferror(f) || !feof(f)) {
		snprintf(err, errlen, "%s: %s", path,
			 ferror(f) ? "read error" : "larger than 1 MiB");
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	scscf_config_defaults(cfg);
	rc = scscf_config_parse(buf, n, path, cfg, err, errlen);
	free(buf);
	return rc;
}

const char *scscf_config_server_name(const scscf_config_t *cfg, char *buf, size_t len)
{
	if (cfg->diameter.dia_server_name[0] != '\0')
		snprintf(buf, len, "%s", cfg->diameter.dia_server_name);
	else
		snprintf(buf, len, "sip:scscf.%s:%u", cfg->sip.domain,
			 cfg->sip.nlisten > 0 ? cfg->sip.listen[0].port : 5060);
	return buf;
}
