#!/bin/sh
# tests/bench/bench_notify.sh BUILDDIR SRCDIR - the notifier benchmark:
# hss-sim and scscfd on free loopback ports (as in bench_register.sh), one
# sipp watcher (tests/bench/notify_uas.xml: one call per subscription
# dialog, every NOTIFY answered 200 at once, retransmissions recognised and
# counted apart), and tests/bench/sub_load, which
#   1. registers BENCH_USERS users with SIP Digest, each REGISTER with
#      "Path: <sip:pcscf@127.0.0.1:PORT_P;lr>";
#   2. subscribes each user to its reg event twice, as the UE and as the
#      P-CSCF, both Contacts at the sipp watcher (2 subscriptions a user;
#      each gets its first NOTIFY at once);
#   3. re-REGISTERs every user BENCH_ROUNDS times (one store change each:
#      a NOTIFY per subscription, or fewer when the notifier merges changes
#      within [regevent] window ms).
# Figures, per run, as "key value" lines:
#   * NOTIFYs answered 200 by the watcher per second during the re-REGISTER
#     phase: the count of 200s sipp sent for new NOTIFYs (its -trace_counts
#     CSV, a line every BENCH_STAT_MS ms) from the phase's first
#     re-REGISTER until the count stops growing; also the rate while
#     re-REGISTERs were being sent, how long the NOTIFYs trailed the last
#     re-REGISTER's 200, the NOTIFY retransmissions sipp saw and the
#     datagrams the kernel dropped at scscfd's UDP socket (/proc/net/udp);
#   * re-REGISTERs/s, NOTIFYs per re-REGISTER (2 when nothing is merged);
#   * the SUBSCRIBE phase: pairs of SUBSCRIBEs/s and their first NOTIFYs/s;
#   * scscfd's VmRSS before the SUBSCRIBEs and after them: bytes per
#     subscription = delta / (2 * users subscribed).  Right after the
#     phase the server transactions of the SUBSCRIBEs (Timer J, 32 s) and
#     the client transactions of the NOTIFYs (Timer K, 5 s) are alive, so
#     RSS is sampled again BENCH_MEM_WAIT s later; before the SUBSCRIBEs the
#     script waits as long for the registrations' transactions to end (the
#     Digest challenges stay: the re-REGISTERs reuse their nonces).  The
#     heap keeps what freed transactions held, so these figures are upper
#     bounds.  A last, "memory" run measures the subscriptions alone:
#     t1 = 10 ms (Timer J 640 ms), t4 = 10 ms (Timer K), auth_timeout = 2 s,
#     and the users subscribed BENCH_MEM_BATCH at a time, a second apart,
#     so that the heap never holds more than one batch's transactions.
#
# hss-sim answers each SAR after a scan of all its subscribers (see
# bench_register.sh), so BENCH_HSS_CHUNK=C serves the users C at a time:
# hss-sim is restarted with the next chunk before sub_load registers or
# re-REGISTERs that chunk; scscfd keeps running.  The re-REGISTER figures
# add the chunks' phases up (the restarts are not counted).  SUBSCRIBE
# needs no Cx and runs over all users at once.
#
# Environment:
#   BENCH_USERS       users (default 10000; 2 subscriptions each)
#   BENCH_ROUNDS      re-REGISTER rounds per chunk (default 3)
#   BENCH_EV_WINDOWS  [regevent] window values in ms, one run each
#                     (default "0 20")
#   BENCH_RUNS        runs per combination of the two (default 1)
#   BENCH_HSS_CHUNK   subscribers per hss-sim (default 1000; 0: all)
#   BENCH_WINDOWS     sub_load's flows in flight, one run each (default
#                     "16 64")
#   BENCH_RATE        cap on flows started per second (default 0: none)
#   BENCH_SOCKETS     sub_load's UDP sockets (default 4)
#   BENCH_MEM_WAIT    seconds for transactions to end before RSS samples
#                     (default 35: Timer J is 32 s)
#   BENCH_MEM_RUN     "no" skips the short-timer memory run
#   BENCH_MEM_BATCH   users subscribed at a time in the memory run (500)
#   BENCH_STAT_MS     sipp's counts period in ms (default 50)
#   BENCH_KEEP        non-empty: keep the work directory (logs, CSVs)
#   BENCH_SIPP_TRACE  non-empty: sipp logs every message (slow; to debug)
#   SCSCFD, HSS_SIM, SUB_LOAD, SIPP  the binaries
set -eu
build=${1:-.}
src=${2:-.}
users=${BENCH_USERS:-10000}
rounds=${BENCH_ROUNDS:-3}
ev_windows=${BENCH_EV_WINDOWS:-0 20}
runs=${BENCH_RUNS:-1}
chunk=${BENCH_HSS_CHUNK:-1000}
windows=${BENCH_WINDOWS:-16 64}
inflight=
rate=${BENCH_RATE:-0}
nsock=${BENCH_SOCKETS:-4}
mem_wait=${BENCH_MEM_WAIT:-35}
mem_run=${BENCH_MEM_RUN:-yes}
mem_batch=${BENCH_MEM_BATCH:-500}
stat_ms=${BENCH_STAT_MS:-50}
scscfd=${SCSCFD:-$build/scscf/scscfd}
hss_sim=${HSS_SIM:-$build/tests/hss-sim/hss-sim}
sub_load=${SUB_LOAD:-$build/tests/bench/sub_load}
sipp=${SIPP:-sipp}
domain=open-ims.test

