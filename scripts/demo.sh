#!/bin/sh
# scripts/demo.sh - the README's main job, from a fresh clone: installs the
# dependencies, builds, and shows what the project does today:
#   1. hss-sim (conf/subscribers.xml) and scscfd (conf/scscfd.conf) start on
#      loopback and connect over Cx (freeDiameter, TCP 3868/3870);
#   2. sipp registers alice with SIP Digest, then with IMS AKA (her new
#      contact replaces the first), and bob with SIP Digest: REGISTER, 401
#      with the challenge, REGISTER with credentials, 200 OK with Contact,
#      P-Associated-URI and Service-Route; the HSS simulator shows them
#      registered;
#      a sipp watcher subscribes to alice's reg event after her first
#      registration and answers every NOTIFY;
#      scscfctl shows what scscfd holds;
#   3. the HSS simulator sends an RTR for alice: her registration is gone
#      and the watcher gets the final NOTIFY; scscfd's counters, from its
#      Prometheus endpoint (127.0.0.1:9464/metrics);
#   4. every NOTIFY the watcher received, each body checked against the
#      reginfo schema.
# Everything started here is stopped at the end.
#   usage: scripts/demo.sh [oracle|rfc3680]   (the notify profile)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" >/dev/null
cd "$top"
autoreconf -fi >/dev/null 2>&1
mkdir -p build/demo
(
	cd build/demo
	[ -f Makefile ] || "$top/configure" >/dev/null
	make -j"$(nproc 2>/dev/null || echo 2)" scscf/scscfd scscf/scscfctl tests/hss-sim/hss-sim \
		>/dev/null
)
out=$top/build/demo
hss=$out/tests/hss-sim/hss-sim
sock=$out/hss.sock
# freeDiameter wants a certificate per identity even without TLS peers;
# the sample configurations point at conf/tls (relative to this folder)
"$top/scripts/diameter-certs.sh" conf/tls scscf.open-ims.test hss.open-ims.test

echo "==== 1. hss-sim and scscfd on loopback"
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM
"$hss" -c conf/freediameter-hss.conf -u conf/subscribers.xml -l 127.0.0.1 -s "$sock" \
	-L info 2>"$out/hss-sim.log" &
pids="$!"
# the sample configuration, with the profile asked for and the metrics on
sed -e "s/^profile = oracle /profile = ${1:-oracle} /" \
	-e "s/^#listen = 127.0.0.1:9464/listen = 127.0.0.1:9464/" conf/scscfd.conf >"$out/scscfd.conf"
"$out/scscf/scscfd" -c "$out/scscfd.conf" 2>"$out/scscfd.log" &
pids="$pids $!"
i=0
until "$hss" --ctl "$sock" peer scscf.open-ims.test 2>/dev/null | grep -q "^ok"; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		echo "demo: the Cx connection did not come up; logs in $out" >&2
		exit 1
	fi
	sleep 0.2
done
"$hss" --ctl "$sock" peer scscf.open-ims.test

