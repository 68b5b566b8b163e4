# scscf/daemon/local.mk - the daemon scscfd: the configuration file, the
# HSS link (freeDiameter's core and the Cx client), main() and its loop.
noinst_LIBRARIES += scscf/daemon/libdaemon.a
scscf_daemon_libdaemon_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_daemon_libdaemon_a_SOURCES = \
	scscf/daemon/cfg.c scscf/daemon/cfg.h scscf/daemon/cfg_key.h \
	scscf/daemon/cfg_keys.c scscf/daemon/cfg_set.c \
	scscf/daemon/hss_link.c scscf/daemon/hss_link.h \
	scscf/daemon/cx_port.c scscf/daemon/cx_port.h \
	scscf/daemon/loop_clock.c scscf/daemon/loop_clock.h

DAEMON_LIBS = scscf/daemon/libdaemon.a $(OPS_LIBS)

# a daemon: installed in sbin (scscfctl and hss-sim stay in bin)
sbin_PROGRAMS += scscf/scscfd
scscf_scscfd_SOURCES = scscf/daemon/main.c
scscf_scscfd_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
scscf_scscfd_LDADD = $(DAEMON_LIBS)

# The control protocol's pure parts and the [control] configuration keys.
check_PROGRAMS += tests/unit/check_ctl
TESTS += tests/unit/check_ctl
VALGRIND_TESTS += tests/unit/check_ctl
tests_unit_check_ctl_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_ctl_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)

# Unit tests of the SIP layer's own parts (sip_check has its own, in
# tests/sip); they read their configuration through the daemon's parser.
SIP_UNIT_TESTS = tests/unit/check_sip_units tests/unit/check_sip_txn tests/unit/check_sip_loop
check_PROGRAMS += $(SIP_UNIT_TESTS)
TESTS += $(SIP_UNIT_TESTS)
VALGRIND_TESTS += $(SIP_UNIT_TESTS)
tests_unit_check_sip_units_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_sip_units_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)
tests_unit_check_sip_txn_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_sip_txn_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)
tests_unit_check_sip_loop_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_sip_loop_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)

# Integration tests: the real daemon driven by sipp and raw sockets.
TESTS += tests/sip/daemon_test.sh tests/sip/registrar_test.sh
EXTRA_DIST += tests/sip/daemon_test.sh tests/sip/daemon_test.py tests/sip/siptest.py \
	tests/sip/group.sh \
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

# The key table: doc/CONFIGURATION.md and the table list the same keys,
# the defaults, every key's bounds and messages.
check_PROGRAMS += tests/unit/check_config
TESTS += tests/unit/check_config
VALGRIND_TESTS += tests/unit/check_config
tests_unit_check_config_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_config_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)
