# scscf/registrar/local.mk - the registrar: REGISTER handling,
# authentication challenges, the Cx procedures around the registration store.
noinst_LIBRARIES += scscf/registrar/libregistrar.a
scscf_registrar_libregistrar_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_registrar_libregistrar_a_SOURCES = \
	scscf/registrar/registrar.c scscf/registrar/registrar.h scscf/registrar/reg_internal.h \
	scscf/registrar/registrar_config.h \
	scscf/registrar/reg_reply.c scscf/registrar/reg_hss.c \
	scscf/registrar/reg_request.c scscf/registrar/reg_request.h \
	scscf/registrar/reg_auth.c scscf/registrar/reg_auth.h \
	scscf/registrar/auth_hdr.c scscf/registrar/auth_hdr.h

REGISTRAR_LIBS = scscf/registrar/libregistrar.a $(REGSTORE_LIBS) $(CX_LIBS) $(CXCRYPTO_LIBS) \
	$(SIP_LIBS)

# The registrar's small parts: the Authorization parser and WWW-Authenticate
# formatter (auth_hdr), base64, the challenge store (reg_auth) and the
# REGISTER reader (reg_request).
check_PROGRAMS += tests/unit/check_registrar_units
TESTS += tests/unit/check_registrar_units
VALGRIND_TESTS += tests/unit/check_registrar_units
tests_unit_check_registrar_units_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_registrar_units_LDADD = tests/unit/libtestutil.a $(REGISTRAR_LIBS) $(CHECK_LIBS)
