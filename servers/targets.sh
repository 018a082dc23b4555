#!/bin/bash
# servers/targets.sh: (re)writes $MP_SERVERS_DIR/targets.env from the
# per-server blocks (run/NAME.env) of the servers that are running.
# up.sh and down.sh call it; servers/targets.env.example documents the keys.
set -eu

# shellcheck source=servers/common.sh
. "$(cd "$(dirname "$0")" && pwd)/common.sh"

started=""
for s in $ALL; do
	[ -f "$STATE/run/$s.sid" ] && [ -f "$STATE/run/$s.env" ] && started="$started $s"
done
if [ -z "$started" ]; then
	rm -f "$STATE/targets.env"
	exit 0
fi
tmp=$STATE/targets.env.tmp
{
	echo "# written by servers/up.sh $(date -u +%Y-%m-%dT%H:%M:%SZ); source it"
	echo "MP_SERVERS_DIR=$STATE"
	echo "MP_SERVERS_STARTED='${started# }'"
	echo "MP_DOMAIN=$DOMAIN"
	echo "MP_HOSTNAME=$HOST"
	echo "MP_USER1=$USER1"
	echo "MP_PASS1=$PASS1"
	echo "MP_USER2=$USER2"
	echo "MP_PASS2=$PASS2"
	echo "MP_MAILDIR_$USER1=$STATE/mail/$USER1/Maildir"
	echo "MP_MAILDIR_$USER2=$STATE/mail/$USER2/Maildir"
	echo "MP_TLS_CERT=$STATE/tls/cert.pem"
	for s in $started; do
		echo
		cat "$STATE/run/$s.env"
	done
} >"$tmp"
mv "$tmp" "$STATE/targets.env"
