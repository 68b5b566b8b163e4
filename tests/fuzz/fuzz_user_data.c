/*
 * fuzz_user_data.c - libFuzzer target for ud_parse() (Cx User-Data).
 *
 * Any bytes: the parser must neither crash nor leak, under the default
 * limits and under tight ones, and must say why when it refuses.  A document
 * the tight limits accept must also parse under the defaults, to the same
 * identities.  A parsed model must keep the derived sets' invariants: the
 * IRS is duplicate-free and in document order, the default IMPU is its
 * first non-barred distinct IMPU and heads P-Associated-URI, which holds no
 * barred or wildcarded identity; every identity of the IRS is found by
 * ud_lookup() (itself, or a distinct identity with the same string); and
 * the matcher is run on a few URIs derived from the document; a wildcard
 * has its TS 23.003 form, and the URI said to be covered by it (if any)
 * matches it.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diameter/userdata/user_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small enough that ordinary seeds cross every one of them. */
static const ud_limits_t tight_limits = {
	.max_bytes = 4096,
	.max_depth = 8,
	.max_elements = 64,
	.max_text = 64,
	.max_profiles = 2,
	.max_identities = 4,
	.max_ifcs = 2,
	.max_spts = 3,
	.max_groups = 2,
	.max_shared_sets = 2,
	.max_wildcard_len = 32,
};

static void die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_user_data: %s: %s\n", what, why ? why : "");
	abort();
}

static void check_irs(const ud_subscription_t *s)
{
	const ud_public_identity_t *const *irs, *def, *found;
	const char *const *pau;
	size_t n, npau, i, j;

	irs = ud_irs(s, &n);
	if (n == 0 || n > s->nids)
		die("IRS size", "outside 1..nids");
	for (i = 0; i < n; i++) {
		if (i > 0 && irs[i] <= irs[i - 1])
			die("IRS", "not in document order");
		for (j = 0; j < i; j++)
			if (strcmp(irs[i]->identity, irs[j]->identity) == 0)
				die("IRS", "holds a duplicate");
		if (irs[i]->is_wildcard != (irs[i]->matcher != NULL) ||
		    irs[i]->is_wildcard != (irs[i]->wildcard != NULL))
			die("identity", "wildcard fields disagree");
		if (irs[i]->is_wildcard != (irs[i]->wildcard_re != NULL) ||
		    (irs[i]->covered != NULL && !irs[i]->is_wildcard))
			die("identity", "reg-event wildcard fields disagree");
		if (irs[i]->covered != NULL && !ud_wildcard_match(irs[i]->matcher, irs[i]->covered))
			die("identity", "the URI a wildcard covers does not match it");
		if (irs[i]->profile >= s->nprofiles)
			die("identity", "profile index out of range");
		found = ud_lookup(s, irs[i]->identity);
		if (!irs[i]->is_wildcard && found != irs[i])
			die("ud_lookup", "misses a distinct identity of the IRS");
		if (ud_profile_for(s, irs[i]->identity) == NULL && found != NULL)
			die("ud_profile_for", "no profile for a found identity");
	}
	def = ud_default_impu(s);
	pau = ud_pau(s, &npau);
	if (def != NULL && (npau == 0 || pau[0] != def->identity))
		die("P-Associated-URI", "does not start with the default IMPU");
	if (def != NULL && (def->barred || def->is_wildcard))
		die("default IMPU", "barred or wildcarded");
	for (i = 0; i < npau; i++) {
		found = ud_lookup(s, pau[i]);
		if (found == NULL || found->barred || found->is_wildcard)
			die("P-Associated-URI", "lists a barred, wildcarded or unknown identity");
	}
}

/* Exercise the matchers on a few URIs made from the document itself. */
static void poke_matchers(const ud_subscription_t *s)
{
	static const char *const probes[] = {"", "sip:", "sip:a@h", "tel:+1", "!", "*",
					     "sip:user123@home1.net"};
	char buf[300];
	size_t i, k;

	for (k = 0; k < sizeof(probes) / sizeof(probes[0]); k++)
		(void)ud_lookup(s, probes[k]);
	for (i = 0; i < s->nids && i < 8; i++) {
		const ud_public_identity_t *id = &s->ids[i];

		if (!id->is_wildcard)
			continue;
		/* the pattern itself, and it with the '!' parts removed */
		(void)ud_wildcard_match(id->matcher, id->wildcard);
		snprintf(buf, sizeof(buf), "%s", id->wildcard);
		for (k = 0; buf[k] != '\0'; k++)
			if (buf[k] == '!' || buf[k] == '*' || buf[k] == '?')
				buf[k] = 'x';
		(void)ud_lookup(s, buf);
	}
}

static int same_identities(const ud_subscription_t *a, const ud_subscription_t *b)
{
	size_t i;

	if (a->nids != b->nids || a->nprofiles != b->nprofiles ||
	    strcmp(a->private_id, b->private_id) != 0)
		return 0;
	for (i = 0; i < a->nids; i++)
		if (strcmp(a->ids[i].identity, b->ids[i].identity) != 0 ||
		    a->ids[i].barred != b->ids[i].barred || a->ids[i].type != b->ids[i].type)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *doc = (const char *)data;
	char err[256], small_err[16];
	ud_subscription_t *s, *small;

	/* A 16-byte message buffer also exercises truncated messages. */
	small_err[0] = '\0';
	small = ud_parse(doc, size, &tight_limits, small_err, sizeof(small_err));
	if (small == NULL && small_err[0] == '\0')
		die("ud_parse (tight limits) refused", "without a message");

	err[0] = '\0';
	s = ud_parse(doc, size, NULL, err, sizeof(err));
	if (s == NULL && err[0] == '\0')
		die("ud_parse refused", "without a message");

	if (small != NULL) {
		if (s == NULL)
			die("accepted under tight limits, refused under the defaults", err);
		if (!same_identities(small, s))
			die("tight and default limits", "give different identities");
	}
	if (s != NULL) {
		check_irs(s);
		poke_matchers(s);
	}
	ud_free(small);
	ud_free(s);
	return 0;
}
