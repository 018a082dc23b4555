#!/bin/sh
# pcap/samples/make-samples.sh: records the sample captures of pcap/samples/
# (MANIFEST.md says what each holds): real clients (swaks, python3 smtplib,
# imaplib, poplib) talking to the servers of servers/, tcpdump on lo inside
# the servers' namespace. Needs `tools/deps.sh samples` and running servers
# (`make servers-up`); it never starts or stops them.
# Usage: pcap/samples/make-samples.sh [OUTDIR]   (default pcap/samples)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here}
env=${MP_SERVERS_DIR:-$root/build/servers}/targets.env

# everything below runs inside the servers' namespace (lo only)
if [ -z "${MP_SAMPLES_INNS:-}" ]; then
	for t in tcpdump swaks python3 editcap; do
		command -v "$t" >/dev/null 2>&1 ||
			{ echo "make-samples: $t missing (tools/deps.sh samples; editcap: bench)" >&2; exit 3; }
	done
	[ -r "$env" ] || { echo "make-samples: no $env: make servers-up" >&2; exit 3; }
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	MP_SAMPLES_INNS=1 exec "$root/servers/netns.sh" "$0" "$out"
fi

# shellcheck disable=SC1090
. "$env"
port() { echo "${1##*:}" | tr -d /; }
SMTP_PF=$(port "$MP_POSTFIX_SMTP")
SMTP_PFH=$(port "$MP_POSTFIX_HARDENED_SMTP")
SMTP_EXIM=$(port "$MP_EXIM_SMTP")
SMTP_OS=$(port "$MP_OPENSMTPD_SMTP")
SUB_PF=$(port "$MP_POSTFIX_SUBMISSION")
POP3=$(port "$MP_DOVECOT_POP3")
IMAP=$(port "$MP_DOVECOT_IMAP")
RCPT="$MP_USER1@$MP_DOMAIN"
export MP_USER1 MP_PASS1 RCPT POP3 IMAP
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# other suites use the same servers at the same time: every client here
# connects from a source port of its own below the ephemeral range
# (Dovecot allows plaintext logins only from 127.0.0.1 to 127.0.0.1), and
# tcpdump keeps only those ports; a run takes 5 ports per capture from a
# base of its own (TIME_WAIT of the last run)
next_port=$((20000 + ($$ % 100) * 100))
mkdir "$tmp/py"
cat >"$tmp/py/sitecustomize.py" <<'PY'
import os, socket
_cc = socket.create_connection
_n = [0]
def _mp_cc(addr, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, **kw):
    if source_address is None and "MP_SRC_PORT" in os.environ:
        host = "::1" if ":" in addr[0] else "127.0.0.1"
        source_address = (host, int(os.environ["MP_SRC_PORT"]) + _n[0])
        _n[0] += 1
    return _cc(addr, timeout, source_address, **kw)
socket.create_connection = _mp_cc
PY
export PYTHONPATH="$tmp/py"

# cap NAME FILTER CMD...: tcpdump on lo with FILTER while CMD runs
cap() {
	name=$1 filter=$2
	shift 2
	MP_SRC_PORT=$next_port
	export MP_SRC_PORT
	next_port=$((next_port + 5))
	tcpdump -i lo --immediate-mode -U -s 0 -Z root -w "$out/$name" \
		"tcp portrange $MP_SRC_PORT-$((MP_SRC_PORT + 4)) and ($filter)" 2>"$tmp/td.log" &
	td=$!
	i=0
	until grep -q listening "$tmp/td.log"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "make-samples: tcpdump did not start" >&2; cat "$tmp/td.log" >&2; exit 3; }
		sleep 0.05
	done
	if "$@" >"$tmp/client.log" 2>&1; then rc=0; else rc=$?; fi
	sleep 0.5
	kill "$td"
	wait "$td" || true
	if [ $rc -ne 0 ]; then
		echo "make-samples: $name: client failed ($rc):" >&2
		tail -n 20 "$tmp/client.log" >&2
		exit 1
	fi
	printf '%-44s %s\n' "$name" "$(grep -o '[0-9]* packets captured' "$tmp/td.log")"
}

