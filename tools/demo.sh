#!/bin/bash
# tools/demo.sh: `make demo`, the main job. Starts the real servers
# (servers/up.sh: Postfix, the hardened Postfix, Exim, OpenSMTPD, Dovecot)
# in their loopback-only network namespace, runs every bundled suite
# against each of them, writes results.json, JUnit, a Markdown summary, the
# HTML report and the server matrix to reports/out/, stops the servers it
# started (also on failure) and prints a pass/fail/skip table per server.
# Servers already running (make servers-up) are used and left running.
# Exit: 0 when the job ran (findings are the job's output, not a failure),
# 3 when the servers could not be started or a run could not be made.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 3
mp=$here/build/mailprobe
out=$here/reports/out
res=$out/results
state=${MP_SERVERS_DIR:-$here/build/servers}
env=$state/targets.env

if [ "${MP_IN_NETNS:-}" != 1 ]; then
	tools/deps.sh servers report || exit 3
	servers/fetch.sh >/dev/null || exit 3
	MP_IN_NETNS=1 exec servers/netns.sh "$0" "$@"
fi

started=""
cleanup() {
	if [ -n "$started" ]; then
		echo "demo: stopping the servers"
		servers/down.sh >/dev/null 2>&1
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

running() {
	[ -f "$env" ] && (. "$env" && [ -n "${MP_POSTFIX_SMTP:-}" ] &&
		"$mp" run -q --within 2 --target "$MP_POSTFIX_SMTP" \
			scripts/smtp/ehlo-quit.mps >/dev/null 2>&1)
}

t0=$(date +%s)
if running; then
	echo "demo: using the servers already running ($env)"
else
	echo "demo: starting the servers"
	if ! servers/up.sh; then
		echo "demo: the servers did not start; see above" >&2
		exit 3
	fi
	started=1
fi
# shellcheck disable=SC1090
. "$env"
export MP_PASS1 MP_PASS2

rm -rf "$res"
mkdir -p "$res"
jobs=${MP_DEMO_JOBS:-2}
fails=0

# run NAME SUITE USER PASSVAR TARGET...: one suite against one server;
# each TARGET is labelled NAME in the results (the matrix columns), unless
# it comes as LABEL=URL already (e2e: Dovecot's POP3 and IMAP)
run() {
	local name=$1 suite=$2 user=$3 passvar=$4
	shift 4
	local targets=()
	for t in "$@"; do
		case $t in
		*=*) targets+=(--target "$t") ;;
		*) targets+=(--target "$name=$t") ;;
		esac
	done
	echo "demo: $suite suite against $name"
	# e2e and pop3 scripts count, append and delete in one shared
	# mailbox: one at a time, or they read each other's messages
	local j=$jobs
	[ "$suite" = e2e ] || [ "$suite" = pop3 ] && j=1
	"$mp" suite "$suite" -q -j "$j" "${targets[@]}" --user "$user" \
		--password-env "$passvar" --rcpt "$user@$MP_DOMAIN" \
		--json "$res/$name.$suite.json" --junit "$res/$name.$suite.xml" \
		>"$res/$name.$suite.txt" 2>&1
	case $? in
	0 | 1) ;;
	*)
		echo "demo: $suite against $name could not run:" >&2
		tail -5 "$res/$name.$suite.txt" >&2
		fails=$((fails + 1))
		;;
	esac
}

sub=${MP_POSTFIX_SUBMISSION:-}
sub=${sub/#smtp+starttls:/submission:}
# SMTP: every MTA; the scripts that read a delivery back use Dovecot's IMAP
rb=${MP_DOVECOT_IMAP:+dovecot=$MP_DOVECOT_IMAP}
[ -n "${MP_POSTFIX_SMTP:-}" ] && run postfix smtp alice MP_PASS1 "$MP_POSTFIX_SMTP" ${sub:+"$sub"} ${rb:+"$rb"}
[ -n "${MP_POSTFIX_HARDENED_SMTP:-}" ] && run postfix-hardened smtp alice MP_PASS1 "$MP_POSTFIX_HARDENED_SMTP" ${rb:+"$rb"}
[ -n "${MP_EXIM_SMTP:-}" ] && run exim smtp alice MP_PASS1 "$MP_EXIM_SMTP" ${rb:+"$rb"}
[ -n "${MP_OPENSMTPD_SMTP:-}" ] && run opensmtpd smtp alice MP_PASS1 "$MP_OPENSMTPD_SMTP" ${rb:+"$rb"}
# IMAP and POP3: Dovecot
if [ -n "${MP_DOVECOT_IMAP:-}" ]; then
	run dovecot imap alice MP_PASS1 "$MP_DOVECOT_IMAP"
	# POP3: messages are put in place over IMAP APPEND (and one over
	# Postfix SMTP) so that sizes and contents are known
	run dovecot pop3 bob MP_PASS2 "$MP_DOVECOT_POP3" "dovecot=$MP_DOVECOT_IMAP" \
		${MP_POSTFIX_SMTP:+"postfix=$MP_POSTFIX_SMTP"}
	# end to end: each MTA delivers, Dovecot reads back
	for m in POSTFIX POSTFIX_HARDENED EXIM OPENSMTPD; do
		v=MP_${m}_SMTP
		[ -n "${!v:-}" ] || continue
		n=$(echo "$m" | tr 'A-Z_' 'a-z-')
		run "$n" e2e bob MP_PASS2 "${!v}" "dovecot=$MP_DOVECOT_POP3" "dovecot=$MP_DOVECOT_IMAP"
	done
fi

shopt -s nullglob
files=("$res"/*.json)
if [ ${#files[@]} -eq 0 ]; then
	echo "demo: no results" >&2
	exit 3
fi
"$mp" report html --title "mailprobe: Postfix, Exim, OpenSMTPD and Dovecot on $(date -u +%F)" \
	-o "$out/report.html" "${files[@]}"
"$mp" report matrix -o "$out/matrix.html" "${files[@]}"
"$mp" report matrix --markdown "${files[@]}" >"$out/matrix.md"
"$mp" report markdown "${files[@]}" >"$out/summary.md"
"$mp" report junit "${files[@]}" >"$out/junit.xml"

echo
printf '| %-26s | %5s | %5s | %5s | %5s | %6s |\n' "server / suite" pass fail skip error checks
echo "|----------------------------|-------|-------|-------|-------|--------|"
python3 - "${files[@]}" <<'EOF'
import json, os, sys
for f in sys.argv[1:]:
    try:
        checks = json.load(open(f, encoding="utf-8", errors="replace")).get("checks", [])
    except (OSError, ValueError) as e:
        print(f"| {os.path.basename(f):26} | unreadable: {e}")
        continue
    n = {s: 0 for s in ("pass", "fail", "skip", "error")}
    for c in checks:
        n[c.get("status", "error")] = n.get(c.get("status", "error"), 0) + 1
    name = os.path.basename(f)[:-5]
    print(f"| {name:26} | {n['pass']:5} | {n['fail']:5} | {n['skip']:5} | {n['error']:5} | {len(checks):6} |")
EOF
echo
echo "demo: reports in reports/out/:"
for f in report.html matrix.html matrix.md summary.md junit.xml results/; do
	echo "  reports/out/$f"
done
echo "demo: done in $(($(date +%s) - t0)) s"
[ "$fails" -eq 0 ] || exit 3
exit 0
