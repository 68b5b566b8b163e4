/*
 * regstore_layout.c - how the registration store lays out a set or a
 * binding in memory and names it (see regstore_layout.h).
 *
 * Memory: a binding is one allocation for its fixed part (the public
 * struct, key and id, regstore.c) plus one "blob" with everything a refresh
 * replaces (Contact parameters, Path, the strings), so a refresh is one
 * allocation that either succeeds whole or changes nothing.  A binding's
 * IMPI is the set's string when they are equal, and its instance points
 * into its +sip.instance parameter when they are equal.  A set likewise:
 * fixed part (struct, id, IMPI) plus a blob (User-Data, HSS host and
 * realm, wildcard).
 *
 * Ids (stable for the same data, never pointer values; 16 hex digits of a
 * 64-bit FNV-1a hash with a final mix):
 *  - set id: hash of the IMPI and the default IMPU (the first identity of
 *    the set when it has no default);
 *  - binding id: hash of the set id, the key and the set's generation, a
 *    counter of the bindings created in the set so far.  A key that comes
 *    back after its binding was removed gets a new id; the same REGISTERs
 *    in the same order after a restart get the same ids.
 * A clash with a live id (2^-64 per pair) is resolved by hashing again with
 * a salt (sets) or the next generation (bindings).
 */
#include "config.h"

#include "scscf/store/regstore_layout.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- ids ------------------------------------------------------------- */

static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; s != NULL && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	h ^= 0xff; /* field separator */
	return h * 1099511628211ull;
}

static uint64_t hash_u32(uint64_t h, uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%" PRIu32, v);
	return hash_str(h, buf);
}

static void render_id(uint64_t h, char out[RSL_ID_LEN + 1])
{
	h ^= h >> 33; /* murmur3 fmix64: every input bit reaches every digit */
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	snprintf(out, RSL_ID_LEN + 1, "%016" PRIx64, h);
}

void rsl_set_id(const strmap_t *ids, const char *impi, const char *impu,
		char out[RSL_ID_LEN + 1])
{
	uint64_t h = hash_str(hash_str(14695981039346656037ull, impi), impu);
	uint32_t salt;

	render_id(h, out);
	for (salt = 1; strmap_get(ids, out) != NULL; salt++)
		render_id(hash_u32(h, salt), out);
}

static bool binding_id_taken(const rs_set_t *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->nbindings; i++)
		if (strcmp(set->bindings[i]->id, id) == 0)
			return true;
	return false;
}

void rsl_binding_id(const rs_set_t *set, const char *key, uint32_t *generation,
		    char out[RSL_ID_LEN + 1])
{
	uint64_t h = hash_str(hash_str(14695981039346656037ull, set->id), key);

	do
		render_id(hash_u32(h, (*generation)++), out);
	while (binding_id_taken(set, out));
}

/* ---- blobs ----------------------------------------------------------- */

static size_t str_size(const char *str)
{
	return str != NULL ? strlen(str) + 1 : 0;
}

static char *put_str(char **p, const char *str)
{
	char *r = *p;
	size_t n = str_size(str);

	if (n == 0)
		return NULL;
	memcpy(r, str, n);
	*p += n;
	return r;
}

/* The parameter whose value info->instance is (+sip.instance), or -1. */
static long instance_param(const rs_contact_info_t *info)
{
	size_t i;

	for (i = 0; info->instance != NULL && i < info->nparams; i++)
		if (info->params[i].name != NULL && info->params[i].value != NULL &&
		    strcasecmp(info->params[i].name, "+sip.instance") == 0 &&
		    strcmp(info->params[i].value, info->instance) == 0)
			return (long)i;
	return -1;
}

/* Layout: the params array, the path array, then the strings. */
void *rsl_binding_blob(const rs_set_t *set, const rs_contact_info_t *info, rs_binding_t *b)
{
	bool own_impi = info->impi != NULL && strcmp(info->impi, set->impi) != 0;
	long inst = instance_param(info);
	size_t size = info->nparams * sizeof(rs_param_t) + info->npath * sizeof(char *), i;
	rs_param_t *params;
	char **path, *p;
	void *blob;

	for (i = 0; i < info->nparams; i++)
		size += str_size(info->params[i].name) + str_size(info->params[i].value);
	for (i = 0; i < info->npath; i++)
		size += str_size(info->path[i]);
	size += str_size(info->uri) + str_size(info->display_name) + str_size(info->q) +
		str_size(info->callid) + str_size(info->user_agent) + str_size(info->pub_gruu) +
		str_size(info->temp_gruu) + str_size(info->aor) + (inst < 0 ? str_size(info->instance) : 0) +
		(own_impi ? str_size(info->impi) : 0);
	blob = malloc(size ? size : 1);
	if (blob == NULL)
		return NULL;
	params = blob;
	path = (char **)(params + info->nparams);
	p = (char *)(path + info->npath);
	for (i = 0; i < info->nparams; i++) {
		params[i].name = put_str(&p, info->params[i].name);
		params[i].value = put_str(&p, info->params[i].value);
	}
	for (i = 0; i < info->npath; i++)
		path[i] = put_str(&p, info->path[i]);
	b->params = info->nparams ? params : NULL;
	b->nparams = info->nparams;
	b->path = info->npath ? path : NULL;
	b->npath = info->npath;
	b->uri = put_str(&p, info->uri);
	b->display_name = put_str(&p, info->display_name);
	b->q = put_str(&p, info->q);
	b->callid = put_str(&p, info->callid);
	b->user_agent = put_str(&p, info->user_agent);
	b->pub_gruu = put_str(&p, info->pub_gruu);
	b->temp_gruu = put_str(&p, info->temp_gruu);
	b->aor = put_str(&p, info->aor);
	b->instance = inst < 0 ? put_str(&p, info->instance) : params[inst].value;
	b->impi = own_impi ? put_str(&p, info->impi) : set->impi;
	b->has_reg_id = info->has_reg_id;
	b->reg_id = info->reg_id;
	b->cseq = info->cseq;
	b->transport = info->transport;
	b->source = info->source;
	b->conn_id = info->conn_id;
	return blob;
}

void *rsl_set_blob(const char *user_data, size_t len, const char *hss_host,
		   const char *hss_realm, const char *wildcard, rs_set_t *out)
{
	size_t size = (user_data != NULL ? len + 1 : 0) + str_size(hss_host) +
		      str_size(hss_realm) + str_size(wildcard);
	char *blob = malloc(size ? size : 1), *p = blob;

	if (blob == NULL)
		return NULL;
	out->user_data = NULL;
	out->user_data_len = 0;
	if (user_data != NULL) {
		memcpy(p, user_data, len);
		p[len] = '\0';
		out->user_data = p;
		out->user_data_len = len;
		p += len + 1;
	}
	out->hss_host = put_str(&p, hss_host);
	out->hss_realm = put_str(&p, hss_realm);
	out->wildcard = put_str(&p, wildcard);
	return blob;
}
