# RFC 1939 6 (QUIT in TRANSACTION): "The POP3 server removes all messages
# marked as deleted from the maildrop ... In no case may the server remove
# any messages not marked as deleted."  DELE n then QUIT: a new session
# has no message n any more (n was the newest) and still has m.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.update.quit-removes-deleted
title: QUIT after DELE n removes n and only n (a new session lists m, LIST n is -ERR)
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
send p QUIT
expect p ok
expect p closed
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
check removed MUST RFC 1939 6: the message marked as deleted is gone after QUIT
send p LIST ${n}
expect p err
check kept MUST RFC 1939 6: "In no case may the server remove any messages not marked as deleted"
send p LIST ${m}
expect p ok /^${m} 218$/
send p TOP ${m} 0
expect p ok multiline
expect p body data/pop3-second-0.txt
send p DELE ${m}
expect p ok
send p QUIT
expect p ok
