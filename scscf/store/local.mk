# scscf/store/local.mk - the registration store: implicit sets, bindings,
# their indexes and expiry heap; its unit test and benchmark.
noinst_LIBRARIES += scscf/store/libstore.a
scscf_store_libstore_a_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
scscf_store_libstore_a_SOURCES = \
	scscf/store/regstore.c scscf/store/regstore.h scscf/store/rs_model.h \
	scscf/store/regstore_internal.h scscf/store/regstore_profile.c \
	scscf/store/regstore_index.c scscf/store/regstore_index.h \
	scscf/store/regstore_layout.c scscf/store/regstore_layout.h \
	scscf/store/regstore_match.c scscf/store/rs_uri.c scscf/store/rs_uri.h

REGSTORE_LIBS = scscf/store/libstore.a $(USERDATA_LIBS) $(REGEVENT_LIBS) $(BASE_LIBS)

check_PROGRAMS += tests/unit/check_regstore
TESTS += tests/unit/check_regstore
VALGRIND_TESTS += tests/unit/check_regstore
tests_unit_check_regstore_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_regstore_LDADD = tests/unit/libtestutil.a $(REGSTORE_LIBS) $(CHECK_LIBS)
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
