# tests/sip/group.sh - sourced by the integration test drivers: runs the
# test program in a process group of its own and, however the program ends
# (its own exit, a crash, a SIGKILL, or a signal to the driver), stops
# every process still in that group, so a test leaves nothing running.
#
#   run_grouped NAME COMMAND [ARG...]   returns COMMAND's status; 1 when
#                                       it left processes behind; 128+N
#                                       after signal N reached the driver
#
# A signal to the driver goes on to the program as SIGTERM (the tests stop
# their daemons in their own finally blocks); after 60 s, or at once after
# it exits, whatever is left of the group gets SIGTERM, then SIGKILL.
# setsid(1) (util-linux) makes the group: a background job of a
# non-interactive shell is no group leader, so it runs the program itself
# and the group's id is the program's pid.

for rg_tool in setsid pgrep; do
	command -v "$rg_tool" >/dev/null 2>&1 || {
		echo "group.sh: $rg_tool not found (util-linux, procps): run scripts/install-deps.sh" >&2
		exit 99
	}
done

# The processes of group $1 that still run (a zombie waits for its reaper
# only), one "pid args" a line; empty when none.
rg_live() {
	for rg_p in $(pgrep -g "$1"); do
		rg_st=$(sed 's/.*) //' "/proc/$rg_p/stat" 2>/dev/null | cut -c1)
		[ -z "$rg_st" ] || [ "$rg_st" = Z ] || pgrep -a -g "$1" | grep "^$rg_p "
	done
}

# Every process of group $1 gets SIGTERM, then SIGKILL after 5 s; 0 when
# the group was empty already (after a second's grace for the program's
# last children to go), 1 when something had to be stopped.
rg_stop_group() {
	rg_i=0
	while [ -n "$(rg_live "$1")" ] && [ $rg_i -lt 10 ]; do
		sleep 0.1
		rg_i=$((rg_i + 1))
	done
	[ -n "$(rg_live "$1")" ] || return 0
	echo "$rg_name: processes left behind, stopping them:" >&2
	rg_live "$1" >&2
	kill -TERM "-$1" 2>/dev/null
	rg_i=0
	while [ -n "$(rg_live "$1")" ] && [ $rg_i -lt 50 ]; do
		sleep 0.1
		rg_i=$((rg_i + 1))
	done
	kill -KILL "-$1" 2>/dev/null
	return 1
}

# A signal reached the driver: pass it on as SIGTERM, and arm a watchdog
# that ends the group if the program takes more than 60 s to stop.
rg_on_signal() {
	rg_sig=$1
	kill -TERM "$rg_pid" 2>/dev/null
	if [ -z "$rg_dog" ]; then
		setsid sh -c "sleep 60; kill -KILL -$rg_pid" 2>/dev/null &
		rg_dog=$!
	fi
}

run_grouped() {
	rg_name=$1
	shift
	rg_sig=0
	rg_dog=
	setsid "$@" &
	rg_pid=$!
	trap 'rg_on_signal 129' HUP
	trap 'rg_on_signal 130' INT
	trap 'rg_on_signal 143' TERM
	# a trapped signal ends wait early: wait again until the program is gone
	while :; do
		wait "$rg_pid"
		rg_rc=$?
		kill -0 "$rg_pid" 2>/dev/null || break
	done
	trap - HUP INT TERM
	rg_stop_group "$rg_pid" || { [ "$rg_rc" -ne 0 ] || rg_rc=1; }
	if [ -n "$rg_dog" ]; then
		kill -TERM "-$rg_dog" 2>/dev/null
		wait "$rg_dog" 2>/dev/null
	fi
	[ "$rg_sig" -eq 0 ] || rg_rc=$rg_sig
	return "$rg_rc"
}