for b in "$scscfd" "$hss_sim" "$sub_load"; do
	[ -x "$b" ] || { echo "bench_notify: $b is not built" >&2; exit 1; }
done
command -v "$sipp" >/dev/null || { echo "bench_notify: no sipp" >&2; exit 1; }
[ "$users" -le 100000 ] || { echo "bench_notify: hss-sim takes at most 100000 subscribers" >&2; exit 1; }

scenario=$(cd "$src/tests/bench" && pwd)/notify_uas.xml
bench=bench_notify
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-notify.XXXXXX")
sipp_pid=
load_pid=
stop_helpers() {
	if [ -n "$load_pid" ]; then
		exec 3>&-
		kill "$load_pid" 2>/dev/null || true
		wait "$load_pid" 2>/dev/null || true
		load_pid=
	fi
	if [ -n "$sipp_pid" ]; then
		kill "$sipp_pid" 2>/dev/null || true
		wait "$sipp_pid" 2>/dev/null || true
		sipp_pid=
	fi
}
bench_cleanup_more=stop_helpers
. "$src/tests/bench/bench_lib.sh"
bench_traps
setup_diameter

now() {
	date +%s.%N
}

# ---- the sipp watcher and its message counts ----
csv=
col_time=
col_ok=
col_rt=
# start_sipp NAME: a watcher on a new port ($port_w); sipp writes its counts
# CSV into its working directory, named after the scenario: $csv
start_sipp() {
	port_w=$(free_port)
	sipp_trace=
	[ -z "${BENCH_SIPP_TRACE:-}" ] || sipp_trace="-trace_msg -message_file $work/$1.sipp-msg.log"
	mkdir "$work/$1.sipp"
	# shellcheck disable=SC2086
	(cd "$work/$1.sipp" && exec "$sipp" -sf "$scenario" -t u1 -i 127.0.0.1 -p "$port_w" \
		-buff_size 8388608 -trace_counts -fd "${stat_ms}ms" \
		-trace_err -error_file "$work/$1.sipp-errors.log" \
		-trace_screen -screen_file "$work/$1.sipp-screen.txt" $sipp_trace \
		-nostdin </dev/null >"$work/$1.sipp.out" 2>&1) &
	sipp_pid=$!
	csv=$work/$1.sipp/notify_uas_${sipp_pid}_counts.csv
	wait_until 10 test -s "$csv" ||
		{ echo "$bench: sipp did not start:" >&2; tail "$work/$1.sipp.out" >&2; exit 1; }
	col_time=$(csv_col CurrentTime)
	col_ok=$(csv_col 1_200_Sent)
	col_rt=$(csv_col 0_NOTIFY_Retrans)
	[ -n "$col_time" ] && [ -n "$col_ok" ] && [ -n "$col_rt" ] ||
		{ echo "$bench: unexpected sipp counts CSV: $(head -n 1 "$csv")" >&2; exit 1; }
}

# csv_col NAME: the column of NAME in the sipp CSV
csv_col() {
	head -n 1 "$csv" | awk -F';' -v n="$1" '{ for (i = 1; i <= NF; i++) if ($i == n) print i }'
}

# sipp_count: the new NOTIFYs answered, from the CSV's last line
sipp_count() {
	c=
	while [ -z "$c" ]; do
		c=$(tail -n 1 "$csv" | awk -F';' -v k="$col_ok" '$k ~ /^[0-9]+$/ { print $k }')
		[ -n "$c" ] || sleep 0.02
	done
	echo "$c"
}

