# scscf/notifier.mk - the reg event notifier: SUBSCRIBE, NOTIFY, and the
# Microsoft registration notifications.
noinst_LIBRARIES += scscf/libnotifier.a
scscf_libnotifier_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_libnotifier_a_SOURCES = \
	scscf/notifier.c scscf/notifier.h scscf/nt_internal.h \
	scscf/subscribe.c scscf/nt_body.c scscf/nt_dialog.c scscf/nt_ms.c

# before $(REGISTRAR_LIBS)
NOTIFIER_LIBS = scscf/libnotifier.a
