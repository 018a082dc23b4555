# The transaction-beginning argument is not a path at all: 501, and the state is kept
id: smtp.mail.no-from
title: MAIL without FROM: is refused as a syntax error (501 or 500)
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: syntax paths

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL <probe@${domain}>
expect c reply 501|500
check same-state MUST RFC 5321 4.1.4: after the 501 the server stays in the same state (a valid MAIL is accepted)
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
