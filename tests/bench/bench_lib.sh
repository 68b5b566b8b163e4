# tests/bench/bench_lib.sh - shell functions the daemon benchmarks
# (bench_register.sh, bench_notify.sh) share; sourced, not run.  Owns: free
# loopback ports, VmRSS, polling, the generated hss-sim subscribers
# (userNNNNNN, SIP Digest, three IMPUs, one iFC), the Diameter certificates
# and configurations, starting and stopping hss-sim and scscfd, the Cx link,
# cleaning up, a daemon log's summary.
#
# The sourcing script sets first: bench (its name, for messages), src,
# work (an empty work directory), domain, scscfd, hss_sim; optionally
# scscfd_extra (configuration text appended to every scscfd.conf) and
# bench_cleanup_more (a command run first at exit, to stop its own
# processes).  Then it installs the traps with bench_traps and calls
# setup_diameter.

hss_pid=
hss_range=
hss_logs=0
scscfd_pid=
sip_port=
scscfd_log=
scscfd_extra=${scscfd_extra:-}
bench_cleanup_more=${bench_cleanup_more:-}

bench_cleanup() {
	[ -z "$bench_cleanup_more" ] || $bench_cleanup_more
	if [ -n "$scscfd_pid" ]; then kill "$scscfd_pid" 2>/dev/null; wait "$scscfd_pid" 2>/dev/null; fi
	if [ -n "$hss_pid" ]; then kill "$hss_pid" 2>/dev/null; wait "$hss_pid" 2>/dev/null; fi
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "$bench: work directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
}

