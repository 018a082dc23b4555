#!/bin/bash
# tests/badserver/selftest.sh: checks that badserver itself behaves as
# README.md says, mode by mode, with bash /dev/tcp only (no engine needed).
# Exits 0 when every mode did, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bs=$root/build/badserver
make -C "$root" --no-print-directory -s build/badserver >/dev/null || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/badserver-self.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

args=()
for m in $("$bs" --list-modes); do args+=(--listen "0:$m"); done
"$bs" "${args[@]}" --max-bytes 1M --garbage-bytes 4096 --lifetime 120 \
	--pidfile "$work/pid" >"$work/ports" 2>/dev/null &
pid=$!
for _ in $(seq 50); do [ -s "$work/pid" ] && break; sleep 0.1; done
port() { awk -v m="$1" '$3 == m { print $2 }' "$work/ports"; }

# talk MODE INPUT SECONDS: sends INPUT (printf escapes), prints what came
# until the server closes or SECONDS pass; the read's status in $work/rc
talk() {
	exec 3<>"/dev/tcp/127.0.0.1/$(port "$1")" || return 1
	printf "$2" >&3
	timeout "$3" cat <&3 2>"$work/err"
	echo $? >"$work/rc"
	exec 3>&-
}
fail=0
check() { # NAME CONDITION-STATUS
	if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
crlf() { printf '%s\r\n' "$@"; }

talk silent 'EHLO x\r\n' 2 >"$work/out"
check "silent: nothing in 2 s, still open" $([ ! -s "$work/out" ] && [ "$(cat "$work/rc")" = 124 ]; echo $?)

talk endless-line '' 10 >"$work/out"
check "endless-line: 220 and --max-bytes octets without CR or LF, then close" \
	$([ "$(head -c 4 "$work/out")" = "220 " ] && [ "$(wc -c <"$work/out")" = 1048576 ] &&
	! tr -d 'a-z' <"$work/out" | grep -q '[^2 0]'; echo $?)

talk huge-reply 'EHLO x\r\nQUIT\r\n' 10 >"$work/out"
check "huge-reply: 250- lines of at most 512 octets, about --max-bytes, 250 last, then QUIT works" \
	$(awk 'length($0) + 1 > 512 { bad = 1 } END { exit bad }' "$work/out" &&
	[ "$(wc -c <"$work/out")" -gt 1040000 ] && tail -2 "$work/out" | head -1 | grep -q '^250 ' &&
	tail -1 "$work/out" | grep -q '^221 '; echo $?)

talk huge-literal 'a1 FETCH 1 (BODY[])\r\n' 2 >"$work/out"
size=$(wc -c <"$work/out")
check "huge-literal: {4294967295} announced, then about 64 KiB/s (got $size in 2 s)" \
	$(sed -n 2p "$work/out" | grep -q '^\* 1 FETCH (BODY\[\] {4294967295}' &&
	[ "$size" -gt 65536 ] && [ "$size" -lt 300000 ]; echo $?)

talk slow '' 3 >"$work/out"
size=$(wc -c <"$work/out")
check "slow: 1 octet per second (got $size in 3 s)" $([ "$size" -ge 2 ] && [ "$size" -le 4 ]; echo $?)

talk reset 'EHLO x\r\n' 3 >"$work/out"
check "reset: 220, half an EHLO reply, then connection reset" \
	$(head -1 "$work/out" | grep -q '^220 ' && tail -c 9 "$work/out" | grep -q '^250-PIPEL$' &&
	grep -q 'reset' "$work/err"; echo $?)

talk garbage '' 3 >"$work/out"
talk garbage 'EHLO x\r\n' 3 >"$work/out2"
check "garbage: 4096 octets with NUL and 8-bit, the same every time, then FIN" \
	$([ "$(wc -c <"$work/out")" = 4096 ] && cmp -s "$work/out" "$work/out2" &&
	[ "$(tr -d '\000' <"$work/out" | wc -c)" -lt 4096 ] &&
	[ "$(LC_ALL=C tr -d '\200-\377' <"$work/out" | wc -c)" -lt 4096 ] &&
	[ "$(cat "$work/rc")" = 0 ]; echo $?)

talk nul 'QUIT\r\n' 3 >"$work/out"
check "nul: greeting 220 mail NUL .example ESMTP, then a correct QUIT" \
	$(cmp -s "$work/out" <(printf '220 mail\0.example ESMTP\r\n221 2.0.0 Bye\r\n'); echo $?)

talk bare-lf 'EHLO x\r\nQUIT\r\n' 3 >"$work/out"
check "bare-lf: every line ends in LF, no CR" \
	$(! grep -q $'\r' "$work/out" && [ "$(wc -l <"$work/out")" = 7 ]; echo $?)

talk smtp-ok 'EHLO x\r\nRCPT TO:<a@b>\r\nDATA\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\n.\r\nFOO\r\nQUIT\r\n' 3 >"$work/out"
check "smtp-ok: 503 out of order, 250/354/250 in order, 500 unknown, 221 and close" \
	$(cmp -s "$work/out" <(crlf '220 badserver.test ESMTP badserver' '250-badserver.test' \
		'250-PIPELINING' '250-SIZE 10240000' '250-ENHANCEDSTATUSCODES' '250 8BITMIME' \
		'503 5.5.1 Error: need MAIL command' '503 5.5.1 Error: need MAIL command' \
		'250 2.1.0 Ok' '250 2.1.5 Ok' '354 End data with <CR><LF>.<CR><LF>' \
		'250 2.0.0 Ok: queued as BADSERVER1' '500 5.5.2 Error: command not recognized' \
		'221 2.0.0 Bye') && [ "$(cat "$work/rc")" = 0 ]; echo $?)

talk pop3-ok 'STAT\r\nUSER u\r\nPASS p\r\nSTAT\r\nRETR 1\r\nDELE 1\r\nRETR 1\r\nQUIT\r\n' 3 >"$work/out"
check "pop3-ok: -ERR before login, STAT, RETR dot-stuffed, DELE, +OK QUIT and close" \
	$(grep -q '^-ERR not authenticated' "$work/out" && grep -q '^+OK 1 219' "$work/out" &&
	grep -q '^\.\.this line' "$work/out" && grep -q '^-ERR no such message' "$work/out" &&
	tail -1 "$work/out" | grep -q '^+OK badserver signing off' && [ "$(cat "$work/rc")" = 0 ]; echo $?)

# a synchronising literal: the "+" must come before the octets are sent
exec 3<>"/dev/tcp/127.0.0.1/$(port imap-ok)"
read -r greet <&3
printf 'a1 LOGIN {6}\r\n' >&3
read -r cont <&3
printf 'tester secret\r\na2 SELECT INBOX\r\na3 FETCH 1 (BODY.PEEK[])\r\na4 LOGOUT\r\n' >&3
timeout 3 cat <&3 >"$work/out"
exec 3>&-
check "imap-ok: greeting, + for a literal, LOGIN, SELECT, FETCH BODY[] {219}, LOGOUT" \
	$([[ $greet == '* OK [CAPABILITY IMAP4rev1'* ]] && [[ $cont == '+ '* ]] &&
	grep -q '^a1 OK' "$work/out" && grep -q '^a2 OK \[READ-WRITE\]' "$work/out" &&
	grep -q '^\* 1 FETCH (BODY\[\] {219}' "$work/out" && grep -q '^a3 OK' "$work/out" &&
	grep -q '^\* BYE' "$work/out" && tail -1 "$work/out" | grep -q '^a4 OK'; echo $?)

talk starttls-inject 'EHLO x\r\nSTARTTLS\r\nRSET\r\nMAIL FROM:<a@b>\r\n' 3 >"$work/out"
check "starttls-inject: STARTTLS offered, 220, then plaintext 250s to the pipelined commands, close" \
	$(grep -q '^250-STARTTLS' "$work/out" &&
	tail -3 "$work/out" | tr -d '\r' | cmp -s - <(printf '%s\n' '220 2.0.0 Ready to start TLS' \
		'250 2.0.0 Ok' '250 2.1.0 Ok') && [ "$(cat "$work/rc")" = 0 ]; echo $?)

talk wrong-code 'RCPT TO:<a@b>\r\nDATA\r\nQUIT\r\n' 3 >"$work/out"
check "wrong-code: 250 to RCPT before MAIL, to DATA and to QUIT, then close" \
	$([ "$(grep -c '^250 ' "$work/out")" = 3 ] && [ "$(cat "$work/rc")" = 0 ]; echo $?)

# SIGTERM stops it and removes the pidfile; --lifetime ends a forgotten one
kill "$pid"
for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "SIGTERM: exits, pidfile removed" $(! kill -0 "$pid" 2>/dev/null && [ ! -e "$work/pid" ]; echo $?)
pid=
start=$SECONDS
"$bs" --mode silent --lifetime 1 >/dev/null
check "--lifetime 1: exits by itself" $([ $((SECONDS - start)) -le 2 ]; echo $?)
exit $fail
