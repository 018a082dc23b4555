# RFC 1939 7 (UIDL): the unique-id "uniquely identifies a message within a
# maildrop".  (Identical copies may share one: "Clients should be able to
# handle a situation where two identical copies of a message in a maildrop
# have the same unique-id"; m and n differ.)  The first line of the full
# listing that carries n's unique-id must be n's own line: no other
# message before it has the same unique-id.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.uidl.unique
title: the unique-id of the newest message appears on no other line of the UIDL listing before its own
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3 imap
tags: uidl

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
send p UIDL
expect p ok multiline
capture p first /^([0-9]+) ${u}\r?$/
send p LIST ${first}
expect p ok /^${n} 262$/
send p DELE ${m}
expect p ok
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
