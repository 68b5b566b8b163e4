# tests/fuzz/notifier.mk - the notifier's fuzz target (fuzz_subscribe.c):
# what a watcher sends, through the SIP core into a live notifier.  Built
# like the other targets (tests/fuzz/local.mk): standalone without
# --enable-fuzzing, libFuzzer with it.
FUZZ_TARGETS += tests/fuzz/fuzz_subscribe
if FUZZING
FUZZ_NT_CODE = $(scscf_notifier_libnotifier_a_SOURCES)
FUZZ_NT_LIBS = $(DAEMON_LIBS)
else
FUZZ_NT_CODE = tests/fuzz/standalone_main.c
FUZZ_NT_LIBS = $(DAEMON_LIBS)
endif
tests_fuzz_fuzz_subscribe_SOURCES = tests/fuzz/fuzz_subscribe.c $(FUZZ_NT_CODE)
tests_fuzz_fuzz_subscribe_CFLAGS = $(FUZZ_SIP_CC_FLAGS) $(XML2_CFLAGS)
tests_fuzz_fuzz_subscribe_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_subscribe_LDADD = $(FUZZ_NT_LIBS)
