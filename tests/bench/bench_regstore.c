/*
 * bench_regstore.c - the registration store at 100 000 registered users.
 *
 * Each user is an implicit set of 3 IMPUs (a SIP URI, a tel URI and a
 * barred SIP URI) parsed from an IMSSubscription with one iFC, and one
 * binding with the Contact parameters and Path a VoLTE UE registers with.
 * Prints resident memory (/proc/self/statm) and heap in use (mallinfo2)
 * per registered IMPU and per set, split into the parsed profiles and the
 * store itself; then the time per put_profile, bind, refresh and lookup by
 * IMPU, and the time regstore_expire() takes to remove everyone.
 *
 *   bench_regstore [users] [nodoc]
 *
 * "nodoc" passes no User-Data to the store (it keeps a copy otherwise).
 */
#include "config.h"

#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diameter/userdata/user_data.h"
#include "scscf/store/regstore.h"

#define DOMAIN "ims.mnc001.mcc001.3gppnetwork.org"

static void die(const char *what)
{
	fprintf(stderr, "bench_regstore: %s\n", what);
	exit(EXIT_FAILURE);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t rss_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f == NULL || fscanf(f, "%lu %lu", &size, &resident) != 2)
		die("cannot read /proc/self/statm");
	fclose(f);
	return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

static size_t heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static int user_doc(char *buf, size_t size, unsigned i)
{
	return snprintf(
	    buf, size,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<IMSSubscription xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	    "xsi:noNamespaceSchemaLocation=\"CxDataType_Rel7.xsd\">"
	    "<PrivateID>%09u@" DOMAIN "</PrivateID>"
	    "<ServiceProfile>"
	    "<PublicIdentity><BarringIndication>0</BarringIndication>"
	    "<Identity>sip:+1555%07u@" DOMAIN "</Identity>"
	    "<Extension><IdentityType>0</IdentityType>"
	    "<Extension><DisplayName>User %u</DisplayName></Extension></Extension>"
	    "</PublicIdentity>"
	    "<PublicIdentity><BarringIndication>0</BarringIndication>"
	    "<Identity>tel:+1555%07u</Identity>"
	    "<Extension><IdentityType>0</IdentityType></Extension></PublicIdentity>"
	    "<PublicIdentity><BarringIndication>1</BarringIndication>"
	    "<Identity>sip:%09u@" DOMAIN "</Identity>"
	    "<Extension><IdentityType>0</IdentityType></Extension></PublicIdentity>"
	    "<InitialFilterCriteria><Priority>0</Priority>"
	    "<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
	    "<SPT><ConditionNegated>0</ConditionNegated><Group>0</Group>"
	    "<Method>INVITE</Method></SPT>"
	    "<SPT><ConditionNegated>0</ConditionNegated><Group>0</Group>"
	    "<SessionCase>0</SessionCase></SPT>"
	    "<SPT><ConditionNegated>0</ConditionNegated><Group>1</Group>"
	    "<Method>REGISTER</Method><Extension><RegistrationType>0</RegistrationType>"
	    "<RegistrationType>1</RegistrationType></Extension></SPT>"
	    "</TriggerPoint>"
	    "<ApplicationServer><ServerName>sip:mmtel-as." DOMAIN ":5060</ServerName>"
	    "<DefaultHandling>0</DefaultHandling></ApplicationServer>"
	    "<ProfilePartIndicator>0</ProfilePartIndicator>"
	    "</InitialFilterCriteria>"
	    "<CoreNetworkServicesAuthorization><SubscribedMediaProfileId>0"
	    "</SubscribedMediaProfileId></CoreNetworkServicesAuthorization>"
	    "</ServiceProfile></IMSSubscription>",
	    i, i, i, i, i);
}

static char p_inst[] = "+sip.instance", p_regid[] = "reg-id", v_regid[] = "1";
static char p_icsi[] = "+g.3gpp.icsi-ref",
	    v_icsi[] = "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"";
static char p_smsip[] = "+g.3gpp.smsip", p_audio[] = "audio", p_video[] = "video";
static char p_access[] = "+g.3gpp.accesstype", v_access[] = "\"3GPP-E-UTRAN-FDD\"";

typedef struct {
	char key[80], uri[96], inst[64], callid[64], impi[64];
	rs_param_t params[7];
	const char *path[1];
	rs_contact_info_t c;
} contact_t;

