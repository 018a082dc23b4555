# Transparency: a line starting with a dot is sent with the dot doubled, and the server takes the first dot off
id: smtp.dotstuff.leading-dots
title: dot-stuffed lines (..x, ...y, ..) arrive as .x, ..y and . in the mailbox
protocol: smtp
ref: RFC 5321 4.5.2
level: MUST
needs: smtp imap
tags: dotstuff data

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
sendraw c From: <probe@${domain}>\r\nTo: <${rcpt}>\r\nSubject: dots-${uniq}\r\n\r\n..one-dot\r\n...two-dots\r\n..\r\nlast\r\n.\r\n
expect c reply 250
check one-reply MUST RFC 5321 4.5.2: the stuffed lone dot ("..") did not end the data (no further reply)
expect c silence 500
send c QUIT
expect c reply 221
check readback MUST RFC 5321 4.5.2: the stored body has one dot taken off each stuffed line
until 30
connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 EXAMINE INBOX
expect i tagged a2 OK
send i a3 SEARCH SUBJECT dots-${uniq}
expect i tagged a3 OK
capture i n /^\* SEARCH ([0-9]+)/
send i a4 FETCH ${n} BODY.PEEK[TEXT]
expect i tagged a4 OK
expect i untagged FETCH /^\.one-dot\r\n\.\.two-dots\r\n\.\r\nlast\r$/
send i a5 LOGOUT
expect i tagged a5 OK
close i
end
