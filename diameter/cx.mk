# diameter/cx.mk - Cx on freeDiameter: the dictionary, the core start-up,
# the messages, and the loop-side client.
noinst_LIBRARIES += diameter/libcx.a
diameter_libcx_a_CFLAGS = $(AM_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
diameter_libcx_a_SOURCES = \
	diameter/cx_dict.c diameter/cx_dict.h \
	diameter/diam_boot.c diameter/diam_boot.h

# libcx needs the log from libscscf; list it after $(CX_LIBS)
CX_LIBS = diameter/libcx.a $(USERDATA_LIBS) $(FD_LIBS)
