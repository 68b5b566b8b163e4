/*
 * hss_cmd.c - the control commands (see hss_cmd.h; the grammar and
 * examples are in doc/HSS-SIM.md).
 *
 * rtr and ppr work in three steps so that the state lock is never held
 * while a request is in flight: resolve the target and copy what the
 * request needs under the lock; send and wait (hss_push); on a 2xxx answer
 * take the lock again to update the registration state.
 */
#include "config.h"

#include "hss_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diameter/cx/diam_boot.h"
#include "diameter/crypto/digest.h"
#include "scscf/base/log.h"

#include "hss_history.h"
#include "hss_push.h"
#include "hss_state.h"

/* --- reply buffer ---------------------------------------------------------- */

void hss_out_line(hss_out_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t need;
	char *grown;

	if (o->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->oom = true;
		return;
	}
	need = o->len + (size_t)n + 2;
	if (need > o->cap) {
		size_t cap = o->cap != 0 ? o->cap : 256;

		while (cap < need)
			cap *= 2;
		grown = realloc(o->buf, cap);
		if (grown == NULL) {
			o->oom = true;
			return;
		}
		o->buf = grown;
		o->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
	o->buf[o->len++] = '\n';
	o->buf[o->len] = '\0';
}

void hss_out_free(hss_out_t *o)
{
	free(o->buf);
	memset(o, 0, sizeof(*o));
}

/* --- tokens ---------------------------------------------------------------- */

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The next blank-separated token of *p (NUL-terminated in place), or NULL. */
static char *next_tok(char **p)
{
	char *s = *p, *t;

	while (blank(*s))
		s++;
	if (*s == '\0') {
		*p = s;
		return NULL;
	}
	for (t = s; *t != '\0' && !blank(*t); t++)
		;
	if (*t != '\0')
		*t++ = '\0';
	*p = t;
	return s;
}

/* The rest of the line, trimmed. */
static char *rest(char **p)
{
	char *s = *p, *t;

	while (blank(*s))
		s++;
	t = s + strlen(s);
	while (t > s && blank(t[-1]))
		t--;
	*t = '\0';
	*p = t;
	return s;
}

/* Split "a,b,c" in place into v (at most max); -1 on an empty item or too many. */
static int split_list(char *s, const char **v, size_t *n, size_t max)
{
	char *comma;

	*n = 0;
	for (;;) {
		comma = strchr(s, ',');
		if (comma != NULL)
			*comma = '\0';
		if (*s == '\0' || *n == max)
			return -1;
		v[(*n)++] = s;
		if (comma == NULL)
			return 0;
		s = comma + 1;
	}
}

static int parse_reason(const char *s, int *out)
{
	static const char *const names[] = {"PERMANENT_TERMINATION", "NEW_SERVER_ASSIGNED",
					    "SERVER_CHANGE", "REMOVE_S-CSCF"};
	char *end;
	long v;
	int i;

	for (i = 0; i < 4; i++)
		if (strcasecmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 0x7fffffffL)
		return -1;
	*out = (int)v;
	return 0;
}

/* --- list, history, peer --------------------------------------------------- */

static void cmd_list(hss_out_t *o)
{
	char f_server[300], f_host[300], f_impu[300];
	size_t i, j, lines = 0;

	hss_state_lock();
	for (i = 0; i < hss_user_count(); i++) {
		const hss_user_t *u = hss_user_at(i);

		hss_field(u->server_name, f_server, sizeof(f_server));
		hss_field(u->scscf_host, f_host, sizeof(f_host));
		for (j = 0; j < u->nreg; j++) {
			hss_field(hss_user_impu(u, j)->identity, f_impu, sizeof(f_impu));
			hss_out_line(o, "impi=%s impu=%s state=%s server=%s scscf=%s", u->sub->impi,
				     f_impu, hss_reg_name(u->reg[j]), f_server, f_host);
			lines++;
		}
	}
	hss_state_unlock();
	hss_out_line(o, "ok %zu", lines);
}

static void history_line(void *arg, const char *line)
{
	hss_out_line(arg, "%s", line);
}

static void cmd_history(char *args, hss_out_t *o)
{
	char *t = next_tok(&args);
	size_t n = HSS_HISTORY_MAX;
	char *end;
	unsigned long v;

	if (t != NULL && strcmp(t, "clear") == 0) {
		hss_history_clear();
		hss_out_line(o, "ok");
		return;
	}
	if (t != NULL) {
		errno = 0;
		v = strtoul(t, &end, 10);
		if (errno != 0 || *end != '\0' || t[0] == '-') {
			hss_out_line(o, "error usage: history [N | clear]");
			return;
		}
		n = v < HSS_HISTORY_MAX ? (size_t)v : HSS_HISTORY_MAX;
	}
	n = hss_history_each(n, history_line, o);
	hss_out_line(o, "ok %zu", n);
}

static void cmd_peer(char *args, hss_out_t *o)
{
	char *host = next_tok(&args);

	if (host == NULL) {
		hss_out_line(o, "error usage: peer HOST");
		return;
	}
	if (diam_boot_peer_open(host))
		hss_out_line(o, "ok open");
	else
		hss_out_line(o, "error %s is not connected", host);
}

/* --- rtr and ppr ----------------------------------------------------------- */

/* Copies taken under the lock, so the request can be built after it. */
typedef struct {
	char impi[1024];
	char host[1024], realm[1024];
	char *user_data;
	size_t user_data_len;
	char realm_digest[1100], ha1[DIGEST_HEX_SIZE];
	hss_digest_style_t style;
} target_t;

/* Where the request goes: `to HOST` first, else the S-CSCF stored from
 * the SAR.  The realm: the stored one when the host is the stored one,
 * else the text after the first dot of HOST (as FHoSS does), else ours. */
static int pick_destination(const hss_user_t *u, const char *to, target_t *t, hss_out_t *o)
{
	const char *dot;

	if (to == NULL && (u == NULL || u->scscf_host == NULL)) {
		hss_out_line(o, "error no S-CSCF is known for %s (no SAR yet): add `to HOST`",
			     t->impi);
		return -1;
	}
	snprintf(t->host, sizeof(t->host), "%s", to != NULL ? to : u->scscf_host);
	if (u != NULL && u->scscf_host != NULL && u->scscf_realm != NULL &&
	    strcmp(t->host, u->scscf_host) == 0) {
		snprintf(t->realm, sizeof(t->realm), "%s", u->scscf_realm);
	} else if ((dot = strchr(t->host, '.')) != NULL && dot[1] != '\0') {
		snprintf(t->realm, sizeof(t->realm), "%s", dot + 1);
	} else {
		snprintf(t->realm, sizeof(t->realm), "%s", diam_boot_realm());
	}
	return 0;
}

/* "ok Result-Code 2001 assoc=a,b" and the like; true for a 2xxx result. */
static bool report(const hss_push_result_t *r, hss_out_t *o)
{
	char extra[1200] = "";
	bool ok;

	switch (r->status) {
	case HSS_PUSH_TIMEOUT:
		hss_out_line(o, "error timeout");
		return false;
	case HSS_PUSH_FAILED:
		hss_out_line(o, "error %s", r->error);
		return false;
	default:
		break;
	}
	if (r->failed_avp[0] != '\0')
		snprintf(extra, sizeof(extra), " failed-avp=%s", r->failed_avp);
	if (r->assoc[0] != '\0')
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra), " assoc=%s",
			 r->assoc);
	if (!r->has_res) {
		hss_out_line(o, "error the answer has neither Result-Code nor Experimental-Result%s",
			     extra);
		return false;
	}
	ok = r->res.code >= 2000 && r->res.code <= 2999;
	hss_out_line(o, "%s %s %u%s", ok ? "ok" : "error",
		     r->res.experimental ? "Experimental-Result" : "Result-Code",
		     (unsigned)r->res.code, extra);
	return ok;
}

