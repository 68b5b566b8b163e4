#!/bin/sh
# tests/sip/regevent_test.sh - `make check` test: the reg-event notifier's
# integration tests (tests/sip/regevent_test.py): scscfd and hss-sim on
# loopback, watchers (UE, P-CSCF, AS; sipp), Microsoft endpoints and
# scscfctl.  SCSCFD_WRAPPER (e.g. "valgrind ...") is passed through to the
# daemon.
# It runs in a process group of its own (group.sh): whatever it started is
# stopped when it ends, fails or is interrupted.
: "${srcdir:=$(dirname "$0")/../..}"
srcdir=$(cd "$srcdir" && pwd)
for tool in sipp python3 openssl xmllint; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "regevent_test: $tool not found: run scripts/install-deps.sh" >&2
		exit 99
	}
done
. "$srcdir/tests/sip/group.sh"
run_grouped regevent_test python3 "$srcdir/tests/sip/regevent_test.py" "$PWD/scscf/scscfd" \
	"$PWD/tests/hss-sim/hss-sim" "$srcdir"
