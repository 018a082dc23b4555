# RFC 1939 6: "If a session terminates for some reason other than a
# client-issued QUIT command, the POP3 session does NOT enter the UPDATE
# state and MUST not remove any messages from the maildrop."  DELE n,
# then the connection is closed without QUIT: n is still there.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.update.close-without-quit-keeps
title: DELE then a close without QUIT removes nothing (n is still listed with its size and headers)
protocol: pop3
ref: RFC 1939 6
level: MUST
needs: pop3 imap
tags: dele update

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
send p DELE ${m}
expect p ok
close p
wait 500
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p LIST ${n}
expect p ok /^${n} 262$/
send p TOP ${n} 0
expect p ok multiline
expect p body data/pop3-top-0.txt
send p LIST ${m}
expect p ok /^${m} 218$/
send p DELE ${m}
expect p ok
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
