# RFC 1939 5 (STAT, LIST) and 7 (UIDL): STAT's count n is the highest
# message-number when none is deleted; LIST and UIDL without argument list
# every message, so both listings have a line for n, and their lines for n
# agree with LIST n and UIDL n.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.transaction.stat-list-uidl-consistent
title: STAT count, LIST, LIST n, UIDL and UIDL n agree about the newest message
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3 imap
tags: stat list uidl

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
send p LIST ${n}
expect p ok /^${n} 262$/
send p LIST ${m}
expect p ok /^${m} 218$/
send p UIDL ${n}
expect p ok
capture p u /^\+OK ${n} ([!-~]+)/
send p UIDL ${m}
expect p ok
capture p v /^\+OK ${m} ([!-~]+)/
send p UIDL
expect p ok multiline
capture p pair /^(${m} ${v})\r?\n${n} ${u}\r?$/
send p STAT
expect p ok /^${n} [0-9]+$/
send p DELE ${m}
expect p ok
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
