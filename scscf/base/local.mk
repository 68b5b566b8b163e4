# scscf/base/local.mk - the base library: logging, the string map, the
# growing text buffer, the timer heap, base64, the strict XML reader.
# Every other folder may use it; it uses none of them (libc and libxml2).
noinst_LIBRARIES += scscf/base/libbase.a
scscf_base_libbase_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
scscf_base_libbase_a_SOURCES = \
	scscf/base/log.c scscf/base/log.h \
	scscf/base/strmap.c scscf/base/strmap.h \
	scscf/base/strbuf.c scscf/base/strbuf.h \
	scscf/base/theap.c scscf/base/theap.h \
	scscf/base/base64.c scscf/base/base64.h \
	scscf/base/clock.h \
	scscf/base/xml_strict.c scscf/base/xml_strict.h

BASE_LIBS = scscf/base/libbase.a $(XML2_LIBS)
