# RFC 1939 7 (UIDL): the unique-id persists across sessions; "This
# persistence is required even if a session ends without entering the
# UPDATE state."  Session 1 reads n's unique-id, marks n deleted and
# drops the connection without QUIT; session 2 sees n with the same id.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.uidl.persist-without-update
title: after a session ends without QUIT the next session shows the same unique-id
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3 imap
tags: uidl update

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 APPEND INBOX {{@data/pop3-second.eml}}
expect i tagged a2 OK
send i a3 APPEND INBOX {{@data/pop3-top.eml}}
expect i tagged a3 OK
send i a4 LOGOUT
expect i tagged a4 OK
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok
capture p n /^\+OK ([0-9]+) /
send p LIST
expect p ok multiline
# m: the message listed just before n, the 218-octet data/pop3-second.eml
capture p m /^([0-9]+) 218\r?\n${n} 262\r?$/
send p UIDL ${n}
expect p ok
capture p u /^\+OK ${n} ([!-~]+)/
send p DELE ${n}
expect p ok
close p
wait 500
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p UIDL ${n}
expect p ok /^${n} ${u}$/
send p DELE ${m}
expect p ok
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
