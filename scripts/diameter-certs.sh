#!/bin/sh
# scripts/diameter-certs.sh - make a self-signed TLS certificate for each
# Diameter identity given, in DIR/<identity>.cert.pem and .key.pem.
#
# freeDiameter 1.2.1 wants a TLS_Cred whose CN is the node's Identity even
# when every peer is No_TLS (REFERENCE §8.5); the Cx connections here are
# plain TCP, so these certificates are never used on the wire.  Existing
# files are kept.
#
# usage: diameter-certs.sh DIR IDENTITY...
set -eu
[ $# -ge 2 ] || { echo "usage: $0 DIR IDENTITY..." >&2; exit 2; }
dir=$1
shift
mkdir -p "$dir"
for id in "$@"; do
	cert=$dir/$id.cert.pem
	key=$dir/$id.key.pem
	[ -s "$cert" ] && [ -s "$key" ] && continue
	openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$id" \
		-keyout "$key" -out "$cert" >/dev/null 2>&1 ||
		{ echo "$0: openssl could not make a certificate for $id" >&2; exit 1; }
done
