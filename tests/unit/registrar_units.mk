# tests/unit/registrar_units.mk - unit tests of the registrar's small parts:
# the Authorization parser and WWW-Authenticate formatter (auth_hdr), base64,
# the challenge store (reg_auth) and the REGISTER reader (reg_request).
# The test takes digest/AKA from the Cx crypto (in REGISTRAR_LIBS) and
# strmap/theap from libscscf; CX_LIBS stays in the order registrar.mk gives
# for libregistrar's other objects.
check_PROGRAMS += tests/unit/check_registrar_units
TESTS += tests/unit/check_registrar_units
VALGRIND_TESTS += tests/unit/check_registrar_units
tests_unit_check_registrar_units_CFLAGS = $(TEST_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS)
tests_unit_check_registrar_units_LDADD = tests/unit/libtestutil.a $(REGISTRAR_LIBS) \
	$(CX_LIBS) $(SCSCF_LIBS) $(REGEVENT_LIBS) $(CHECK_LIBS)