echo
echo "==== 2. sipp registers alice (SIP Digest, then IMS AKA) and bob (SIP Digest)"
cd "$out"
# show() prints the SIP messages of the sipp run that just ended
show() {
	for f in ./*_messages.log; do
		[ -f "$f" ] || continue
		sed -n '/^REGISTER sip:/,/^$/p;/^SIP\/2.0/,/^$/p' "$f" | grep -v '^---'
		rm -f "$f"
	done
}
rm -f ./*_messages.log
echo "---- alice, SIP Digest (her first REGISTER asks for it with algorithm=MD5)"
sipp -sf "$top/tests/sip/scenarios/reg_digest_ims.xml" -m 1 -t u1 -i 127.0.0.1 -p 6063 \
	-key user alice -key domain open-ims.test -au alice@open-ims.test -ap alice \
	-timeout 10 -trace_msg -nostdin 127.0.0.1:6060 >/dev/null 2>&1 ||
	echo "(alice, Digest: sipp failed)"
show
echo "---- a watcher (sipp, as alice's UE) subscribes to alice's reg event"
sipp -sf "$top/tests/sip/scenarios/watch_reg.xml" -m 1 -t u1 -i 127.0.0.1 -p 6064 \
	-key user alice -key domain open-ims.test -key pai sip:alice@open-ims.test \
	-key expires 600000 -timeout 60 -trace_msg -message_file watcher.log -nostdin \
	127.0.0.1:6060 >/dev/null 2>&1 &
watcher=$!
pids="$pids $watcher"
sleep 1
echo "---- alice again, IMS AKA, from another port"
# alice's K and OP are the bytes of these 16 characters (sipp 3.6.1 reads
# aka_K/aka_OP as text; conf/subscribers.xml holds their hex)
sed -e 's/@K@/ims-lab-k-alice1/' -e 's/@OP@/ims-lab-op-alice/' -e 's/@AMF@/AA/' \
	"$top/tests/sip/scenarios/reg_aka.xml" >reg_aka.xml
ok=no
for attempt in 1 2 3; do # sipp mishandles a RES holding a zero byte (~3%)
	if sipp -sf reg_aka.xml -m 1 -t u1 -i 127.0.0.1 -p 6062 -key user alice \
		-key domain open-ims.test -au alice@open-ims.test -timeout 10 -trace_msg \
		-nostdin 127.0.0.1:6060 >/dev/null 2>&1; then
		ok=yes
		break
	fi
done
[ $ok = yes ] || echo "(alice, AKA: sipp failed)"
show
echo "---- bob, SIP Digest"
sipp -sf "$top/tests/sip/scenarios/reg_digest.xml" -m 1 -t u1 -i 127.0.0.1 -p 6061 \
	-key user bob -key domain open-ims.test -au bob@open-ims.test -ap bob \
	-timeout 10 -trace_msg -nostdin 127.0.0.1:6060 >/dev/null 2>&1 || echo "(bob: sipp failed)"
show
echo "---- what the HSS simulator holds"
"$hss" --ctl "$sock" list
"$hss" --ctl "$sock" history
echo "---- what scscfd holds (scscfctl show registration / subscription)"
"$out/scscf/scscfctl" -s "$top/scscfd.sock" show registration
"$out/scscf/scscfctl" -s "$top/scscfd.sock" show subscription

echo
echo "==== 3. the HSS de-registers alice (RTR PERMANENT_TERMINATION)"
"$hss" --ctl "$sock" rtr impi alice@open-ims.test reason 0 info "demo: subscription ended"
"$hss" --ctl "$sock" list | grep alice
wait "$watcher" 2>/dev/null && echo "(the watcher saw its subscription end)" ||
	echo "(the watcher did not see the end of its subscription)"
echo "---- some of scscfd's counters (GET http://127.0.0.1:9464/metrics)"
python3 -c "import urllib.request as u; print(u.build_opener(u.ProxyHandler({})).open('http://127.0.0.1:9464/metrics', timeout=5).read().decode())" |
	grep -E '^scscf_(sip_responses|cx_|diameter_peer_up|notifier_notify_(sent|ok))' || true
echo "---- scscfd's log"
grep -v ' debug ' scscfd.log | grep -v 'diameter: ' || true
cleanup
pids=
trap - EXIT INT TERM

echo
echo "==== 4. the NOTIFYs alice's watcher received (profile ${1:-oracle})"
# every NOTIFY and its 200, as sipp logged them; each body checked against
# tests/xsd/reginfo.xsd
sed -n '/^NOTIFY sip:/,/^<\/reginfo>/p' watcher.log | tee notifies.out
awk '/^<\?xml/{n++; f="body" n ".xml"} f{print > f} /^<\/reginfo>/{f=""}' notifies.out
for b in body*.xml; do
	[ -f "$b" ] || continue
	xmllint --noout --schema "$top/tests/xsd/reginfo.xsd" "$b" 2>&1 | sed 's/^/schema: /'
done
rm -f body*.xml