/* Options shared by rtr and ppr; returns 1 handled, 0 not an option, -1 bad. */
static int common_opt(const char *kw, char **args, const char **to, hss_push_t *p,
		      hss_out_t *o)
{
	char *v;

	if (strcmp(kw, "to") == 0) {
		if ((v = next_tok(args)) == NULL) {
			hss_out_line(o, "error `to` needs a host");
			return -1;
		}
		*to = v;
		return 1;
	}
	if (strcmp(kw, "omit") == 0) {
		if ((v = next_tok(args)) == NULL || !hss_push_can_omit(v)) {
			hss_out_line(o, "error `omit` needs the name of an AVP the request carries");
			return -1;
		}
		if (p->nomit == HSS_PUSH_MAX_LIST) {
			hss_out_line(o, "error too many `omit`");
			return -1;
		}
		p->omit[p->nomit++] = v;
		return 1;
	}
	return 0;
}

/* After a successful RTA: the identities it ended are not registered. */
static void rtr_done(const hss_push_t *p, bool by_impu)
{
	hss_user_t *u;
	size_t i;
	long at;

	hss_state_lock();
	u = hss_user_by_impi(p->user_name);
	if (by_impu) {
		for (i = 0; u != NULL && i < p->nimpus; i++)
			if ((at = hss_user_impu_index(u, p->impus[i])) >= 0)
				u->reg[at] = HSS_NOT_REGISTERED;
		if (u != NULL && hss_user_state(u) == HSS_NOT_REGISTERED)
			hss_user_set_server(u, NULL);
	} else {
		if (u != NULL) {
			hss_user_set_all(u, HSS_NOT_REGISTERED);
			hss_user_set_server(u, NULL);
		}
		for (i = 0; i < p->nassoc; i++)
			if ((u = hss_user_by_impi(p->assoc[i])) != NULL) {
				hss_user_set_all(u, HSS_NOT_REGISTERED);
				hss_user_set_server(u, NULL);
			}
	}
	hss_state_unlock();
}

