# tests/fuzz/local.mk - the fuzz targets: the reginfo parser and renderer,
# the SIP message checker, scscfd's whole message entry point, the
# User-Data (IMS subscription) parser, and the metrics endpoint's HTTP
# request reader.
#
# Every build compiles both targets as check programs and `make check` runs
# tests/fuzz/replay.sh, which feeds them the seed corpora once.  Without
# --enable-fuzzing they are linked with standalone_main.c (a plain main()
# that replays files).  With --enable-fuzzing (CC=clang) they are libFuzzer
# programs with ASan and UBSan; the regevent sources are compiled into them
# so that libFuzzer's coverage instrumentation reaches the code under test,
# and `make fuzz` runs each for FUZZ_SECONDS (default 60).
FUZZ_TARGETS = tests/fuzz/fuzz_reginfo_parse tests/fuzz/fuzz_reginfo_roundtrip \
	tests/fuzz/fuzz_sip_check tests/fuzz/fuzz_sip_core tests/fuzz/fuzz_user_data \
	tests/fuzz/fuzz_cx_msg tests/fuzz/fuzz_subscribers tests/fuzz/fuzz_registrar_input \
	tests/fuzz/fuzz_ctl tests/fuzz/fuzz_http_req tests/fuzz/fuzz_config
check_PROGRAMS += $(FUZZ_TARGETS)
TESTS += tests/fuzz/replay.sh

if FUZZING
FUZZ_SAN = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -g
FUZZ_CODE = $(regevent_libregevent_a_SOURCES) scscf/base/xml_strict.c
FUZZ_LIBS = $(XML2_LIBS)
FUZZ_SIP_CODE = $(scscf_sip_libsip_a_SOURCES)
FUZZ_SIP_LIBS = $(DAEMON_LIBS)
FUZZ_UD_CODE = $(diameter_userdata_libuserdata_a_SOURCES) scscf/base/xml_strict.c
FUZZ_UD_LIBS = $(XML2_LIBS)
FUZZ_CX_CODE = diameter/cx/cx_dict.c diameter/cx/cx_avp.c diameter/cx/cx_status.c \
	diameter/cx/cx_build.c diameter/cx/cx_read.c scscf/base/strv.c
FUZZ_CX_LIBS = $(FD_LIBS)
FUZZ_REG_CODE = $(FUZZ_SIP_CODE) scscf/registrar/auth_hdr.c scscf/registrar/auth_hdr.h \
	scscf/base/base64.c scscf/base/base64.h scscf/registrar/reg_request.c scscf/registrar/reg_request.h
FUZZ_REG_LIBS = $(FUZZ_SIP_LIBS)
FUZZ_CTL_CODE = $(scscf_ctl_libctlproto_a_SOURCES) scscf/base/strbuf.c
FUZZ_CTL_LIBS =
FUZZ_HTTP_CODE = scscf/ops/http_req.c scscf/ops/prom.c scscf/base/strbuf.c
FUZZ_HTTP_LIBS =
FUZZ_CFG_CODE = scscf/daemon/cfg.c scscf/daemon/cfg_keys.c scscf/daemon/cfg_set.c \
	scscf/sip/sip_config.c
FUZZ_CFG_LIBS = $(DAEMON_LIBS)
else
FUZZ_SAN =
FUZZ_CODE = tests/fuzz/standalone_main.c
FUZZ_LIBS = $(REGEVENT_LIBS)
FUZZ_SIP_CODE = tests/fuzz/standalone_main.c
FUZZ_SIP_LIBS = $(DAEMON_LIBS)
FUZZ_UD_CODE = tests/fuzz/standalone_main.c
FUZZ_UD_LIBS = $(USERDATA_LIBS)
FUZZ_CX_CODE = tests/fuzz/standalone_main.c
FUZZ_CX_LIBS = $(CX_LIBS)
FUZZ_REG_CODE = tests/fuzz/standalone_main.c
FUZZ_REG_LIBS = $(DAEMON_LIBS)
FUZZ_CTL_CODE = tests/fuzz/standalone_main.c
FUZZ_CTL_LIBS = $(CTLPROTO_LIBS)
FUZZ_HTTP_CODE = tests/fuzz/standalone_main.c
FUZZ_HTTP_LIBS = $(OPS_LIBS)
FUZZ_CFG_CODE = tests/fuzz/standalone_main.c
FUZZ_CFG_LIBS = $(DAEMON_LIBS)
endif
FUZZ_CC_FLAGS = $(AM_CFLAGS) $(XML2_CFLAGS) $(FUZZ_SAN)
FUZZ_SIP_CC_FLAGS = $(AM_CFLAGS) $(OSIP2_CFLAGS) $(LIBUV_CFLAGS) $(FUZZ_SAN)
FUZZ_LD_FLAGS = $(AM_LDFLAGS) $(FUZZ_SAN)

