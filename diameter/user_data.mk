# diameter/user_data.mk - the User-Data (IMSSubscription) parser, the
# wildcard matcher, and their unit test.
noinst_LIBRARIES += diameter/libuserdata.a
diameter_libuserdata_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
diameter_libuserdata_a_SOURCES = \
	diameter/user_data.c diameter/user_data.h \
	diameter/user_data_sets.c \
	diameter/ifc.c diameter/ifc.h \
	diameter/ud_parse.c diameter/ud_parse.h \
	diameter/wildcard.c diameter/wildcard.h

USERDATA_LIBS = diameter/libuserdata.a regevent/libregevent.a $(XML2_LIBS)

check_PROGRAMS += tests/unit/check_user_data
TESTS += tests/unit/check_user_data
VALGRIND_TESTS += tests/unit/check_user_data
tests_unit_check_user_data_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_user_data_LDADD = tests/unit/libtestutil.a $(USERDATA_LIBS) \
	$(REGEVENT_LIBS) $(CHECK_LIBS)

EXTRA_DIST += tests/data/user_data
