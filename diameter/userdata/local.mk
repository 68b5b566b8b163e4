# diameter/userdata/local.mk - the User-Data (IMSSubscription) parser, the
# iFCs, the wildcard matcher, and their unit test.
noinst_LIBRARIES += diameter/userdata/libuserdata.a
diameter_userdata_libuserdata_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
diameter_userdata_libuserdata_a_SOURCES = \
	diameter/userdata/user_data.c diameter/userdata/user_data.h \
	diameter/userdata/user_data_sets.c \
	diameter/userdata/ifc.h diameter/userdata/ifc_parse.c diameter/userdata/ifc_parse.h \
	diameter/userdata/ud_parse.c diameter/userdata/ud_parse.h diameter/userdata/ud_limits.h \
	diameter/userdata/wildcard.c diameter/userdata/wildcard.h diameter/userdata/wildcard_internal.h \
	diameter/userdata/wildcard_forms.c

USERDATA_LIBS = diameter/userdata/libuserdata.a $(BASE_LIBS)

check_PROGRAMS += tests/unit/check_user_data
TESTS += tests/unit/check_user_data
VALGRIND_TESTS += tests/unit/check_user_data
tests_unit_check_user_data_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_user_data_LDADD = tests/unit/libtestutil.a $(USERDATA_LIBS) \
	$(REGEVENT_LIBS) $(CHECK_LIBS)

EXTRA_DIST += tests/data/user_data
