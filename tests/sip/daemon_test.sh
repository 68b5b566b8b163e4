#!/bin/sh
# tests/sip/daemon_test.sh - `make check` test: the integration tests of
# scscfd's SIP layer (tests/sip/daemon_test.py) against the built daemon.
# The automake harness runs it from the top build directory with srcdir set.
# SCSCFD_WRAPPER (e.g. "valgrind ...") is passed through to the daemon.
# SCSCF_SHARED_DIR (set by make) is the specifications digest with the RFC
# 4475 messages; default ../shared beside the source tree.
# It runs in a process group of its own (group.sh): whatever it started is
# stopped when it ends, fails or is interrupted.
: "${srcdir:=$(dirname "$0")/../..}"
srcdir=$(cd "$srcdir" && pwd)
for tool in sipp python3; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "daemon_test: $tool not found: run scripts/install-deps.sh" >&2
		exit 99
	}
done
. "$srcdir/tests/sip/group.sh"
run_grouped daemon_test python3 "$srcdir/tests/sip/daemon_test.py" "$PWD/scscf/scscfd" "$srcdir" \
	"${SCSCF_SHARED_DIR:-$srcdir/../shared}"
