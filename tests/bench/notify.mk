# tests/bench/notify.mk - the notifier benchmark.  `make bench-notify`
# starts hss-sim, scscfd and a sipp watcher (tests/bench/notify_uas.xml) on
# free loopback ports; sub_load registers the users through a named
# P-CSCF, subscribes each to its reg event as the UE and as the P-CSCF and
# re-REGISTERs them: NOTIFYs answered per second, re-REGISTERs per second,
# scscfd's RSS per subscription.  See tests/bench/bench_notify.sh for the
# knobs (BENCH_USERS, BENCH_ROUNDS, BENCH_EV_WINDOWS, BENCH_RUNS...).
# Configure with CFLAGS=-O2 and without sanitizers for meaningful figures.
noinst_PROGRAMS += tests/bench/sub_load
tests_bench_sub_load_SOURCES = tests/bench/sub_load.c tests/bench/load_util.c \
	tests/bench/load_util.h
tests_bench_sub_load_CFLAGS = $(AM_CFLAGS) $(LIBUV_CFLAGS)
tests_bench_sub_load_LDADD = $(CXCRYPTO_LIBS) $(LIBUV_LIBS)
EXTRA_DIST += tests/bench/bench_notify.sh tests/bench/notify_uas.xml

.PHONY: bench-notify
bench-notify: tests/bench/sub_load$(EXEEXT) scscf/scscfd$(EXEEXT) tests/hss-sim/hss-sim$(EXEEXT)
	$(SHELL) $(srcdir)/tests/bench/bench_notify.sh . $(srcdir)
