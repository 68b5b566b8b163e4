#!/bin/sh
# tests/bench/bench_register.sh BUILDDIR SRCDIR - the registrar benchmark:
# scscfd and hss-sim on free loopback ports (freeDiameter over TCP on
# 127.0.0.1), driven by tests/bench/reg_load (virtual SIP Digest UEs over
# UDP).  Measures
#   1. full registrations/s (REGISTER -> 401 -> REGISTER with credentials
#      -> 200: a MAR and a SAR REGISTRATION each) for every window of
#      BENCH_WINDOWS, BENCH_RUNS times each, BENCH_USERS users per run,
#      scscfd restarted empty before every run;
#   2. re-REGISTERs/s (same Call-ID, CSeq+1, the stored nonce with the next
#      nonce-count -> 200: a SAR RE_REGISTRATION each), in the same runs;
#   3. scscfd's VmRSS before and after registering BENCH_MEM_USERS users,
#      each with an implicit set of 3 IMPUs (SIP URI, tel URI, barred SIP
#      URI) and one iFC: bytes per IMPU and per user.  Server transactions
#      (Timer J, 64*T1) and Digest challenges (registrar.auth_timeout)
#      outlive the registrations, so the memory run is made twice: with the
#      default timers (RSS right after, and BENCH_MEM_WAIT s later, when
#      transactions and challenges have ended), and with short ones (t1 =
#      10 ms, auth_timeout = 2 s) so that only the registrations stay.
#
# hss-sim answers every SAR after a scan of all its subscribers (the
# Associated-Identities search in hss_sar.c), so its cost per registration
# grows with the subscriber file and, from a few thousand subscribers on,
# it is hss-sim that sets the rate.  BENCH_HSS_CHUNK=C splits the users
# into chunks of C: hss-sim is restarted with only the next chunk's
# subscribers before reg_load registers that chunk, while scscfd keeps
# running and keeps every registration (it reconnects to the new hss-sim).
# Rates then add the chunks' phases up (the restarts are not counted).
#
# The best window is the one with the highest median registration rate
# among those whose every run had fewer than 0.1% failures.
#
# Environment:
#   BENCH_USERS      users per rate run (default 20000)
#   BENCH_MEM_USERS  users in the memory runs (default 100000, the most
#                    hss-sim takes in one file; 0 skips the memory runs)
#   BENCH_WINDOWS    UEs in flight, space separated (default "16 64 256")
#   BENCH_RUNS       runs per window (default 3)
#   BENCH_HSS_CHUNK  subscribers per hss-sim (default 1000; 0: all users in
#                    one hss-sim, as a real HSS would hold them)
#   BENCH_RATE       cap on registrations started per second (default 0: none)
#   BENCH_ROUNDS     re-REGISTER rounds per run (default 1)
#   BENCH_SOCKETS    reg_load's UDP sockets (default 4)
#   BENCH_MEM_WAIT   seconds before the last RSS sample of the default-timer
#                    memory run (default 70: Timer J 32 s, auth_timeout 60 s)
#   BENCH_KEEP       non-empty: keep the work directory (logs, configs)
#   SCSCFD, HSS_SIM, REG_LOAD  the binaries (default: under BUILDDIR)
set -eu
build=${1:-.}
src=${2:-.}
users=${BENCH_USERS:-20000}
mem_users=${BENCH_MEM_USERS:-100000}
windows=${BENCH_WINDOWS:-16 64 256}
runs=${BENCH_RUNS:-3}
chunk=${BENCH_HSS_CHUNK:-1000}
rate=${BENCH_RATE:-0}
rounds=${BENCH_ROUNDS:-1}
nsock=${BENCH_SOCKETS:-4}
mem_wait=${BENCH_MEM_WAIT:-70}
scscfd=${SCSCFD:-$build/scscf/scscfd}
hss_sim=${HSS_SIM:-$build/tests/hss-sim/hss-sim}
reg_load=${REG_LOAD:-$build/tests/bench/reg_load}
domain=open-ims.test

for b in "$scscfd" "$hss_sim" "$reg_load"; do
	[ -x "$b" ] || { echo "bench_register: $b is not built" >&2; exit 1; }
done
for n in "$users" "$mem_users"; do
	[ "$n" -le 100000 ] || { echo "bench_register: hss-sim takes at most 100000 subscribers" >&2; exit 1; }
done

bench=bench_register
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-register.XXXXXX")
. "$src/tests/bench/bench_lib.sh"
bench_traps
setup_diameter

