#!/bin/sh
# tools/deps.sh: installs the Debian 12 packages mailprobe needs, only the
# ones missing, with apt-get (via sudo when not root). `make deps` runs it;
# `make test` and `make demo` call `make deps` first.
# Usage: tools/deps.sh [GROUP...]  groups: build test fuzz bench (default
# those four), report (headless browser and xmllint for the report checks;
# `make test` asks for it), servers (real mail servers for servers/up.sh;
# never default), samples (clients and tcpdump for pcap/samples/make-samples.sh;
# never default)
set -eu

groups=${*:-"build test fuzz bench"}
pkgs=""
for g in $groups; do
	case $g in
	build) pkgs="$pkgs make gcc libc6-dev pkg-config libssl-dev libpcap-dev" ;;
	test) pkgs="$pkgs libcmocka-dev" ;;
	fuzz) pkgs="$pkgs clang llvm libclang-rt-dev afl++ zip unzip" ;;
	bench) pkgs="$pkgs libetpan-dev dovecot-dev libgmime-3.0-dev tshark" ;;
	report) pkgs="$pkgs chromium libxml2-utils python3 python3-jsonschema" ;;
	# servers/: postfix and dovecot run from the system packages; exim4 and
	# opensmtpd conflict with postfix, so servers/fetch.sh unpacks them and
	# only their libraries are installed here
	servers) pkgs="$pkgs postfix dovecot-core dovecot-imapd dovecot-pop3d \
dovecot-lmtpd openssl iproute2 util-linux procps passwd libdb5.3 \
libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libnsl2 libpcre2-8-0 libcrypt1 \
libevent-2.1-7 libpam0g libssl3 zlib1g" ;;
	samples) pkgs="$pkgs tcpdump swaks libnet-ssleay-perl python3" ;;
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
# postfix asks its mailer type: "No configuration" leaves /etc/postfix alone
case " $missing " in
*" postfix "*)
	echo "postfix postfix/main_mailer_type select No configuration" |
		$SUDO debconf-set-selections
	;;
esac
# no package install may start a system service (dovecot would take :143):
# a policy-rc.d that says no, only while we install and only if none is there
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod 755 "$policy"
	trap '$SUDO rm -f "$policy"' EXIT
fi
# an old package list may not know a package yet: update once, then install
$SUDO apt-get update -qq >&2 || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