static void cmd_rtr(char *args, hss_out_t *o)
{
	const char *usage = "error usage: rtr impi IMPI [assoc IMPI2,...] | rtr impu "
			    "IMPU[,IMPU2...] [impi IMPI]; then [reason N] [to HOST] "
			    "[omit AVP]... [info TEXT]";
	char *kind = next_tok(&args), *ids = next_tok(&args), *kw, *v;
	const char *to = NULL, *impi = NULL;
	hss_push_result_t res;
	hss_push_t p;
	target_t t;
	hss_user_t *u = NULL;
	bool by_impu;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&t, 0, sizeof(t));
	if (kind == NULL || ids == NULL || (strcmp(kind, "impi") != 0 && strcmp(kind, "impu") != 0)) {
		hss_out_line(o, "%s", usage);
		return;
	}
	by_impu = strcmp(kind, "impu") == 0;
	if (by_impu && split_list(ids, p.impus, &p.nimpus, HSS_PUSH_MAX_LIST) != 0) {
		hss_out_line(o, "error bad IMPU list");
		return;
	}
	if (!by_impu)
		impi = ids;
	while ((kw = next_tok(&args)) != NULL) {
		if ((rc = common_opt(kw, &args, &to, &p, o)) != 0) {
			if (rc < 0)
				return;
		} else if (strcmp(kw, "info") == 0) {
			p.info = rest(&args);
		} else if (strcmp(kw, "reason") == 0) {
			if ((v = next_tok(&args)) == NULL || parse_reason(v, &p.reason) != 0) {
				hss_out_line(o, "error `reason` needs 0-3, a Reason-Code name or a number");
				return;
			}
		} else if (strcmp(kw, "assoc") == 0 && !by_impu) {
			if ((v = next_tok(&args)) == NULL ||
			    split_list(v, p.assoc, &p.nassoc, HSS_PUSH_MAX_LIST) != 0) {
				hss_out_line(o, "error bad `assoc` list");
				return;
			}
		} else if (strcmp(kw, "impi") == 0 && by_impu) {
			if ((impi = next_tok(&args)) == NULL) {
				hss_out_line(o, "error `impi` needs an IMPI");
				return;
			}
		} else {
			hss_out_line(o, "%s", usage);
			return;
		}
	}
	hss_state_lock();
	if (impi != NULL)
		u = hss_user_by_impi(impi);
	else if ((u = hss_user_by_impu(p.impus[0], NULL)) != NULL)
		impi = u->sub->impi;
	if (impi == NULL) {
		hss_state_unlock();
		hss_out_line(o, "error no subscriber has %s (give `impi IMPI`)", p.impus[0]);
		return;
	}
	snprintf(t.impi, sizeof(t.impi), "%s", impi);
	if (u == NULL && to == NULL) {
		hss_state_unlock();
		hss_out_line(o, "error unknown IMPI %s (add `to HOST` to send anyway)", t.impi);
		return;
	}
	rc = pick_destination(u, to, &t, o);
	hss_state_unlock();
	if (rc != 0)
		return;
	p.user_name = t.impi;
	p.dest_host = t.host;
	p.dest_realm = t.realm;
	log_info("control: RTR %s to %s (reason %d)", t.impi, t.host, p.reason);
	hss_push_rtr(&p, &res);
	if (report(&res, o))
		rtr_done(&p, by_impu);
}

