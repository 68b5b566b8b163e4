/*
 * subscribe.c - SUBSCRIBE for the reg event package (RFC 3680, RFC 6665,
 * TS 24.229 §5.4.2.1.1).  Checks, in this order:
 *
 *   Event other than "reg"                 -> 489, Allow-Events: reg
 *   Accept without application/reginfo+xml -> 406
 *   in a dialog we do not know             -> 481
 *   Request-URI not registered (or barred) -> 480
 *   watcher (P-Asserted-Identity) not the user itself, a P-CSCF on the
 *   Path of one of its bindings, an AS of its iFCs or a trusted host
 *                                          -> 403
 *   0 < Expires < min_expires, and < 3600  -> 423, Min-Expires
 *   too many subscriptions                 -> 503
 *
 * then 200 OK (Expires as granted, Contact, Record-Route) and a full-state
 * NOTIFY at once.  Expires: 0 gets its full-state NOTIFY with
 * Subscription-State terminated;reason=timeout and no subscription stays.
 * A refresh in the dialog takes the new expiry and target and gets a
 * full-state NOTIFY too.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scscf/base/log.h"
#include "scscf/notifier/nt_internal.h"
#include "scscf/registrar/reg_request.h"
#include "scscf/sip/sip_msg.h"

#define REGINFO_TYPE "application/reginfo+xml"

/* ---- reading the request -------------------------------------------------- */

static const char *header(const osip_message_t *m, const char *name, const char *compact)
{
	osip_header_t *h = NULL;

	if (osip_message_header_get_byname(m, name, 0, &h) >= 0 && h != NULL)
		return h->hvalue != NULL ? h->hvalue : "";
	if (compact != NULL && osip_message_header_get_byname(m, compact, 0, &h) >= 0 && h != NULL)
		return h->hvalue != NULL ? h->hvalue : "";
	return NULL;
}

/* "reg" or "reg;id=7": 0 and *id (malloc'd or NULL); -1 for another package. */
static int event_of(const char *v, char **id)
{
	size_t n;
	const char *p;

	*id = NULL;
	if (v == NULL)
		return -1;
	while (*v == ' ' || *v == '\t')
		v++;
	n = strcspn(v, "; \t");
	if (n != 3 || strncmp(v, "reg", 3) != 0)
		return -1;
	for (p = v + n; (p = strchr(p, ';')) != NULL;) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "id", 2) == 0) {
			const char *q = p + 2;

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=') {
				q++;
				while (*q == ' ' || *q == '\t')
					q++;
				n = strcspn(q, "; \t");
				if (n > 0 && n < 128)
					*id = strndup(q, n);
				return 0;
			}
		}
	}
	return 0;
}

/* RFC 3680 §4.5: no Accept means reginfo; one must name it (or a range
 * covering it). */
static bool accepts_reginfo(const osip_message_t *m)
{
	int i, n = osip_list_size(&m->accepts);

	if (n == 0)
		return header(m, "accept", NULL) == NULL;
	for (i = 0; i < n; i++) {
		const osip_accept_t *a = osip_list_get(&m->accepts, i);
		const char *t = a->type ? a->type : "", *s = a->subtype ? a->subtype : "";

		if ((strcasecmp(t, "application") == 0 || strcmp(t, "*") == 0) &&
		    (strcasecmp(s, "reginfo+xml") == 0 || strcmp(s, "*") == 0))
			return true;
	}
	return false;
}

static bool read_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno != 0 || *end != '\0')
		return false;
	*out = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	return true;
}

static char *host_of(const osip_uri_t *u)
{
	char *h;
	size_t n;

	if (u == NULL || u->host == NULL)
		return NULL;
	h = strdup(u->host);
	if (h == NULL)
		return NULL;
	n = strlen(h);
	if (n > 2 && h[0] == '[' && h[n - 1] == ']') {
		memmove(h, h + 1, n - 2);
		h[n - 2] = '\0';
	}
	return h;
}

