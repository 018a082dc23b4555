#!/bin/sh
# servers/fetch.sh: unpacks exim4 and OpenSMTPD into a private cache dir.
#
# Both conflict with postfix as Debian packages (mail-transport-agent), so
# they are never installed: `apt-get download` fetches the .debs and
# `dpkg-deb -x` unpacks them under $MP_SERVERS_PKGS (default
# build/servers-pkgs/ under the repo). Their libraries come from
# `tools/deps.sh servers`. Idempotent: a package already unpacked (its
# .stamp names the same version) is left alone. Needs the network, so it runs
# outside the namespace (make servers-up does it before servers/netns.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
pkgs_dir=${MP_SERVERS_PKGS:-$repo/build/servers-pkgs}
debs="exim4-daemon-light exim4-base opensmtpd"

mkdir -p "$pkgs_dir/debs" "$pkgs_dir/root"
updated=0
for p in $debs; do
	want=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	if [ -z "$want" ] || [ "$want" = "(none)" ]; then
		if [ $updated -eq 0 ]; then
			apt-get update -qq >&2 || true
			updated=1
			want=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
		fi
	fi
	if [ -z "$want" ] || [ "$want" = "(none)" ]; then
		# offline and already unpacked: keep what we have
		if [ -f "$pkgs_dir/root/.stamp-$p" ]; then
			continue
		fi
		echo "fetch.sh: no candidate version for $p (apt-get update?)" >&2
		exit 1
	fi
	if [ -f "$pkgs_dir/root/.stamp-$p" ] &&
		[ "$(cat "$pkgs_dir/root/.stamp-$p")" = "$want" ]; then
		continue
	fi
	echo "fetch.sh: downloading $p $want" >&2
	# apt-get download writes into the current directory, which the _apt
	# sandbox user cannot write: download as root into a fresh temp dir
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root \
		"$p=$want" >&2) || {
		rm -rf "$tmp"
		echo "fetch.sh: apt-get download $p failed" >&2
		exit 1
	}
	rm -f "$pkgs_dir/debs/${p}_"*.deb
	mv "$tmp"/*.deb "$pkgs_dir/debs/"
	rm -rf "$tmp"
	dpkg-deb -x "$pkgs_dir/debs/${p}_"*.deb "$pkgs_dir/root"
	echo "$want" >"$pkgs_dir/root/.stamp-$p"
done

# The system users the unpacked daemons look up by name at run time (their
# packages' postinst scripts, never run here, would have made them).
adduser_sys() { # NAME HOME
	getent group "$1" >/dev/null || groupadd --system "$1"
	getent passwd "$1" >/dev/null ||
		useradd --system -g "$1" -d "$2" -M -s /usr/sbin/nologin "$1"
}
adduser_sys Debian-exim /nonexistent
adduser_sys opensmtpd /var/lib/opensmtpd/empty
adduser_sys opensmtpq /var/lib/opensmtpd/empty