# stop_sipp: dump its final screen (SIGUSR2), then stop it
stop_sipp() {
	kill -USR2 "$sipp_pid" 2>/dev/null || true
	sleep 0.5
	kill "$sipp_pid" 2>/dev/null || true
	wait "$sipp_pid" 2>/dev/null || true
	sipp_pid=
}

# udp_drops PORT: datagrams the kernel dropped at the socket bound to
# 127.0.0.1:PORT (its receive buffer was full)
udp_drops() {
	awk -v a="$(printf '0100007F:%04X' "$1")" '$2 == a { print $NF; exit }' /proc/net/udp
}

# wait_drain TARGET: until the count has reached TARGET and held for 0.3 s,
# or has not moved for 5 s (NOTIFYs merged, lost or retransmitted late),
# at most 120 s; drained_at is then the time
wait_drain() {
	last=-1
	same=0
	n=0
	while :; do
		c=$(sipp_count)
		if [ "$c" = "$last" ]; then same=$((same + 1)); else same=0; last=$c; fi
		[ "$c" -ge "$1" ] && [ "$same" -ge 3 ] && break
		[ "$same" -ge 50 ] && break
		n=$((n + 1))
		[ "$n" -lt 1200 ] || { echo "$bench: NOTIFYs still coming after 120 s" >&2; break; }
		sleep 0.1
	done
	drained_at=$(now)
}

# ---- the driver: sub_load reading commands from a FIFO ----
load_out=
ndone=0
start_load() {
	load_out=$work/$1.load.out
	mkfifo "$work/$1.cmd"
	"$sub_load" -n "$users" -w "$inflight" -r "$rate" -s "$nsock" -e 600000 -x 600000 \
		-P "127.0.0.1:$port_p" -W "127.0.0.1:$port_w" "$sip_port" \
		<"$work/$1.cmd" >"$load_out" 2>&1 &
	load_pid=$!
	exec 3>"$work/$1.cmd"
	ndone=0
}

# drive COMMAND...: one sub_load command, waiting for its "done"
drive() {
	echo "$*" >&3
	ndone=$((ndone + 1))
	while [ "$(grep -c '^done$' "$load_out" || true)" -lt "$ndone" ]; do
		kill -0 "$load_pid" 2>/dev/null ||
			{ echo "$bench: sub_load died:" >&2; tail -20 "$load_out" >&2; exit 1; }
		sleep 0.05
	done
	if grep -q '^error' "$load_out"; then
		echo "$bench: sub_load: $(grep '^error' "$load_out" | head -1)" >&2
		exit 1
	fi
}

stop_load() {
	echo quit >&3
	exec 3>&-
	wait "$load_pid" 2>/dev/null || echo "$bench: sub_load exited with status $?" >&2
	load_pid=
}

# last KEY: the first value of KEY in sub_load's last phase report
last() {
	awk -v k="$1" '$1 == "phase" { v = "" } $1 == k { v = $2 } END { print v }' "$load_out"
}

# phase_done KIND TARGET_NOTIFIES: wait for the NOTIFYs, record the phase in
# $work/$name.phases as "KIND t0 t1 drained attempts successes failures
# cpu_scscfd cpu_hss cpu_sipp drops retransmissions cpu_sub_load
# cpu_machine" (drops: at scscfd's socket during the phase;
# retransmissions: sub_load's; CPU in seconds from t0 to t1, the machine's
# all cores together)
phase_done() {
	wait_drain "$2"
	d=$(udp_drops "$sip_port")
	awk -v kind="$1" -v td="$drained_at" -v dr=$((${d:-0} - drops_seen)) '
		$1 == "phase" { np = 0; a = s = f = t0 = t1 = rt = lg = mb = 0; cpu[1] = cpu[2] = cpu[3] = 0 }
		$1 == "attempts" { a = $2 } $1 == "successes" { s = $2 } $1 == "failures" { f = $2 }
		$1 == "wall_start" { t0 = $2 } $1 == "wall_end" { t1 = $2 }
		$1 == "retransmissions" { rt = $2 }
		$1 == "pid_cpu_s" { np++; cpu[np] = $3 }
		$1 == "loadgen_cpu_s" { lg = $2 } $1 == "machine_busy_cores" { mb = $2 }
		END { printf "%s %s %s %s %d %d %d %s %s %s %d %d %s %.3f\n", kind, t0, t1, td, a, s, f,
			cpu[1], cpu[2], cpu[3], dr, rt, lg, mb * (t1 - t0) }' "$load_out" >>"$work/$name.phases"
	drops_seen=${d:-0}
}