/* The host of a name-addr or addr-spec text (a Path value), or NULL. */
static char *host_of_text(const char *text)
{
	osip_from_t *na = NULL;
	char *h = NULL;

	if (osip_from_init(&na) != 0)
		return NULL;
	if (osip_from_parse(na, text) == 0)
		h = host_of(na->url);
	osip_from_free(na);
	return h;
}

/* ---- who may watch ---------------------------------------------------------- */

typedef struct {
	char *impu; /* the asserted identity as the store keys IMPUs */
	char *host;
	char *text; /* as sent, for logs and scscfctl */
} asserted_t;

static void asserted_clear(asserted_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].impu);
		free(a[i].host);
		free(a[i].text);
	}
}

/* Every identity the P-Asserted-Identity headers carry (at most 4). */
static size_t asserted(const osip_message_t *m, asserted_t *out, size_t max)
{
	osip_header_t *h = NULL;
	size_t k = 0;
	int pos = 0;

	while (k < max && (pos = osip_message_header_get_byname(m, "p-asserted-identity", pos, &h)) >= 0) {
		char *copy = strdup(h->hvalue != NULL ? h->hvalue : ""), *save = NULL, *part;

		pos++;
		if (copy == NULL)
			break;
		/* name-addrs separated by commas; a comma inside <> or "" is rare
		 * enough in a PAI that a plain split serves */
		for (part = strtok_r(copy, ",", &save); part && k < max; part = strtok_r(NULL, ",", &save)) {
			osip_from_t *na = NULL;

			while (*part == ' ' || *part == '\t')
				part++;
			if (osip_from_init(&na) != 0)
				break;
			if (osip_from_parse(na, part) == 0 && na->url != NULL) {
				out[k].impu = reg_impu_of_uri(na->url);
				out[k].host = host_of(na->url);
				out[k].text = strdup(part);
				k++;
			}
			osip_from_free(na);
		}
		free(copy);
	}
	return k;
}