# run_load NAME WINDOW USERS ROUNDS EXPIRES: reg_load over the users, chunk
# by chunk (a new hss-sim for each); the outputs go to $work/NAME.out and
# the latencies to $work/NAME.lat.*
run_load() {
	: >"$work/$1.out"
	rm -f "$work/$1.lat".*
	step=$chunk
	[ "$step" -gt 0 ] && [ "$step" -lt "$3" ] || step=$3
	off=0
	while [ "$off" -lt "$3" ]; do
		cnt=$step
		[ $((off + cnt)) -le "$3" ] || cnt=$(($3 - off))
		if [ "$off" -gt 0 ]; then
			start_hss "$off" "$cnt"
			wait_link
		fi
		"$reg_load" -n "$cnt" -o "$off" -w "$2" -r "$rate" -s "$nsock" -R "$4" -e "$5" \
			-p "$scscfd_pid" -p "$hss_pid" -l "$work/$1.lat" "$sip_port" \
			>>"$work/$1.out" 2>&1 ||
			{ echo "bench_register: reg_load failed:" >&2; tail -30 "$work/$1.out" >&2; exit 1; }
		off=$((off + cnt))
	done
}

# pctl FILE -> "p50 p99" in ms of the latencies in FILE (microseconds)
pctl() {
	if [ -s "$1" ]; then
		sort -n "$1" | awk '{ v[NR] = $1 } END {
			i50 = int(0.50 * (NR - 1) + 0.5) + 1; i99 = int(0.99 * (NR - 1) + 0.5) + 1
			printf "%.1f %.1f\n", v[i50] / 1000, v[i99] / 1000 }'
	else
		echo "- -"
	fi
}

# summarize NAME: one line per phase, the chunks added up:
#   PHASE attempts successes failures fail% rate/s elapsed retransmissions
#   cpu%(reg_load) cpu%(scscfd) cpu%(hss-sim) machine-busy-cores p50 p99 kinds
summarize() {
	for ph in register reregister; do
		lat=$(pctl "$work/$1.lat.$ph")
		awk -v ph="$ph" -v lat="$lat" '
		$1 == "phase" { cur = $2; np = 0; next }
		cur != ph { next }
		$1 == "attempts" { a += $2 } $1 == "successes" { s += $2 } $1 == "failures" { f += $2 }
		$1 == "elapsed_s" { e += $2; le = $2 } $1 == "retransmissions" { r += $2 }
		$1 == "machine_busy_cores" { mb += $2 * le }
		$1 == "loadgen_cpu_s" { lg += $2 }
		$1 == "pid_cpu_s" { np++; if (np == 1) sc += $3; else hs += $3 }
		$1 == "failures_by_kind" { for (i = 2; i <= NF; i++) { split($i, kv, "="); k[kv[1]] += kv[2] } }
		END {
			if (a == 0) exit
			kinds = ""
			for (x in k) if (k[x] > 0) kinds = kinds " " x "=" k[x]
			if (kinds == "") kinds = " none"
			if (e <= 0) e = 1e-9
			printf "%s %d %d %d %.3f %.1f %.2f %d %.0f %.0f %.0f %.2f %s%s\n", ph, a, s, f,
				100 * f / a, s / e, e, r, 100 * lg / e, 100 * sc / e, 100 * hs / e,
				mb / e, lat, kinds }' "$work/$1.out"
	done
}

show() {
	printf '   %-10s %8s %8s %6s %7s %8s %7s %7s  %-21s %5s %13s  %s\n' \
		phase attempts ok failed fail% rate/s elapsed retrans \
		"CPU% load/scscf/hss" busy "p50/p99 ms" failures
	summarize "$1" | while read -r ph a s f fp rt el rx lg sc hs mb p50 p99 kinds; do
		printf '   %-10s %8s %8s %6s %7s %8s %7s %7s  %-21s %5s %13s  %s\n' \
			"$ph" "$a" "$s" "$f" "$fp" "$rt" "$el" "$rx" "$lg/$sc/$hs" "$mb" "$p50/$p99" "$kinds"
	done
}

first_chunk=$users
[ "$chunk" -gt 0 ] && [ "$chunk" -lt "$users" ] && first_chunk=$chunk
echo "registrar benchmark: $users users per rate run, windows: $windows, $runs runs each," \
	"hss-sim chunk: ${chunk:-0} (0 = all)"

# ---- rate runs ----
: >"$work/rates"
for w in $windows; do
	r=1
	while [ "$r" -le "$runs" ]; do
		name=w$w-r$r
		start_hss 0 "$first_chunk"
		start_scscfd "$name" 500 3600
		wait_link
		run_load "$name" "$w" "$users" "$rounds" 3600
		echo "== window $w, run $r"
		show "$name"
		log_note "$scscfd_log" scscfd
		summarize "$name" | awk -v w="$w" -v r="$r" '{ printf "%s %s %s\n", w, r, $0 }' >>"$work/rates"
		r=$((r + 1))
	done
done

