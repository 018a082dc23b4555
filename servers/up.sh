#!/bin/bash
# servers/up.sh [SERVER...]: starts real mail servers on 127.0.0.1 for the
# conformance suites, each from a private state directory, and writes
# $MP_SERVERS_DIR/targets.env describing them.
#
# SERVER is any of: postfix postfix-hardened dovecot exim opensmtpd
# (default all). Run it inside an isolated network namespace:
#     servers/netns.sh servers/up.sh
# It refuses to start when any interface other than lo is UP.
#
# State: $MP_SERVERS_DIR (default build/servers/ under the repo): configs,
# spools, queues, Maildirs, logs, pid records (run/*.sid, read by down.sh).
# Exim and OpenSMTPD come from $MP_SERVERS_PKGS (default
# build/servers-pkgs/, filled by servers/fetch.sh). See servers/README.md.
set -eu

# shellcheck source=servers/common.sh
. "$(cd "$(dirname "$0")" && pwd)/common.sh"
WAIT=${MP_SERVERS_WAIT:-20}

die() {
	echo "up.sh: $*" >&2
	exit 1
}

# ---- arguments --------------------------------------------------------------
want=""
for s in "$@"; do
	case " $ALL " in
	*" $s "*) want="$want $s" ;;
	*) die "unknown server '$s' (one of: $ALL)" ;;
	esac
done
[ -n "$want" ] || want=" $ALL"
# start in dependency order: dovecot first (LMTP and SASL for the MTAs)
order=""
for s in $ALL; do
	case " $want " in *" $s "*) order="$order $s" ;; esac
done

[ "$(id -u)" -eq 0 ] || die "must run as root (the servers drop privileges themselves)"

# ---- isolation: no interface but lo may be up --------------------------------
others=$(ip -o link show up | awk -F': ' '{ sub(/@.*/, "", $2); if ($2 != "lo") print $2 }')
if [ -n "$others" ]; then
	die "refusing to start: interfaces other than lo are up ($(echo $others)).
  Run inside an isolated network namespace: servers/netns.sh servers/up.sh"
fi
ip -o addr show lo | grep -q 'inet 127\.0\.0\.1/' ||
	die "lo has no 127.0.0.1 (run 'ip link set lo up' or use servers/netns.sh)"

# ---- helpers ----------------------------------------------------------------
record() { # NAME PID: down.sh stops the session led by PID
	local sid
	sid=$(proc_sid "$2")
	[ -n "$sid" ] || return 1
	echo "$sid" >"$STATE/run/$1.sid"
}

wait_ports() { # NAME LOG PORT...
	local name=$1 log=$2 p deadline
	shift 2
	deadline=$((SECONDS + WAIT))
	for p in "$@"; do
		until port_open "$p"; do
			if [ $SECONDS -ge $deadline ]; then
				fail "$name" "$log" "port $p not answering after ${WAIT}s"
			fi
			sleep 0.2
		done
	done
}

# the servers this call started: stopped again when a later one fails (all
# or nothing), unless MP_SERVERS_KEEP=1
started_now=""
fail() { # NAME LOG WHY
	echo "$1: FAILED: $3" >&2
	if [ -n "$2" ] && [ -f "$2" ]; then
		echo "---- last lines of $2" >&2
		tail -n 25 "$2" >&2
	fi
	if [ "${MP_SERVERS_KEEP:-0}" != 1 ]; then
		local n=""
		case " $ALL " in *" $1 "*) n=$1 ;; esac
		"$here/down.sh" $started_now $n >&2 || true
	fi
	exit 1
}

# every start is a fresh one: the server's own dir and logs are made anew
# (queued mail of an earlier run is never delivered late), its ports must
# be free (a stray listener would pass for it)
fresh() { # NAME DIR LOG... ; ports in $ports
	local name=$1 dir=$2 p
	shift 2
	case $dir in "$STATE"/?*) ;; *) die "refusing to clear '$dir'" ;; esac
	for p in $ports; do
		port_open "$p" && fail "$name" "" "127.0.0.1:$p is already in use"
	done
	rm -rf "$dir"
	rm -f "$@"
}

# a config written in the last seconds is one Postfix (and others) may take
# for half written: date it back
age() { touch -d "@$(($(date +%s) - 60))" "$@"; }

