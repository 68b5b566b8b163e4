#!/bin/sh
# scripts/test.sh - the project's test command, from a fresh clone:
#   1. install every Debian package the project needs (scripts/install-deps.sh);
#   2. build with AddressSanitizer + UndefinedBehaviorSanitizer, run `make check`;
#   3. build without sanitizers; run the unit tests, the daemon through its
#      integration tests, and hss-sim through its probe, under valgrind
#      (errors, leaks at clean exit);
#   4. from the plain build: make distcheck (the tarball builds and passes
#      make check in a read-only VPATH copy, installs and uninstalls), and
#      tests/install_check.sh (make install DESTDIR=..., every file there);
#   5. build the libFuzzer targets with clang and fuzz each for FUZZ_RUNS
#      inputs from a fixed seed (deterministic: the same code gives the same
#      run; `make fuzz FUZZ_SECONDS=600` is the long, open-ended run).
# Exits non-zero on the first failure.  Build trees go under build/.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
: "${FUZZ_RUNS:=20000}"

step() { printf '\n==== %s\n' "$*"; }

step "dependencies"
"$top/scripts/install-deps.sh"

step "autoreconf"
cd "$top"
autoreconf -fi

build() { # build DIR CONFIGURE-ARGS...
	dir=$top/build/$1
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	cd "$dir"
	"$top/configure" "$@" >configure.out || { cat config.log; exit 1; }
	make -j"$jobs" >make.out 2>&1 || { cat make.out; exit 1; }
}

step "sanitizer build + make check"
build sanitizers --enable-sanitizers CFLAGS="-O1 -g"
make -j"$jobs" check || { cat test-suite.log 2>/dev/null; exit 1; }
"$top/scripts/test-summary.sh" "$top/build/sanitizers"

step "plain build + valgrind"
build plain CFLAGS="-O1 -g"
make -j"$jobs" check-valgrind
make check-daemon-valgrind >daemon-valgrind.log 2>&1 || { cat daemon-valgrind.log; exit 1; }
grep -E '^[0-9]+ passed, [0-9]+ failed$' daemon-valgrind.log
make check-hss-sim-valgrind >hss-sim-valgrind.log 2>&1 || { cat hss-sim-valgrind.log; exit 1; }
tail -n 1 hss-sim-valgrind.log

step "make distcheck + install check"
started=$(date +%s)
make -j"$jobs" distcheck >distcheck.log 2>&1 || { tail -n 150 distcheck.log; exit 1; }
grep -E '^# (TOTAL|PASS|FAIL):' distcheck.log
echo "distcheck: $(($(date +%s) - started)) s"
sh "$top/tests/install_check.sh" "$top/build/plain"

step "fuzzing (${FUZZ_RUNS} inputs per target, fixed seed)"
build fuzz --enable-fuzzing CC=clang CFLAGS="-O1 -g"
make fuzz FUZZ_RUNS="$FUZZ_RUNS"

step "all tests passed"
"$top/scripts/test-summary.sh" "$top/build/sanitizers"