/* A replacement IMSSubscription from a file (read in full, bounded). */
static char *read_profile(const char *path, size_t *len, hss_out_t *o)
{
	const size_t max = hss_subs_default_limits.profile.max_bytes;
	struct stat st;
	char *buf;
	ssize_t r;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		hss_out_line(o, "error cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		close(fd);
		hss_out_line(o, "error %s is not a regular file of at most %zu bytes", path, max);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	while (buf != NULL && got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (buf == NULL || got != (size_t)st.st_size) {
		free(buf);
		hss_out_line(o, "error cannot read %s", path);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

static void cmd_ppr(char *args, hss_out_t *o)
{
	char *impi = next_tok(&args), *kw, *file = NULL, *password = NULL, *doc = NULL;
	const char *to = NULL;
	ud_subscription_t *ud = NULL;
	hss_push_result_t res;
	hss_push_t p;
	target_t t;
	hss_user_t *u;
	char err[400];
	size_t doclen = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&t, 0, sizeof(t));
	if (impi == NULL) {
		hss_out_line(o, "error usage: ppr IMPI [file PATH] [password NEWPASS] [to HOST] "
				"[omit AVP]...");
		return;
	}
	while ((kw = next_tok(&args)) != NULL) {
		if ((rc = common_opt(kw, &args, &to, &p, o)) != 0) {
			if (rc < 0)
				return;
		} else if (strcmp(kw, "file") == 0 && (file = next_tok(&args)) != NULL) {
			continue;
		} else if (strcmp(kw, "password") == 0 && (password = next_tok(&args)) != NULL) {
			continue;
		} else {
			hss_out_line(o, "error usage: ppr IMPI [file PATH] [password NEWPASS] "
					"[to HOST] [omit AVP]...");
			return;
		}
	}
	if (file != NULL) {
		if ((doc = read_profile(file, &doclen, o)) == NULL)
			return;
		ud = hss_subs_check_profile(doc, doclen, impi, NULL, err, sizeof(err));
		if (ud == NULL) {
			free(doc);
			hss_out_line(o, "error %s: %s", file, err);
			return;
		}
	}
	hss_state_lock();
	u = hss_user_by_impi(impi);
	snprintf(t.impi, sizeof(t.impi), "%s", impi);
	if (u == NULL) {
		hss_state_unlock();
		ud_free(ud);
		free(doc);
		hss_out_line(o, "error unknown IMPI %s", impi);
		return;
	}
	if (pick_destination(u, to, &t, o) != 0) {
		hss_state_unlock();
		ud_free(ud);
		free(doc);
		return;
	}
	/* the provisioning change happens now, whatever the S-CSCF answers */
	if (ud != NULL) {
		if (hss_user_replace_profile(u, doc, doclen, ud) != 0) {
			hss_state_unlock();
			ud_free(ud);
			free(doc);
			hss_out_line(o, "error out of memory");
			return;
		}
	}
	if (password != NULL && (hss_user_set_password(u, password) != 0 ||
				 digest_ha1(u->sub->impi, u->sub->realm, u->sub->password, t.ha1) != 0)) {
		hss_state_unlock();
		hss_out_line(o, "error cannot set the password of %s", impi);
		return;
	}
	if (password != NULL) {
		snprintf(t.realm_digest, sizeof(t.realm_digest), "%s", u->sub->realm);
		t.style = u->sub->digest_style;
	}
	if (file != NULL || password == NULL) {
		t.user_data = malloc(u->sub->user_data_len + 1);
		if (t.user_data != NULL) {
			memcpy(t.user_data, u->sub->user_data, u->sub->user_data_len);
			t.user_data_len = u->sub->user_data_len;
		}
	}
	hss_state_unlock();
	if ((file != NULL || password == NULL) && t.user_data == NULL) {
		hss_out_line(o, "error out of memory");
		return;
	}
	p.user_name = t.impi;
	p.dest_host = t.host;
	p.dest_realm = t.realm;
	p.user_data = t.user_data;
	p.user_data_len = t.user_data_len;
	p.digest_item = password != NULL;
	p.realm = t.realm_digest;
	p.ha1 = t.ha1;
	p.style = t.style;
	log_info("control: PPR %s to %s (%s%s%s)", t.impi, t.host,
		 p.user_data != NULL ? "User-Data" : "", p.user_data && p.digest_item ? ", " : "",
		 p.digest_item ? "SIP Digest password" : "");
	hss_push_ppr(&p, &res);
	report(&res, o);
	free(t.user_data);
}

/* --- dispatch -------------------------------------------------------------- */

static void cmd_help(hss_out_t *o)
{
	static const char *const lines[] = {
		"ping",
		"list",
		"history [N | clear]",
		"peer HOST",
		"rtr impi IMPI [assoc IMPI2,...] [reason N] [to HOST] [omit AVP]... [info TEXT]",
		"rtr impu IMPU[,IMPU2...] [impi IMPI] [reason N] [to HOST] [omit AVP]... [info TEXT]",
		"ppr IMPI [file PATH] [password NEWPASS] [to HOST] [omit AVP]...",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		hss_out_line(o, "  %s", lines[i]);
	hss_out_line(o, "ok %zu", i);
}

void hss_cmd_run(const char *line, hss_out_t *out)
{
	char *copy = strdup(line), *args, *cmd, field[64];

	if (copy == NULL) {
		out->oom = true;
	} else {
		args = copy;
		cmd = next_tok(&args);
		if (cmd == NULL)
			hss_out_line(out, "error empty command");
		else if (strcmp(cmd, "ping") == 0)
			hss_out_line(out, "ok");
		else if (strcmp(cmd, "help") == 0)
			cmd_help(out);
		else if (strcmp(cmd, "list") == 0)
			cmd_list(out);
		else if (strcmp(cmd, "history") == 0)
			cmd_history(args, out);
		else if (strcmp(cmd, "peer") == 0)
			cmd_peer(args, out);
		else if (strcmp(cmd, "rtr") == 0)
			cmd_rtr(args, out);
		else if (strcmp(cmd, "ppr") == 0)
			cmd_ppr(args, out);
		else
			hss_out_line(out, "error unknown command '%s' (try help)",
				     hss_field(cmd, field, sizeof(field)));
	}
	free(copy);
	if (out->oom) {
		free(out->buf);
		memset(out, 0, sizeof(*out));
		out->buf = strdup("error out of memory\n");
		out->len = out->buf != NULL ? strlen(out->buf) : 0;
	}
}
