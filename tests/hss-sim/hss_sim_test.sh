#!/bin/sh
# tests/hss-sim/hss_sim_test.sh - `make check` test of hss-sim over real Cx:
# start hss-sim on 127.0.0.1 with conf/subscribers.xml and a control socket,
# run hss_sim_probe (a stand-in S-CSCF) against it, then stop hss-sim with
# SIGTERM and require a clean exit 0.
#
# The automake harness runs it from the top build directory and exports
# srcdir.  Environment:
#   HSS_SIM_TEST_PORT  the HSS's Diameter port (default 61000-64998 from the
#                      process id; the probe uses the port + 2)
#   HSS_SIM_WRAPPER    a command to run hss-sim under (e.g. valgrind ...;
#                      `make check-hss-sim-valgrind` does that)
#   HSS_SIM_KEEP=1     keep the scratch directory (configs, logs)
: "${srcdir:=$(dirname "$0")/../..}"
# default: a port from the process id, away from check_cx's 20000-31999 and
# above Linux's ephemeral ports (32768-60999), which outgoing connections of
# other tests may hold at any moment
hss_port=${HSS_SIM_TEST_PORT:-$((61000 + ($$ % 2000) * 2))}
scscf_port=$((hss_port + 2))
bin=tests/hss-sim/hss-sim
probe=tests/hss-sim/hss_sim_probe
for b in "$bin" "$probe"; do
	[ -x "$b" ] || { echo "hss_sim_test: $b is not built" >&2; exit 99; }
done
command -v openssl >/dev/null 2>&1 || { echo "hss_sim_test: openssl not found" >&2; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hss-sim-test.XXXXXX") || exit 99
pid=
probe_pid=
# whatever ends the script (its end, a failure, a signal) stops the probe
# and hss-sim first: a signal exits, and the exit runs cleanup
cleanup() {
	[ -n "$probe_pid" ] && kill -TERM "$probe_pid" 2>/dev/null && wait "$probe_pid" 2>/dev/null
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ "${HSS_SIM_KEEP:-0}" = 1 ] && echo "hss_sim_test: kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

sh "$srcdir/scripts/diameter-certs.sh" "$tmp/tls" hss.open-ims.test scscf.open-ims.test || exit 99

# The conf/ files with absolute certificate paths and the test ports.
conf() { # identity port peer peerport
	cat <<EOC
Identity = "$1";
Realm = "open-ims.test";
Port = $2;
SecPort = 0;
No_SCTP;
NoRelay;
TwTimer = 6;
TcTimer = 3;
TLS_Cred = "$tmp/tls/$1.cert.pem", "$tmp/tls/$1.key.pem";
TLS_CA = "$tmp/tls/$1.cert.pem";
ConnectPeer = "$3" { ConnectTo = "127.0.0.1"; Port = $4; No_TLS; };
EOC
}
# libfdcore 1.2.1 never frees the certificate list it loads for TLS_Cred:
# not ours, and not a leak that grows.  Suppressed for LeakSanitizer and,
# when HSS_SIM_WRAPPER is valgrind, for valgrind.
printf 'leak:gnutls_x509_crt_list_import2\n' >"$tmp/lsan.supp"
LSAN_OPTIONS="suppressions=$tmp/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
cat >"$tmp/valgrind.supp" <<'EOS'
{
   libfdcore-1.2.1-keeps-the-TLS_Cred-certificate-list
   Memcheck:Leak
   ...
   fun:gnutls_x509_crt_list_import2
}
EOS
wrapper=${HSS_SIM_WRAPPER:-}
case $wrapper in
*valgrind*) wrapper="$wrapper --suppressions=$tmp/valgrind.supp --suppressions=$srcdir/tests/valgrind.supp" ;;
esac

conf hss.open-ims.test "$hss_port" scscf.open-ims.test "$scscf_port" >"$tmp/hss.conf"
conf scscf.open-ims.test "$scscf_port" hss.open-ims.test "$hss_port" >"$tmp/scscf.conf"

$wrapper "$bin" -c "$tmp/hss.conf" -u "$srcdir/conf/subscribers.xml" \
	-l 127.0.0.1 -s "$tmp/ctl" -L debug 2>"$tmp/hss-sim.log" &
pid=$!
# freeDiameter generates Diffie-Hellman parameters at start-up: about 1.5 s
# natively, a minute or more under valgrind on a busy machine (3 min cap)
i=0
until "$bin" --ctl "$tmp/ctl" ping >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 1800 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "hss_sim_test: hss-sim did not start; its log:" >&2
		cat "$tmp/hss-sim.log" >&2
		exit 1
	fi
	sleep 0.1
done

status=0
# in the background, so that a signal is handled at once
"$probe" -c "$tmp/scscf.conf" -p hss.open-ims.test -s "$tmp/ctl" -l 127.0.0.1 \
	2>"$tmp/probe.log" &
probe_pid=$!
wait "$probe_pid" || status=1
probe_pid=

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
if [ $rc -ne 0 ]; then
	echo "hss_sim_test: hss-sim exited with status $rc" >&2
	status=1
fi
if [ $status -ne 0 ]; then
	echo "hss_sim_test: the probe's log:" >&2
	tail -n 40 "$tmp/probe.log" >&2
	echo "hss_sim_test: hss-sim's log:" >&2
	tail -n 60 "$tmp/hss-sim.log" >&2
fi
exit $status
