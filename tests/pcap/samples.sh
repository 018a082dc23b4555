#!/bin/sh
# tests/pcap/samples.sh: the captures of pcap/samples/ (MANIFEST.md).
# 1. `mailprobe pcap list --json` on each shows the flows expected (count,
#    protocol, TLS);
# 2. when the servers of servers/ run (build/servers/targets.env), `pcap
#    replay` of every SMTP/POP3/IMAP sample against the server it was
#    recorded from passes: no reply of another code or class, no oracle finding at
#    MUST/SHOULD. Without servers part 2 is skipped (said so).
# Usage: tests/pcap/samples.sh [MAILPROBE]   (default build/mailprobe)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
mp=${1:-$root/build/mailprobe}
dir=$root/pcap/samples
fail=0 n=0

# FILE  FLOWS  PROTOCOL[,PROTOCOL...]  TLS(of the first flow)
expect_list='
smtp-postfix-pipelining.pcap 1 smtp none
smtp-exim-pipelining.pcap 1 smtp none
smtp-opensmtpd-pipelining.pcap 1 smtp none
smtp-postfix-hardened-pipelining.pcap 1 smtp none
smtp-postfix-dotstuffing.pcap 1 smtp none
smtp-exim-dotstuffing.pcap 1 smtp none
submission-postfix-starttls-auth.pcap 1 smtp starttls
smtp-exim-starttls.pcap 1 smtp starttls
smtp-postfix-bdat.pcap 1 smtp none
smtp-exim-bdat.pcap 1 smtp none
imap-dovecot-ipv6-authenticate.pcap 1 imap none
imap-dovecot-literal-idle.pcap 1 imap none
imap-dovecot-literal-idle.pcapng 1 imap none
imap-dovecot-search-literal.pcap 1 imap none
pop3-dovecot-top-uidl.pcap 1 pop3 none
pop3-dovecot-stls.pcap 1 pop3 starttls
mixed-smtp-pop3-imap.pcap 3 smtp,pop3,imap none
'
echo "$expect_list" | while read -r f flows protos tls; do
	[ -n "$f" ] || continue
	out=$("$mp" pcap list --json "$dir/$f") || { echo "FAIL list $f: exit $?"; exit 1; }
	got_flows=$(printf '%s' "$out" | grep -o '"id":' | wc -l)
	got_protos=$(printf '%s' "$out" | grep -o '"protocol":"[a-z0-9]*"' | cut -d'"' -f4 | paste -sd, -)
	got_tls=$(printf '%s' "$out" | grep -o '"tls":"[a-z]*"' | head -n 1 | cut -d'"' -f4)
	if [ "$got_flows" != "$flows" ] || [ "$got_protos" != "$protos" ] || [ "$got_tls" != "$tls" ]; then
		echo "FAIL list $f: $got_flows flows $got_protos tls $got_tls; want $flows $protos $tls"
		exit 1
	fi
	echo "PASS list $f: $flows flows $protos tls $tls"
done || fail=1

# usage errors of replay, no server needed: exit 2
mix=$dir/mixed-smtp-pop3-imap.pcap
for args in "--flow 9 --target imap://127.0.0.1:1" "--flow 1 --target imap://127.0.0.1:1" \
	"--flow 1" "--target bogus://x"; do
	# shellcheck disable=SC2086
	if "$mp" pcap replay "$mix" $args >/dev/null 2>&1; then rc=0; else rc=$?; fi
	if [ $rc -ne 2 ]; then
		echo "FAIL replay $args: exit $rc, want 2"
		fail=1
	else
		echo "PASS replay $args: usage error"
	fi
done

env=${MP_SERVERS_DIR:-$root/build/servers}/targets.env
if [ ! -r "$env" ] || ! "$root/servers/netns.sh" bash -c ": </dev/tcp/127.0.0.1/10025" 2>/dev/null; then
	echo "SKIP replay: the servers are not running (make servers-up)"
	[ $fail -eq 0 ] && echo "samples: list passed, replay skipped"
	exit $fail
fi
# shellcheck disable=SC1090
. "$env"
export MP_PASS1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# FILE  TARGET  [--flow N]
replay_list="
smtp-postfix-pipelining.pcap $MP_POSTFIX_SMTP
smtp-exim-pipelining.pcap $MP_EXIM_SMTP
smtp-opensmtpd-pipelining.pcap $MP_OPENSMTPD_SMTP
smtp-postfix-hardened-pipelining.pcap $MP_POSTFIX_HARDENED_SMTP
smtp-postfix-dotstuffing.pcap $MP_POSTFIX_SMTP
smtp-exim-dotstuffing.pcap $MP_EXIM_SMTP
submission-postfix-starttls-auth.pcap submission://${MP_POSTFIX_SUBMISSION#*://}
smtp-exim-starttls.pcap $MP_EXIM_SMTP
smtp-postfix-bdat.pcap $MP_POSTFIX_SMTP
smtp-exim-bdat.pcap $MP_EXIM_SMTP
imap-dovecot-ipv6-authenticate.pcap ${MP_DOVECOT_IMAP6:-$MP_DOVECOT_IMAP}
imap-dovecot-literal-idle.pcap $MP_DOVECOT_IMAP
imap-dovecot-literal-idle.pcapng $MP_DOVECOT_IMAP
imap-dovecot-search-literal.pcap $MP_DOVECOT_IMAP
pop3-dovecot-top-uidl.pcap $MP_DOVECOT_POP3
pop3-dovecot-stls.pcap $MP_DOVECOT_POP3
mixed-smtp-pop3-imap.pcap $MP_POSTFIX_SMTP
mixed-smtp-pop3-imap.pcap $MP_DOVECOT_POP3
mixed-smtp-pop3-imap.pcap $MP_DOVECOT_IMAP
"
echo "$replay_list" | while read -r f url; do
	[ -n "$f" ] || continue
	n=$((n + 1))
	if "$root/servers/netns.sh" "$mp" pcap replay "$dir/$f" --target "$url" -q \
		--user "$MP_USER1" --password-env MP_PASS1 --rcpt "$MP_USER1@$MP_DOMAIN" \
		--json "$tmp/r$n.json" >"$tmp/out" 2>&1; then
		echo "PASS replay $f against $url"
	else
		echo "FAIL replay $f against $url:"
		cat "$tmp/out"
		exit 1
	fi
done || fail=1
# a reply of another class fails (and every later one that differs), naming the frame and both replies:
# the POP3 session with a wrong password
if MP_WRONG=not-the-password "$root/servers/netns.sh" "$mp" pcap replay \
	"$dir/pop3-dovecot-top-uidl.pcap" --target "$MP_DOVECOT_POP3" -q --user "$MP_USER1" \
	--password-env MP_WRONG --json "$tmp/wrong.json" >"$tmp/out" 2>&1; then rc=0; else rc=$?; fi
# every later reply that differs is reported too, each with its frame
ndiff=$(grep -o 'frame [0-9]*: recorded \\"+OK[^"]*\\"; replayed: line [0-9]*: expected +OK; got \\"-ERR' \
	"$tmp/wrong.json" | wc -l)
if [ $rc -eq 1 ] && grep -q 'frame 14: recorded \\"+OK Logged in.\\"; replayed: line [0-9]*: expected +OK; got \\"-ERR' "$tmp/wrong.json" &&
	[ "$ndiff" -ge 4 ]; then
	echo "PASS replay with a wrong password: $ndiff differences, each names the frame and both replies"
else
	echo "FAIL replay with a wrong password: exit $rc"
	cat "$tmp/out"
	fail=1
fi
[ $fail -eq 0 ] && echo "samples: list and replay passed"
exit $fail
