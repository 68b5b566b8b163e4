# diameter/milenage.mk - the Cx crypto library: Milenage (3GPP TS 35.206),
# AKA vectors and resync (TS 33.102), HTTP Digest MD5 (RFC 2617/3310/7616).
noinst_LIBRARIES += diameter/libcxcrypto.a
diameter_libcxcrypto_a_CFLAGS = $(AM_CFLAGS) $(GCRYPT_CFLAGS)
diameter_libcxcrypto_a_SOURCES = \
	diameter/milenage.c diameter/milenage.h \
	diameter/aka.c diameter/aka.h \
	diameter/digest.c diameter/digest.h

CXCRYPTO_LIBS = diameter/libcxcrypto.a $(GCRYPT_LIBS)

# Against the TS 35.208 test sets, the RFC 2617 example and AKA round trips.
check_PROGRAMS += tests/unit/check_milenage
TESTS += tests/unit/check_milenage
VALGRIND_TESTS += tests/unit/check_milenage
tests_unit_check_milenage_CFLAGS = $(TEST_CFLAGS) $(GCRYPT_CFLAGS)
tests_unit_check_milenage_LDADD = tests/unit/libtestutil.a $(CXCRYPTO_LIBS) $(REGEVENT_LIBS) $(CHECK_LIBS)
