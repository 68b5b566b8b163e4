# scscf/registrar.mk - the registrar: REGISTER handling, authentication
# challenges, the Cx procedures around the registration store.
noinst_LIBRARIES += scscf/libregistrar.a
scscf_libregistrar_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_libregistrar_a_SOURCES = \
	scscf/registrar.c scscf/registrar.h scscf/reg_internal.h \
	scscf/reg_reply.c scscf/reg_hss.c \
	scscf/reg_request.c scscf/reg_request.h \
	scscf/reg_auth.c scscf/reg_auth.h \
	scscf/auth_hdr.c scscf/auth_hdr.h \
	scscf/base64.c scscf/base64.h

# after $(REGISTRAR_LIBS): $(CX_LIBS) and $(SCSCF_LIBS)
REGISTRAR_LIBS = scscf/libregistrar.a $(REGSTORE_LIBS) $(CXCRYPTO_LIBS)
