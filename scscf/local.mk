# scscf/local.mk - the daemon scscfd and its SIP layer.
noinst_LIBRARIES += scscf/libscscf.a
scscf_libscscf_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
scscf_libscscf_a_SOURCES = \
	scscf/sip_check.c scscf/sip_check.h \
	scscf/sip_check_scan.c scscf/sip_check_scan.h \
	scscf/cfg.c scscf/cfg.h \
	scscf/log.c scscf/log.h \
	scscf/strmap.c scscf/strmap.h \
	scscf/theap.c scscf/theap.h \
	scscf/loop_lag.c scscf/loop_lag.h \
	scscf/sip_framing.c scscf/sip_framing.h \
	scscf/sip_msg.c scscf/sip_msg.h \
	scscf/sip_txn.c scscf/sip_txn.h \
	scscf/sip_core.c scscf/sip_core.h \
	scscf/sip_transport.c scscf/sip_transport.h \
	scscf/sip_stack.c scscf/sip_stack.h

include scscf/regstore.mk
include scscf/registrar.mk
include scscf/notifier.mk
include scscf/ctl.mk

SCSCF_LIBS = scscf/libscscf.a $(REGEVENT_LIBS) $(OSIP2_LIBS) $(LIBUV_LIBS)

# a daemon: installed in sbin (scscfctl and hss-sim stay in bin)
sbin_PROGRAMS += scscf/scscfd
scscf_scscfd_SOURCES = scscf/main.c scscf/hss_link.c scscf/hss_link.h
scscf_scscfd_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
scscf_scscfd_LDADD = $(CTL_LIBS) $(NOTIFIER_LIBS) $(REGISTRAR_LIBS) $(CX_LIBS) $(SCSCF_LIBS)

# Unit tests of the SIP layer's own parts (sip_check has its own, in tests/sip).
SIP_UNIT_TESTS = tests/unit/check_sip_units tests/unit/check_sip_txn tests/unit/check_sip_loop
check_PROGRAMS += $(SIP_UNIT_TESTS)
TESTS += $(SIP_UNIT_TESTS)
VALGRIND_TESTS += $(SIP_UNIT_TESTS)
tests_unit_check_sip_units_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_sip_units_LDADD = tests/unit/libtestutil.a $(SCSCF_LIBS) $(REGEVENT_LIBS) $(CHECK_LIBS)
tests_unit_check_sip_txn_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_sip_txn_LDADD = tests/unit/libtestutil.a $(SCSCF_LIBS) $(REGEVENT_LIBS) $(CHECK_LIBS)
tests_unit_check_sip_loop_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_sip_loop_LDADD = tests/unit/libtestutil.a $(SCSCF_LIBS) $(REGEVENT_LIBS) $(CHECK_LIBS)

# Integration tests: the real daemon driven by sipp and raw sockets.
TESTS += tests/sip/daemon_test.sh tests/sip/registrar_test.sh
EXTRA_DIST += tests/sip/daemon_test.sh tests/sip/daemon_test.py tests/sip/siptest.py \
	tests/sip/registrar_test.sh tests/sip/registrar_test.py tests/sip/scenarios \
	conf/scscfd.conf
# The same tests with the daemon under valgrind (a build without sanitizers):
# any leak or memory error at the clean shutdown fails.
check-daemon-valgrind: scscf/scscfd$(EXEEXT) scscf/scscfctl$(EXEEXT) tests/hss-sim/hss-sim$(EXEEXT) \
		tests/sip/aka_ue$(EXEEXT)
	SCSCFD_WRAPPER="$(VALGRIND) --quiet --error-exitcode=99 --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect" \
	  SCSCF_SHARED_DIR='$(SHARED_DIR)' srcdir=$(srcdir) $(SHELL) $(srcdir)/tests/sip/daemon_test.sh
	SCSCFD_WRAPPER="$(VALGRIND) --quiet --error-exitcode=99 --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	  --suppressions=$(abs_top_srcdir)/tests/valgrind.supp" \
	  SCSCF_SHARED_DIR='$(SHARED_DIR)' srcdir=$(srcdir) $(SHELL) $(srcdir)/tests/sip/registrar_test.sh
	SCSCFD_WRAPPER="$(VALGRIND) --quiet --error-exitcode=99 --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	  --suppressions=$(abs_top_srcdir)/tests/valgrind.supp" \
	  srcdir=$(srcdir) $(SHELL) $(srcdir)/tests/sip/metrics_test.sh
.PHONY: check-daemon-valgrind
