#!/bin/sh
# tests/sip/binding_test.sh - `make check` test: which binding a Contact
# names and whose it is (tests/sip/binding_test.py), against a running
# scscfd with hss-sim, read back through scscfctl --json.  SCSCFD_WRAPPER
# (e.g. "valgrind ...") is passed through to the daemon.
: "${srcdir:=$(dirname "$0")/../..}"
srcdir=$(cd "$srcdir" && pwd)
for tool in python3 openssl; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "binding_test: $tool not found: run scripts/install-deps.sh" >&2
		exit 99
	}
done
. "$srcdir/tests/sip/group.sh"
run_grouped binding_test python3 "$srcdir/tests/sip/binding_test.py" "$PWD/scscf/scscfd" \
	"$PWD/scscf/scscfctl" "$PWD/tests/hss-sim/hss-sim" "$srcdir"
