#!/bin/sh
# tools/deps.sh: installs the Debian 12 packages mailprobe needs, only the
# ones missing, with apt-get (via sudo when not root). `make deps` runs it;
# `make test` and `make demo` call `make deps` first.
# Usage: tools/deps.sh [GROUP...]  groups: build test fuzz bench (default all)
set -eu

groups=${*:-"build test fuzz bench"}
pkgs=""
for g in $groups; do
	case $g in
	build) pkgs="$pkgs make gcc libc6-dev pkg-config libssl-dev libpcap-dev" ;;
	test) pkgs="$pkgs libcmocka-dev" ;;
	fuzz) pkgs="$pkgs clang llvm libclang-rt-dev afl++ zip unzip" ;;
	bench) pkgs="$pkgs libetpan-dev dovecot-dev" ;;
	*) echo "deps.sh: unknown group '$g'" >&2; exit 2 ;;
	esac
done

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case $st in
	ii*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps.sh: missing packages:$missing; run as root or install sudo" >&2
	exit 3
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# an old package list may not know a package yet: update once, then install
$SUDO apt-get update -qq >&2 || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