static void make_contact(contact_t *ct, unsigned i, uint32_t cseq)
{
	static const char *const path = "<sip:term@pcscf1." DOMAIN ":5060;lr>";
	rs_contact_info_t *c = &ct->c;

	snprintf(ct->inst, sizeof(ct->inst), "\"<urn:gsma:imei:35209900-%06u-0>\"", i % 1000000);
	snprintf(ct->key, sizeof(ct->key), "%s;1", ct->inst);
	snprintf(ct->uri, sizeof(ct->uri), "sip:+1555%07u@[2001:db8:%x:%x::1]:5060", i, i >> 16,
		 i & 0xffff);
	snprintf(ct->callid, sizeof(ct->callid), "%08x-6e4b-4a41-9c3a-%012u", i * 2654435761u, i);
	snprintf(ct->impi, sizeof(ct->impi), "%09u@" DOMAIN, i);
	ct->params[0] = (rs_param_t){p_inst, ct->inst};
	ct->params[1] = (rs_param_t){p_regid, v_regid};
	ct->params[2] = (rs_param_t){p_icsi, v_icsi};
	ct->params[3] = (rs_param_t){p_smsip, NULL};
	ct->params[4] = (rs_param_t){p_audio, NULL};
	ct->params[5] = (rs_param_t){p_video, NULL};
	ct->params[6] = (rs_param_t){p_access, v_access};
	ct->path[0] = path;
	memset(c, 0, sizeof(*c));
	c->key = ct->key;
	c->uri = ct->uri;
	c->params = ct->params;
	c->nparams = 7;
	c->instance = ct->inst;
	c->has_reg_id = true;
	c->reg_id = 1;
	c->callid = ct->callid;
	c->cseq = cseq;
	c->path = ct->path;
	c->npath = 1;
	c->user_agent = "Samsung IMS 6.0";
	c->impi = ct->impi;
	c->expires = 3600 + i % 600;
	c->transport = 1;
	c->conn_id = i;
	c->pub_gruu = NULL;
}

static size_t removed;

