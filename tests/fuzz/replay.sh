#!/bin/sh
# tests/fuzz/replay.sh - `make check` test: run each fuzz target once over
# its seed corpus (tests/fuzz/corpus/<corpus>/*).  Works with the standalone
# targets and with libFuzzer ones (both run files given as arguments).
#
# The automake harness runs it from the top build directory and exports
# srcdir; run by hand, srcdir defaults to the tree this script sits in.
: "${srcdir:=$(dirname "$0")/../..}"
status=0

for pair in reginfo_parse:parse reginfo_roundtrip:roundtrip sip_core:sip sip_check:sip user_data:user_data cx_msg:cx subscribers:subscribers registrar_input:registrar ctl:ctl subscribe:subscribe http_req:http config:config; do
	bin=tests/fuzz/fuzz_${pair%%:*}
	corpus=$srcdir/tests/fuzz/corpus/${pair#*:}
	if [ ! -x "$bin" ]; then
		echo "replay: $bin is not built" >&2
		exit 99
	fi
	set --
	for f in "$corpus"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	if [ $# -eq 0 ]; then
		echo "replay: no seeds in $corpus" >&2
		exit 99
	fi
	echo "replay: $bin over $# seeds of $corpus"
	if ! "$bin" "$@"; then
		echo "replay: FAIL $bin" >&2
		status=1
	fi
done
exit $status
