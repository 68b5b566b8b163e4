# tests/local.mk - unit tests (Check), fuzz targets, benchmarks.
TEST_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS) $(CHECK_CFLAGS) \
	-DTEST_SRCDIR='"$(abs_top_srcdir)/tests"' -DSHARED_DIR='"$(SHARED_DIR)"'
TEST_LIBS = tests/unit/libtestutil.a $(REGEVENT_LIBS) $(CHECK_LIBS)

check_LIBRARIES = tests/unit/libtestutil.a
tests_unit_libtestutil_a_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_libtestutil_a_SOURCES = tests/unit/testutil.c tests/unit/testutil.h \
	tests/unit/cfg_text.c tests/unit/cfg_text.h

UNIT_TESTS = \
	tests/unit/check_model \
	tests/unit/check_policy \
	tests/unit/check_render \
	tests/unit/check_parse \
	tests/unit/check_ms
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_check_model_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_model_LDADD = $(TEST_LIBS)
tests_unit_check_policy_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_policy_LDADD = $(TEST_LIBS)
tests_unit_check_render_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_render_LDADD = $(TEST_LIBS)
tests_unit_check_parse_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_parse_LDADD = $(TEST_LIBS)
tests_unit_check_ms_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_ms_LDADD = $(TEST_LIBS)

EXTRA_DIST += tests/xsd tests/data tests/lsan.supp tests/valgrind.supp

# Leaks inside libraries (freeDiameter's TLS credentials) are not ours.
# SCSCF_SHARED_DIR: the specifications digest (configure --with-shared-dir)
# for the scripts that read its RFC 4475 messages.
AM_TESTS_ENVIRONMENT = LSAN_OPTIONS=suppressions=$(abs_top_srcdir)/tests/lsan.supp; \
	export LSAN_OPTIONS; SCSCF_SHARED_DIR='$(SHARED_DIR)'; export SCSCF_SHARED_DIR;

# make distcheck builds from the tarball, which has no ../shared beside it.
AM_DISTCHECK_CONFIGURE_FLAGS = --with-shared-dir='$(SHARED_DIR)'

# Every unit test in one process (CK_FORK=no) under valgrind: any error or
# definite/indirect leak fails.  Run from a build without sanitizers.
VALGRIND_TESTS += $(UNIT_TESTS)
check-valgrind: $(VALGRIND_TESTS)
	@test "$(VALGRIND)" != no || { echo "valgrind not found: install the Debian package valgrind"; exit 1; }
	@fail=0; for t in $(VALGRIND_TESTS); do \
	  if CK_FORK=no $(VALGRIND) --quiet --error-exitcode=99 --leak-check=full \
	       --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	       --suppressions=$(abs_top_srcdir)/tests/valgrind.supp \
	       ./$$t >$$t.valgrind.log 2>&1; then echo "PASS: valgrind $$t"; \
	  else echo "FAIL: valgrind $$t"; cat $$t.valgrind.log; fail=1; fi; \
	done; exit $$fail
.PHONY: check-valgrind
CLEANFILES += tests/unit/*.valgrind.log

# The demo that scripts/demo.sh runs.
noinst_PROGRAMS += tests/demo/regevent_demo
tests_demo_regevent_demo_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
tests_demo_regevent_demo_LDADD = $(REGEVENT_LIBS)

# The layering and size rules of the source tree (scripts/check-*.py).
TESTS += tests/tree_check.sh
EXTRA_DIST += tests/tree_check.sh scripts/check-layers.py scripts/check-sizes.py