bench_traps() {
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

free_port() {
	python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# rss PID -> VmRSS in kB
rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

hss_ctl() {
	"$hss_sim" --ctl "$work/hss.sock" "$@" 2>/dev/null
}

# wait_until SECONDS COMMAND... : poll every 0.1 s
wait_until() {
	limit=$1
	shift
	n=0
	until "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ "$n" -lt $((limit * 10)) ] || return 1
		sleep 0.1
	done
}

link_up() {
	hss_ctl peer scscf.$domain
}

link_down() {
	! hss_ctl peer scscf.$domain
}

# ---- subscribers: userNNNNNN, SIP Digest only, password pwN, three IMPUs ----
# subs FIRST COUNT -> the path of a subscriber file for that range
subs() {
	f=$work/subs-$1-$2.xml
	[ -s "$f" ] || awk -v first="$1" -v n="$2" -v d="$domain" 'BEGIN {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<subscribers>"
	for (i = first; i < first + n; i++) {
		u = sprintf("user%06d", i)
		printf " <subscriber impi=\"%s@%s\" schemes=\"SIP-Digest\">\n", u, d
		printf "  <digest password=\"pw%d\" realm=\"%s\"/>\n", i, d
		printf "  <IMSSubscription><PrivateID>%s@%s</PrivateID><ServiceProfile>\n", u, d
		printf "   <PublicIdentity><Identity>sip:%s@%s</Identity><Extension><IdentityType>0</IdentityType><Extension><DisplayName>User %d</DisplayName></Extension></Extension></PublicIdentity>\n", u, d, i
		printf "   <PublicIdentity><Identity>tel:+1555%06d</Identity><Extension><IdentityType>0</IdentityType></Extension></PublicIdentity>\n", i
		printf "   <PublicIdentity><BarringIndication>1</BarringIndication><Identity>sip:%s-barred@%s</Identity><Extension><IdentityType>0</IdentityType></Extension></PublicIdentity>\n", u, d
		printf "   <InitialFilterCriteria><Priority>0</Priority><TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF><SPT><ConditionNegated>0</ConditionNegated><Group>0</Group><Method>INVITE</Method></SPT><SPT><ConditionNegated>0</ConditionNegated><Group>1</Group><SessionCase>0</SessionCase></SPT></TriggerPoint><ApplicationServer><ServerName>sip:mmtel-as.%s:5060</ServerName><DefaultHandling>0</DefaultHandling></ApplicationServer></InitialFilterCriteria>\n", d
		print "  </ServiceProfile></IMSSubscription>"
		print " </subscriber>"
	}
	print "</subscribers>"
}' >"$f"
	echo "$f"
}


# ---- Diameter: certificates and both configurations ----
fd_conf() { # ID PORT PEER PEER_PORT
	cat <<EOF
Identity = "$1";
Realm = "$domain";
Port = $2;
SecPort = 0;
No_SCTP;
No_IPv6;
TwTimer = 6;
TcTimer = 1;
TLS_Cred = "$work/$1.cert.pem", "$work/$1.key.pem";
TLS_CA = "$work/$1.cert.pem";
ConnectPeer = "$3" { ConnectTo = "127.0.0.1"; Port = $4; No_TLS; };
EOF
}

# setup_diameter: certificates, ports and both freeDiameter configurations
setup_diameter() {
	sh "$src/scripts/diameter-certs.sh" "$work" hss.$domain scscf.$domain
	hss_port=$(free_port)
	scscf_dia_port=$(free_port)
	fd_conf hss.$domain "$hss_port" scscf.$domain "$scscf_dia_port" >"$work/hss.conf"
	fd_conf scscf.$domain "$scscf_dia_port" hss.$domain "$hss_port" >"$work/scscf-fd.conf"
}

stop_hss() {
	if [ -n "$hss_pid" ]; then
		kill "$hss_pid" 2>/dev/null || true
		wait "$hss_pid" 2>/dev/null || echo "$bench: hss-sim exited with status $?" >&2
		hss_pid=
		hss_range=
	fi
}

# start_hss FIRST COUNT: hss-sim serving that range (kept when it already does)
start_hss() {
	[ -n "$hss_pid" ] && [ "$hss_range" = "$1:$2" ] && return 0
	f=$(subs "$1" "$2")
	stop_hss
	hss_logs=$((hss_logs + 1))
	"$hss_sim" -c "$work/hss.conf" -u "$f" -l 127.0.0.1 -s "$work/hss.sock" -L warn \
		</dev/null >"$work/hss-$hss_logs.log" 2>&1 &
	hss_pid=$!
	hss_range=$1:$2
	wait_until 300 hss_ctl ping ||
		{ echo "$bench: hss-sim did not start:" >&2; tail "$work/hss-$hss_logs.log" >&2; exit 1; }
}


stop_scscfd() {
	if [ -n "$scscfd_pid" ]; then
		kill "$scscfd_pid"
		wait "$scscfd_pid" 2>/dev/null || echo "$bench: scscfd exited with status $?" >&2
		scscfd_pid=
		wait_until 20 link_down || echo "$bench: hss-sim still sees the old scscfd" >&2
	fi
}

# start_scscfd NAME T1 AUTH_TIMEOUT [T4]: a fresh scscfd (hss-sim must run);
# T4 (Timer K of client transactions over UDP) defaults to 5000 ms
start_scscfd() {
	stop_scscfd
	sip_port=$(free_port)
	cat >"$work/scscfd-$1.conf" <<EOF
[sip]
listen = udp:127.0.0.1:$sip_port
domain = $domain
max_transactions = 5000000
[timers]
t1 = $2
t2 = $(($2 > 4000 ? $2 : 4000))
t4 = ${4:-5000}
[log]
level = warn
[diameter]
config = $work/scscf-fd.conf
listen = 127.0.0.1
realm = $domain
server_name = sip:scscf.$domain:$sip_port
timeout = 5000
[registrar]
min_expires = 60
max_expires = 600000
default_expires = 3600
auth_timeout = $3
$scscfd_extra
EOF
	scscfd_log=$work/scscfd-$1.log
	"$scscfd" -c "$work/scscfd-$1.conf" </dev/null >"$scscfd_log" 2>&1 &
	scscfd_pid=$!
}

# wait for the Cx link, then a second more for both sides to settle
wait_link() {
	wait_until 30 link_up ||
		{ echo "$bench: no Cx link:" >&2; tail "$scscfd_log" "$work/hss-$hss_logs.log" >&2; exit 1; }
	sleep 1
}

# log_note FILE WHAT: count the lines of a daemon log and show the first few
log_note() {
	n=$(grep -c . "$1" || true)
	[ "$n" -eq 0 ] && return 0
	echo "   $2 log ($1): $n lines; first and last:"
	head -3 "$1" | sed 's/^/     /'
	[ "$n" -gt 3 ] && tail -2 "$1" | sed 's/^/     /'
	return 0
}
