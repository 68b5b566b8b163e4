/*
 * fuzz_subscribers.c - libFuzzer target for hss-sim's subscriber file
 * parser (tests/hss-sim/subscribers.c).
 *
 * Any bytes: the parser must neither crash nor leak, under the default
 * limits and under tight ones, and must say why when it refuses.  A file the
 * tight limits accept must parse under the defaults to the same
 * subscribers.  A parsed set must keep its invariants: IMPIs unique and
 * sorted and each found by hss_subs_find(); every subscriber has a scheme,
 * its default scheme is one of them, each allowed scheme has its
 * credentials; the serialised IMSSubscription is NUL-terminated at its
 * length and parses again, as its own User-Data, to the same PrivateID.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/hss-sim/subscribers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_subscribers: %s: %s\n", what, why ? why : "");
	abort();
}

static hss_subs_limits_t tight(void)
{
	hss_subs_limits_t l = hss_subs_default_limits;

	l.max_bytes = 8192;
	l.max_depth = 10;
	l.max_elements = 96;
	l.max_subscribers = 3;
	l.max_attr = 40;
	l.profile.max_bytes = 2048;
	l.profile.max_elements = 32;
	l.profile.max_identities = 4;
	l.profile.max_text = 64;
	return l;
}

static void check_set(const hss_subscribers_t *s)
{
	char err[256];
	size_t i;

	if (s->n == 0)
		die("set", "empty");
	for (i = 0; i < s->n; i++) {
		const hss_subscriber_t *u = &s->v[i];
		ud_subscription_t *again;

		if (i > 0 && strcmp(s->v[i - 1].impi, u->impi) >= 0)
			die("set", "IMPIs not sorted or not unique");
		if (hss_subs_find(s, u->impi) != u)
			die("hss_subs_find", "misses a subscriber");
		if (u->schemes == 0 || (u->schemes & u->default_scheme) == 0 ||
		    (u->default_scheme & (u->default_scheme - 1)) != 0)
			die("schemes", "empty, or the default is not one of them");
		if (((u->schemes & HSS_SCHEME_AKA) && !u->has_aka) ||
		    ((u->schemes & HSS_SCHEME_SIP_DIGEST) && !u->has_digest))
			die("schemes", "a scheme without its credentials");
		if (u->has_digest && (u->password == NULL || u->realm == NULL || u->realm[0] == '\0'))
			die("digest", "password or realm missing");
		if (u->has_aka && (u->sqn_step == 0 || u->sqn > 0xffffffffffffULL))
			die("aka", "bad SQN or step");
		if (u->item_base > 1)
			die("item-base", "not 0 or 1");
		if (u->user_data == NULL || strlen(u->user_data) != u->user_data_len)
			die("user_data", "not NUL-terminated at its length");
		again = hss_subs_check_profile(u->user_data, u->user_data_len, u->impi, NULL, err,
					       sizeof(err));
		if (again == NULL)
			die("the serialised IMSSubscription does not parse again", err);
		if (strcmp(again->private_id, u->ud->private_id) != 0 || again->nids != u->ud->nids)
			die("the serialised IMSSubscription", "differs from the parsed one");
		ud_free(again);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const hss_subs_limits_t lim = tight();
	char err[512], small_err[16];
	hss_subscribers_t *s, *small;
	size_t i;

	small_err[0] = '\0';
	small = hss_subs_parse((const char *)data, size, &lim, small_err, sizeof(small_err));
	if (small == NULL && small_err[0] == '\0')
		die("refused under tight limits", "without a message");

	err[0] = '\0';
	s = hss_subs_parse((const char *)data, size, NULL, err, sizeof(err));
	if (s == NULL && err[0] == '\0')
		die("refused", "without a message");

	if (small != NULL) {
		if (s == NULL)
			die("accepted under tight limits, refused under the defaults", err);
		if (small->n != s->n)
			die("tight and default limits", "give different sets");
		for (i = 0; i < s->n; i++)
			if (strcmp(small->v[i].impi, s->v[i].impi) != 0 ||
			    small->v[i].user_data_len != s->v[i].user_data_len)
				die("tight and default limits", "give different subscribers");
		check_set(small);
	}
	if (s != NULL)
		check_set(s);
	hss_subs_free(small);
	hss_subs_free(s);
	return 0;
}
