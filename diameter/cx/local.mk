# diameter/cx/local.mk - Cx on freeDiameter: the dictionary, the core start-up,
# the messages, and the loop-side client.
noinst_LIBRARIES += diameter/cx/libcx.a
diameter_cx_libcx_a_CFLAGS = $(AM_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
diameter_cx_libcx_a_SOURCES = \
	diameter/cx/cx_dict.c diameter/cx/cx_dict.h \
	diameter/cx/diam_boot.c diameter/cx/diam_boot.h \
	diameter/cx/cx_avp.c diameter/cx/cx_avp.h \
	diameter/cx/cx_msg.h diameter/cx/cx_status.c diameter/cx/cx_build.c diameter/cx/cx_read.c \
	diameter/cx/cx_handoff.c diameter/cx/cx_handoff.h \
	diameter/cx/cx_client.c diameter/cx/cx_client.h diameter/cx/cx_client_internal.h \
	diameter/cx/cx_mar_sar.c diameter/cx/cx_rtr_ppr.c \
	diameter/cx/cx_tally.c diameter/cx/cx_tally.h

CX_LIBS = diameter/cx/libcx.a $(BASE_LIBS) $(FD_LIBS) $(LIBUV_LIBS)

# The client through real freeDiameter against hss-sim, on loopback.
check_PROGRAMS += tests/unit/check_cx
TESTS += tests/unit/check_cx
VALGRIND_TESTS += tests/unit/check_cx
tests_unit_check_cx_CFLAGS = $(TEST_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS) \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"' -DTOP_BUILDDIR='"$(abs_top_builddir)"'
tests_unit_check_cx_SOURCES = tests/unit/check_cx.c tests/unit/cx_env.c tests/unit/cx_env.h
tests_unit_check_cx_LDADD = $(CX_LIBS) $(CXCRYPTO_LIBS) $(USERDATA_LIBS) \
	$(CHECK_LIBS) -lpthread
EXTRA_DIST += scripts/diameter-certs.sh
