# With BODY=8BITMIME the server preserves all bits of each octet: the UTF-8 body line is read back unchanged over IMAP
id: smtp.8bitmime.preserved
title: 8-bit body octets sent with BODY=8BITMIME arrive unchanged in the mailbox
protocol: smtp
ref: RFC 6152 3
level: MUST
needs: smtp imap
tags: 8bitmime data

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap 8BITMIME
send c MAIL FROM:<probe@${domain}> BODY=8BITMIME
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendraw c From: <probe@${domain}>\r\nTo: <${rcpt}>\r\nSubject: eight-${uniq}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\ncaf\xc3\xa9 \xe2\x82\xac \xff\xfe end\r\n.\r\n
expect c reply 250
send c QUIT
expect c reply 221
check readback MUST RFC 6152 3: the octets are delivered with all bits preserved
until 30
connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 EXAMINE INBOX
expect i tagged a2 OK
send i a3 SEARCH SUBJECT eight-${uniq}
expect i tagged a3 OK
capture i n /^\* SEARCH ([0-9]+)/
send i a4 FETCH ${n} BODY.PEEK[TEXT]
expect i tagged a4 OK
expect i untagged FETCH /caf\xc3\xa9 \xe2\x82\xac \xff\xfe end/
send i a5 LOGOUT
expect i tagged a5 OK
close i
end
