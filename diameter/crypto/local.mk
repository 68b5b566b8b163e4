# diameter/crypto/local.mk - the Cx crypto library: Milenage (3GPP TS
# 35.206), AKA vectors and resync (TS 33.102), HTTP Digest MD5 (RFC
# 2617/3310/7616).  It uses only the base library (its hex encoder).
noinst_LIBRARIES += diameter/crypto/libcxcrypto.a
diameter_crypto_libcxcrypto_a_CFLAGS = $(AM_CFLAGS) $(GCRYPT_CFLAGS)
diameter_crypto_libcxcrypto_a_SOURCES = \
	diameter/crypto/milenage.c diameter/crypto/milenage.h \
	diameter/crypto/aka.c diameter/crypto/aka.h \
	diameter/crypto/digest.c diameter/crypto/digest.h

CXCRYPTO_LIBS = diameter/crypto/libcxcrypto.a $(BASE_LIBS) $(GCRYPT_LIBS)

# Against the TS 35.208 test sets, the RFC 2617 example and AKA round trips.
check_PROGRAMS += tests/unit/check_milenage
TESTS += tests/unit/check_milenage
VALGRIND_TESTS += tests/unit/check_milenage
tests_unit_check_milenage_CFLAGS = $(TEST_CFLAGS) $(GCRYPT_CFLAGS)
tests_unit_check_milenage_LDADD = tests/unit/libtestutil.a $(CXCRYPTO_LIBS) $(REGEVENT_LIBS) $(CHECK_LIBS)
