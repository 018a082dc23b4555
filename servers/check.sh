#!/bin/bash
# servers/check.sh: smoke check of the servers up.sh started, with bash
# /dev/tcp and openssl only. Run it inside the servers' namespace:
#     servers/netns.sh servers/check.sh
# One PASS/FAIL/SKIP line per check, then "N passed, N failed, N skipped";
# exits 1 when any check failed. Servers not started are skipped.
set -u

# shellcheck source=servers/common.sh
. "$(cd "$(dirname "$0")" && pwd)/common.sh"
T=${MP_CHECK_TIMEOUT:-10} # seconds for any one reply, and for a delivery

if [ ! -f "$STATE/targets.env" ]; then
	echo "check.sh: no $STATE/targets.env: run servers/up.sh first" >&2
	exit 2
fi
# shellcheck disable=SC1091
. "$STATE/targets.env"
npass=0 nfail=0 nskip=0
pass() { echo "PASS $1"; npass=$((npass + 1)); }
fail() { echo "FAIL $1: $2"; nfail=$((nfail + 1)); }
skip() { echo "SKIP $1: $2"; nskip=$((nskip + 1)); }
started() { case " $MP_SERVERS_STARTED " in *" $1 "*) return 0 ;; esac; return 1; }

# ---- a plain TCP conversation on fd $c ----------------------------------------
c=""
conn() { # PORT
	exec {c}<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
closec() { [ -n "$c" ] && exec {c}>&- ; c=""; }
send() { printf '%s\r\n' "$1" >&"$c"; }
reply="" # the last reply, CR stripped, lines joined by \n

# SMTP reply: lines until "NNN " (or a bare "NNN")
smtp_reply() {
	local line
	reply=""
	while IFS= read -r -t "$T" -u "$c" line; do
		line=${line%$'\r'}
		reply+="$line"$'\n'
		[[ $line =~ ^[0-9]{3}( |$) ]] && return 0
	done
	return 1
}
smtp_code() { # CODE: last reply's code is CODE?
	local last
	last=$(printf '%s' "$reply" | tail -n 1)
	[ "${last:0:3}" = "$1" ]
}

# IMAP: lines until the tagged one for $1
imap_reply() { # TAG
	local line
	reply=""
	while IFS= read -r -t "$T" -u "$c" line; do
		line=${line%$'\r'}
		reply+="$line"$'\n'
		[[ $line == "$1 "* ]] && return 0
	done
	return 1
}

# POP3: one status line
pop_reply() {
	local line
	reply=""
	IFS= read -r -t "$T" -u "$c" line || return 1
	reply=${line%$'\r'}
}

oneline() { printf '%s' "$1" | tr '\n' '|' | cut -c1-200; }

# ---- checks -------------------------------------------------------------------
# greeting and EHLO
check_smtp() { # NAME PORT
	local name=$1 port=$2
	if ! conn "$port"; then
		fail "$name greeting" "cannot connect to 127.0.0.1:$port"
		fail "$name EHLO" "no connection"
		return
	fi
	if smtp_reply && smtp_code 220; then
		pass "$name greeting 220 ($(printf '%s' "$reply" | head -n 1 | cut -c1-60))"
	else
		fail "$name greeting" "$(oneline "$reply")"
	fi
	send "EHLO check.mailprobe.test"
	if smtp_reply && smtp_code 250; then
		pass "$name EHLO ($(printf '%s' "$reply" | sed 1d | cut -c5- | awk '{print $1}' | tr '\n' ' '))"
	else
		fail "$name EHLO" "$(oneline "$reply")"
	fi
	send QUIT
	smtp_reply || true
	closec
}

# send a message to alice; prints nothing, sets $token
send_mail() { # NAME PORT -> 0 when the server accepted it (250 after DATA)
	local name=$1 port=$2 step
	token="mp-check-$name-$$-$RANDOM$RANDOM"
	conn "$port" || { reply="cannot connect"; return 1; }
	for step in "220 -" "250 EHLO check.mailprobe.test" \
		"250 MAIL FROM:<check@$MP_DOMAIN>" "250 RCPT TO:<$MP_USER1@$MP_DOMAIN>" \
		"354 DATA"; do
		[ "${step#* }" = - ] || send "${step#* }"
		if ! smtp_reply || ! smtp_code "${step%% *}"; then
			reply="after '${step#* }': $(oneline "$reply")"
			closec
			return 1
		fi
	done
	printf '%s\r\n' "From: <check@$MP_DOMAIN>" "To: <$MP_USER1@$MP_DOMAIN>" \
		"Subject: $token" "Message-ID: <$token@$MP_DOMAIN>" "" \
		"servers/check.sh through $name" "." >&"$c"
	if ! smtp_reply || ! smtp_code 250; then
		reply="after the data: $(oneline "$reply")"
		closec
		return 1
	fi
	send QUIT
	smtp_reply || true
	closec
}

# DATA holding "<LF>.<LF>MAIL..RCPT..DATA..<CRLF>.<CRLF>": prints how many
# "250 ... queued" replies came back (2: the bare LF ended DATA)
smuggle() { # PORT
	local line n=0
	conn "$1" || { echo 0; return; }
	printf '%s\r\n' "EHLO check.mailprobe.test" "MAIL FROM:<check@$MP_DOMAIN>" \
		"RCPT TO:<$MP_USER1@$MP_DOMAIN>" "DATA" >&"$c"
	sleep 0.3
	printf 'Subject: mp-check-smuggle\r\n\r\nx\n.\nMAIL FROM:<check@%s>\r\nRCPT TO:<%s@%s>\r\nDATA\r\nSubject: mp-check-smuggled\r\n\r\ny\r\n.\r\nQUIT\r\n' \
		"$MP_DOMAIN" "$MP_USER1" "$MP_DOMAIN" >&"$c"
	while IFS= read -r -t 3 -u "$c" line; do
		[[ $line == 250\ *queued* ]] && n=$((n + 1))
		[[ $line == 221* ]] && break
	done
	closec
	echo "$n"
}

# poll alice's Maildir for the message carrying $token
delivered() {
	local v="MP_MAILDIR_$MP_USER1" md end=$((SECONDS + T))
	md=${!v}
	while [ $SECONDS -le $end ]; do
		if [ -d "$md" ] && grep -rlqF "Subject: $token" "$md/new" "$md/cur" 2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}

check_delivery() { # NAME PORT
	local name=$1 port=$2
	if ! started dovecot; then
		skip "$name delivery to $MP_USER1" "dovecot not started"
		return
	fi
	if ! send_mail "$name" "$port"; then
		fail "$name delivery to $MP_USER1" "$reply"
	elif delivered; then
		pass "$name delivery to $MP_USER1 (Maildir, via Dovecot LMTP)"
		last_token=$token
	else
		local v="MP_MAILDIR_$MP_USER1"
		fail "$name delivery to $MP_USER1" "accepted, not in ${!v} after ${T}s"
	fi
}

# s_client: feed $3 (lines, CRLF) after a pause, print the whole conversation
tls_talk() { # PORT EXTRA_OPTS INPUT
	{
		sleep 1
		printf '%s' "$3"
		sleep 1
	} | timeout "$T" openssl s_client -connect "127.0.0.1:$1" $2 -crlf -quiet \
		-verify_return_error -CAfile "$MP_TLS_CERT" -verify_hostname "$MP_HOSTNAME" 2>&1
}

check_tls_greeting() { # NAME PORT EXPECT(regex) QUITCMD
	local out
	out=$(tls_talk "$2" "" "$4"$'\n')
	if printf '%s' "$out" | grep -qE "$3"; then
		pass "$1 TLS handshake, certificate verified, greeting"
	else
		fail "$1 TLS" "$(oneline "$out")"
	fi
}

# ---- Postfix --------------------------------------------------------------------
if started postfix; then
	check_smtp postfix-smtp "$P_PF_SMTP"
	check_smtp postfix-submission "$P_PF_SUBM"
	# submission: STARTTLS offered, AUTH offered only after it
	if conn "$P_PF_SUBM"; then
		smtp_reply
		send "EHLO check.mailprobe.test"
		smtp_reply
		ehlo1=$reply
		send QUIT
		smtp_reply || true
		closec
		if printf '%s' "$ehlo1" | grep -q '^250.STARTTLS'; then
			pass "postfix-submission offers STARTTLS"
		else
			fail "postfix-submission STARTTLS" "not in EHLO: $(oneline "$ehlo1")"
		fi
		if printf '%s' "$ehlo1" | grep -q '^250.AUTH'; then
			fail "postfix-submission AUTH before TLS" "offered in clear"
		else
			pass "postfix-submission no AUTH before STARTTLS"
		fi
	else
		fail "postfix-submission" "cannot connect"
	fi
	if started dovecot; then
		out=$(tls_talk "$P_PF_SUBM" "-starttls smtp" $'EHLO check.mailprobe.test\nQUIT\n')
		if printf '%s' "$out" | grep -q '^250.AUTH.*PLAIN'; then
			pass "postfix-submission after STARTTLS offers $(printf '%s' "$out" | grep -m1 '^250.AUTH' | cut -c5- | tr -d '\r')"
		else
			fail "postfix-submission AUTH after STARTTLS" "$(oneline "$out")"
		fi
		# a real AUTH PLAIN over the STARTTLS session (Dovecot SASL)
		cred=$(printf '\0%s\0%s' "$MP_USER1" "$MP_PASS1" | base64 -w0)
		out=$(tls_talk "$P_PF_SUBM" "-starttls smtp" "EHLO check.mailprobe.test"$'\n'"AUTH PLAIN $cred"$'\nQUIT\n')
		if printf '%s' "$out" | grep -q '^235'; then
			pass "postfix-submission AUTH PLAIN $MP_USER1 (Dovecot SASL) 235"
		else
			fail "postfix-submission AUTH PLAIN" "$(oneline "$out")"
		fi
		check_tls_greeting postfix-smtps "$P_PF_SMTPS" '^220 ' QUIT
	else
		# smtpd with SASL enabled dies on connect without the Dovecot socket
		skip "postfix-submission AUTH" "dovecot (SASL) not started"
		skip "postfix-smtps" "dovecot (SASL) not started"
	fi
	check_delivery postfix "$P_PF_SMTP"
else
	skip postfix "not started"
fi

if started postfix-hardened; then
	check_smtp postfix-hardened "$P_PFH_SMTP"
	v=$(postconf -c "$STATE/postfix-hardened/etc" -h smtpd_forbid_bare_newline 2>/dev/null)
	x=$(postconf -c "$STATE/postfix-hardened/etc" -h smtpd_forbid_bare_newline_exclusions 2>/dev/null)
	if [ "$v" = normalize ] && [ -z "$x" ]; then
		pass "postfix-hardened smtpd_forbid_bare_newline = normalize, no exclusions"
	else
		fail "postfix-hardened config" "smtpd_forbid_bare_newline='$v' exclusions='$x'"
	fi
	check_delivery postfix-hardened "$P_PFH_SMTP"
	# the setting at work: <LF>.<LF> inside DATA ends the message on the
	# default instance (SMTP smuggling), not on the hardened one
	for pp in "postfix $P_PF_SMTP 2" "postfix-hardened $P_PFH_SMTP 1"; do
		set -- $pp
		started "$1" || continue
		n=$(smuggle "$2")
		if [ "$n" = "$3" ]; then
			pass "$1 <LF>.<LF> in DATA: $n message(s) queued ($([ "$3" = 1 ] && echo normalized || echo "ends DATA: default"))"
		else
			fail "$1 <LF>.<LF> in DATA" "$n message(s) queued, expected $3"
		fi
	done
else
	skip postfix-hardened "not started"
fi

# ---- Exim, OpenSMTPD --------------------------------------------------------------
if started exim; then
	check_smtp exim "$P_EX_SMTP"
	out=$(tls_talk "$P_EX_SMTP" "-starttls smtp" $'EHLO check.mailprobe.test\nQUIT\n')
	if printf '%s' "$out" | grep -q '^250'; then
		pass "exim STARTTLS, certificate verified, EHLO after it"
	else
		fail "exim STARTTLS" "$(oneline "$out")"
	fi
	check_tls_greeting exim-smtps "$P_EX_SMTPS" '^220 ' QUIT
	check_delivery exim "$P_EX_SMTP"
else
	skip exim "not started"
fi

if started opensmtpd; then
	check_smtp opensmtpd "$P_OS_SMTP"
	check_delivery opensmtpd "$P_OS_SMTP"
	skip "opensmtpd TLS" "${MP_OPENSMTPD_TLS:-broken}"
else
	skip opensmtpd "not started"
fi

# ---- Dovecot ------------------------------------------------------------------------
if started dovecot; then
	# IMAP: LOGIN on loopback (counted as secured), the INBOX, the messages
	if conn "$P_DC_IMAP"; then
		imap_reply "*" || true
		g=$reply
		send "a1 CAPABILITY"
		imap_reply a1
		cap=$reply
		send "a2 LOGIN $MP_USER1 $MP_PASS1"
		if imap_reply a2 && [[ $reply == *$'\n'"a2 OK"* || $reply == "a2 OK"* ]]; then
			pass "dovecot IMAP LOGIN $MP_USER1 ($(printf '%s' "$g" | head -n 1 | cut -c1-40))"
			send "a3 SELECT INBOX"
			imap_reply a3
			n=$(printf '%s' "$reply" | sed -n 's/^\* \([0-9]*\) EXISTS.*/\1/p')
			if [ -n "${last_token:-}" ]; then
				send "a4 SEARCH HEADER Subject $last_token"
				imap_reply a4
				if printf '%s' "$reply" | grep -qE '^\* SEARCH [0-9]'; then
					pass "dovecot IMAP sees the message ($n in INBOX)"
				else
					fail "dovecot IMAP SEARCH" "$(oneline "$reply")"
				fi
			elif [ "${n:-0}" -gt 0 ]; then
				pass "dovecot IMAP INBOX has $n"
			else
				fail "dovecot IMAP INBOX" "empty: $(oneline "$reply")"
			fi
			send "a5 LOGOUT"
			imap_reply a5 || true
		else
			fail "dovecot IMAP LOGIN" "$(oneline "$reply")"
		fi
		closec
		if printf '%s' "$cap" | grep -q 'STARTTLS'; then
			pass "dovecot IMAP offers STARTTLS"
		else
			fail "dovecot IMAP STARTTLS" "$(oneline "$cap")"
		fi
	else
		fail "dovecot IMAP" "cannot connect to $P_DC_IMAP"
	fi
	# POP3: USER, PASS, STAT
	if conn "$P_DC_POP3"; then
		pop_reply
		send "USER $MP_USER1"
		pop_reply
		r1=$reply
		send "PASS $MP_PASS1"
		pop_reply
		r2=$reply
		send STAT
		pop_reply
		r3=$reply
		send QUIT
		pop_reply || true
		closec
		if [[ $r1 == "+OK"* && $r2 == "+OK"* && $r3 =~ ^\+OK\ [0-9]+\ [0-9]+ ]]; then
			pass "dovecot POP3 USER/PASS/STAT ($r3)"
		else
			fail "dovecot POP3" "USER: $r1 | PASS: $r2 | STAT: $r3"
		fi
	else
		fail "dovecot POP3" "cannot connect to $P_DC_POP3"
	fi
	out=$(tls_talk "$P_DC_IMAP" "-starttls imap" $'a1 CAPABILITY\na2 LOGOUT\n')
	if printf '%s' "$out" | grep -q '^a1 OK'; then
		pass "dovecot IMAP STARTTLS, certificate verified"
	else
		fail "dovecot IMAP STARTTLS" "$(oneline "$out")"
	fi
	out=$(tls_talk "$P_DC_POP3" "-starttls pop3" $'CAPA\nQUIT\n')
	if printf '%s' "$out" | grep -q '^+OK'; then
		pass "dovecot POP3 STLS, certificate verified"
	else
		fail "dovecot POP3 STLS" "$(oneline "$out")"
	fi
	check_tls_greeting dovecot-imaps "$P_DC_IMAPS" '^\* OK' "a1 LOGOUT"
	check_tls_greeting dovecot-pop3s "$P_DC_POP3S" '^\+OK' QUIT
else
	skip dovecot "not started"
fi

echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
