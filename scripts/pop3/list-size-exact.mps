# RFC 1939 5 (LIST): a scan listing is "the message-number of the message,
# followed by a single space and the exact size of the message in octets".
# data/pop3-top.eml is 262 octets with CRLF line ends and stored as is by
# IMAP APPEND, so LIST n must say 262 (RFC 1939 11: the size counts each line
# end as two octets; byte-stuffing is not counted).  The same line appears in
# the multi-line LIST.
id: pop3.list.size-exact
title: LIST n gives the exact size in octets (262 for a 262-octet CRLF message) and LIST agrees
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3 imap
tags: list

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
send p LIST ${n}
expect p ok /^${n} 262$/
send p LIST
expect p ok multiline
capture p line /^(${n} 262)$/
send p TOP ${n} 0
expect p ok multiline
expect p body data/pop3-top-0.txt
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
