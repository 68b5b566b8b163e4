#!/bin/sh
# scripts/demo.sh - the README's main job, from a fresh clone: installs the
# dependencies, builds, and shows what the project does today.  Until the
# daemon lands (issues 3-6) that is the reg-event core: the NOTIFY bodies one
# user's registration produces, each checked against the reginfo schema.
#   usage: scripts/demo.sh [oracle|rfc3680]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" >/dev/null
cd "$top"
autoreconf -fi >/dev/null 2>&1
mkdir -p build/demo
cd build/demo
[ -f Makefile ] || "$top/configure" >/dev/null
make -j"$(nproc 2>/dev/null || echo 2)" tests/demo/regevent_demo >/dev/null
./tests/demo/regevent_demo "${1:-oracle}" | tee demo.out
# Validate every body printed above against tests/xsd/reginfo.xsd.
awk '/^<\?xml/{n++; f="body" n ".xml"} f{print > f} /^<\/reginfo>|^<reginfo .*\/>$/{f=""}' demo.out
for b in body*.xml; do
	xmllint --noout --schema "$top/tests/xsd/reginfo.xsd" "$b" 2>&1 | sed 's/^/schema: /'
done
rm -f body*.xml
