#!/bin/sh
# tests/integration/run-smoke.sh: the replay engine against real servers.
# Starts the servers (servers/up.sh: Dovecot, both Postfix, Exim,
# OpenSMTPD) inside the servers' network
# namespace, runs the suites under scripts/ against them with `mailprobe
# run`, checks the known outcomes (a verdict, exit 0 or 1: the servers'
# findings are the job's output; no check in error; the results validate
# against reports/schema.json when python3-jsonschema is there; target
# names; transcripts per target; a closed port is exit 3, a non-loopback
# target is refused), and
# stops the servers even on failure. Skips (exit 0 with a note) when the
# servers cannot be started here (no namespaces, no packages).
# Usage: tests/integration/run-smoke.sh [MAILPROBE]
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/build/mailprobe}
cd "$here" || exit 2

if [ "${MP_IN_NETNS:-}" != 1 ]; then
	# outside: make sure the servers' tools are there, then re-enter
	if ! tools/deps.sh servers >/dev/null 2>&1 || ! servers/fetch.sh >/dev/null 2>&1; then
		echo "run-smoke: SKIP: the servers cannot be installed here"
		exit 0
	fi
	MP_IN_NETNS=1 exec servers/netns.sh "$0" "$bin"
fi

tmp=$(mktemp -d)
started=""
cleanup() {
	[ -n "$started" ] && servers/down.sh >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# servers already running (make servers-up) are used as they are
env=${MP_SERVERS_DIR:-$here/build/servers}/targets.env
if ! { [ -f "$env" ] && . "$env" && [ -n "${MP_DOVECOT_IMAP:-}" ] && [ -n "${MP_POSTFIX_SMTP:-}" ] &&
	[ -n "${MP_EXIM_SMTP:-}" ] && [ -n "${MP_OPENSMTPD_SMTP:-}" ] &&
	[ -n "${MP_POSTFIX_HARDENED_SMTP:-}" ] &&
	"$bin" run -q --within 2 --target "$MP_POSTFIX_SMTP" scripts/smtp/ehlo-quit.mps >/dev/null 2>&1; }; then
	# all of them: the pcap samples replay against the server each was
	# recorded from (tests/pcap/samples.sh, at the end)
	servers/down.sh >/dev/null 2>&1
	if ! servers/up.sh >"$tmp/up.log" 2>&1; then
		echo "run-smoke: SKIP: servers/up.sh failed:"
		tail -5 "$tmp/up.log"
		exit 0
	fi
	started=1
	. "$env"
fi

fail=0
check() { # name, expected exit, command...
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		echo "PASS $name"
	else
		echo "FAIL $name: exit $got, want $want"
		tail -n 20 "$tmp/out" "$tmp/err"
		fail=1
	fi
}

# a verdict: exit 0 (all passed) or 1 (the server failed checks)
verdict() { # name, command...
	name=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq 0 ] || [ "$got" -eq 1 ]; then
		echo "PASS $name (exit $got)"
	else
		echo "FAIL $name: exit $got, want 0 or 1"
		tail -n 20 "$tmp/out" "$tmp/err"
		fail=1
	fi
}

export MP_PW="$MP_PASS1"
verdict "the suites against Postfix and Dovecot" \
	"$bin" run -j 2 --target "postfix=$MP_POSTFIX_SMTP" --target "dovecot=$MP_DOVECOT_POP3" \
	--target "dovecot=$MP_DOVECOT_IMAP" --user "$MP_USER1" --password-env MP_PW \
	--rcpt "$MP_USER1@$MP_DOMAIN" --json "$tmp/r.json" --junit "$tmp/r.xml" \
	scripts/smtp scripts/pop3 scripts/imap
grep -q '^[0-9]* checks: [0-9]* pass, [0-9]* fail, [0-9]* skip, 0 error' "$tmp/out" ||
	{ echo "FAIL summary: $(grep checks: "$tmp/out")"; fail=1; }
grep -q '"target":"postfix","target_url":"smtp://' "$tmp/r.json" &&
	grep -q '"targets":\[{"name":"postfix",' "$tmp/r.json" &&
	echo "PASS target names in results.json" ||
	{ echo "FAIL target names in results.json"; fail=1; }
# known outcomes (scripts/*/KNOWN.md): what a well-behaved Postfix and
# Dovecot pass, and the deviations Debian 12's defaults really have
if command -v python3 >/dev/null 2>&1; then
	check "known outcomes on Postfix and Dovecot" 0 python3 - "$tmp/r.json" <<'PY'