# chunks COUNT [STEP]: "first:count" words covering the users, STEP
# (default: the hss-sim chunk) at a time
chunks() {
	step=${2:-$chunk}
	[ "$step" -gt 0 ] && [ "$step" -lt "$1" ] || step=$1
	awk -v n="$1" -v s="$step" 'BEGIN { for (o = 0; o < n; o += s) print o ":" (o + s <= n ? s : n - o) }'
}

serve_chunk() { # FIRST COUNT: hss-sim for that chunk, the link up, pids watched
	if [ "$hss_range" != "$1:$2" ]; then
		start_hss "$1" "$2"
		wait_link
	fi
	drive watch "$scscfd_pid" "$hss_pid" "$sipp_pid"
}

# ---- one run ----
# run NAME MODE EV_WINDOW: MODE "rate" (default timers, the whole flow) or
# "memory" (t1 = 10 ms, auth_timeout = 2 s; registrations and SUBSCRIBEs)
run() {
	name=$1
	mode=$2
	: >"$work/$name.phases"
	scscfd_extra=$(printf '[regevent]\nwindow = %s\n' "$3")
	oc=$(chunks "$users" | head -n 1)
	start_hss "${oc%:*}" "${oc#*:}"
	if [ "$mode" = rate ]; then
		start_scscfd "$name" 500 3600
		settle=$mem_wait
	else
		start_scscfd "$name" 10 2 10
		settle=3
	fi
	wait_link
	port_p=$(free_port)
	start_sipp "$name"
	start_load "$name"

	drops_seen=$(udp_drops "$sip_port")
	for oc in $(chunks "$users"); do
		serve_chunk "${oc%:*}" "${oc#*:}"
		drive register "${oc%:*}" "${oc#*:}"
		phase_done register 0
	done

	sleep "$settle"
	rss_before=$(rss "$scscfd_pid")
	drive watch "$scscfd_pid" "$hss_pid" "$sipp_pid"
	if [ "$mode" = rate ]; then
		c=$(sipp_count)
		drive subscribe 0 "$users"
		phase_done subscribe $((c + 2 * $(last successes)))
	else
		# a few hundred users at a time, the transactions of each batch
		# (Timer J 640 ms, Timer K 10 ms) gone before the next
		for oc in $(chunks "$users" "$mem_batch"); do
			c=$(sipp_count)
			drive subscribe "${oc%:*}" "${oc#*:}"
			phase_done subscribe $((c + 2 * $(last successes)))
			sleep 1
		done
	fi
	rss_right=$(rss "$scscfd_pid")
	sleep "$settle"
	rss_settled=$(rss "$scscfd_pid")
	echo "rss $rss_before $rss_right $rss_settled" >>"$work/$name.phases"

	if [ "$mode" = rate ]; then
		for oc in $(chunks "$users"); do
			serve_chunk "${oc%:*}" "${oc#*:}"
			c=$(sipp_count)
			drive reregister "${oc%:*}" "${oc#*:}" "$rounds"
			phase_done reregister $((c + 2 * $(last successes)))
		done
		echo "rss_end $(rss "$scscfd_pid")" >>"$work/$name.phases"
	fi
	stop_load
	stop_sipp
	report "$name" "$mode" "$3"
}

