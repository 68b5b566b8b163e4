# diameter/cx.mk - Cx on freeDiameter: the dictionary, the core start-up,
# the messages, and the loop-side client.
noinst_LIBRARIES += diameter/libcx.a
diameter_libcx_a_CFLAGS = $(AM_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
diameter_libcx_a_SOURCES = \
	diameter/cx_dict.c diameter/cx_dict.h \
	diameter/diam_boot.c diameter/diam_boot.h \
	diameter/cx_avp.c diameter/cx_avp.h \
	diameter/cx_msg.h diameter/cx_status.c diameter/cx_build.c diameter/cx_read.c \
	diameter/cx_handoff.c diameter/cx_handoff.h \
	diameter/cx_client.c diameter/cx_client.h \
	diameter/cx_tally.c diameter/cx_tally.h

# libcx needs the log from libscscf; list it after $(CX_LIBS)
CX_LIBS = diameter/libcx.a $(USERDATA_LIBS) $(FD_LIBS)

# The client through real freeDiameter against hss-sim, on loopback.
check_PROGRAMS += tests/unit/check_cx
TESTS += tests/unit/check_cx
VALGRIND_TESTS += tests/unit/check_cx
tests_unit_check_cx_CFLAGS = $(TEST_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS) \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"' -DTOP_BUILDDIR='"$(abs_top_builddir)"'
tests_unit_check_cx_SOURCES = tests/unit/check_cx.c tests/unit/cx_env.c tests/unit/cx_env.h
tests_unit_check_cx_LDADD = $(CX_LIBS) $(SCSCF_LIBS) $(CXCRYPTO_LIBS) $(CHECK_LIBS) -lpthread
EXTRA_DIST += scripts/diameter-certs.sh
