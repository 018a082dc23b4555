# servers/common.sh: sourced (bash) by up.sh, down.sh, targets.sh, check.sh:
# paths, names, users and ports of the loopback mail servers, and the
# /proc helpers that track their process sessions.
# shellcheck shell=bash disable=SC2034

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
STATE=${MP_SERVERS_DIR:-$repo/build/servers}
PKGS=${MP_SERVERS_PKGS:-$repo/build/servers-pkgs}
ALL="dovecot postfix postfix-hardened exim opensmtpd"

DOMAIN=mailprobe.test
HOST=mail.$DOMAIN
USER1=alice PASS1=alice-Secret-1
USER2=bob PASS2=bob-Secret-2
MAILUSER=mail # owner of the Maildirs (Dovecot will not deliver as root)

# ports, all on 127.0.0.1
P_PF_SMTP=10025 P_PF_SUBM=10587 P_PF_SMTPS=10465
P_PFH_SMTP=11025
P_DC_IMAP=10143 P_DC_IMAPS=10993 P_DC_POP3=10110 P_DC_POP3S=10995
P_DC_LMTP=10024
P_EX_SMTP=12025 P_EX_SMTPS=12465
P_OS_SMTP=13025

# fields of /proc/PID/stat after the command name: state ppid pgrp session
# prints "STATE SESSION" of PID, nothing when it is gone
proc_state_sid() {
	local st rest
	st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	rest=${st##*) }
	# shellcheck disable=SC2086
	set -- $rest
	echo "$1 $4"
}

# session id of a live (not zombie) process, or nothing
proc_sid() {
	local a
	a=$(proc_state_sid "$1")
	[ -n "$a" ] && [ "${a% *}" != Z ] && echo "${a#* }"
	return 0
}

# pids of the live (not zombie) processes of session $1
session_pids() {
	local f st rest p
	for f in /proc/[0-9]*/stat; do
		st=$(cat "$f" 2>/dev/null) || continue
		rest=${st##*) }
		# shellcheck disable=SC2086
		set -- $rest
		[ "$4" = "$sid_want" ] && [ "$1" != Z ] || continue
		p=${f#/proc/}
		echo "${p%/stat}"
	done
}

# is server NAME recorded and any process of its session alive?
running() {
	local sid_want
	[ -f "$STATE/run/$1.sid" ] || return 1
	sid_want=$(cat "$STATE/run/$1.sid")
	[ -n "$sid_want" ] && [ -n "$(session_pids)" ]
}

port_open() { # PORT
	timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
