# RFC 1939 7 (UIDL): the unique-id "persists across sessions".  Session 1
# reads n's unique-id; session 2 finds it again for n; session 2 deletes
# m and quits, so in session 3 the message renumbers to m - and keeps its
# unique-id.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.uidl.stable-across-sessions
title: a message keeps its unique-id in later sessions, also after an older message is removed and it is renumbered
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
send p QUIT
expect p ok
expect p closed
check next-session MUST RFC 1939 7: the same message has the same unique-id in the next session
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
send p QUIT
expect p ok
expect p closed
check renumbered MUST RFC 1939 7: after an older message is removed the renumbered message keeps its unique-id
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p UIDL ${m}
expect p ok /^${m} ${u}$/
send p TOP ${m} 0
expect p ok multiline
expect p body data/pop3-top-0.txt
send p DELE ${m}
expect p ok
send p QUIT
expect p ok
