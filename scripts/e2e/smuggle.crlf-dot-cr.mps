# SMTP smuggling with <CRLF>.<CR>: the DATA body holds "<CRLF>.<CR>" after its first
# text line, then a second transaction (MAIL, RCPT, DATA, a message with
# the subject "${uniq} smuggled", "<CRLF>.<CRLF>").  Only "<CRLF>.<CRLF>"
# ends mail data (RFC 5321 4.1.1.4: "The mail data are terminated by a line
# containing only a period, that is, the character sequence
# "<CRLF>.<CRLF>""; "the sequence "<LF>.<LF>" (bare line feeds, without
# carriage returns) MUST NOT be treated as equivalent to <CRLF>.<CRLF> as
# the end of mail data indication"), so the whole is one message and the
# server answers the DATA once.  A server may also refuse the bare CR/LF
# (5xx), which leaves no message at all; see KNOWN.md.
# Checks: the DATA is answered 250; exactly one message with ${uniq} in its
# Subject arrives (not two); no "${uniq} smuggled" message exists; the
# smuggled text is inside the one message (no data lost); the next reply
# after the DATA's is QUIT's 221 (the smuggled commands were not run).
id: e2e.smuggle.crlf-dot-cr
title: <CRLF>.<CR> inside DATA does not end the data: one reply, one message, no smuggled second message
protocol: e2e
ref: RFC 5321 4.1.1.4
level: MUST
needs: smtp pop3 imap
tags: e2e smuggling security
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
sendraw c From: <probe@${domain}>\r\nTo: <${rcpt}>\r\nSubject: ${uniq} first\r\nMessage-ID: <${uniq}.first@${domain}>\r\n\r\nfirst message\r\n.\rMAIL FROM:<smuggled-${uniq}@${domain}>\r\nRCPT TO:<${rcpt}>\r\nDATA\r\nFrom: <smuggled@${domain}>\r\nTo: <${rcpt}>\r\nSubject: ${uniq} smuggled\r\nMessage-ID: <${uniq}.smuggled@${domain}>\r\n\r\nsmuggled message\r\n.\r\n
expect c reply 250 within 30
send c QUIT
check one-message MUST RFC 5321 4.1.1.4: exactly one message arrives (the smuggled one does not)
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
# give a smuggled second message time to be delivered too
wait 4000
# the smuggled message, if any: s is its UID or empty; it is removed
# first, then "UID STORE <empty>" must be a syntax error (BAD): that
# asserts s was empty, i.e. no smuggled message arrived
send i a5 UID SEARCH HEADER Message-ID ${uniq}.smuggled
expect i tagged a5 OK
capture i s /^\* SEARCH ?([0-9]*)/
send i a6 UID STORE ${s} +FLAGS.SILENT (\\Deleted)
expect i tagged a6 OK|BAD
send i a0 EXPUNGE
expect i tagged a0 OK
send i b0 UID STORE ${s} +FLAGS.SILENT (\\Deleted)
expect i tagged b0 BAD
send i a4 UID SEARCH HEADER Subject ${uniq}
expect i tagged a4 OK
expect i untagged SEARCH /^\* SEARCH [0-9]+\r?$/
check no-data-lost MUST RFC 5321 4.1.1.4: the smuggled lines are text of the one message (IMAP BODY[] and POP3 RETR)
send i a7 UID FETCH ${uid} BODY.PEEK[]
expect i tagged a7 OK
capture i tail /(Subject: ${uniq} smuggled)/
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok within 30
send p STAT
expect p ok
capture p n /^\+OK ([0-9]+) /
send p RETR ${n}
expect p ok multiline
capture p mark /^Return-Path: <probe-(${uniq})@/
capture p text /^(smuggled message)\r?$/
send p QUIT
expect p ok
send i a8 UID STORE ${uid} +FLAGS.SILENT (\\Deleted)
expect i tagged a8 OK
send i a9 EXPUNGE
expect i tagged a9 OK
send i b1 LOGOUT
expect i tagged b1 OK
check one-reply MUST RFC 5321 4.1.1.4: the DATA was answered once, so the next reply is QUIT's 221 (the smuggled commands were not run)
expect c reply 221
expect c closed
