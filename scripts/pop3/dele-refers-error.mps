# RFC 1939 5 (DELE): "The POP3 server marks the message as deleted.  Any
# future reference to the message-number associated with the message in a
# POP3 command generates an error."  RETR, TOP, LIST, UIDL and a second
# DELE of it: "may NOT refer to a message marked as deleted".
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.dele.later-references-err
title: after DELE n, RETR n, TOP n 0, LIST n, UIDL n and DELE n are each answered -ERR
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3 imap
tags: dele

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
check retr MUST RFC 1939 5: RETR of a message marked as deleted is -ERR
send p RETR ${n}
expect p err
check top MUST RFC 1939 7: TOP of a message marked as deleted is -ERR
send p TOP ${n} 0
expect p err
check list MUST RFC 1939 5: LIST of a message marked as deleted is -ERR
send p LIST ${n}
expect p err
check uidl MUST RFC 1939 7: UIDL of a message marked as deleted is -ERR
send p UIDL ${n}
expect p err
check dele MUST RFC 1939 5: DELE of a message already marked as deleted is -ERR
send p DELE ${n}
expect p err
send p DELE ${m}
expect p ok
send p QUIT
expect p ok
