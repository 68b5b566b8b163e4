#!/bin/sh
# scripts/demo.sh - the README's main job, from a fresh clone: installs the
# dependencies, builds, and shows what the project does today:
#   1. scscfd starts with conf/scscfd.conf (SIP on 127.0.0.1:6060, UDP and
#      TCP, and [::1]:6060) and sipp sends it an OPTIONS and a REGISTER
#      (the REGISTER gets 501 until the registrar lands, issue 5);
#   2. the reg-event core renders the NOTIFY bodies one user's registration
#      produces, each checked against the reginfo schema.
# The full job - a registration through the HSS simulator and its NOTIFYs -
# needs issues 4-6.
#   usage: scripts/demo.sh [oracle|rfc3680]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" >/dev/null
cd "$top"
autoreconf -fi >/dev/null 2>&1
mkdir -p build/demo
cd build/demo
[ -f Makefile ] || "$top/configure" >/dev/null
make -j"$(nproc 2>/dev/null || echo 2)" scscf/scscfd tests/demo/regevent_demo >/dev/null

echo "==== 1. scscfd with conf/scscfd.conf, probed by sipp"
./scscf/scscfd -c "$top/conf/scscfd.conf" 2>scscfd.log &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
sleep 0.5
rm -f ./*_messages.log
for scenario in options register_retrans; do
	sipp -sf "$top/tests/sip/scenarios/$scenario.xml" -m 1 -t u1 -i 127.0.0.1 -p 6061 \
		-nr -timeout 10 -trace_msg -nostdin 127.0.0.1:6060 >/dev/null 2>&1 || true
done
sed -n '/^UDP message/,/^$/p;/^SIP\/2.0\|^[A-Z]* sip:/,/^$/p' ./*_messages.log | grep -v '^---' | head -60
kill "$pid"
wait "$pid" 2>/dev/null || true
trap - EXIT
echo "---- scscfd's log"
cat scscfd.log
echo

echo "==== 2. the NOTIFY bodies of one registration's life"
./tests/demo/regevent_demo "${1:-oracle}" | tee demo.out
# Validate every body printed above against tests/xsd/reginfo.xsd.
awk '/^<\?xml/{n++; f="body" n ".xml"} f{print > f} /^<\/reginfo>|^<reginfo .*\/>$/{f=""}' demo.out
for b in body*.xml; do
	xmllint --noout --schema "$top/tests/xsd/reginfo.xsd" "$b" 2>&1 | sed 's/^/schema: /'
done
rm -f body*.xml