best_w=$(awk '$3 == "register" { if ($7 >= 0.1) bad[$1] = 1; v[$1] = v[$1] " " $8 }
	END { best = -1
		for (w in v) if (!(w in bad)) {
			n = split(v[w], a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			med = a[int((n + 1) / 2)] + 0
			if (med > best) { best = med; bw = w } }
		print bw }' "$work/rates")

# ---- memory runs ----
mem_default=
mem_short=
if [ "$mem_users" -gt 0 ]; then
	mw=${best_w:-64}
	mem_first=$mem_users
	[ "$chunk" -gt 0 ] && [ "$chunk" -lt "$mem_users" ] && mem_first=$chunk
	# default timers: transactions live 32 s, challenges auth_timeout (60 s here)
	start_hss 0 "$mem_first"
	start_scscfd mem-default 500 60
	wait_link
	before=$(rss "$scscfd_pid")
	run_load mem-default "$mw" "$mem_users" 0 600000
	after=$(rss "$scscfd_pid")
	echo "== memory, default timers, $mem_users users, window $mw"
	show mem-default
	sleep "$mem_wait"
	later=$(rss "$scscfd_pid")
	ok=$(summarize mem-default | awk '$1 == "register" { print $3 }')
	mem_default="$before $after $later $ok"
	log_note "$scscfd_log" scscfd

	# short timers: only the registrations outlive the run
	start_hss 0 "$mem_first"
	start_scscfd mem-short 10 2
	wait_link
	before=$(rss "$scscfd_pid")
	run_load mem-short "$mw" "$mem_users" 0 600000
	sleep 3
	after=$(rss "$scscfd_pid")
	echo "== memory, t1 = 10 ms, auth_timeout = 2 s, $mem_users users, window $mw"
	show mem-short
	ok=$(summarize mem-short | awk '$1 == "register" { print $3 }')
	mem_short="$before $after $ok"
	log_note "$scscfd_log" scscfd
fi
stop_hss

# ---- summary ----
echo
echo "==== summary: $users users per rate run, hss-sim chunk ${chunk} (0 = all users in one)," \
	"scscfd, hss-sim and reg_load on the same cores ($(nproc))"
awk '{ key = $1 " " $3; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	rt[key] = rt[key] sprintf(" %.0f", $8); fl[key] = fl[key] sprintf(" %.3f", $7)
	lt[key] = lt[key] sprintf(" %s/%s", $15, $16)
	cpu[key] = cpu[key] sprintf(" %s/%s/%s", $11, $12, $13); mb[key] = mb[key] " " $14 }
	END { for (i = 1; i <= n; i++) { split(order[i], kk, " ")
		printf "window %s, %s:\n  rate/s     %s\n  failures %%%s\n  p50/p99 ms %s\n", kk[1], kk[2],
			rt[order[i]], fl[order[i]], lt[order[i]]
		printf "  CPU %% of one core, reg_load/scscfd/hss-sim: %s\n  machine busy (cores): %s\n",
			cpu[order[i]], mb[order[i]] } }' "$work/rates"
echo "best window (highest median registrations/s with < 0.1% failures in every run): ${best_w:-none}"
if [ -n "$mem_default" ]; then
	echo "$mem_default" | awk -v wt="$mem_wait" '{ d = ($2 - $1) * 1024; l = ($3 - $1) * 1024
		printf "memory, default timers: VmRSS %d kB before, %d kB right after %d registrations, %d kB %d s later\n", $1, $2, $4, $3, wt
		if ($4 > 0) printf "  right after: %.0f B per user, %.0f B per IMPU (live transactions and challenges included)\n  %d s later:  %.0f B per user, %.0f B per IMPU\n", d / $4, d / $4 / 3, wt, l / $4, l / $4 / 3 }'
	echo "$mem_short" | awk '{ d = ($2 - $1) * 1024
		printf "memory, t1 = 10 ms, auth_timeout = 2 s: VmRSS %d kB before, %d kB after %d registrations\n", $1, $2, $3
		if ($3 > 0) printf "  %.0f B per user, %.0f B per IMPU (3 IMPUs per user)\n", d / $3, d / $3 / 3 }'
fi
# hss-sim logs its own SIGTERM as "error diameter: Initiating freeDiameter
# shutdown sequence (3)": count that apart
shut=$(cat "$work"/hss-*.log | grep -c 'Initiating freeDiameter shutdown sequence' || true)
hss_lines=$(cat "$work"/hss-*.log | grep -v 'Initiating freeDiameter shutdown sequence' | grep -c . || true)
echo "hss-sim logs ($hss_logs instances, level warn): $hss_lines lines besides $shut shutdown notices"
[ "$hss_lines" -eq 0 ] || cat "$work"/hss-*.log | grep -v 'Initiating freeDiameter shutdown sequence' |
	cut -c26- | sort | uniq -c | sort -rn | head -8
