# scscf/base/local.mk - the base library: logging, the string map, the
# growing text buffer, the timer heap, base64, hex, socket addresses,
# string arrays, small macros, the strict XML reader; and its unit test.
# Every other folder may use it; it uses none of them (libc and libxml2).
noinst_LIBRARIES += scscf/base/libbase.a
scscf_base_libbase_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
scscf_base_libbase_a_SOURCES = \
	scscf/base/log.c scscf/base/log.h \
	scscf/base/strmap.c scscf/base/strmap.h \
	scscf/base/strbuf.c scscf/base/strbuf.h \
	scscf/base/theap.c scscf/base/theap.h \
	scscf/base/base64.c scscf/base/base64.h \
	scscf/base/hex.c scscf/base/hex.h \
	scscf/base/netaddr.c scscf/base/netaddr.h \
	scscf/base/strv.c scscf/base/strv.h \
	scscf/base/macros.h \
	scscf/base/xml_strict.c scscf/base/xml_strict.h

BASE_LIBS = scscf/base/libbase.a $(XML2_LIBS)

check_PROGRAMS += tests/unit/check_base
TESTS += tests/unit/check_base
VALGRIND_TESTS += tests/unit/check_base
tests_unit_check_base_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_base_LDADD = $(BASE_LIBS) $(CHECK_LIBS)
