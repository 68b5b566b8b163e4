# scscf/sip/local.mk - the SIP layer: transports, framing, the message
# checker, transactions, the core that dispatches requests, and its tests.
noinst_LIBRARIES += scscf/sip/libsip.a
scscf_sip_libsip_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
scscf_sip_libsip_a_SOURCES = \
	scscf/sip/sip_check.c scscf/sip/sip_check.h scscf/sip/sip_check_internal.h \
	scscf/sip/sip_check_parse.c scscf/sip/sip_check_fields.c \
	scscf/sip/sip_check_scan.c scscf/sip/sip_check_scan.h \
	scscf/sip/sip_framing.c scscf/sip/sip_framing.h \
	scscf/sip/sip_config.c scscf/sip/sip_config.h scscf/sip/sip_dest.h \
	scscf/sip/sip_msg.c scscf/sip/sip_msg.h \
	scscf/sip/sip_txn.c scscf/sip/sip_txn.h scscf/sip/sip_txn_internal.h \
	scscf/sip/sip_txn_server.c scscf/sip/sip_txn_client.c \
	scscf/sip/sip_core.c scscf/sip/sip_core.h \
	scscf/sip/sip_transport.c scscf/sip/sip_transport.h scscf/sip/sip_transport_internal.h \
	scscf/sip/sip_transport_udp.c scscf/sip/sip_transport_tcp.c \
	scscf/sip/sip_stack.c scscf/sip/sip_stack.h

SIP_LIBS = scscf/sip/libsip.a $(BASE_LIBS) $(OSIP2_LIBS) $(LIBUV_LIBS)
