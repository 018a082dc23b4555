# Size and transparency together: 3006 body lines, 6 of them a lone "."
# (stuffed on the wire, RFC 5321 4.5.2), every 100th ending in " .";
# nothing may be lost, added or reordered over 105 KB.
# Delivery is asynchronous: the message is found by its envelope sender
# probe-${uniq}, which the delivering server records in Return-Path.
# "expect ... message" compares with the octets sent, after the trace
# fields added on top (Return-Path, Received, Delivered-To, X-Original-To)
# are taken off.
id: e2e.deliver.many-lines
title: a 105 KB body of 3000 lines with lone "." lines every 500 lines reads back unchanged
protocol: e2e
ref: RFC 5321 4.5.2
level: MUST
needs: smtp pop3 imap
tags: e2e dotstuff size
timeout: 120

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe-${uniq}@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250|251
send c DATA
expect c reply 354
sendfile c data/e2e-many.eml dotstuff
expect c reply 250 within 30
send c QUIT
expect c reply 221
check imap MUST RFC 5321 3.6.3: read back with IMAP FETCH BODY[] (RFC 9051 6.4.5) the message is the one sent, octet for octet, trace fields aside
until 60
connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 SELECT INBOX
expect i tagged a2 OK
send i a3 UID SEARCH HEADER Return-Path probe-${uniq}
expect i tagged a3 OK
capture i uid /^\* SEARCH ([0-9]+)/
end
send i a4 UID FETCH ${uid} BODY.PEEK[]
expect i tagged a4 OK
expect i message
check pop3 MUST RFC 5321 3.6.3: read back with POP3 RETR (RFC 1939 5) the message is the one sent, octet for octet, trace fields aside
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok within 30
send p STAT
expect p ok
capture p n /^\+OK ([0-9]+) /
send p TOP ${n} 0
expect p ok multiline
capture p mark /^Return-Path: <probe-(${uniq})@/
send p RETR ${n}
expect p ok multiline
expect p message
send p QUIT
expect p ok
send i a5 UID STORE ${uid} +FLAGS.SILENT (\\Deleted)
expect i tagged a5 OK
send i a6 EXPUNGE
expect i tagged a6 OK
send i a7 LOGOUT
expect i tagged a7 OK