static void on_event(void *arg, const rs_event_t *ev)
{
	(void)arg;
	removed += ev->kind == RS_EV_BINDING_REMOVED;
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 100000, i, j;
	int nodoc = argc > 2 && strcmp(argv[2], "nodoc") == 0;
	regstore_limits_t lim = {.max_bindings = 10, .evict_oldest = false};
	size_t rss0, rss1, rss2, rss3, heap0, heap1, heap2, heap3, doc_bytes = 0;
	ud_subscription_t **profiles;
	rs_set_t **sets;
	unsigned *order;
	char doc[4096], err[256], uri[96];
	double t, t_put, t_bind, t_refresh, t_lookup, t_unbind, t_rebind, t_expire;
	regstore_t *s;
	contact_t ct;
	uint64_t at = 1000000;

	if (n == 0)
		die("no users");
	profiles = malloc(n * sizeof(*profiles));
	sets = malloc(n * sizeof(*sets));
	order = malloc(3 * (size_t)n * sizeof(*order));
	s = regstore_new(&lim);
	if (profiles == NULL || sets == NULL || order == NULL || s == NULL ||
	    regstore_listen(s, on_event, NULL) < 0)
		die("out of memory");
	malloc_trim(0);
	rss0 = rss_bytes();
	heap0 = heap_bytes();

	/* the profiles as the SAAs bring them */
	for (i = 0; i < n; i++) {
		int len = user_doc(doc, sizeof(doc), i);

		profiles[i] = ud_parse(doc, (size_t)len, NULL, err, sizeof(err));
		if (profiles[i] == NULL)
			die(err);
		doc_bytes += (size_t)len;
	}
	rss1 = rss_bytes();
	heap1 = heap_bytes();

	/* into the store (the store keeps a copy of the document unless nodoc) */
	t_put = 0;
	for (i = 0; i < n; i++) {
		int len = user_doc(doc, sizeof(doc), i);

		snprintf(uri, sizeof(uri), "sip:+1555%07u@" DOMAIN, i);
		t = now_s();
		sets[i] = NULL;
		regstore_put_profile(s, profiles[i]->private_id, uri, profiles[i],
				     nodoc ? NULL : doc, nodoc ? 0 : (size_t)len, "hss1." DOMAIN,
				     DOMAIN, NULL, &sets[i]);
		t_put += now_s() - t;
		if (sets[i] == NULL)
			die("put_profile failed");
	}
	rss2 = rss_bytes();
	heap2 = heap_bytes();

	/* one binding each */
	t_bind = 0;
	for (i = 0; i < n; i++) {
		make_contact(&ct, i, 1);
		t = now_s();
		if (regstore_bind(s, sets[i], &ct.c, at, NULL) != RS_OK_CREATED)
			die("bind failed");
		t_bind += now_s() - t;
	}
	rss3 = rss_bytes();
	heap3 = heap_bytes();

	/* re-REGISTER: every binding refreshed 10 minutes later */
	t_refresh = 0;
	for (i = 0; i < n; i++) {
		make_contact(&ct, i, 2);
		t = now_s();
		if (regstore_bind(s, sets[i], &ct.c, at + 600000, NULL) != RS_OK_REFRESHED)
			die("refresh failed");
		t_refresh += now_s() - t;
	}

	/* lookups by IMPU, in random order over the three identities */
	for (i = 0; i < 3 * n; i++)
		order[i] = i;
	srand(1);
	for (i = 3 * n - 1; i > 0; i--) {
		unsigned k = (unsigned)(((uint64_t)rand() << 31 ^ (uint64_t)rand()) % (i + 1)), x;

		x = order[i];
		order[i] = order[k];
		order[k] = x;
	}
	{
		char (*uris)[64] = malloc(3 * (size_t)n * sizeof(*uris));

		if (uris == NULL)
			die("out of memory");
		for (i = 0; i < n; i++) {
			snprintf(uris[3 * i], 64, "sip:+1555%07u@" DOMAIN, i);
			snprintf(uris[3 * i + 1], 64, "tel:+1555%07u", i);
			snprintf(uris[3 * i + 2], 64, "sip:%09u@" DOMAIN, i);
		}
		t_lookup = 1e9;
		for (j = 0; j < 3; j++) { /* best of 3 */
			t = now_s();
			for (i = 0; i < 3 * n; i++)
				if (regstore_find_impu(s, uris[order[i]]) != sets[order[i] / 3])
					die("lookup failed");
			t = now_s() - t;
			if (t < t_lookup)
				t_lookup = t;
		}
		free(uris);
	}

	/* de-REGISTER keeping the sets, then REGISTER again: binds into memory
	 * malloc has seen before (no page faults) */
	t_unbind = t_rebind = 0;
	for (i = 0; i < n; i++) {
		t = now_s();
		regstore_unbind(s, sets[i]->bindings[0], RE_CAUSE_UE_DEREGISTER, true);
		t_unbind += now_s() - t;
	}
	removed = 0;
	for (i = 0; i < n; i++) {
		make_contact(&ct, i, 3);
		t = now_s();
		if (regstore_bind(s, sets[i], &ct.c, at + 1200000, NULL) != RS_OK_CREATED)
			die("bind failed");
		t_rebind += now_s() - t;
	}

	printf("users %u, IMPUs indexed %zu, sets %zu, bindings %zu%s\n", n, regstore_nimpus(s),
	       regstore_nsets(s), regstore_nbindings(s),
	       nodoc ? ", no User-Data copy" : "");
	printf("User-Data document        %zu bytes/set (average)\n", doc_bytes / n);
	printf("memory                    RSS (statm)      heap in use (mallinfo2)\n");
	printf("parsed profiles           %6zu B/set      %6zu B/set\n", (rss1 - rss0) / n,
	       (heap1 - heap0) / n);
	printf("store: sets + indexes     %6zu B/set      %6zu B/set\n", (rss2 - rss1) / n,
	       (heap2 - heap1) / n);
	printf("store: bindings           %6zu B/binding  %6zu B/binding\n", (rss3 - rss2) / n,
	       (heap3 - heap2) / n);
	printf("total per set             %6zu B          %6zu B\n", (rss3 - rss0) / n,
	       (heap3 - heap0) / n);
	printf("total per IMPU            %6zu B          %6zu B\n", (rss3 - rss0) / (3 * n),
	       (heap3 - heap0) / (3 * (size_t)n));
	printf("store only per set        %6zu B          %6zu B\n", (rss3 - rss1) / n,
	       (heap3 - heap1) / n);
	printf("store only per IMPU       %6zu B          %6zu B\n", (rss3 - rss1) / (3 * n),
	       (heap3 - heap1) / (3 * (size_t)n));
	printf("put_profile (new set)     %.3f us\n", t_put / n * 1e6);
	printf("bind (new binding)        %.3f us\n", t_bind / n * 1e6);
	printf("bind (refresh)            %.3f us\n", t_refresh / n * 1e6);
	printf("unbind (keep set)         %.3f us\n", t_unbind / n * 1e6);
	printf("bind (new, warm heap)     %.3f us\n", t_rebind / n * 1e6);
	printf("lookup by IMPU            %.3f us (best of 3, random order)\n",
	       t_lookup / (3 * n) * 1e6);

	/* everyone expires: one call, due times spread over 10 minutes */
	t = now_s();
	if (regstore_expire(s, UINT64_MAX - 1) != n || removed != n)
		die("expire missed bindings");
	t_expire = now_s() - t;
	if (regstore_nsets(s) != 0 || regstore_nimpus(s) != 0 ||
	    regstore_next_expiry(s) != UINT64_MAX)
		die("store not empty after expiry");
	printf("expire all                %.1f ms (%.3f us per binding and its set)\n",
	       t_expire * 1e3, t_expire / n * 1e6);
	regstore_free(s);
	free(order);
	free(sets);
	free(profiles);
	return 0;
}
