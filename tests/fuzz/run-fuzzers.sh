#!/bin/sh
# tests/fuzz/run-fuzzers.sh - run every libFuzzer target for a bounded time.
#
# usage: run-fuzzers.sh [BINDIR [CORPUSDIR]]
#   BINDIR     where the fuzz_<target> programs are built (default tests/fuzz)
#   CORPUSDIR  holds the seed corpora <name>/          (default: next to this script)
# environment:
#   FUZZ_SECONDS    time per target (default 60); the targets run in parallel
#   FUZZ_RUNS       instead of a time: this many inputs per target, from a
#                   fixed seed (FUZZ_SEED, default 1), so that a run repeats
#                   exactly for the same code (what CI uses)
#   FUZZ_ARTIFACTS  where crash/leak/timeout inputs go  (default tests/fuzz/crashes)
#   FUZZ_KEEP=1     keep the scratch corpora and logs
#
# Each target fuzzes a copy of its seed corpus in a scratch directory, with
# a dictionary of reginfo tokens.  Prints each target's final stats line and
# result; exits 1 if any target found a crash, leak, timeout or OOM.
set -u

bindir=${1:-tests/fuzz}
corpusdir=${2:-$(dirname "$0")/corpus}
seconds=${FUZZ_SECONDS:-60}
artifacts=${FUZZ_ARTIFACTS:-tests/fuzz/crashes}
# target:corpus pairs (the corpus folder under CORPUSDIR)
targets="reginfo_parse:parse reginfo_roundtrip:roundtrip sip_core:sip sip_check:sip user_data:user_data cx_msg:cx subscribers:subscribers registrar_input:registrar ctl:ctl subscribe:subscribe http_req:http config:config"

case $seconds in
'' | *[!0-9]*) echo "FUZZ_SECONDS must be a number of seconds" >&2; exit 2 ;;
esac
scratch=$(mktemp -d "${TMPDIR:-/tmp}/regevent-fuzz.XXXXXX") || exit 2
mkdir -p "$artifacts" || exit 2

# Tokens of the reginfo format, for the parse target.
cat >"$scratch/reginfo.dict" <<'EOF'
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
"<reginfo"
"</reginfo>"
"xmlns=\"urn:ietf:params:xml:ns:reginfo\""
"xmlns:gr=\"urn:ietf:params:xml:ns:gruuinfo\""
"xmlns:ere=\"urn:3gpp:ns:extRegExp:1.0\""
"xmlns:x=\"urn:example:other\""
"version=\"0\""
"version=\"4294967296\""
"state=\"full\""
"state=\"partial\""
"<registration"
"</registration>"
"aor=\"sip:alice@example.com\""
"id=\"a1\""
"state=\"init\""
"state=\"active\""
"state=\"terminated\""
"<contact"
"</contact>"
"event=\"registered\""
"event=\"created\""
"event=\"refreshed\""
"event=\"shortened\""
"event=\"expired\""
"event=\"deactivated\""
"event=\"probation\""
"event=\"unregistered\""
"event=\"rejected\""
"expires=\"3600\""
"retry-after=\"18446744073709551615\""
"duration-registered=\" +7 \""
"cseq=\"1\""
"q=\"0.5\""
"callid=\"x@y\""
"<uri>"
"</uri>"
"<display-name"
"</display-name>"
"xml:lang=\"en\""
"<unknown-param"
"</unknown-param>"
"name=\"q\""
"name=\"Expires\""
"name=\"+sip.instance\""
"<gr:pub-gruu"
"<gr:temp-gruu"
"first-cseq=\"1\""
"first-cseq=\"18446744073709551615\""
"18446744073709551616"
"4294967295"
"4294967296"
"uri=\"sip:a@b;gr\""
"<ere:wildcardedIdentity>"
"</ere:wildcardedIdentity>"
"<x:ext/>"
"/>"
"<![CDATA["
"]]>"
"<!--"
"-->"
"<!DOCTYPE"
"<!ENTITY"
"&amp;"
"&#13;"
"&#x10FFFF;"
"\xef\xbf\xbe"
EOF

