/*
 * check_base.c - the small helpers of the base library: ARRAY_LEN and
 * container_of (macros.h), the hex encoder (hex.h), socket-address
 * equality, port and text (netaddr.h), freeing string arrays (strv.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scscf/base/hex.h"
#include "scscf/base/macros.h"
#include "scscf/base/netaddr.h"
#include "scscf/base/strbuf.h"
#include "scscf/base/strv.h"

/* ---- macros.h ------------------------------------------------------------ */

struct outer {
	int before;
	char pad[3];
	long member;
};

START_TEST(strbuf_builds_text_and_takes_it)
{
	strbuf_t b = {0};
	size_t len = 0;
	char *s;

	sb_puts(&b, "NOTIFY ");
	sb_put(&b, "sip:a@b;x", 7);
	sb_printf(&b, " SIP/%d.%d\r\n", 2, 0);
	s = sb_take(&b, &len);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "NOTIFY sip:a@b SIP/2.0\r\n");
	ck_assert_uint_eq(len, strlen(s));
	ck_assert_ptr_null(b.buf);
	ck_assert_uint_eq(b.len, 0);
	free(s);
	/* nothing written: NULL */
	ck_assert_ptr_null(sb_take(&b, &len));
}
END_TEST

/* What sb_take_fit hands over is cut to its length: 1500 bytes grew the
 * buffer to 2048, the text keeps about 1501 (malloc may round up a little). */
START_TEST(strbuf_take_gives_back_the_slack)
{
	strbuf_t b = {0};
	char chunk[100];
	size_t len = 0;
	char *s;

	memset(chunk, 'x', sizeof(chunk));
	for (int i = 0; i < 15; i++)
		sb_put(&b, chunk, sizeof(chunk));
	ck_assert_uint_ge(b.cap, 2048);
	s = sb_take_fit(&b, &len);
	ck_assert_uint_eq(len, 1500);
	ck_assert_uint_lt(malloc_usable_size(s), 1600);
	ck_assert_int_eq(s[1500], '\0');
	free(s);
}
END_TEST

START_TEST(array_len_counts_elements)
{
	static const short three[3] = {1, 2, 3};
	static const char *const names[] = {"a", "b", "c", "d", "e"};
	struct outer o[7];

	ck_assert_uint_eq(ARRAY_LEN(three), 3);
	ck_assert_uint_eq(ARRAY_LEN(names), 5);
	ck_assert_uint_eq(ARRAY_LEN(o), 7);
}
END_TEST

START_TEST(container_of_finds_the_holder)
{
	struct outer o = {0};
	long *m = &o.member;
	int *b = &o.before;

	ck_assert_ptr_eq(container_of(m, struct outer, member), &o);
	ck_assert_ptr_eq(container_of(b, struct outer, before), &o);
	container_of(m, struct outer, member)->before = 42;
	ck_assert_int_eq(o.before, 42);
}
END_TEST

/* ---- hex.h --------------------------------------------------------------- */

START_TEST(hex_lower_case_and_terminated)
{
	static const uint8_t in[] = {0x00, 0x9a, 0xff, 0x10, 0x0f, 0xa5};
	char out[HEX_SIZE(sizeof(in)) + 1];

	memset(out, 'X', sizeof(out));
	hex_encode(in, 3, out);
	ck_assert_str_eq(out, "009aff");
	hex_encode(in, sizeof(in), out);
	ck_assert_str_eq(out, "009aff100fa5");
	ck_assert_int_eq(out[HEX_SIZE(sizeof(in))], 'X'); /* nothing past the NUL */
	ck_assert_uint_eq(HEX_SIZE(16), 33);
}
END_TEST

START_TEST(hex_of_nothing_is_empty)
{
	char out[1] = {'X'};

	hex_encode(NULL, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(hex_every_byte)
{
	uint8_t all[256];
	char out[HEX_SIZE(256)];
	char two[3];
	size_t i;

	for (i = 0; i < sizeof(all); i++)
		all[i] = (uint8_t)i;
	hex_encode(all, sizeof(all), out);
	ck_assert_uint_eq(strlen(out), 512);
	for (i = 0; i < sizeof(all); i++) {
		unsigned v;

		memcpy(two, out + 2 * i, 2);
		two[2] = '\0';
		ck_assert_int_eq(strspn(two, "0123456789abcdef"), 2);
		ck_assert_int_eq(sscanf(two, "%2x", &v), 1);
		ck_assert_uint_eq(v, i);
	}
}
END_TEST

/* ---- netaddr.h ----------------------------------------------------------- */

static struct sockaddr_storage v4(const char *host, unsigned port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a = (struct sockaddr_in *)&ss;

	memset(&ss, 0, sizeof(ss));
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET, host, &a->sin_addr), 1);
	return ss;
}