cur="" # the server being started
targets() { # KEY=value lines of the current server's targets.env block
	printf '%s\n' "$@" >>"$STATE/run/$cur.env"
}

# ---- common state -----------------------------------------------------------
mkdir -p "$STATE/run" "$STATE/log" "$STATE/tls"
chmod 755 "$STATE" "$STATE/log"
for s in $order; do
	if running "$s"; then
		die "$s is already running (session $(cat "$STATE/run/$s.sid")); run servers/down.sh first"
	fi
done

# self-signed certificate for every server, made once per state dir
if [ ! -s "$STATE/tls/cert.pem" ] || [ ! -s "$STATE/tls/key.pem" ]; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 365 -sha256 \
		-subj "/CN=$HOST" \
		-addext "subjectAltName=DNS:$HOST,DNS:localhost,IP:127.0.0.1" \
		-keyout "$STATE/tls/key.pem" -out "$STATE/tls/cert.pem" \
		>"$STATE/log/openssl.log" 2>&1 || fail tls "$STATE/log/openssl.log" "openssl req"
	chmod 600 "$STATE/tls/key.pem"
	chmod 644 "$STATE/tls/cert.pem"
fi

# Maildirs' owner (Dovecot delivers into them; the suites poll them)
mail_uid=$(id -u "$MAILUSER")
mail_gid=$(id -g "$MAILUSER")

