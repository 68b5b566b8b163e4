#!/bin/sh
# tests/install_check.sh BUILDDIR - `make install DESTDIR=<scratch>` from a
# configured and built BUILDDIR, then check that every file doc/INSTALL.md
# lists is there: the programs (scscfd in sbin), the man pages (each
# rendering without a warning), the sample configuration with absolute
# paths only, the systemd unit with the install paths, the certificate
# helper and the documentation.  The installed programs must accept the
# installed configuration, and make uninstall must leave no file behind.
# Prints "N of M checks passed"; exits 1 on any failure.
set -u
[ $# -eq 1 ] || { echo "usage: $0 BUILDDIR" >&2; exit 2; }
build=$(cd "$1" && pwd) || exit 2
dest=$(mktemp -d "${TMPDIR:-/tmp}/install-check.XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT INT TERM

# The install directories as this build's Makefile has them.
var() {
	printf 'include Makefile\nprint-var:\n\t@echo $(%s)\n' "$1" |
		make -s -C "$build" --no-print-directory -f - print-var
}
prefix=$(var prefix) sbindir=$(var sbindir) bindir=$(var bindir)
man8dir=$(var man8dir) docdir=$(var docdir) pkgdatadir=$(var pkgdatadir)
etc=$(var pkgsysconfdir) unitdir=$(var systemdsystemunitdir)

passed=0 total=0
check() { # check DESCRIPTION COMMAND...
	what=$1
	shift
	total=$((total + 1))
	if "$@" >/dev/null 2>&1; then
		passed=$((passed + 1))
	else
		echo "FAIL: $what" >&2
	fi
}

make -C "$build" install DESTDIR="$dest" >"$dest.log" 2>&1 ||
	{ cat "$dest.log" >&2; rm -f "$dest.log"; exit 1; }
D=$dest

for p in "$sbindir/scscfd" "$bindir/scscfctl" "$bindir/hss-sim" \
	"$pkgdatadir/diameter-certs.sh"; do
	check "executable $p" test -x "$D$p"
done
check "scscfd is not in bin" test ! -e "$D$bindir/scscfd"

for m in scscfd scscfctl hss-sim; do
	page=$D$man8dir/$m.8
	check "man page $page" test -s "$page"
	check "$m.8 renders without warnings" \
		sh -c '[ -z "$(groff -man -ww -z "$1" 2>&1)" ]' sh "$page"
	check "$m.8 has no @placeholder@ left" sh -c '! grep -q "@[a-z]*@" "$1"' sh "$page"
done

for c in scscfd.conf freediameter-scscf.conf freediameter-hss.conf subscribers.xml; do
	check "config $etc/$c" test -s "$D$etc/$c"
	# nothing relative to the source tree is left in the installed copies
	check "$c names no conf/ path" sh -c '! grep -Eq "(^|[ \"(=])conf/" "$1"' sh "$D$etc/$c"
done
check "scscfd.conf uses the installed freeDiameter file" \
	grep -qx "config = $etc/freediameter-scscf.conf" "$D$etc/scscfd.conf"
check "scscfd.conf puts the control socket at scscfctl's default" \
	grep -qx "socket = /run/scscfd.sock" "$D$etc/scscfd.conf"
check "freediameter-scscf.conf names the installed certificate" \
	grep -q "TLS_Cred = \"$etc/tls/scscf.open-ims.test.cert.pem\"" "$D$etc/freediameter-scscf.conf"

if [ "$unitdir" != no ]; then
	unit=$D$unitdir/scscfd.service
	check "unit $unit" test -s "$unit"
	check "unit starts the installed daemon" \
		grep -qx "ExecStart=$sbindir/scscfd -c $etc/scscfd.conf" "$unit"
	check "unit is Type=simple, Restart=on-failure" \
		sh -c 'grep -qx Type=simple "$1" && grep -qx Restart=on-failure "$1"' sh "$unit"
	check "unit has no @placeholder@ left" sh -c '! grep -q "@[a-z]*@" "$1"' sh "$unit"
	if command -v systemd-analyze >/dev/null 2>&1; then
		# staged, the daemon and the man pages are not where the unit says
		check "systemd-analyze verify finds nothing else in the unit" \
			sh -c '! systemd-analyze verify "$1" 2>&1 |
				grep -v -e "is not executable" -e "Command .man " | grep .' sh "$unit"
	fi
fi

for d in README.md INSTALL.md ARCHITECTURE.md CONFIGURATION.md HSS-SIM.md \
	PERFORMANCE.md SCSCFCTL.md METRICS.md ADMIN-GUIDE.md; do
	check "doc $docdir/$d" test -s "$D$docdir/$d"
done

# The installed programs read the installed files (paths under DESTDIR).
check "scscfd -t accepts the installed scscfd.conf" \
	"$D$sbindir/scscfd" -c "$D$etc/scscfd.conf" -t
check "hss-sim -t reads the installed subscribers.xml" \
	"$D$bindir/hss-sim" -t -u "$D$etc/subscribers.xml"
check "scscfctl --help" "$D$bindir/scscfctl" --help

# A second install keeps the administrator's configuration.
echo "# edited" >>"$D$etc/scscfd.conf"
make -C "$build" install DESTDIR="$dest" >"$dest.log" 2>&1
check "a second make install keeps an edited scscfd.conf" grep -qx "# edited" "$D$etc/scscfd.conf"

make -C "$build" uninstall DESTDIR="$dest" >"$dest.log" 2>&1
check "make uninstall leaves no file" sh -c '[ -z "$(find "$1" -type f)" ]' sh "$dest"
[ -n "$(find "$dest" -type f)" ] && find "$dest" -type f >&2
rm -f "$dest.log"

echo "$passed of $total checks passed"
[ "$passed" -eq "$total" ]
