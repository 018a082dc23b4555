# RFC 1939 5 (RSET): "If any messages have been marked as deleted by the
# POP3 server, they are unmarked.  The POP3 server then replies with a
# positive response."  After DELE m, DELE n, RSET: STAT counts n messages
# again, RETR n returns the message, and QUIT removes nothing (a new
# session still finds both).
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.rset.unmarks
title: RSET unmarks deleted messages: STAT counts them again, RETR works, QUIT removes nothing
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3 imap
tags: rset dele

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
send p DELE ${m}
expect p ok
send p DELE ${n}
expect p ok
send p RSET
expect p ok
send p STAT
expect p ok /^${n} [0-9]+/
send p RETR ${n}
expect p ok multiline
expect p body data/pop3-top.eml
send p QUIT
expect p ok
expect p closed
check kept MUST RFC 1939 6: after RSET and QUIT no message was removed
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p TOP ${m} 0
expect p ok multiline
expect p body data/pop3-second-0.txt
send p TOP ${n} 0
expect p ok multiline
expect p body data/pop3-top-0.txt
send p DELE ${m}
expect p ok
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
