# tests/sip/local.mk - SIP layer tests
#
# sip_check: hand-written hostile and normal messages and the 50 RFC 4475
# torture messages (read from $(SHARED_DIR)/testdata/rfc4475; configure
# --with-shared-dir, default ../shared beside the source tree).
check_PROGRAMS += tests/unit/check_sip_check
TESTS += tests/unit/check_sip_check
VALGRIND_TESTS += tests/unit/check_sip_check
tests_unit_check_sip_check_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS)
tests_unit_check_sip_check_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)

# The USIM side of IMS AKA for registrar_test.py (sipp never sends auts).
check_PROGRAMS += tests/sip/aka_ue
tests_sip_aka_ue_SOURCES = tests/sip/aka_ue.c
tests_sip_aka_ue_CFLAGS = $(AM_CFLAGS)
tests_sip_aka_ue_LDADD = $(REGISTRAR_LIBS)
