# RFC 1939 5 (STAT): "Note that messages marked as deleted are not counted
# in either total."  After DELE of the newest message n, STAT counts m
# messages (m = n - 1, read off the scan listing) and LIST no longer lists n.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.dele.stat-excludes-deleted
title: after DELE of the newest message STAT counts one message fewer
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3 imap
tags: dele stat

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
send p DELE ${n}
expect p ok
send p STAT
expect p ok /^${m} [0-9]+/
send p LIST
expect p ok multiline
capture p last /^(${m}) 218\r?$/
send p DELE ${m}
expect p ok
send p QUIT
expect p ok
