#!/bin/sh
# Installs every Debian package this project needs to build, test, fuzz and
# benchmark: run as root (or with sudo) on a fresh Debian 12 machine.
set -eu

PACKAGES="
  build-essential autoconf automake libtool pkg-config
  libuv1-dev libosip2-dev libfreediameter-dev libxml2-dev libxml2-utils libgcrypt20-dev
  check sip-tester valgrind clang libclang-rt-14-dev
  openssl python3 iproute2 groff-base procps util-linux
"

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES
