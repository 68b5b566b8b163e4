# scscf/ctl.mk - the control socket: the protocol both ends share, the
# daemon's side (linked into scscfd), the scscfctl client, and their tests.
noinst_LIBRARIES += scscf/libctlproto.a scscf/libctl.a
# The text buffer, the JSON writer and reader, the request line, the
# commands' grammar.
scscf_libctlproto_a_CFLAGS = $(AM_CFLAGS)
scscf_libctlproto_a_SOURCES = \
	scscf/strbuf.c scscf/strbuf.h scscf/ctl_json.h scscf/ctl_jw.c scscf/ctl_jv.c \
	scscf/ctl_req.c scscf/ctl_req.h scscf/ctl_args.c
# The server on the loop and the commands it runs; the daemon's figures
# (stats) and the Prometheus endpoint that serves them too.
scscf_libctl_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_libctl_a_SOURCES = \
	scscf/oneshot.c scscf/oneshot.h scscf/ctl_server.c scscf/ctl_server.h \
	scscf/ctl_cmd.c scscf/ctl_cmd.h scscf/ctl_show.c \
	scscf/stats.c scscf/stats.h scscf/prom.c scscf/prom.h \
	scscf/http_req.c scscf/http_req.h scscf/metrics_http.c scscf/metrics_http.h

# before $(NOTIFIER_LIBS)
CTL_LIBS = scscf/libctl.a scscf/libctlproto.a

bin_PROGRAMS += scscf/scscfctl
scscf_scscfctl_SOURCES = scscf/scscfctl.c scscf/ctl_print.c scscf/ctl_print.h
scscf_scscfctl_CFLAGS = $(AM_CFLAGS)
scscf_scscfctl_LDADD = scscf/libctlproto.a

# The protocol's pure parts and the [control] configuration keys.
check_PROGRAMS += tests/unit/check_ctl
TESTS += tests/unit/check_ctl
VALGRIND_TESTS += tests/unit/check_ctl
tests_unit_check_ctl_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_ctl_LDADD = tests/unit/libtestutil.a scscf/libctlproto.a $(SCSCF_LIBS) \
	$(REGEVENT_LIBS) $(CHECK_LIBS)

# The metrics endpoint's pure parts, the Cx tally, the [metrics] keys.
check_PROGRAMS += tests/unit/check_metrics
TESTS += tests/unit/check_metrics
VALGRIND_TESTS += tests/unit/check_metrics
tests_unit_check_metrics_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_metrics_LDADD = tests/unit/libtestutil.a $(CTL_LIBS) $(CX_LIBS) \
	$(SCSCF_LIBS) $(REGEVENT_LIBS) $(CHECK_LIBS)

# Every command against a running scscfd with registrations (sipp, hss-sim).
TESTS += tests/sip/ctl_test.sh
EXTRA_DIST += tests/sip/ctl_test.sh tests/sip/ctl_test.py doc/SCSCFCTL.md

# The metrics endpoint scraped while a user registers, subscribes and is
# de-registered by the HSS.
TESTS += tests/sip/metrics_test.sh
EXTRA_DIST += tests/sip/metrics_test.sh tests/sip/metrics_test.py
