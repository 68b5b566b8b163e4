#!/bin/sh
# tests/sip/registrar_test.sh - `make check` test: the registrar's
# integration tests (tests/sip/registrar_test.py): scscfd and hss-sim on
# loopback, driven by sipp and a Digest UA.  SCSCFD_WRAPPER (e.g.
# "valgrind ...") is passed through to the daemon.
# It runs in a process group of its own (group.sh): whatever it started is
# stopped when it ends, fails or is interrupted.
: "${srcdir:=$(dirname "$0")/../..}"
srcdir=$(cd "$srcdir" && pwd)
for tool in sipp python3 openssl; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "registrar_test: $tool not found: run scripts/install-deps.sh" >&2
		exit 99
	}
done
. "$srcdir/tests/sip/group.sh"
run_grouped registrar_test python3 "$srcdir/tests/sip/registrar_test.py" "$PWD/scscf/scscfd" \
	"$PWD/tests/hss-sim/hss-sim" "$srcdir" "$PWD/tests/sip/aka_ue"
