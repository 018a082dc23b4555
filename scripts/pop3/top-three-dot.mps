# RFC 1939 7 (TOP): "the POP3 server sends the headers of the message, the
# blank line separating the headers from the body, and then the number of
# lines of the indicated message's body, being careful to byte-stuff the
# termination character".  "Note that if the number of lines requested by
# the POP3 client is greater than than the number of lines in the body,
# then the POP3 server sends the entire message."
# The message (data/pop3-top.eml, 262 octets, CRLF) is put into the maildrop
# with IMAP APPEND, so its stored octets are exactly the file's; it is the
# newest message, so the highest message-number of the next POP3 session.
id: pop3.top.three-dot
title: TOP n 3 sends the first 3 body lines, the third a lone "." byte-stuffed and unstuffed again (compared byte for byte)
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3 imap
tags: top dotstuff

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
send p TOP ${n} 3
expect p ok multiline
expect p body data/pop3-top-3.txt
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