# ---- figures of a run ----
# notify_figures: each phase line of $work/$name.phases with, from the sipp
# CSV, the NOTIFYs answered between t0 and the drain, the time from t0 to
# the last of them (midpoint of the two CSV samples around the count's
# last step), those answered between t0 and t1 (interpolated) and the
# NOTIFY retransmissions sipp saw:
#   KIND t0 t1 drained attempts ok failed cpu*3 drops retrans cpu_load
#   cpu_machine notifies busy_s during phase_s notify_retrans
notify_figures() {
	awk -v csv="$csv" -v ct="$col_time" -v co="$col_ok" -v cr="$col_rt" '
	BEGIN {
		while ((getline line < csv) > 0) {
			nf = split(line, f, ";")
			if (nf < co || nf < cr || f[co] !~ /^[0-9]+$/) continue
			split(f[ct], tt, "\t")
			n++; T[n] = tt[3] + 0; C[n] = f[co] + 0; R[n] = f[cr] + 0
		}
	}
	$1 == "rss" || $1 == "rss_end" { next }
	{
		t0 = $2 + 0; t1 = $3 + 0; td = $4 + 0
		c0 = ce = r0 = re = 0
		for (i = 1; i <= n; i++) {
			if (T[i] <= t0) { c0 = C[i]; r0 = R[i] }
			if (T[i] <= td) { ce = C[i]; re = R[i] }
		}
		tl = t0
		if (ce > c0)
			for (i = 2; i <= n; i++) if (T[i] > t0 && C[i] >= ce) {
				tl = (T[i - 1] + T[i]) / 2
				if (tl < t0) tl = T[i]
				break
			}
		c1 = ce
		for (i = 2; i <= n; i++) if (T[i] >= t1) {
			c1 = C[i - 1]
			if (T[i] > T[i - 1]) c1 += (C[i] - C[i - 1]) * (t1 - T[i - 1]) / (T[i] - T[i - 1])
			break
		}
		printf "%s %d %.6f %.1f %.6f %d\n", $0, ce - c0, tl - t0, c1 - c0, t1 - t0, re - r0
	}' "$work/$name.phases"
}

# report NAME MODE EV_WINDOW: the run's figures as "key value" lines, and a
# line for the summary
report() {
	notify_figures >"$work/$1.figures"
	echo "== run $1 ($2): $users users, regevent.window $3 ms, hss-sim chunk $chunk," \
		"$inflight flows in flight"
	awk -v mode="$2" -v rounds="$rounds" -v cores="$(nproc)" '
	function kv(k, v) { printf "  %-36s %s\n", k, v }
	function per_s(n, t) { return t > 0 ? sprintf("%.0f", n / t) : "-" }
	{
		k = $1; A[k] += $5; S[k] += $6; F[k] += $7
		c1[k] += $8; c2[k] += $9; c3[k] += $10; DR[k] += $11; RT[k] += $12
		c4[k] += $13; MB[k] += $14
		N[k] += $15; B[k] += $16; D[k] += $17; P[k] += $18; NRT[k] += $19
	}
	END {
		kv("register_ok", S["register"] " of " A["register"])
		kv("register_per_s", per_s(S["register"], P["register"]))
		kv("subscribe_pairs_ok", S["subscribe"] " of " A["subscribe"])
		kv("subscribe_pairs_per_s", per_s(S["subscribe"], P["subscribe"]))
		kv("first_notifies", N["subscribe"] " (expected " 2 * S["subscribe"] ")")
		kv("first_notifies_per_s", per_s(N["subscribe"], B["subscribe"]))
		kv("first_notifies_retransmitted", NRT["subscribe"])
		if (S["subscribe"] > 0)
			kv("scscfd_cpu_ms_per_subscribe_pair", sprintf("%.3f", 1000 * c1["subscribe"] / S["subscribe"]))
		if (mode == "rate") {
			kv("reregister_ok", S["reregister"] " of " A["reregister"] " (" rounds " rounds)")
			kv("reregister_per_s", per_s(S["reregister"], P["reregister"]))
			kv("notifies", N["reregister"])
			kv("notifies_per_reregister", sprintf("%.3f", S["reregister"] > 0 ? N["reregister"] / S["reregister"] : 0))
			kv("notifies_per_s", per_s(N["reregister"], B["reregister"]))
			kv("notifies_per_s_while_reregistering", per_s(D["reregister"], P["reregister"]))
			kv("notify_tail_s", sprintf("%.3f", B["reregister"] - P["reregister"]))
			kv("notifies_retransmitted", NRT["reregister"])
			if (P["reregister"] > 0)
				kv("cpu_pct_scscfd/hss-sim/sipp/sub_load", sprintf("%.0f/%.0f/%.0f/%.0f (machine %.0f of %d)",
					100 * c1["reregister"] / P["reregister"], 100 * c2["reregister"] / P["reregister"],
					100 * c3["reregister"] / P["reregister"], 100 * c4["reregister"] / P["reregister"],
					100 * MB["reregister"] / P["reregister"], 100 * cores))
		if (S["reregister"] > 0)
			kv("scscfd_cpu_ms_per_reregister", sprintf("%.3f (its NOTIFYs included)", 1000 * c1["reregister"] / S["reregister"]))
		}
		kv("scscfd_udp_drops register/subscribe/reregister", (DR["register"] + 0) "/" (DR["subscribe"] + 0) "/" (DR["reregister"] + 0))
		kv("sub_load_retransmissions register/subscribe/reregister", (RT["register"] + 0) "/" (RT["subscribe"] + 0) "/" (RT["reregister"] + 0))
	}' "$work/$1.figures"
	subs=$(awk '$1 == "subscribe" { n += 2 * $6 } END { print n + 0 }' "$work/$1.figures")
	awk -v subs="$subs" -v wait="$settle" '
	function kv(k, v) { printf "  %-36s %s\n", k, v }
	$1 == "rss" {
		kv("rss_kb_before_subscribe", $2)
		kv("rss_kb_right_after", $3)
		kv("rss_kb_" wait "s_later", $4)
		if (subs > 0) {
			kv("bytes_per_subscription_right_after", sprintf("%.0f", ($3 - $2) * 1024 / subs))
			kv("bytes_per_subscription", sprintf("%.0f", ($4 - $2) * 1024 / subs))
		}
	}
	$1 == "rss_end" { kv("rss_kb_end", $2) }' "$work/$1.phases"
	scr=$work/$1.sipp-screen.txt
	[ ! -s "$scr" ] || awk '/---------->/ && /NOTIFY/ { m = $3; r = $4; u = $6 }
		/dead call msg/ { d = $1 }
		END { printf "  %-36s %s new, %s retransmitted, %s unexpected; %s dead-call messages\n",
			"sipp_notifies", m, r, u, d }' "$scr"
	grep -h "^stray:" "$load_out" | head -3 | sed 's/^/  sub_load: /'
	errs=$(grep -c . "$work/$1.sipp-errors.log" 2>/dev/null || true)
	echo "  sipp_error_log_lines ${errs:-0}"
	log_note "$scscfd_log" scscfd
	mem=$(awk -v subs="$subs" '$1 == "rss" && subs > 0 { printf "%.0f", ($4 - $2) * 1024 / subs }' \
		"$work/$1.phases")
	awk -v r="$1" -v m="$2" -v w="$3 $inflight" -v mem="${mem:-0}" '
	{ k = $1; S[k] += $6; N[k] += $15; B[k] += $16; P[k] += $18; NRT[k] += $19; DR[k] += $11 }
	function ratio(a, b) { return b > 0 ? a / b : 0 }
	END { printf "%s %s %s %.0f %.0f %.0f %.0f %.3f %d %d %.0f\n", r, m, w,
		ratio(S["subscribe"], P["subscribe"]), ratio(N["subscribe"], B["subscribe"]),
		ratio(S["reregister"], P["reregister"]), ratio(N["reregister"], B["reregister"]),
		ratio(N["reregister"], S["reregister"]), NRT["subscribe"] + NRT["reregister"],
		DR["register"] + DR["subscribe"] + DR["reregister"], mem }' \
		"$work/$1.figures" >>"$work/summary"
}

