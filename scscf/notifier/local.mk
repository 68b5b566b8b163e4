# scscf/notifier/local.mk - the reg event notifier: SUBSCRIBE, NOTIFY, and
# the Microsoft registration notifications.
noinst_LIBRARIES += scscf/notifier/libnotifier.a
scscf_notifier_libnotifier_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_notifier_libnotifier_a_SOURCES = \
	scscf/notifier/notifier.c scscf/notifier/notifier.h scscf/notifier/nt_internal.h \
	scscf/notifier/notifier_config.h \
	scscf/notifier/subscribe.c scscf/notifier/nt_body.c scscf/notifier/nt_dialog.c \
	scscf/notifier/nt_ms.c scscf/notifier/nt_subs.c scscf/notifier/nt_events.c \
	scscf/notifier/nt_timer.c scscf/notifier/nt_send.c scscf/notifier/nt_answer.c \
	scscf/notifier/nt_oneshot.c scscf/notifier/nt_actions.c scscf/notifier/nt_show.c

NOTIFIER_LIBS = scscf/notifier/libnotifier.a $(REGISTRAR_LIBS)

# The notifier whole, with the real registrar and store, through the SIP
# core against a fake HSS on a simulated clock (tests/unit/sip_world.c).
check_PROGRAMS += tests/unit/check_notifier
TESTS += tests/unit/check_notifier
VALGRIND_TESTS += tests/unit/check_notifier
tests_unit_check_notifier_SOURCES = tests/unit/check_notifier.c \
	tests/unit/sip_world.c tests/unit/sip_world.h tests/unit/fake_hss.c tests/unit/fake_hss.h \
	tests/unit/sim_clock.c tests/unit/sim_clock.h tests/unit/sim_ue.c tests/unit/sim_ue.h
tests_unit_check_notifier_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_notifier_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)

# The NOTIFY's bytes as nt_dialog.c writes them.
check_PROGRAMS += tests/unit/check_notify_bytes
TESTS += tests/unit/check_notify_bytes
VALGRIND_TESTS += tests/unit/check_notify_bytes
tests_unit_check_notify_bytes_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_notify_bytes_LDADD = tests/unit/libtestutil.a $(NOTIFIER_LIBS) $(CHECK_LIBS)
