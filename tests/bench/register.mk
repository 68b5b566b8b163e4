# tests/bench/register.mk - the registrar benchmark.  `make bench-register`
# starts hss-sim and scscfd on free loopback ports and drives them with
# reg_load (full SIP Digest registrations/s, re-REGISTERs/s, scscfd's RSS
# per registered IMPU); see tests/bench/bench_register.sh for the knobs
# (BENCH_USERS, BENCH_MEM_USERS, BENCH_WINDOWS, BENCH_RUNS, BENCH_HSS_CHUNK...;
# about 15 minutes with the defaults).
# Configure with CFLAGS=-O2 and without sanitizers for meaningful figures.
noinst_PROGRAMS += tests/bench/reg_load
tests_bench_reg_load_SOURCES = tests/bench/reg_load.c tests/bench/load_util.c tests/bench/load_util.h
tests_bench_reg_load_CFLAGS = $(AM_CFLAGS) $(LIBUV_CFLAGS)
tests_bench_reg_load_LDADD = $(CXCRYPTO_LIBS) $(LIBUV_LIBS)
EXTRA_DIST += tests/bench/bench_register.sh tests/bench/bench_lib.sh

.PHONY: bench-register
bench-register: tests/bench/reg_load$(EXEEXT) scscf/scscfd$(EXEEXT) tests/hss-sim/hss-sim$(EXEEXT)
	$(SHELL) $(srcdir)/tests/bench/bench_register.sh . $(srcdir)