static bool same_host(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

static bool on_path(const rs_set_t *set, const char *host)
{
	size_t i, j;

	for (i = 0; i < set->nbindings; i++) {
		const rs_binding_t *b = set->bindings[i];

		for (j = 0; j < b->npath; j++) {
			char *h = host_of_text(b->path[j]);
			bool hit = same_host(h, host);

			free(h);
			if (hit)
				return true;
		}
	}
	return false;
}

static bool in_ifcs(const rs_set_t *set, const char *host)
{
	const ud_subscription_t *p = set->profile;
	size_t i, j;

	for (i = 0; i < p->nprofiles; i++) {
		for (j = 0; j < p->profiles[i].nifcs; j++) {
			const char *sn = p->profiles[i].ifcs[j].as.server_name;
			char *h = sn != NULL ? host_of_text(sn) : NULL;
			bool hit = same_host(h, host);

			free(h);
			if (hit)
				return true;
		}
	}
	return false;
}

/* TS 24.229 §5.4.2.1.1 step 1: the watcher's kind, or -1 (403). */
static int authorize(const struct notifier *n, const rs_set_t *set, const asserted_t *a,
		     size_t na, size_t *which)
{
	size_t i, k;

	for (i = 0; i < na; i++) {
		const ud_public_identity_t *pi = a[i].impu ? ud_lookup(set->profile, a[i].impu) : NULL;

		if (pi != NULL && !pi->barred &&
		    regstore_find_impu(n->store, a[i].impu) == set) {
			*which = i;
			return NT_WATCHER_UE;
		}
	}
	for (i = 0; i < na; i++) {
		if (a[i].host != NULL && on_path(set, a[i].host)) {
			*which = i;
			return NT_WATCHER_PCSCF;
		}
	}
	for (i = 0; i < na; i++) {
		if (a[i].host == NULL)
			continue;
		for (k = 0; k < n->cfg.ev_ntrusted; k++) {
			if (same_host(a[i].host, n->cfg.ev_trusted[k])) {
				*which = i;
				return NT_WATCHER_AS;
			}
		}
		if (in_ifcs(set, a[i].host)) {
			*which = i;
			return NT_WATCHER_AS;
		}
	}
	return -1;
}

/* ---- answering ----------------------------------------------------------------- */

static void reply(struct notifier *n, uint64_t txn, const osip_message_t *req, int status,
		  const char *reason, const char *extra)
{
	if (status >= 300)
		n->stats.subscribe_rejected++;
	sip_core_reply(n->core, txn, req, status, reason, extra);
}

/* Record-Route values in order, for the 200 and the route set. */
static size_t record_routes(const osip_message_t *req, char **out, size_t max)
{
	size_t k = 0;
	int i;

	for (i = 0; i < osip_list_size(&req->record_routes) && k < max; i++) {
		char *s = NULL;

		if (osip_record_route_to_str(osip_list_get(&req->record_routes, i), &s) == 0 && s) {
			out[k++] = strdup(s);
			osip_free(s);
		}
	}
	return k;
}

static void ok(struct notifier *n, uint64_t txn, const osip_message_t *req, nt_sub_t *s,
	       uint32_t granted)
{
	char extra[4096], contact[160];
	size_t i, used;

	nt_contact(n, &s->src, contact, sizeof(contact));
	used = (size_t)snprintf(extra, sizeof(extra), "Expires: %u\r\nContact: %s", granted, contact);
	for (i = 0; i < s->nroutes && used < sizeof(extra); i++)
		used += (size_t)snprintf(extra + used, sizeof(extra) - used, "\r\nRecord-Route: %s",
					 s->routes[i]);
	sip_core_reply_tagged(n->core, txn, req, 200, "OK", extra, s->local_tag);
}

static char *uri_text(const osip_uri_t *u)
{
	char *s = NULL, *out = NULL;

	if (u != NULL && osip_uri_to_str(u, &s) == 0 && s != NULL)
		out = strdup(s);
	osip_free(s);
	return out;
}

/* The To value without its tag: the From of our NOTIFYs gets ours. */
static char *to_without_tag(const osip_to_t *to)
{
	osip_to_t *c = NULL;
	char *s = NULL, *out = NULL;
	int i;

	if (osip_to_clone(to, &c) != 0)
		return NULL;
	for (i = 0; i < osip_list_size(&c->gen_params); i++) {
		osip_generic_param_t *p = osip_list_get(&c->gen_params, i);

		if (p->gname != NULL && strcasecmp(p->gname, "tag") == 0) {
			osip_list_remove(&c->gen_params, i);
			osip_generic_param_free(p);
			break;
		}
	}
	if (osip_to_to_str(c, &s) == 0 && s != NULL)
		out = strdup(s);
	osip_free(s);
	osip_to_free(c);
	return out;
}

static bool expires_of(const struct notifier *n, const osip_message_t *req, uint32_t *out)
{
	const char *v = header(req, "expires", NULL);

	if (v == NULL) {
		*out = n->cfg.ev_default_expires;
		return true;
	}
	return read_u32(v, out);
}

/* ---- refresh or unsubscribe in the dialog ------------------------------------------ */

/* The Expires asked for, when it is readable (else 400) and not too brief
 * (else 423 with Min-Expires).  false when the request was answered. */
static bool expires_allowed(struct notifier *n, uint64_t txn, const osip_message_t *req,
			    uint32_t *asked)
{
	if (!expires_of(n, req, asked)) {
		reply(n, txn, req, 400, "Invalid Expires", NULL);
		return false;
	}
	if (*asked > 0 && *asked < n->cfg.ev_min_expires && *asked < 3600) {
		char extra[64];

		snprintf(extra, sizeof(extra), "Min-Expires: %u", n->cfg.ev_min_expires);
		reply(n, txn, req, 423, "Interval Too Brief", extra);
		return false;
	}
	return true;
}

static void in_dialog(struct notifier *n, uint64_t txn, const osip_message_t *req,
		      const sip_req_ctx_t *ctx, const char *event_id)
{
	const char *from_tag = sip_tag(req->from), *to_tag = sip_tag(req->to);
	char key[1024], *call_id = NULL;
	uint32_t asked, cseq = 0;
	nt_sub_t *s;

	if (osip_call_id_to_str(req->call_id, &call_id) != 0 || call_id == NULL || from_tag == NULL) {
		osip_free(call_id);
		reply(n, txn, req, 481, "Subscription Does Not Exist", NULL);
		return;
	}
	snprintf(key, sizeof(key), "%s\n%s\n%s", call_id, to_tag, from_tag);
	osip_free(call_id);
	s = strmap_get(&n->dialogs, key);
	/* RFC 6665 §8.2.1: the Event id names the subscription in the dialog */
	if (s == NULL || s->final_sent || s->final_pending ||
	    (event_id == NULL) != (s->event_id == NULL) ||
	    (event_id != NULL && strcmp(event_id, s->event_id) != 0)) {
		reply(n, txn, req, 481, "Subscription Does Not Exist", NULL);
		return;
	}
	read_u32(req->cseq->number, &cseq);
	if (cseq <= s->remote_cseq) {
		reply(n, txn, req, 500, "Server Internal Error: CSeq out of order", "Retry-After: 1");
		return;
	}
	if (!expires_allowed(n, txn, req, &asked))
		return;
	if (asked > n->cfg.ev_max_expires)
		asked = n->cfg.ev_max_expires;
	s->remote_cseq = cseq;
	if (osip_list_size(&req->contacts) > 0) {
		const osip_contact_t *c = osip_list_get(&req->contacts, 0);
		char *target = uri_text(c->url);

		if (target != NULL) {
			free(s->remote_target);
			s->remote_target = target;
		}
	}
	s->src = ctx->src;
	s->expires_at = nt_now(n) + (uint64_t)asked * 1000;
	theap_set(&n->expiries, &s->expiry, s->expires_at);
	if (asked == 0) {
		s->final_pending = true;
		s->final_reason = "timeout";
	} else {
		n->stats.subscribe_refreshed++;
	}
	ok(n, txn, req, s, asked);
	s->dirty = true;
	nt_sub_schedule(s, 0);
	log_debug("notifier: subscription of %s to %s %s", s->watcher, s->impu,
		  asked ? "refreshed" : "ended by its watcher");
}

/* ---- a new subscription ---------------------------------------------------------------- */

static nt_sub_t *sub_new(const osip_message_t *req, const char *impu, const asserted_t *who,
			 nt_watcher_t kind, char *event_id, const sip_req_ctx_t *ctx)
{
	nt_sub_t *s = calloc(1, sizeof(*s));
	const osip_contact_t *c = osip_list_get(&req->contacts, 0);
	char tag[24], *call_id = NULL;

	if (s == NULL) {
		free(event_id);
		return NULL;
	}
	sip_core_new_tag(tag, sizeof(tag));
	s->kind = kind;
	s->event_id = event_id;
	s->impu = strdup(impu);
	s->watcher = strdup(who->text);
	if (osip_call_id_to_str(req->call_id, &call_id) == 0 && call_id != NULL)
		s->call_id = strdup(call_id);
	osip_free(call_id);
	s->local_tag = strdup(tag);
	s->remote_tag = strdup(sip_tag(req->from));
	s->local_uri = to_without_tag(req->to);
	if (osip_from_to_str(req->from, &call_id) == 0 && call_id != NULL)
		s->remote_uri = strdup(call_id);
	osip_free(call_id);
	s->remote_target = uri_text(c->url);
	s->nroutes = record_routes(req, s->routes, NT_MAX_ROUTES);
	read_u32(req->cseq->number, &s->remote_cseq);
	s->src = ctx->src;
	if (!s->impu || !s->watcher || !s->call_id || !s->local_tag || !s->remote_tag ||
	    !s->local_uri || !s->remote_uri || !s->remote_target) {
		nt_sub_free(s);
		return NULL;
	}
	return s;
}

static void initial(struct notifier *n, uint64_t txn, const osip_message_t *req,
		    const sip_req_ctx_t *ctx, char *event_id)
{
	asserted_t who[4];
	size_t nwho = 0, which = 0;
	char *impu = reg_impu_of_uri(req->req_uri);
	const rs_set_t *set = impu != NULL ? regstore_find_impu(n->store, impu) : NULL;
	const ud_public_identity_t *pi = set != NULL ? ud_lookup(set->profile, impu) : NULL;
	const osip_contact_t *c = osip_list_get(&req->contacts, 0);
	nt_set_t *ns;
	nt_sub_t *s;
	uint32_t asked;
	int kind;

	memset(who, 0, sizeof(who));
	if (set == NULL || set->state != RS_SET_REGISTERED || pi == NULL || pi->barred) {
		log_info("notifier: SUBSCRIBE to %s answered 480: not registered",
			 impu ? impu : "(no SIP or tel Request-URI)");
		reply(n, txn, req, 480, "Temporarily Unavailable", NULL);
		goto out;
	}
	nwho = asserted(req, who, 4);
	kind = nwho > 0 ? authorize(n, set, who, nwho, &which) : -1;
	if (kind < 0) {
		log_info("notifier: SUBSCRIBE to %s from %s answered 403", impu,
			 nwho > 0 ? who[0].text : "(no P-Asserted-Identity)");
		reply(n, txn, req, 403,
		      nwho > 0 ? "Forbidden" : "Forbidden: no P-Asserted-Identity", NULL);
		goto out;
	}
	if (!expires_allowed(n, txn, req, &asked))
		goto out;
	if (c == NULL || c->url == NULL || sip_tag(req->from) == NULL) {
		reply(n, txn, req, 400, c == NULL || c->url == NULL ? "Missing Contact"
								 : "Missing From tag", NULL);
		goto out;
	}
	ns = nt_set_get(n, set->id, false);
	if (n->stats.subscriptions >= n->cfg.ev_max_subscriptions ||
	    (ns != NULL && ns->nsubs >= n->cfg.ev_max_per_set)) {
		log_warn("notifier: SUBSCRIBE to %s answered 503: %s", impu,
			 ns != NULL && ns->nsubs >= n->cfg.ev_max_per_set
				 ? "regevent.max_per_set reached"
				 : "regevent.max_subscriptions reached");
		reply(n, txn, req, 503, "Service Unavailable", "Retry-After: 60");
		goto out;
	}
	if (asked > n->cfg.ev_max_expires)
		asked = n->cfg.ev_max_expires;
	s = sub_new(req, impu, &who[which], (nt_watcher_t)kind, event_id, ctx);
	event_id = NULL;
	if (s != NULL) {
		s->expires_at = nt_now(n) + (uint64_t)asked * 1000;
		if (asked == 0) {
			s->final_pending = true; /* a fetch */
			s->final_reason = "timeout";
		}
	}
	if (s == NULL || nt_sub_add(n, s, set->id) < 0) {
		if (s != NULL)
			nt_sub_free(s);
		reply(n, txn, req, 500, "Server Internal Error: out of memory", NULL);
		goto out;
	}
	n->stats.subscribe_ok++;
	ok(n, txn, req, s, asked);
	s->dirty = true;
	nt_sub_schedule(s, 0);
	log_info("notifier: %s %s subscribed to %s for %u s", nt_watcher_name(s->kind), s->watcher,
		 impu, asked);
out:
	free(event_id);
	free(impu);
	asserted_clear(who, nwho);
}

void nt_on_subscribe(void *arg, sip_core_t *core, uint64_t txn, osip_message_t *req,
		     const sip_req_ctx_t *ctx)
{
	struct notifier *n = arg;
	char *event_id = NULL;

	(void)core;
	if (event_of(header(req, "event", "o"), &event_id) < 0) {
		reply(n, txn, req, 489, "Bad Event", "Allow-Events: reg");
	} else if (!accepts_reginfo(req)) {
		reply(n, txn, req, 406, "Not Acceptable", "Accept: " REGINFO_TYPE);
		free(event_id);
	} else if (sip_tag(req->to) != NULL) {
		in_dialog(n, txn, req, ctx, event_id);
		free(event_id);
	} else {
		initial(n, txn, req, ctx, event_id);
	}
	osip_message_free(req);
}
