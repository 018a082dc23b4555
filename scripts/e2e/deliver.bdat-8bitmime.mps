# RFC 6152 3 with BDAT (RFC 3030 2): the 8-bit message in 100-octet chunks
# (data/e2e-8bit-crlf.eml, 380 octets: four chunks, four replies); every
# octet must arrive as sent.  Skipped without CHUNKING or 8BITMIME.
# Delivery is asynchronous: the message is found by its envelope sender
# probe-${uniq}, which the delivering server records in Return-Path.
# "expect ... message" compares with the octets sent, after the trace
# fields added on top (Return-Path, Received, Delivered-To, X-Original-To)
# are taken off.
id: e2e.deliver.bdat-8bitmime
title: 8-bit octets sent with BDAT and BODY=8BITMIME (100-octet chunks) read back with every bit intact
protocol: e2e
ref: RFC 6152 3
level: MUST
needs: smtp pop3 imap
tags: e2e 8bit bdat
timeout: 120

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap CHUNKING
require c cap 8BITMIME
send c MAIL FROM:<probe-${uniq}@${domain}> BODY=8BITMIME
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250|251
sendfile c data/e2e-8bit-crlf.eml bdat 100
expect c reply 250
expect c reply 250
expect c reply 250
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
