# RFC 1939 5 (RETR): "the POP3 server sends the message corresponding to
# the given message-number, being careful to byte-stuff the termination
# character".  A message stored with IMAP APPEND (no trace fields added)
# comes back octet for octet, with its "." lines unstuffed by the reader.
id: pop3.retr.append-exact
title: RETR returns an APPENDed message octet for octet (dot lines byte-stuffed on the wire)
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3 imap
tags: retr dotstuff

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 APPEND INBOX {{@data/pop3-top.eml}}
expect i tagged a2 OK
send i a3 LOGOUT
expect i tagged a3 OK
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok
capture p n /^\+OK ([0-9]+) /
send p RETR ${n}
expect p ok multiline
expect p body data/pop3-top.eml
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
