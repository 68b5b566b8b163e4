# tests/bench/local.mk - benchmarks.  `make bench` builds and runs
# bench_reginfo (BENCH_N iterations per run, default 20000) and
# bench_cx (MAR+SAR pairs/s to hss-sim, BENCH_CX_PAIRS, default 2000),
# bench_regstore (the store at 100 000 users), bench-register (full
# registrations/s and re-REGISTERs/s through scscfd and hss-sim, and scscfd's
# memory per IMPU: tests/bench/register.mk) and
# bench_options.sh (OPTIONS/s with sipp against scscfd and against
# udp_responder) and bench_metrics.sh (what a scrape of /metrics costs); configure with CFLAGS=-O2 and without sanitizers for
# meaningful figures.
noinst_PROGRAMS += tests/bench/bench_reginfo
tests_bench_bench_reginfo_SOURCES = tests/bench/bench_reginfo.c
tests_bench_bench_reginfo_CFLAGS = $(AM_CFLAGS) $(XML2_CFLAGS)
tests_bench_bench_reginfo_LDADD = $(REGEVENT_LIBS)

noinst_PROGRAMS += tests/bench/bench_cx
tests_bench_bench_cx_SOURCES = tests/bench/bench_cx.c tests/unit/cx_env.c tests/unit/cx_env.h
tests_bench_bench_cx_CFLAGS = $(AM_CFLAGS) $(LIBUV_CFLAGS) \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"' -DTOP_BUILDDIR='"$(abs_top_builddir)"'
tests_bench_bench_cx_LDADD = $(CX_LIBS) -lpthread

noinst_PROGRAMS += tests/bench/udp_responder
tests_bench_udp_responder_SOURCES = tests/bench/udp_responder.c
EXTRA_DIST += tests/bench/bench_options.sh tests/bench/options_load.xml tests/bench/bench_metrics.sh

.PHONY: bench
bench: tests/bench/bench_reginfo$(EXEEXT) tests/bench/udp_responder$(EXEEXT) scscf/scscfd$(EXEEXT) \
	tests/bench/bench_cx$(EXEEXT) tests/hss-sim/hss-sim$(EXEEXT) tests/bench/bench_regstore$(EXEEXT)
	./tests/bench/bench_reginfo$(EXEEXT) $(BENCH_N)
	./tests/bench/bench_regstore$(EXEEXT) $(BENCH_REGSTORE_USERS)
	$(MAKE) $(AM_MAKEFLAGS) bench-register
	./tests/bench/bench_cx$(EXEEXT) $(BENCH_CX_PAIRS)
	$(SHELL) $(srcdir)/tests/bench/bench_options.sh . $(srcdir)
	$(SHELL) $(srcdir)/tests/bench/bench_metrics.sh . $(srcdir)
