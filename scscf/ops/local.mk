# scscf/ops/local.mk - the operator's side of the daemon: the control
# socket's server and commands, the figures (stats) and the Prometheus
# endpoint that serves them, the loop-lag probe.
noinst_LIBRARIES += scscf/ops/libops.a
scscf_ops_libops_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_ops_libops_a_SOURCES = \
	scscf/ops/oneshot.c scscf/ops/oneshot.h scscf/ops/ctl_server.c scscf/ops/ctl_server.h \
	scscf/ops/ctl_env.h scscf/ops/ctl_cmd.c scscf/ops/ctl_cmd.h scscf/ops/ctl_show.c \
	scscf/ops/stats.c scscf/ops/stats.h scscf/ops/prom.c scscf/ops/prom.h \
	scscf/ops/http_req.c scscf/ops/http_req.h scscf/ops/metrics_http.c scscf/ops/metrics_http.h \
	scscf/ops/loop_lag.c scscf/ops/loop_lag.h

OPS_LIBS = scscf/ops/libops.a $(CTLPROTO_LIBS) $(NOTIFIER_LIBS)

# The metrics endpoint's pure parts, the Cx tally, the [metrics] keys.
check_PROGRAMS += tests/unit/check_metrics
TESTS += tests/unit/check_metrics
VALGRIND_TESTS += tests/unit/check_metrics
tests_unit_check_metrics_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_metrics_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)

# The metrics endpoint scraped while a user registers, subscribes and is
# de-registered by the HSS.
TESTS += tests/sip/metrics_test.sh
EXTRA_DIST += tests/sip/metrics_test.sh tests/sip/metrics_test.py