# Tokens of SIP, for the SIP targets.
cat >"$scratch/sip.dict" <<'EOF'
"SIP/2.0"
" SIP/2.0\x0d\x0a"
"SIP/2.0 200 OK\x0d\x0a"
"\x0d\x0a"
"\x0d\x0a\x0d\x0a"
"REGISTER sip:open-ims.test SIP/2.0\x0d\x0a"
"OPTIONS sip:a@b SIP/2.0\x0d\x0a"
"INVITE sip:a@b SIP/2.0\x0d\x0a"
"ACK sip:a@b SIP/2.0\x0d\x0a"
"CANCEL sip:a@b SIP/2.0\x0d\x0a"
"SUBSCRIBE"
"NOTIFY"
"Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\x0d\x0a"
"Via: SIP/2.0/TCP [::1]:5060;rport;branch=z9hG4bK2\x0d\x0a"
";branch=z9hG4bK"
";rport"
";received=1.2.3.4"
"From: <sip:a@b>;tag=1\x0d\x0a"
"To: <sip:a@b>\x0d\x0a"
"To: \"x\" <sip:a@b>;tag=2\x0d\x0a"
"Call-ID: c@h\x0d\x0a"
"i: c@h\x0d\x0a"
"CSeq: 1 REGISTER\x0d\x0a"
"CSeq: 4294967296 OPTIONS\x0d\x0a"
"Max-Forwards: 0\x0d\x0a"
"Max-Forwards: 70\x0d\x0a"
"Content-Length: 0\x0d\x0a"
"l: 5\x0d\x0a"
"Content-Length: -1\x0d\x0a"
"Require: foo\x0d\x0a"
"Contact: *\x0d\x0a"
"Expires: 0\x0d\x0a"
"Event: reg\x0d\x0a"
"\x0d\x0a \x09"
"%00"
"tel:+1"
"sips:"
EOF

# Start every target in the background, then collect them.
for pair in $targets; do
	t=${pair%%:*}
	corpus=${pair#*:}
	bin=$bindir/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "run-fuzzers: $bin is not built" >&2
		exit 2
	fi
	mkdir -p "$scratch/$t"
	cp "$corpusdir/$corpus"/* "$scratch/$t/" || exit 2
	case $t in
	reginfo_parse) dict=-dict=$scratch/reginfo.dict ;;
	sip_* | subscribe) dict=-dict=$scratch/sip.dict ;;
	*) dict= ;;
	esac
	if [ -n "${FUZZ_RUNS:-}" ]; then
		what="$FUZZ_RUNS inputs"
	else
		what="${seconds}s"
	fi
	echo "run-fuzzers: fuzz_$t for $what (log $scratch/$t.log)"
	if [ -n "${FUZZ_RUNS:-}" ]; then
		budget="-runs=$FUZZ_RUNS -seed=${FUZZ_SEED:-1}"
	else
		budget=-max_total_time=$seconds
	fi
	# shellcheck disable=SC2086
	"$bin" $budget -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$artifacts/$t-" $dict \
		"$scratch/$t" >"$scratch/$t.log" 2>&1 &
	echo $! >"$scratch/$t.pid"
done

failed=0
for pair in $targets; do
	t=${pair%%:*}
	if wait "$(cat "$scratch/$t.pid")"; then
		result=ok
	else
		result="FOUND A PROBLEM (exit $?)"
		failed=1
	fi
	log=$scratch/$t.log
	echo "== fuzz_$t: $result"
	grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log"
	if [ "$result" != ok ]; then
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_|artifact_prefix|Test unit written)' "$log"
		echo "   full log: $log"
	fi
done

if [ "$failed" = 0 ] && [ "${FUZZ_KEEP:-0}" != 1 ]; then
	rm -rf "$scratch"
else
	echo "run-fuzzers: scratch corpora and logs kept in $scratch"
fi
exit $failed