static struct sockaddr_storage v6(const char *host, unsigned port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	a->sin6_family = AF_INET6;
	a->sin6_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET6, host, &a->sin6_addr), 1);
	return ss;
}

START_TEST(netaddr_equal_compares_family_address_port)
{
	struct sockaddr_storage a = v4("192.0.2.1", 5060), b = v4("192.0.2.1", 5060);
	struct sockaddr_storage c = v6("2001:db8::1", 5060), d = v6("2001:db8::1", 5060);
	struct sockaddr_storage mapped = v6("::ffff:192.0.2.1", 5060), unix_ss;

	ck_assert(netaddr_equal(&a, &b));
	ck_assert(netaddr_equal(&c, &d));
	b = v4("192.0.2.2", 5060);
	ck_assert(!netaddr_equal(&a, &b));
	b = v4("192.0.2.1", 5061);
	ck_assert(!netaddr_equal(&a, &b));
	d = v6("2001:db8::2", 5060);
	ck_assert(!netaddr_equal(&c, &d));
	d = v6("2001:db8::1", 5080);
	ck_assert(!netaddr_equal(&c, &d));
	/* different families never match, a v4-mapped v6 address included */
	ck_assert(!netaddr_equal(&a, &mapped));
	ck_assert(!netaddr_equal(&mapped, &a));
	/* bytes outside the address and port do not count */
	b = a;
	((struct sockaddr_in *)&b)->sin_zero[0] = 7;
	ck_assert(netaddr_equal(&a, &b));
	/* another family equals nothing, itself included */
	memset(&unix_ss, 0, sizeof(unix_ss));
	unix_ss.ss_family = AF_UNIX;
	ck_assert(!netaddr_equal(&unix_ss, &unix_ss));
}
END_TEST

START_TEST(netaddr_port_and_host)
{
	struct sockaddr_storage a = v4("198.51.100.7", 5070), c = v6("2001:db8::5", 65535), u;
	char buf[INET6_ADDRSTRLEN], tiny[4];

	ck_assert_uint_eq(netaddr_port((const struct sockaddr *)&a), 5070);
	ck_assert_uint_eq(netaddr_port((const struct sockaddr *)&c), 65535);
	ck_assert_str_eq(netaddr_host((const struct sockaddr *)&a, buf, sizeof(buf)), "198.51.100.7");
	ck_assert_str_eq(netaddr_host((const struct sockaddr *)&c, buf, sizeof(buf)), "2001:db8::5");
	/* too small a buffer, another family: "?" */
	ck_assert_str_eq(netaddr_host((const struct sockaddr *)&a, tiny, sizeof(tiny)), "?");
	memset(&u, 0, sizeof(u));
	u.ss_family = AF_UNIX;
	ck_assert_uint_eq(netaddr_port((const struct sockaddr *)&u), 0);
	ck_assert_str_eq(netaddr_host((const struct sockaddr *)&u, buf, sizeof(buf)), "?");
}
END_TEST

/* ---- strv.h -------------------------------------------------------------- */

START_TEST(strv_free_frees_strings_and_array)
{
	char **v = calloc(4, sizeof(*v));

	ck_assert_ptr_nonnull(v);
	v[0] = strdup("sip:alice@example.com");
	v[1] = NULL; /* a hole is fine */
	v[2] = strdup("");
	v[3] = strdup("tel:+15550100");
	strv_free(v, 4); /* valgrind and ASan see any leak */
	strv_free(NULL, 3);
	strv_free(NULL, 0);
}
END_TEST

START_TEST(strv_clear_keeps_the_array)
{
	char *fixed[3];

	fixed[0] = strdup("<sip:pcscf.example.com;lr>");
	fixed[1] = strdup("<sip:edge.example.com;lr;ob>");
	fixed[2] = NULL;
	strv_clear(fixed, 3);
	ck_assert_ptr_null(fixed[0]);
	ck_assert_ptr_null(fixed[1]);
	ck_assert_ptr_null(fixed[2]);
	strv_clear(fixed, 3); /* twice is harmless: every entry is NULL now */
	strv_clear(NULL, 5);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("base");
	TCase *tc = tcase_create("base");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, array_len_counts_elements);
	tcase_add_test(tc, container_of_finds_the_holder);
	tcase_add_test(tc, hex_lower_case_and_terminated);
	tcase_add_test(tc, hex_of_nothing_is_empty);
	tcase_add_test(tc, hex_every_byte);
	tcase_add_test(tc, netaddr_equal_compares_family_address_port);
	tcase_add_test(tc, netaddr_port_and_host);
	tcase_add_test(tc, strv_free_frees_strings_and_array);
	tcase_add_test(tc, strv_clear_keeps_the_array);
	tcase_add_test(tc, strbuf_builds_text_and_takes_it);
	tcase_add_test(tc, strbuf_take_gives_back_the_slack);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
