#!/bin/sh
# tests/sip/ctl_test.sh - `make check` test: scscfctl and scscfd's control
# socket (tests/sip/ctl_test.py) against a running daemon with hss-sim,
# registrations made with sipp and a Digest UA.  SCSCFD_WRAPPER (e.g.
# "valgrind ...") is passed through to the daemon.
# It runs in a process group of its own (group.sh): whatever it started is
# stopped when it ends, fails or is interrupted.
: "${srcdir:=$(dirname "$0")/../..}"
srcdir=$(cd "$srcdir" && pwd)
for tool in sipp python3 openssl; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "ctl_test: $tool not found: run scripts/install-deps.sh" >&2
		exit 99
	}
done
. "$srcdir/tests/sip/group.sh"
run_grouped ctl_test python3 "$srcdir/tests/sip/ctl_test.py" "$PWD/scscf/scscfd" \
	"$PWD/scscf/scscfctl" "$PWD/tests/hss-sim/hss-sim" "$srcdir"
