# tests/hss-sim/local.mk - the HSS simulator hss-sim: a Cx server on
# freeDiameter for the tests, the benchmarks and the quickstart
# (doc/HSS-SIM.md), and the unit test of its subscriber file parser.

# The subscriber file parser on its own, for hss-sim and its unit test (the
# fuzz target compiles subscribers.c itself, for coverage).
noinst_LIBRARIES += tests/hss-sim/libhsssubs.a
tests_hss_sim_libhsssubs_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
tests_hss_sim_libhsssubs_a_SOURCES = \
	tests/hss-sim/subscribers.c tests/hss-sim/subscribers.h
HSS_SUBS_LIBS = tests/hss-sim/libhsssubs.a $(USERDATA_LIBS)

bin_PROGRAMS += tests/hss-sim/hss-sim
tests_hss_sim_hss_sim_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS) $(GCRYPT_CFLAGS)
tests_hss_sim_hss_sim_SOURCES = \
	tests/hss-sim/main.c \
	tests/hss-sim/hss_state.c tests/hss-sim/hss_state.h \
	tests/hss-sim/hss_avp.c tests/hss-sim/hss_avp.h \
	tests/hss-sim/hss_cx.c tests/hss-sim/hss_cx.h \
	tests/hss-sim/hss_mar.c tests/hss-sim/hss_sar.c \
	tests/hss-sim/hss_push.c tests/hss-sim/hss_push.h \
	tests/hss-sim/hss_history.c tests/hss-sim/hss_history.h \
	tests/hss-sim/hss_cmd.c tests/hss-sim/hss_cmd.h \
	tests/hss-sim/hss_ctl.c tests/hss-sim/hss_ctl.h \
	tests/hss-sim/ctl_client.c
tests_hss_sim_hss_sim_LDADD = $(HSS_SUBS_LIBS) $(CX_LIBS) $(CXCRYPTO_LIBS) $(USERDATA_LIBS)

# The subscriber file parser, hostile input included.
check_PROGRAMS += tests/unit/check_hss_subscribers
TESTS += tests/unit/check_hss_subscribers
VALGRIND_TESTS += tests/unit/check_hss_subscribers
tests_unit_check_hss_subscribers_CFLAGS = $(TEST_CFLAGS) \
	-DHSS_CONF_DIR='"$(abs_top_srcdir)/conf"'
tests_unit_check_hss_subscribers_LDADD = tests/unit/libtestutil.a $(HSS_SUBS_LIBS) \
	$(REGEVENT_LIBS) $(CHECK_LIBS)

EXTRA_DIST += conf/subscribers.xml conf/freediameter-hss.conf conf/freediameter-scscf.conf \
	doc/HSS-SIM.md

# hss-sim over real Cx: a stand-in S-CSCF (hss_sim_probe) checks MAR, SAR,
# RTR and PPR against a running hss-sim on 127.0.0.1 (ports from the
# process id; HSS_SIM_TEST_PORT sets them).
check_PROGRAMS += tests/hss-sim/hss_sim_probe
tests_hss_sim_hss_sim_probe_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS) $(GCRYPT_CFLAGS)
tests_hss_sim_hss_sim_probe_SOURCES = tests/hss-sim/hss_sim_probe.c \
	tests/hss-sim/hss_avp.c tests/hss-sim/hss_avp.h
tests_hss_sim_hss_sim_probe_LDADD = $(CX_LIBS) $(CXCRYPTO_LIBS) $(USERDATA_LIBS)
TESTS += tests/hss-sim/hss_sim_test.sh
EXTRA_DIST += tests/hss-sim/hss_sim_test.sh

# The same with hss-sim under valgrind (a build without sanitizers): any
# leak or memory error at the clean shutdown fails.
check-hss-sim-valgrind: tests/hss-sim/hss-sim$(EXEEXT) tests/hss-sim/hss_sim_probe$(EXEEXT)
	HSS_SIM_WRAPPER="$(VALGRIND) --quiet --error-exitcode=99 --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect" \
	  srcdir=$(srcdir) $(SHELL) $(srcdir)/tests/hss-sim/hss_sim_test.sh
.PHONY: check-hss-sim-valgrind