swaks_pipe() { # PORT
	swaks --local-interface 127.0.0.1 --local-port "$MP_SRC_PORT" --server 127.0.0.1 --port "$1" --helo client.mailprobe.test \
		--from "sender@$MP_DOMAIN" --to "$RCPT" --pipeline \
		--header "Subject: pipelining sample" --body "pipelined body" --hide-all
}

swaks_submission() { # STARTTLS, then AUTH PLAIN inside TLS
	swaks --local-interface 127.0.0.1 --local-port "$MP_SRC_PORT" --server 127.0.0.1 \
		--port "$SUB_PF" --helo client.mailprobe.test -tls \
		--auth PLAIN --auth-user "$MP_USER1" --auth-password "$MP_PASS1" \
		--from "$RCPT" --to "$RCPT" --header "Subject: submission sample" --hide-all
}

swaks_starttls() { # PORT
	swaks --local-interface 127.0.0.1 --local-port "$MP_SRC_PORT" --server 127.0.0.1 \
		--port "$1" --helo client.mailprobe.test -tls \
		--from "sender@$MP_DOMAIN" --to "$RCPT" --header "Subject: starttls sample" --hide-all
}

py_dots() { # PORT
	python3 - "$1" <<'PY'
import os, smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.mailprobe.test")
s.ehlo()
msg = ("Subject: dot-stuffing sample\r\n\r\n.a line starting with a dot\r\n"
       "..two dots\r\n.\r\n .space dot\r\nlast line\r\n")
s.sendmail("sender@mailprobe.test", [os.environ["RCPT"]], msg)
s.quit()
PY
}

py_bdat() { # PORT: CHUNKING (RFC 3030) through smtplib's own send/getreply
	python3 - "$1" <<'PY'
import os, smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.mailprobe.test")
s.ehlo()
assert s.has_extn("chunking"), "no CHUNKING"
s.mail("sender@mailprobe.test")
s.rcpt(os.environ["RCPT"])
# two chunks; BDAT content is not dot-stuffed: a line "." stays as it is
c1 = b"Subject: BDAT sample\r\nFrom: sender@mailprobe.test\r\n\r\nfirst chunk\r\n.\r\n"
c2 = b".a line with a leading dot, no stuffing\r\nlast chunk\r\n"
s.send(b"BDAT %d\r\n" % len(c1) + c1)
code, msg = s.getreply()
assert code == 250, (code, msg)
s.send(b"BDAT %d LAST\r\n" % len(c2) + c2)
code, msg = s.getreply()
assert code == 250, (code, msg)
s.quit()
PY
}

imap_ipv6_auth() { # IMAP over ::1, AUTHENTICATE PLAIN (in clear: loopback)
	python3 - <<'PY'
import imaplib, os
m = imaplib.IMAP4("::1", int(os.environ["IMAP"]))
u, p = os.environ["MP_USER1"], os.environ["MP_PASS1"]
m.authenticate("PLAIN", lambda _: ("\0%s\0%s" % (u, p)).encode())
m.select("INBOX", readonly=True)
m.fetch("1", "(UID RFC822.SIZE ENVELOPE)")
m.close()
m.logout()
PY
}