import json, sys
checks = {c["id"]: c["status"] for c in json.load(open(sys.argv[1]))["checks"]}
want = {
    # must pass on a well-behaved server
    "smtp.rcpt.before-mail": "pass",
    "smtp.pipelining.order": "pass",
    "smtp.smuggling.cr-dot-cr.one-reply": "pass",
    "imap.append.fetch-back": "pass",
    "imap.select.inbox": "pass",
    "pop3.transaction.stat-list": "pass",
    # Postfix 3.7 without smtpd_forbid_bare_newline ends DATA at <LF>.<LF>
    "smtp.smuggling.lf-dot-lf.one-reply": "fail",
    # Dovecot drops USER, SASL and STLS from CAPA after login (RFC 2449 5)
    "pop3.capa.both-states-user": "fail",
}
bad = [f"{k}: {checks.get(k, 'missing')}, want {v}" for k, v in want.items() if checks.get(k) != v]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
fi
if python3 -c 'import jsonschema' 2>/dev/null; then
	check "results.json validates against reports/schema.json" 0 python3 -c \
		'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
		"$tmp/r.json" reports/schema.json
fi
check "implicit TLS (imaps, pop3s) and STARTTLS (--starttls)" 0 \
	"$bin" run --target "$MP_DOVECOT_IMAPS" --target "$MP_DOVECOT_POP3S" \
	scripts/imap/greeting-capability.mps scripts/pop3/greeting-capa.mps
check "STARTTLS upgrade on smtp and imap" 0 \
	"$bin" run --starttls --target "$MP_POSTFIX_SMTP" --target "$MP_DOVECOT_IMAP" \
	--rcpt "$MP_USER1@$MP_DOMAIN" scripts/smtp/rcpt-before-mail.mps scripts/imap/greeting-capability.mps
check "--tls-verify with the servers' certificate" 0 \
	"$bin" run --tls-verify --ca "$MP_TLS_CERT" --target "imaps://localhost:10993" \
	scripts/imap/greeting-capability.mps
check "--tls-verify without trusting it fails" 1 \
	"$bin" run --tls-verify --target "$MP_DOVECOT_IMAPS" scripts/imap/greeting-capability.mps
check "a closed port is exit 3" 3 \
	"$bin" run --within 2 --target smtp://127.0.0.1:1 scripts/smtp/ehlo-quit.mps
check "a non-loopback target is refused (exit 3)" 3 \
	"$bin" run --target smtp://192.0.2.1:25 scripts/smtp/ehlo-quit.mps
verdict "the smtp suite runs from the bundled scripts" \
	"$bin" suite smtp -q --target "$MP_POSTFIX_SMTP" --rcpt "$MP_USER1@$MP_DOMAIN"
check "usage error is exit 2" 2 "$bin" run scripts/smtp
# transcripts: DIR created, one file per target, a file as DIR is exit 2
check "--transcripts creates DIR" 0 \
	"$bin" run --target "a=$MP_POSTFIX_SMTP" --target "b=$MP_POSTFIX_SMTP" --rcpt "$MP_USER1@$MP_DOMAIN" \
	--transcripts "$tmp/tr/new" scripts/smtp/ehlo-quit.mps
for t in a b; do
	[ -s "$tmp/tr/new/smtp.session.ehlo-quit.$t.c.1.txt" ] &&
		echo "PASS transcript of target $t" || { echo "FAIL transcript of target $t"; ls "$tmp/tr/new"; fail=1; }
done
: >"$tmp/afile"
check "--transcripts on a file is exit 2" 2 \
	"$bin" run --target "$MP_POSTFIX_SMTP" --transcripts "$tmp/afile" scripts/smtp/ehlo-quit.mps
# the captures of pcap/samples: listed, and replayed against the server
# each was recorded from, with no difference but the volatile ones
if tests/pcap/samples.sh "$bin" >"$tmp/samples" 2>&1 && grep -q "list and replay passed" "$tmp/samples"; then
	echo "PASS pcap samples: $(grep -c '^PASS replay .* against' "$tmp/samples") replays as recorded"
else
	echo "FAIL pcap samples:"
	grep -v '^PASS' "$tmp/samples" | tail -n 30
	fail=1
fi
[ $fail -eq 0 ] && echo "run-smoke: ok"
exit $fail
