#!/bin/sh
# tests/sip/metrics_test.sh - `make check` test: the metrics endpoint of scscfd
# (tests/sip/metrics_test.py): scrapes while a user registers,
# subscribes and is de-registered by the HSS.  SCSCFD_WRAPPER (e.g.
# "valgrind ...") is passed through to the daemon.
# It runs in a process group of its own (group.sh): whatever it started is
# stopped when it ends, fails or is interrupted.
: "${srcdir:=$(dirname "$0")/../..}"
srcdir=$(cd "$srcdir" && pwd)
for tool in sipp python3 openssl; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "metrics_test: $tool not found: run scripts/install-deps.sh" >&2
		exit 99
	}
done
. "$srcdir/tests/sip/group.sh"
run_grouped metrics_test python3 "$srcdir/tests/sip/metrics_test.py" "$PWD/scscf/scscfd" \
	"$PWD/scscf/scscfctl" "$PWD/tests/hss-sim/hss-sim" "$srcdir"