# ---- dovecot ----------------------------------------------------------------
start_dovecot() {
	local d=$STATE/dovecot log=$STATE/log/dovecot.log
	local ports="$P_DC_IMAP $P_DC_IMAPS $P_DC_POP3 $P_DC_POP3S $P_DC_LMTP"
	fresh dovecot "$d" "$log"
	# the Maildirs start empty too
	rm -rf "$STATE/mail"
	mkdir -p "$STATE/mail/$USER1" "$STATE/mail/$USER2"
	chown -R "$MAILUSER:$MAILUSER" "$STATE/mail"
	chmod 755 "$STATE/mail"
	mkdir -p "$d/run" "$d/lib"
	chmod 755 "$d" "$d/run"
	cat >"$d/users" <<-EOF
		$USER1:{PLAIN}$PASS1:$mail_uid:$mail_gid::$STATE/mail/$USER1::
		$USER2:{PLAIN}$PASS2:$mail_uid:$mail_gid::$STATE/mail/$USER2::
	EOF
	chown root:dovecot "$d/users"
	chmod 640 "$d/users"
	# IMAP and POP3 in clear also on ::1 where the namespace has it (the
	# IPv6 sample captures and their replay); everything else 127.0.0.1
	local dc_addr=127.0.0.1 v6=""
	if ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/'; then
		dc_addr="127.0.0.1, ::1"
		v6=1
	fi
	cat >"$d/dovecot.conf" <<-EOF
		# mailprobe servers/up.sh: private Dovecot, nothing read from /etc/dovecot
		instance_name = mailprobe
		base_dir = $d/run
		state_dir = $d/lib
		protocols = imap pop3 lmtp
		listen = 127.0.0.1
		hostname = $HOST
		log_path = $log
		info_log_path = $log
		debug_log_path = $log
		log_timestamp = "%Y-%m-%d %H:%M:%S "
		# no name lookups anywhere
		auth_use_winbind = no
		lmtp_proxy = no
		login_trusted_networks =
		ssl = yes
		ssl_cert = <$STATE/tls/cert.pem
		ssl_key = <$STATE/tls/key.pem
		auth_mechanisms = plain login
		# default: plaintext auth only on TLS or loopback (loopback is "secured")
		disable_plaintext_auth = yes
		mail_location = maildir:~/Maildir
		first_valid_uid = $mail_uid
		last_valid_uid = $mail_uid
		first_valid_gid = $mail_gid
		last_valid_gid = $mail_gid
		passdb {
		  driver = passwd-file
		  args = scheme=PLAIN username_format=%n $d/users
		}
		userdb {
		  driver = passwd-file
		  args = username_format=%n $d/users
		}
		service imap-login {
		  inet_listener imap {
		    address = $dc_addr
		    port = $P_DC_IMAP
		  }
		  inet_listener imaps {
		    address = 127.0.0.1
		    port = $P_DC_IMAPS
		    ssl = yes
		  }
		}
		service pop3-login {
		  inet_listener pop3 {
		    address = $dc_addr
		    port = $P_DC_POP3
		  }
		  inet_listener pop3s {
		    address = 127.0.0.1
		    port = $P_DC_POP3S
		    ssl = yes
		  }
		}
		service lmtp {
		  unix_listener lmtp {
		    mode = 0666
		  }
		  inet_listener lmtp {
		    address = 127.0.0.1
		    port = $P_DC_LMTP
		  }
		}
		service auth {
		  # Postfix SASL (smtpd runs as postfix)
		  unix_listener auth-postfix {
		    mode = 0660
		    user = postfix
		    group = postfix
		  }
		}
		protocol lmtp {
		  postmaster_address = postmaster@$DOMAIN
		}
		protocol pop3 {
		  pop3_uidl_format = %08Xu%08Xv
		}
		# what the IMAP suite can then test on a real server: SPECIAL-USE
		# (RFC 6154) and QUOTA (RFC 9208)
		namespace inbox {
		  inbox = yes
		  mailbox Sent {
		    special_use = \\Sent
		    auto = create
		  }
		  mailbox Trash {
		    special_use = \\Trash
		    auto = create
		  }
		}
		mail_plugins = \$mail_plugins quota
		protocol imap {
		  mail_plugins = \$mail_plugins imap_quota
		}
		plugin {
		  quota = maildir:User quota
		  quota_rule = *:storage=1G
		}
	EOF
	age "$d/dovecot.conf" "$d/users"
	: >>"$log"
	dovecot -c "$d/dovecot.conf" >>"$log" 2>&1 || fail dovecot "$log" "dovecot did not start"
	local i=0 pid=""
	while [ $i -lt 50 ]; do
		pid=$(cat "$d/run/master.pid" 2>/dev/null || true)
		[ -n "$pid" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$pid" ] && record dovecot "$pid" || fail dovecot "$log" "no master.pid"
	wait_ports dovecot "$log" $ports
	local v
	v=$(dovecot --version | awk '{print $1}')
	targets "# Dovecot $v: IMAP, POP3, LMTP (delivery for the MTAs), SASL for Postfix" \
		"MP_DOVECOT_VERSION='$v'" \
		"MP_DOVECOT_IMAP=imap://127.0.0.1:$P_DC_IMAP" \
		"MP_DOVECOT_IMAPS=imaps://127.0.0.1:$P_DC_IMAPS" \
		"MP_DOVECOT_POP3=pop3://127.0.0.1:$P_DC_POP3" \
		"MP_DOVECOT_POP3S=pop3s://127.0.0.1:$P_DC_POP3S" \
		"MP_DOVECOT_LMTP=lmtp://127.0.0.1:$P_DC_LMTP" \
		"MP_DOVECOT_IMAP6=${v6:+imap://[::1]:$P_DC_IMAP}" \
		"MP_DOVECOT_POP36=${v6:+pop3://[::1]:$P_DC_POP3}" \
		"MP_DOVECOT_LOG=$log"
	echo "dovecot $v: imap $P_DC_IMAP imaps $P_DC_IMAPS pop3 $P_DC_POP3 pop3s $P_DC_POP3S lmtp $P_DC_LMTP OK"
}

# ---- postfix (two instances) -------------------------------------------------
postfix_master_cf() { # FILE INSTANCE
	local f=$1 inst=$2
	{
		echo "# mailprobe servers/up.sh: $inst (nothing chrooted)"
		if [ "$inst" = postfix ]; then
			cat <<-EOF
				127.0.0.1:$P_PF_SMTP inet n - n - - smtpd
				127.0.0.1:$P_PF_SUBM inet n - n - - smtpd
				  -o syslog_name=$inst/submission
				  -o smtpd_tls_security_level=encrypt
				  -o smtpd_sasl_auth_enable=yes
				  -o smtpd_tls_auth_only=yes
				  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination
				127.0.0.1:$P_PF_SMTPS inet n - n - - smtpd
				  -o syslog_name=$inst/smtps
				  -o smtpd_tls_wrappermode=yes
				  -o smtpd_sasl_auth_enable=yes
				  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination
			EOF
		else
			echo "127.0.0.1:$P_PFH_SMTP inet n - n - - smtpd"
		fi
		cat <<-'EOF'
			pickup    unix  n - n 60 1 pickup
			cleanup   unix  n - n -  0 cleanup
			qmgr      unix  n - n 300 1 qmgr
			tlsmgr    unix  - - n 1000? 1 tlsmgr
			rewrite   unix  - - n -  - trivial-rewrite
			bounce    unix  - - n -  0 bounce
			defer     unix  - - n -  0 bounce
			trace     unix  - - n -  0 bounce
			verify    unix  - - n -  1 verify
			flush     unix  n - n 1000? 0 flush
			proxymap  unix  - - n -  - proxymap
			proxywrite unix - - n -  1 proxymap
			smtp      unix  - - n -  - smtp
			relay     unix  - - n -  - smtp
			showq     unix  n - n -  - showq
			error     unix  - - n -  - error
			retry     unix  - - n -  - error
			discard   unix  - - n -  - discard
			lmtp      unix  - - n -  - lmtp
			anvil     unix  - - n -  1 anvil
			scache    unix  - - n -  1 scache
			postlog   unix-dgram n - n - 1 postlogd
		EOF
	} >"$f"
}

start_postfix_instance() { # NAME
	local inst=$1 d=$STATE/$1 log=$STATE/log/$1.log extra="" ports
	if [ "$inst" = postfix-hardened ]; then
		postconf -d smtpd_forbid_bare_newline >/dev/null 2>&1 ||
			fail "$inst" "" "this Postfix ($(postconf -dh mail_version)) has no smtpd_forbid_bare_newline"
		extra="smtpd_forbid_bare_newline = normalize
smtpd_forbid_bare_newline_exclusions ="
		ports="$P_PFH_SMTP"
	else
		extra="smtpd_sasl_type = dovecot
smtpd_sasl_path = $STATE/dovecot/run/auth-postfix
smtpd_sasl_security_options = noanonymous
smtpd_sasl_tls_security_options = noanonymous"
		ports="$P_PF_SMTP $P_PF_SUBM $P_PF_SMTPS"
	fi
	fresh "$inst" "$d" "$log"
	mkdir -p "$d/etc" "$d/queue" "$d/data"
	chown root:root "$d/queue"
	chmod 755 "$d" "$d/queue"
	chown postfix:postfix "$d/data"
	cat >"$d/etc/main.cf" <<-EOF
		# mailprobe servers/up.sh: $inst, private instance (postfix -c $d/etc)
		compatibility_level = 3.6
		syslog_name = $inst
		queue_directory = $d/queue
		data_directory = $d/data
		mail_owner = postfix
		setgid_group = postdrop
		maillog_file = $log
		maillog_file_prefixes = $STATE/log
		myhostname = $HOST
		mydomain = $DOMAIN
		myorigin = \$mydomain
		mydestination =
		inet_interfaces = 127.0.0.1
		inet_protocols = ipv4
		mynetworks = 127.0.0.0/8
		# no name lookups of any kind
		smtpd_peername_lookup = no
		smtp_dns_support_level = disabled
		lmtp_dns_support_level = disabled
		disable_dns_lookups = yes
		smtp_host_lookup = native
		lmtp_host_lookup = native
		# one virtual domain, delivered to Dovecot over LMTP
		virtual_mailbox_domains = $DOMAIN
		virtual_mailbox_maps = texthash:$d/etc/vmailbox
		virtual_transport = lmtp:unix:$STATE/dovecot/run/lmtp
		# nothing ever leaves: every other destination is an error
		default_transport = error:mailprobe: no outbound mail
		relay_transport = error:mailprobe: no outbound mail
		local_transport = error:mailprobe: no local delivery
		alias_maps =
		alias_database =
		biff = no
		smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
		smtpd_tls_cert_file = $STATE/tls/cert.pem
		smtpd_tls_key_file = $STATE/tls/key.pem
		smtpd_tls_security_level = may
		smtp_tls_security_level = none
		$extra
	EOF
	printf '%s@%s OK\n%s@%s OK\n' "$USER1" "$DOMAIN" "$USER2" "$DOMAIN" >"$d/etc/vmailbox"
	postfix_master_cf "$d/etc/master.cf" "$inst"
	age "$d/etc/main.cf" "$d/etc/master.cf" "$d/etc/vmailbox"
	: >>"$log"
	postfix -c "$d/etc" check >>"$log" 2>&1 || fail "$inst" "$log" "postfix check"
	postfix -c "$d/etc" start >>"$log" 2>&1 || fail "$inst" "$log" "postfix start"
	local pid
	pid=$(awk '{print $1; exit}' "$d/queue/pid/master.pid" 2>/dev/null || true)
	[ -n "$pid" ] && record "$inst" "$pid" || fail "$inst" "$log" "no master.pid"
	wait_ports "$inst" "$log" $ports
	local v
	v=$(postconf -c "$d/etc" -h mail_version)
	if [ "$inst" = postfix ]; then
		targets "# Postfix $v: smtp, submission (STARTTLS required, AUTH via Dovecot), smtps" \
			"MP_POSTFIX_VERSION='$v'" \
			"MP_POSTFIX_SMTP=smtp://127.0.0.1:$P_PF_SMTP" \
			"MP_POSTFIX_SUBMISSION=smtp+starttls://127.0.0.1:$P_PF_SUBM" \
			"MP_POSTFIX_SMTPS=smtps://127.0.0.1:$P_PF_SMTPS" \
			"MP_POSTFIX_LOG=$log"
		echo "postfix $v: smtp $P_PF_SMTP submission $P_PF_SUBM smtps $P_PF_SMTPS OK"
		running dovecot ||
			echo "postfix: note: dovecot is not up: no AUTH (submission, smtps drop the connection) and no delivery" >&2
	else
		targets "# Postfix $v with smtpd_forbid_bare_newline = normalize, no exclusions" \
			"MP_POSTFIX_HARDENED_VERSION='$v'" \
			"MP_POSTFIX_HARDENED_SMTP=smtp://127.0.0.1:$P_PFH_SMTP" \
			"MP_POSTFIX_HARDENED_BARE_NEWLINE=normalize" \
			"MP_POSTFIX_HARDENED_LOG=$log"
		echo "postfix-hardened $v: smtp $P_PFH_SMTP (bare newline: normalize) OK"
	fi
}

# ---- exim -------------------------------------------------------------------
start_exim() {
	local d=$STATE/exim log=$STATE/log/exim-main.log
	local exim=$PKGS/root/usr/sbin/exim4 ports="$P_EX_SMTP $P_EX_SMTPS"
	[ -x "$exim" ] || fail exim "" "$exim missing: run servers/fetch.sh (make servers-up does)"
	getent passwd Debian-exim >/dev/null || fail exim "" "no Debian-exim user: run servers/fetch.sh"
	fresh exim "$d" "$STATE"/log/exim-*.log
	mkdir -p "$d/spool" "$d/tls"
	chmod 755 "$d"
	chown -R Debian-exim:Debian-exim "$d/spool"
	chmod 750 "$d/spool"
	# Exim reads its key after dropping to Debian-exim: its own copy
	install -m 640 -o root -g Debian-exim "$STATE/tls/key.pem" "$d/tls/key.pem"
	install -m 644 "$STATE/tls/cert.pem" "$d/tls/cert.pem"
	cat >"$d/exim.conf" <<-EOF
		# mailprobe servers/up.sh: private Exim, run with -C from $PKGS
		exim_path = $exim
		primary_hostname = $HOST
		qualify_domain = $DOMAIN
		domainlist local_domains = $DOMAIN
		local_interfaces = <; 127.0.0.1
		daemon_smtp_ports = $P_EX_SMTP : $P_EX_SMTPS
		tls_on_connect_ports = $P_EX_SMTPS
		spool_directory = $d/spool
		log_file_path = $STATE/log/exim-%s.log
		pid_file_path = $d/exim.pid
		exim_user = Debian-exim
		exim_group = Debian-exim
		never_users = root
		keep_environment =
		# no name lookups: no reverse DNS, no HELO checks, no ident
		host_lookup =
		helo_lookup_domains =
		helo_try_verify_hosts =
		rfc1413_hosts =
		rfc1413_query_timeout = 0s
		host_lookup_order = byaddr
		dns_retrans = 1s
		dns_retry = 1
		tls_advertise_hosts = *
		tls_certificate = $d/tls/cert.pem
		tls_privatekey = $d/tls/key.pem
		acl_smtp_rcpt = acl_rcpt
		smtp_accept_max = 100
		queue_run_max = 2

		begin acl
		acl_rcpt:
		  accept domains = +local_domains
		         verify = recipient
		  deny   message = relay not permitted

		begin routers
		dovecot:
		  driver = accept
		  domains = +local_domains
		  local_parts = $USER1 : $USER2 : postmaster
		  transport = dovecot_lmtp

		begin transports
		dovecot_lmtp:
		  driver = lmtp
		  socket = $STATE/dovecot/run/lmtp
		  batch_max = 50

		begin retry
		* * F,1h,1m

		begin rewrite
		begin authenticators
	EOF
	age "$d/exim.conf"
	# the daemon runs as Debian-exim (a -C config is not trusted): it can
	# only append to log files made for it
	local f
	for f in main reject panic; do
		: >>"$STATE/log/exim-$f.log"
		chown Debian-exim:Debian-exim "$STATE/log/exim-$f.log"
	done
	"$exim" -C "$d/exim.conf" -bV >"$STATE/log/exim-bV.log" 2>&1 ||
		fail exim "$STATE/log/exim-bV.log" "exim -bV rejects the config"
	# -bd: daemon (detaches, new session); -q1m: queue runs
	"$exim" -C "$d/exim.conf" -bd -q1m >>"$log" 2>&1 || fail exim "$log" "exim -bd"
	local i=0 pid=""
	while [ $i -lt 50 ]; do
		pid=$(cat "$d/exim.pid" 2>/dev/null || true)
		[ -n "$pid" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$pid" ] && record exim "$pid" || fail exim "$log" "no exim.pid"
	sleep 0.2
	running exim || fail exim "$STATE/log/exim-panic.log" "exim exited at once"
	wait_ports exim "$log" $ports
	local v
	v=$(awk '/^Exim version/ {print $3; exit}' "$STATE/log/exim-bV.log")
	targets "# Exim $v (Debian exim4-daemon-light, unpacked): STARTTLS on smtp, implicit TLS on smtps" \
		"MP_EXIM_VERSION='$v'" \
		"MP_EXIM_SMTP=smtp://127.0.0.1:$P_EX_SMTP" \
		"MP_EXIM_SMTPS=smtps://127.0.0.1:$P_EX_SMTPS" \
		"MP_EXIM_LOG=$log"
	echo "exim $v: smtp $P_EX_SMTP smtps $P_EX_SMTPS OK"
}

# ---- opensmtpd --------------------------------------------------------------
start_opensmtpd() {
	local d=$STATE/opensmtpd log=$STATE/log/opensmtpd.log
	local root=$PKGS/root smtpd=$PKGS/root/usr/sbin/smtpd ports=$P_OS_SMTP
	[ -x "$smtpd" ] || fail opensmtpd "" "$smtpd missing: run servers/fetch.sh (make servers-up does)"
	getent passwd opensmtpd >/dev/null && getent passwd opensmtpq >/dev/null ||
		fail opensmtpd "" "no opensmtpd/opensmtpq users: run servers/fetch.sh"
	fresh opensmtpd "$d" "$log" "$STATE/log/opensmtpd-n.log"
	mkdir -p "$d/spool" "$d/empty" "$d/run" "$d/etc"
	chmod 711 "$d/spool"
	chmod 755 "$d" "$d/empty" "$d/run" "$d/etc"
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$d/etc/resolv.conf"
	printf '127.0.0.1 localhost %s\n' "$HOST" >"$d/etc/hosts"
	echo "$HOST" >"$d/etc/mailname"
	printf '%s\n%s\n' "$USER1@$DOMAIN" "$USER2@$DOMAIN" >"$d/etc/recipients"
	# local users for its delivery agent (no such system users): all map to
	# opensmtpq, which runs mail.lmtp; the LMTP RCPT is the original address
	local q
	q="$(id -u opensmtpq):$(id -g opensmtpq):/var/lib/opensmtpd/empty"
	printf '%s %s\n' "$USER1" "$q" "$USER2" "$q" >"$d/etc/userbase"
	cat >"$d/smtpd.conf" <<-EOF
		# mailprobe servers/up.sh: private OpenSMTPD (no TLS: see README)
		smtp max-message-size 35M
		table recipients file:$d/etc/recipients
		listen on 127.0.0.1 port $P_OS_SMTP hostname $HOST
		table people file:$d/etc/userbase
		action "dovecot" lmtp "127.0.0.1:$P_DC_LMTP" rcpt-to userbase <people>
		match from any for domain "$DOMAIN" rcpt-to <recipients> action "dovecot"
	EOF
	age "$d/smtpd.conf"
	: >>"$log"
	"$smtpd" -n -f "$d/smtpd.conf" >"$STATE/log/opensmtpd-n.log" 2>&1 ||
		fail opensmtpd "$STATE/log/opensmtpd-n.log" "smtpd -n rejects the config"
	# Its compiled-in paths (/var/spool/smtpd, /usr/libexec/opensmtpd, the
	# chroot /var/lib/opensmtpd/empty, /run/smtpd.sock, /etc/resolv.conf,
	# /etc/hosts, /etc/mailname) are bind-mounted from the state dir and the
	# package cache in a private mount namespace. -d keeps it in the
	# foreground; setsid gives it its own session, which down.sh stops.
	setsid unshare -m --propagation private sh -c '
		set -e
		d=$1 root=$2
		# a mount point missing on the host is made on a tmpfs laid over
		# its nearest existing parent (seen by this namespace only)
		for p in /var/spool/smtpd /usr/libexec/opensmtpd /var/lib/opensmtpd/empty; do
			[ -d "$p" ] && continue
			q=${p%/*}
			while [ ! -d "$q" ]; do q=${q%/*}; done
			mount -t tmpfs -o size=1m,mode=755 mailprobe "$q"
			mkdir -p "$p"
		done
		mount --bind "$d/spool" /var/spool/smtpd
		mount --bind "$root/usr/libexec/opensmtpd" /usr/libexec/opensmtpd
		mount --bind "$d/empty" /var/lib/opensmtpd/empty
		mount --bind "$d/run" /run
		mount --bind "$d/etc/resolv.conf" /etc/resolv.conf
		mount --bind "$d/etc/hosts" /etc/hosts
		[ -e /etc/mailname ] && mount --bind "$d/etc/mailname" /etc/mailname
		exec "$3" -d -f "$d/smtpd.conf"
	' opensmtpd-ns "$d" "$root" "$smtpd" >>"$log" 2>&1 </dev/null &
	local pid=$!
	echo "$pid" >"$d/smtpd.pid"
	sleep 0.3
	record opensmtpd "$pid" || fail opensmtpd "$log" "smtpd exited at once"
	wait_ports opensmtpd "$log" $ports
	local v
	v=$("$smtpd" -h 2>&1 | awk '/version/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]/) {print $i; exit}}')
	[ -n "$v" ] || v=$(cat "$root/.stamp-opensmtpd")
	targets "# OpenSMTPD $v (Debian opensmtpd, unpacked): plain SMTP only" \
		"MP_OPENSMTPD_VERSION='$v'" \
		"MP_OPENSMTPD_SMTP=smtp://127.0.0.1:$P_OS_SMTP" \
		"MP_OPENSMTPD_TLS='broken: Debian 12 OpenSMTPD TLS handshake bug'" \
		"MP_OPENSMTPD_LOG=$log"
	echo "opensmtpd $v: smtp $P_OS_SMTP (no TLS: Debian 12 bug) OK"
}

# ---- start ------------------------------------------------------------------
for s in $order; do
	cur=$s
	rm -f "$STATE/run/$s.env"
	case $s in
	dovecot) start_dovecot ;;
	postfix | postfix-hardened) start_postfix_instance "$s" ;;
	exim) start_exim ;;
	opensmtpd) start_opensmtpd ;;
	esac
	started_now="$started_now $s"
done

# targets.env: common keys, then the block of each server now running
# (servers/targets.sh rewrites it; down.sh too, after stopping some)
"$here/targets.sh"
echo "targets: $STATE/targets.env"
