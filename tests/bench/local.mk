# tests/bench/local.mk - benchmarks.  `make bench` builds and runs
# bench_reginfo (BENCH_N iterations per run, default 20000) and
# bench_options.sh (OPTIONS/s with sipp against scscfd and against
# udp_responder); configure with CFLAGS=-O2 and without sanitizers for
# meaningful figures.
noinst_PROGRAMS += tests/bench/bench_reginfo
tests_bench_bench_reginfo_SOURCES = tests/bench/bench_reginfo.c
tests_bench_bench_reginfo_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
tests_bench_bench_reginfo_LDADD = $(REGEVENT_LIBS)

noinst_PROGRAMS += tests/bench/udp_responder
tests_bench_udp_responder_SOURCES = tests/bench/udp_responder.c
EXTRA_DIST += tests/bench/bench_options.sh tests/bench/options_load.xml

.PHONY: bench
bench: tests/bench/bench_reginfo$(EXEEXT) tests/bench/udp_responder$(EXEEXT) scscf/scscfd$(EXEEXT)
	./tests/bench/bench_reginfo$(EXEEXT) $(BENCH_N)
	$(SHELL) $(srcdir)/tests/bench/bench_options.sh . $(srcdir)
