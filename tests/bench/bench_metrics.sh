#!/bin/sh
# tests/bench/bench_metrics.sh BUILDDIR SRCDIR - what a scrape of the
# metrics endpoint costs: scscfd (SIP only, metrics on 127.0.0.1) is
# scraped BENCH_SCRAPES times (default 5000) by one client, one connection
# per scrape as Prometheus does, then again while sipp drives OPTIONS at it;
# prints scrapes per second, microseconds per scrape, the body size, and
# the OPTIONS rate with and without the scraping beside it.
set -eu
build=$1
src=$2
scrapes=${BENCH_SCRAPES:-5000}
calls=${BENCH_CALLS:-20000}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-metrics.XXXXXX")
pid=
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

sip=$(free_port)
http=$(free_port)
printf '[sip]\nlisten = udp:127.0.0.1:%s\n[log]\nlevel = error\n[metrics]\nlisten = 127.0.0.1:%s\n' \
	"$sip" "$http" >"$work/scscfd.conf"
"$build/scscf/scscfd" -c "$work/scscfd.conf" 2>"$work/scscfd.log" &
pid=$!
sleep 0.5

# scrape N: N sequential scrapes; prints "scrapes/s us/scrape bytes"
cat >"$work/scrape.py" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
req = b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
size = 0
t0 = time.perf_counter()
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(req)
    got = b""
    while True:
        c = s.recv(65536)
        if not c:
            break
        got += c
    s.close()
    assert got.startswith(b"HTTP/1.1 200 "), got[:80]
    size = len(got.partition(b"\r\n\r\n")[2])
dt = time.perf_counter() - t0
print("%.0f %.0f %d" % (n / dt, dt / n * 1e6, size))
PY

options() { # prints OPTIONS transactions per second
	start=$(date +%s.%N)
	sipp -sf "$src/tests/bench/options_load.xml" -t u1 -i 127.0.0.1 -p "$(free_port)" \
		-m "$calls" -l 50 -r 1000000 -rp 1000 -nr -timeout 120 -timeout_error \
		-nostdin >"$work/sipp.out" 2>&1 "127.0.0.1:$sip" ||
		{ echo "bench: sipp failed:" >&2; tail -20 "$work/sipp.out" >&2; exit 1; }
	end=$(date +%s.%N)
	python3 -c "print('%.0f' % ($calls / ($end - $start)))"
}

alone_tps=$(options) # also fills the response counters
set -- $(python3 "$work/scrape.py" "$http" "$scrapes")
rate=$1 us=$2 bytes=$3
python3 "$work/scrape.py" "$http" 1000000 >/dev/null 2>&1 &
scraper=$!
busy_tps=$(options)
kill $scraper 2>/dev/null || true
wait $scraper 2>/dev/null || true
lag=$(python3 -c "
import socket
s = socket.create_connection(('127.0.0.1', $http)); s.sendall(b'GET /metrics HTTP/1.0\r\n\r\n')
got = b''
while True:
    c = s.recv(65536)
    if not c: break
    got += c
for line in got.decode().splitlines():
    if line.startswith('scscf_loop_lag_max_us '): print(line.split()[1])
")

echo "metrics endpoint, scscfd without Diameter ($scrapes scrapes, one connection each):"
echo "  $rate scrapes/s, $us us per scrape (client included), body $bytes bytes"
echo "  OPTIONS alone: $alone_tps transactions/s; with a client scraping non-stop: $busy_tps/s"
echo "  largest loop lag seen: $lag us"
