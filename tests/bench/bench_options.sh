#!/bin/sh
# tests/bench/bench_options.sh BUILDDIR SRCDIR - OPTIONS transactions per
# second over UDP on loopback: sipp against scscfd, then sipp against the
# minimal responder (tests/bench/udp_responder) in the same run.  Prints
# both rates and their ratio.  BENCH_CALLS sets the number of OPTIONS
# (default 40000), BENCH_CONCURRENT the calls in flight (default 50).
set -eu
build=$1
src=$2
calls=${BENCH_CALLS:-40000}
conc=${BENCH_CONCURRENT:-50}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-options.XXXXXX")
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT

free_port() {
	python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# run_sipp PORT -> prints transactions per second
run_sipp() {
	local_port=$(free_port)
	start=$(date +%s.%N)
	sipp -sf "$src/tests/bench/options_load.xml" -t u1 -i 127.0.0.1 -p "$local_port" \
		-m "$calls" -l "$conc" -r 1000000 -rp 1000 -nr -timeout 120 -timeout_error \
		-nostdin >"$work/sipp.out" 2>&1 "127.0.0.1:$1" ||
		{ echo "bench: sipp failed:" >&2; tail -20 "$work/sipp.out" >&2; exit 1; }
	end=$(date +%s.%N)
	python3 -c "print('%.0f' % ($calls / ($end - $start)))"
}

port=$(free_port)
printf '[sip]\nlisten = udp:127.0.0.1:%s\n[log]\nlevel = error\n' "$port" >"$work/scscfd.conf"
"$build/scscf/scscfd" -c "$work/scscfd.conf" 2>"$work/scscfd.log" &
pid=$!
sleep 0.5
scscfd_tps=$(run_sipp "$port")
kill "$pid"
wait "$pid" 2>/dev/null || true

port=$(free_port)
"$build/tests/bench/udp_responder" "$port" &
pid=$!
sleep 0.3
ceiling_tps=$(run_sipp "$port")
kill "$pid"

echo "OPTIONS over UDP, $calls transactions, $conc in flight (sipp on the same 2 cores):"
echo "  scscfd:             $scscfd_tps transactions/s"
echo "  minimal responder:  $ceiling_tps transactions/s"
python3 -c "print('  ratio scscfd/ceiling: %.2f' % ($scscfd_tps / $ceiling_tps))"
