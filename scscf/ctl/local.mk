# scscf/ctl/local.mk - the control protocol both ends share (the JSON
# writer and reader, the request line, the commands' grammar) and the
# scscfctl client.
noinst_LIBRARIES += scscf/ctl/libctlproto.a
scscf_ctl_libctlproto_a_CFLAGS = $(AM_CFLAGS)
scscf_ctl_libctlproto_a_SOURCES = \
	scscf/ctl/ctl_json.h scscf/ctl/ctl_jw.c scscf/ctl/ctl_jv.c \
	scscf/ctl/ctl_req.c scscf/ctl/ctl_req.h scscf/ctl/ctl_args.c

CTLPROTO_LIBS = scscf/ctl/libctlproto.a $(BASE_LIBS)

bin_PROGRAMS += scscf/scscfctl
scscf_scscfctl_SOURCES = scscf/ctl/scscfctl.c scscf/ctl/ctl_print.c scscf/ctl/ctl_print.h
scscf_scscfctl_CFLAGS = $(AM_CFLAGS)
scscf_scscfctl_LDADD = $(CTLPROTO_LIBS)

# Every command against a running scscfd with registrations (sipp, hss-sim).
TESTS += tests/sip/ctl_test.sh
EXTRA_DIST += tests/sip/ctl_test.sh tests/sip/ctl_test.py doc/SCSCFCTL.md