echo "notifier benchmark: $users users (2 subscriptions each), $rounds re-REGISTER rounds," \
	"flows in flight: $windows, regevent.window: $ev_windows ms, $runs run(s) each," \
	"hss-sim chunk $chunk"
: >"$work/summary"
for inflight in $windows; do
	for w in $ev_windows; do
		r=1
		while [ "$r" -le "$runs" ]; do
			run "w$inflight-ev$w-r$r" rate "$w"
			r=$((r + 1))
		done
	done
done
inflight=${windows%% *}
[ "$mem_run" = no ] || run memory memory 20
stop_hss

echo
echo "==== summary: $users users, $((2 * users)) subscriptions; scscfd, hss-sim, sipp and" \
	"sub_load on the same $(nproc) cores"
awk '$2 == "rate" {
	printf "%s: %s in flight, window %s ms: SUBSCRIBE pairs/s %s, first NOTIFYs/s %s;", $1, $4, $3, $5, $6
	printf " re-REGISTERs/s %s, NOTIFYs/s %s, NOTIFYs per re-REGISTER %s;", $7, $8, $9
	printf " NOTIFYs retransmitted %s, scscfd UDP drops %s; %s B per subscription (%s s after)\n",
		$10, $11, $12, wait }' wait="$mem_wait" "$work/summary"
awk '$2 == "memory" { printf "memory run (t1 = 10 ms, auth_timeout = 2 s): %s B per subscription\n", $12 }' \
	"$work/summary"
