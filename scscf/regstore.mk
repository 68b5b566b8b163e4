# scscf/regstore.mk - the registration store: implicit sets, bindings, their
# indexes and expiry heap; its unit test and benchmark.
noinst_LIBRARIES += scscf/libregstore.a
scscf_libregstore_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
scscf_libregstore_a_SOURCES = \
	scscf/regstore.c scscf/regstore.h \
	scscf/regstore_index.c scscf/regstore_index.h \
	scscf/regstore_layout.c scscf/regstore_layout.h

# strmap and theap live in libscscf.
REGSTORE_LIBS = scscf/libregstore.a $(USERDATA_LIBS) scscf/libscscf.a

check_PROGRAMS += tests/unit/check_regstore
TESTS += tests/unit/check_regstore
VALGRIND_TESTS += tests/unit/check_regstore
tests_unit_check_regstore_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_regstore_LDADD = tests/unit/libtestutil.a $(REGSTORE_LIBS) $(REGEVENT_LIBS) \
	$(CHECK_LIBS)
# The test fails allocations one by one: malloc, calloc and realloc of the
# objects linked statically go through its wrappers.
tests_unit_check_regstore_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc

# 100 000 registered users: memory per IMPU and per set, time per bind,
# refresh, lookup and expiry (tests/bench/bench_regstore.c).
noinst_PROGRAMS += tests/bench/bench_regstore
tests_bench_bench_regstore_SOURCES = tests/bench/bench_regstore.c
tests_bench_bench_regstore_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
tests_bench_bench_regstore_LDADD = $(REGSTORE_LIBS)