tests_fuzz_fuzz_reginfo_parse_SOURCES = tests/fuzz/fuzz_reginfo_parse.c $(FUZZ_CODE)
tests_fuzz_fuzz_reginfo_parse_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_reginfo_parse_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_reginfo_parse_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_reginfo_roundtrip_SOURCES = tests/fuzz/fuzz_reginfo_roundtrip.c $(FUZZ_CODE)
tests_fuzz_fuzz_reginfo_roundtrip_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_reginfo_roundtrip_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_reginfo_roundtrip_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_sip_check_SOURCES = tests/fuzz/fuzz_sip_check.c $(FUZZ_SIP_CODE)
tests_fuzz_fuzz_sip_check_CFLAGS = $(FUZZ_SIP_CC_FLAGS)
tests_fuzz_fuzz_sip_check_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_sip_check_LDADD = $(FUZZ_SIP_LIBS)

tests_fuzz_fuzz_sip_core_SOURCES = tests/fuzz/fuzz_sip_core.c $(FUZZ_SIP_CODE)
tests_fuzz_fuzz_sip_core_CFLAGS = $(FUZZ_SIP_CC_FLAGS)
tests_fuzz_fuzz_sip_core_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_sip_core_LDADD = $(FUZZ_SIP_LIBS)

tests_fuzz_fuzz_user_data_SOURCES = tests/fuzz/fuzz_user_data.c $(FUZZ_UD_CODE)
tests_fuzz_fuzz_user_data_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_user_data_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_user_data_LDADD = $(FUZZ_UD_LIBS)

tests_fuzz_fuzz_subscribers_SOURCES = tests/fuzz/fuzz_subscribers.c \
	tests/hss-sim/subscribers.c tests/hss-sim/subscribers.h $(FUZZ_UD_CODE)
tests_fuzz_fuzz_subscribers_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_subscribers_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_subscribers_LDADD = $(FUZZ_UD_LIBS)

tests_fuzz_fuzz_cx_msg_SOURCES = tests/fuzz/fuzz_cx_msg.c $(FUZZ_CX_CODE)
tests_fuzz_fuzz_cx_msg_CFLAGS = $(FUZZ_SIP_CC_FLAGS)
tests_fuzz_fuzz_cx_msg_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_cx_msg_LDADD = $(FUZZ_CX_LIBS)

tests_fuzz_fuzz_registrar_input_SOURCES = tests/fuzz/fuzz_registrar_input.c $(FUZZ_REG_CODE)
tests_fuzz_fuzz_registrar_input_CFLAGS = $(FUZZ_SIP_CC_FLAGS)
tests_fuzz_fuzz_registrar_input_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_registrar_input_LDADD = $(FUZZ_REG_LIBS)

tests_fuzz_fuzz_ctl_SOURCES = tests/fuzz/fuzz_ctl.c $(FUZZ_CTL_CODE)
tests_fuzz_fuzz_ctl_CFLAGS = $(AM_CFLAGS) $(FUZZ_SAN)
tests_fuzz_fuzz_ctl_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_ctl_LDADD = $(FUZZ_CTL_LIBS)

tests_fuzz_fuzz_http_req_SOURCES = tests/fuzz/fuzz_http_req.c $(FUZZ_HTTP_CODE)
tests_fuzz_fuzz_http_req_CFLAGS = $(FUZZ_SIP_CC_FLAGS) $(XML2_CFLAGS)
tests_fuzz_fuzz_http_req_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_http_req_LDADD = $(FUZZ_HTTP_LIBS)

tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c $(FUZZ_CFG_CODE)
tests_fuzz_fuzz_config_CFLAGS = $(FUZZ_SIP_CC_FLAGS) $(XML2_CFLAGS)
tests_fuzz_fuzz_config_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_config_LDADD = $(FUZZ_CFG_LIBS)

.PHONY: fuzz
if FUZZING
fuzz: $(FUZZ_TARGETS:=$(EXEEXT))
	FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_RUNS='$(FUZZ_RUNS)' $(SHELL) $(srcdir)/tests/fuzz/run-fuzzers.sh \
		tests/fuzz $(srcdir)/tests/fuzz/corpus
else
fuzz:
	@echo "make fuzz needs a build configured with --enable-fuzzing CC=clang" >&2; exit 1
endif

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/replay.sh tests/fuzz/run-fuzzers.sh
