# scscf/registrar/local.mk - the registrar: REGISTER handling,
# authentication challenges, the Cx procedures around the registration store.
noinst_LIBRARIES += scscf/registrar/libregistrar.a
scscf_registrar_libregistrar_a_CFLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(XML2_CFLAGS)
scscf_registrar_libregistrar_a_SOURCES = \
	scscf/registrar/registrar.c scscf/registrar/registrar.h scscf/registrar/reg_internal.h \
	scscf/registrar/registrar_config.h \
	scscf/registrar/hss_port.h scscf/registrar/reg_challenge.c scscf/registrar/reg_assign.c \
	scscf/registrar/reg_bind.c \
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

# The registrar whole, through the SIP core, against a fake HSS on a
# simulated clock (tests/unit/sip_world.c, fake_hss.c, sim_clock.c).
check_PROGRAMS += tests/unit/check_registrar
TESTS += tests/unit/check_registrar
VALGRIND_TESTS += tests/unit/check_registrar
tests_unit_check_registrar_SOURCES = tests/unit/check_registrar.c \
	tests/unit/sip_world.c tests/unit/sip_world.h tests/unit/fake_hss.c tests/unit/fake_hss.h \
	tests/unit/sim_clock.c tests/unit/sim_clock.h tests/unit/sim_ue.c tests/unit/sim_ue.h
tests_unit_check_registrar_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_registrar_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)

# Which binding a Contact names, and whose it is (two IMPIs sharing an
# IMPU): the registrar whole on the same fake HSS and clock.
check_PROGRAMS += tests/unit/check_binding
TESTS += tests/unit/check_binding
VALGRIND_TESTS += tests/unit/check_binding
tests_unit_check_binding_SOURCES = tests/unit/check_binding.c \
	tests/unit/sip_world.c tests/unit/sip_world.h tests/unit/fake_hss.c tests/unit/fake_hss.h \
	tests/unit/sim_clock.c tests/unit/sim_clock.h tests/unit/sim_ue.c tests/unit/sim_ue.h
tests_unit_check_binding_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_binding_LDADD = tests/unit/libtestutil.a $(DAEMON_LIBS) $(CHECK_LIBS)

# The same rules against the real daemon, hss-sim and scscfctl --json.
TESTS += tests/sip/binding_test.sh
EXTRA_DIST += tests/sip/binding_test.sh tests/sip/binding_test.py
