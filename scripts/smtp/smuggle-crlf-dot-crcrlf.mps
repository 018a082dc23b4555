# SMTP smuggling, <CR><LF>.<CR><CR><LF>: the data section holds the sequence <CR><LF>.<CR><CR><LF> right after a body line, then a
# complete second transaction (MAIL, RCPT, DATA, a message, "." CRLF) and only then the real
# CRLF "." CRLF. Only CRLF "." CRLF ends mail data, so a conforming server reads all of it as one
# message: one reply (250, or a refusal of the whole message with a code the DATA end allows)
# after the real end, no reply to the smuggled MAIL/RCPT/DATA, and no smuggled message in the
# mailbox (read back over IMAP as the recipient).
id: smtp.smuggling.crlf-dot-crcrlf
title: <CR><LF>.<CR><CR><LF> inside DATA does not end mail data (no smuggled second transaction)
protocol: smtp
ref: RFC 5321 4.1.1.4
level: MUST
needs: smtp imap
timeout: 90
tags: smuggling data security

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendraw c From: <probe@${domain}>\r\nTo: <${rcpt}>\r\nSubject: outer-${uniq}\r\n\r\nouter body
sendraw c \r\n.\r\r\nMAIL FROM:<probe@${domain}>\r\nRCPT TO:<${rcpt}>\r\nDATA\r\nFrom: <probe@${domain}>\r\nTo: <${rcpt}>\r\nSubject: smuggled-${uniq}\r\n\r\nsmuggled body\r\n.\r\n
# the reply to the real end of data: 250, or a refusal of the whole message (RFC 5321 4.3.2)
expect c reply 250|450|451|452|550|552|554 within 30
check one-reply MUST RFC 5321 4.1.1.4: the smuggled MAIL, RCPT and DATA get no replies of their own
expect c silence 1500
send c QUIT
expect c reply 221
check mailbox MUST RFC 5321 4.1.1.4: no message with the smuggled subject reaches the mailbox
wait 3000
connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 EXAMINE INBOX
expect i tagged a2 OK
send i a3 SEARCH SUBJECT smuggled-${uniq}
expect i tagged a3 OK
expect i untagged SEARCH /^\* SEARCH\r?$/
send i a4 LOGOUT
expect i tagged a4 OK
