/*
 * cx_avp.c - see cx_avp.h.
 */
#include "config.h"

#include "diameter/cx/cx_avp.h"

#include <stdlib.h>
#include <string.h>

static struct avp *add_value(msg_or_avp *parent, struct dict_object *model, union avp_value *v)
{
	struct avp *a = NULL;

	if (model == NULL || fd_msg_avp_new(model, 0, &a) != 0)
		return NULL;
	if ((v != NULL && fd_msg_avp_setvalue(a, v) != 0) ||
	    fd_msg_avp_add(parent, MSG_BRW_LAST_CHILD, a) != 0) {
		fd_msg_free(a);
		return NULL;
	}
	return a;
}

struct avp *cxa_add_os(msg_or_avp *parent, struct dict_object *model, const void *p, size_t n)
{
	union avp_value v;

	memset(&v, 0, sizeof(v));
	v.os.data = (uint8_t *)p; /* setvalue copies it */
	v.os.len = n;
	return add_value(parent, model, &v);
}

struct avp *cxa_add_str(msg_or_avp *parent, struct dict_object *model, const char *s)
{
	return cxa_add_os(parent, model, s, strlen(s));
}

struct avp *cxa_add_u32(msg_or_avp *parent, struct dict_object *model, uint32_t u)
{
	union avp_value v;

	memset(&v, 0, sizeof(v));
	v.u32 = u;
	return add_value(parent, model, &v);
}

struct avp *cxa_add_i32(msg_or_avp *parent, struct dict_object *model, int32_t i)
{
	union avp_value v;

	memset(&v, 0, sizeof(v));
	v.i32 = i;
	return add_value(parent, model, &v);
}

struct avp *cxa_add_group(msg_or_avp *parent, struct dict_object *model)
{
	return add_value(parent, model, NULL);
}

static bool matches(struct avp *a, unsigned code, unsigned vendor)
{
	struct avp_hdr *h = NULL;

	if (fd_msg_avp_hdr(a, &h) != 0 || h == NULL || h->avp_code != code)
		return false;
	return (h->avp_flags & AVP_FLAG_VENDOR) ? h->avp_vendor == vendor : vendor == 0;
}

static struct avp *scan(msg_or_avp *from, enum msg_brw_dir dir, unsigned code, unsigned vendor)
{
	msg_or_avp *cur = NULL;

	if (from == NULL || fd_msg_browse(from, dir, &cur, NULL) != 0)
		return NULL;
	while (cur != NULL) {
		if (matches(cur, code, vendor))
			return cur;
		if (fd_msg_browse(cur, MSG_BRW_NEXT, &cur, NULL) != 0)
			return NULL;
	}
	return NULL;
}

struct avp *cxa_first(msg_or_avp *parent, unsigned code, unsigned vendor)
{
	return scan(parent, MSG_BRW_FIRST_CHILD, code, vendor);
}

struct avp *cxa_next(struct avp *prev, unsigned code, unsigned vendor)
{
	return scan(prev, MSG_BRW_NEXT, code, vendor);
}

size_t cxa_count(msg_or_avp *parent, unsigned code, unsigned vendor)
{
	size_t n = 0;
	struct avp *a;

	for (a = cxa_first(parent, code, vendor); a != NULL; a = cxa_next(a, code, vendor))
		n++;
	return n;
}

const union avp_value *cxa_value(struct avp *a)
{
	struct avp_hdr *h = NULL;

	if (a == NULL || fd_msg_avp_hdr(a, &h) != 0 || h == NULL)
		return NULL;
	return h->avp_value;
}

bool cxa_u32(struct avp *a, uint32_t *out)
{
	const union avp_value *v = cxa_value(a);

	if (v == NULL)
		return false;
	*out = v->u32;
	return true;
}

bool cxa_i32(struct avp *a, int32_t *out)
{
	const union avp_value *v = cxa_value(a);

	if (v == NULL)
		return false;
	*out = v->i32;
	return true;
}

const uint8_t *cxa_bytes(struct avp *a, size_t *n)
{
	const union avp_value *v = cxa_value(a);

	if (v == NULL)
		return NULL;
	*n = v->os.len;
	return v->os.data != NULL ? v->os.data : (const uint8_t *)"";
}

char *cxa_strdup(struct avp *a, size_t max)
{
	size_t n = 0;
	const uint8_t *p = cxa_bytes(a, &n);
	char *s;

	if (p == NULL || n > max || memchr(p, '\0', n) != NULL)
		return NULL;
	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}
