# scscf/notifier/local.mk - the reg event notifier: SUBSCRIBE, NOTIFY, and
# the Microsoft registration notifications.
noinst_LIBRARIES += scscf/notifier/libnotifier.a
scscf_notifier_libnotifier_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_notifier_libnotifier_a_SOURCES = \
	scscf/notifier/notifier.c scscf/notifier/notifier.h scscf/notifier/nt_internal.h \
	scscf/notifier/notifier_config.h \
	scscf/notifier/subscribe.c scscf/notifier/nt_body.c scscf/notifier/nt_dialog.c \
	scscf/notifier/nt_ms.c

NOTIFIER_LIBS = scscf/notifier/libnotifier.a $(REGISTRAR_LIBS)