imap_literal_idle() {
	python3 - <<'PY'
import imaplib, os, time
m = imaplib.IMAP4("127.0.0.1", int(os.environ["IMAP"]))
m.login(os.environ["MP_USER1"], os.environ["MP_PASS1"])
m.append("INBOX", None, None,
         b"Subject: literal sample\r\nFrom: a@mailprobe.test\r\n\r\nappended through a literal\r\n")
m.select("INBOX")
m.fetch("1", "(FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
# IDLE (RFC 2177) by hand over imaplib's socket
tag = m._new_tag()
m.send(tag + b" IDLE\r\n")
line = m.readline()
assert line.startswith(b"+"), line
time.sleep(0.2)
m.send(b"DONE\r\n")
while not m.readline().startswith(tag):
    pass
m.logout()
PY
}

imap_search() {
	python3 - <<'PY'
import imaplib, os
m = imaplib.IMAP4("127.0.0.1", int(os.environ["IMAP"]))
m.login(os.environ["MP_USER1"], os.environ["MP_PASS1"])
m.list()
m.status("INBOX", "(MESSAGES UIDNEXT)")
m.select("INBOX", readonly=True)
m.literal = "sample".encode()
m.search(None, "SUBJECT")   # SEARCH with a synchronising literal
m.uid("FETCH", "1:*", "(UID FLAGS)")
m.logout()
PY
}

pop3_top_uidl() {
	python3 - <<'PY'
import os, poplib
p = poplib.POP3("127.0.0.1", int(os.environ["POP3"]))
p.capa()
p.user(os.environ["MP_USER1"])
p.pass_(os.environ["MP_PASS1"])
p.stat()
p.list()
p.uidl()
p.uidl(1)
p.top(1, 0)
p.top(1, 2)
p.retr(1)
p.noop()
p.quit()
PY
}

pop3_stls() {
	python3 - <<'PY'
import os, poplib, ssl
p = poplib.POP3("127.0.0.1", int(os.environ["POP3"]))
p.capa()
p.stls(context=ssl._create_unverified_context())
p.user(os.environ["MP_USER1"])
p.pass_(os.environ["MP_PASS1"])
p.stat()
p.quit()
PY
}

mixed() {
	swaks_pipe "$SMTP_PF" || return 1
	MP_SRC_PORT=$((MP_SRC_PORT + 1)) pop3_top_uidl || return 1
	MP_SRC_PORT=$((MP_SRC_PORT + 2)) imap_search
}

echo "writing to $out"
cap smtp-postfix-pipelining.pcap "tcp port $SMTP_PF" swaks_pipe "$SMTP_PF"
cap smtp-exim-pipelining.pcap "tcp port $SMTP_EXIM" swaks_pipe "$SMTP_EXIM"
cap smtp-opensmtpd-pipelining.pcap "tcp port $SMTP_OS" swaks_pipe "$SMTP_OS"
cap smtp-postfix-hardened-pipelining.pcap "tcp port $SMTP_PFH" swaks_pipe "$SMTP_PFH"
cap smtp-postfix-dotstuffing.pcap "tcp port $SMTP_PF" py_dots "$SMTP_PF"
cap smtp-exim-dotstuffing.pcap "tcp port $SMTP_EXIM" py_dots "$SMTP_EXIM"
cap submission-postfix-starttls-auth.pcap "tcp port $SUB_PF" swaks_submission
cap smtp-exim-starttls.pcap "tcp port $SMTP_EXIM" swaks_starttls "$SMTP_EXIM"
cap smtp-postfix-bdat.pcap "tcp port $SMTP_PF" py_bdat "$SMTP_PF"
cap smtp-exim-bdat.pcap "tcp port $SMTP_EXIM" py_bdat "$SMTP_EXIM"
sleep 1 # deliveries reach the Maildir through LMTP
cap imap-dovecot-literal-idle.pcap "tcp port $IMAP" imap_literal_idle
cap imap-dovecot-search-literal.pcap "tcp port $IMAP" imap_search
if [ -n "${MP_DOVECOT_IMAP6:-}" ]; then
	cap imap-dovecot-ipv6-authenticate.pcap "ip6 and tcp port $IMAP" imap_ipv6_auth
else
	echo "make-samples: Dovecot does not listen on ::1 (no IPv6 in the namespace): no IPv6 sample" >&2
fi
cap pop3-dovecot-top-uidl.pcap "tcp port $POP3" pop3_top_uidl
cap pop3-dovecot-stls.pcap "tcp port $POP3" pop3_stls
cap mixed-smtp-pop3-imap.pcap "tcp" mixed
editcap -F pcapng "$out/imap-dovecot-literal-idle.pcap" "$out/imap-dovecot-literal-idle.pcapng"
echo "imap-dovecot-literal-idle.pcapng (editcap -F pcapng)"
