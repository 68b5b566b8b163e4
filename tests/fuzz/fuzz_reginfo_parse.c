/*
 * fuzz_reginfo_parse.c - libFuzzer target for re_parse().
 *
 * Any bytes: the parser must neither crash nor leak, under the default
 * limits and under tight ones, and must say why when it refuses.  A document
 * the tight limits accept must parse to the same model under the defaults.
 * A model the parser returns is rendered under the rfc3680 profile, which
 * may refuse it (an event that contradicts the contact state, "shortened"
 * without expires, an unknown-param without a name...); a rendered body must
 * parse back to the same model, modulo the one thing the renderer is
 * documented to drop, and must render back to the very same bytes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regevent/notify_policy.h"
#include "regevent/reginfo_parse.h"
#include "regevent/reginfo_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small enough that ordinary seeds cross every one of them. */
static const re_parse_limits_t tight_limits = {
	.max_bytes = 2048,
	.max_depth = 5,
	.max_registrations = 2,
	.max_contacts = 2,
	.max_params = 2,
	.max_elements = 24,
};

static void die(const char *what, const char *why, const char *body)
{
	fprintf(stderr, "fuzz_reginfo_parse: %s: %s\n", what, why);
	if (body != NULL)
		fprintf(stderr, "--- rendered body ---\n%s\n--- end ---\n", body);
	abort();
}

/* The renderer writes every Contact parameter except q and expires (which
 * have contact attributes of their own; compared case-insensitively) as an
 * <unknown-param>; the parser keeps any name it reads, so a document may
 * carry <unknown-param name="Q"/>.  Drop those from the first model.
 * Nothing else needs normalising: the parser already turns an empty param
 * value into "no value" and trims <uri> and <wildcardedIdentity>, and does
 * the same again on the way back. */
static void drop_rfc3261_params(re_reginfo_t *info)
{
	size_t i, j, k, kept;

	for (i = 0; i < info->nregs; i++) {
		for (j = 0; j < info->regs[i]->ncontacts; j++) {
			re_contact_t *c = info->regs[i]->contacts[j];

			for (k = 0, kept = 0; k < c->nparams; k++) {
				re_param_t *p = &c->params[k];

				if (strcasecmp(p->name, "q") == 0 ||
				    strcasecmp(p->name, "expires") == 0) {
					re_strset(&p->name, NULL);
					re_strset(&p->value, NULL);
				} else {
					c->params[kept++] = *p;
				}
			}
			c->nparams = kept;
		}
	}
}

/* Render info (rfc3680), parse the body back, compare; render again and
 * compare the bytes. */
static void round_trip(re_reginfo_t *info)
{
	re_parse_limits_t roomy = re_parse_default_limits;
	char err[256], why[512], *body, *body2;
	size_t len, len2;
	re_reginfo_t *again;
	re_policy_t pol;

	if (re_policy_builtin("rfc3680", &pol) < 0)
		die("re_policy_builtin", "no rfc3680 profile", NULL);
	err[0] = '\0';
	if (re_render(info, &pol, &body, &len, err, sizeof(err)) < 0) {
		if (err[0] == '\0' || body != NULL)
			die("re_render refused", "without a message or with a body", NULL);
		return;
	}
	if (len != strlen(body))
		die("re_render", "length disagrees with the body", body);

	/* Escaping and indentation may make the body longer than the input. */
	if (roomy.max_bytes < len)
		roomy.max_bytes = len;
	again = re_parse(body, len, &roomy, err, sizeof(err));
	if (again == NULL)
		die("the parser refuses the renderer's body", err, body);
	drop_rfc3261_params(info);
	if (re_reginfo_diff(info, again, why, sizeof(why)) != 0)
		die("parse(render(parse(x))) != parse(x)", why, body);

	if (re_render(again, &pol, &body2, &len2, err, sizeof(err)) < 0)
		die("re_render refuses what it rendered before", err, body);
	if (len2 != len || memcmp(body, body2, len) != 0)
		die("render(parse(body)) != body", body2, body);
	free(body2);
	re_reginfo_free(again);
	free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *doc = (const char *)data;
	char err[256], small_err[16], why[512];
	re_reginfo_t *info, *small;

	/* A 16-byte message buffer also exercises truncated messages. */
	small_err[0] = '\0';
	small = re_parse(doc, size, &tight_limits, small_err, sizeof(small_err));
	if (small == NULL && small_err[0] == '\0')
		die("re_parse (tight limits) refused", "without a message", NULL);

	err[0] = '\0';
	info = re_parse(doc, size, NULL, err, sizeof(err));
	if (info == NULL && err[0] == '\0')
		die("re_parse refused", "without a message", NULL);

	if (small != NULL) {
		if (info == NULL)
			die("accepted under tight limits, refused under the defaults", err, NULL);
		if (re_reginfo_diff(small, info, why, sizeof(why)) != 0)
			die("tight and default limits give different models", why, NULL);
	}
	if (info != NULL)
		round_trip(info);
	re_reginfo_free(small);
	re_reginfo_free(info);
	return 0;
}
