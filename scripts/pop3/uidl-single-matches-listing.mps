# RFC 1939 7 (UIDL): with an argument the answer is one "unique-id
# listing" for that message; without, one per message (a unique-id is
# "one to 70 characters in the range 0x21 to 0x7E": the grammar oracle
# checks that bound, POP3_UIDL_LINE).  UIDL n must give
# the same unique-id as the line for n in the full listing.
# Two messages are put into the maildrop with IMAP APPEND: m (218 octets,
# data/pop3-second.eml) then n (262 octets, data/pop3-top.eml), the newest.
id: pop3.uidl.single-matches-listing
title: UIDL n is "+OK n uid" (uid 1-70 octets 0x21-0x7E) and the full UIDL listing has the same line
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
expect p ok /^${n} [!-~]+$/
capture p u /^\+OK ${n} ([!-~]+)/
send p UIDL
expect p ok multiline
capture p line /^(${n} ${u})\r?$/
send p DELE ${m}
expect p ok
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
