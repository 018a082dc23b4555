# A message delivered over SMTP reads back with RETR octet for octet:
# RFC 1939 3 has the server byte-stuff every line that starts with ".",
# RFC 1939 5 (RETR) sends "the message corresponding to the given
# message-number".  Lines ".", "..", ".x" exercise the stuffing.
id: pop3.retr.dotstuff-smtp
title: a message delivered over SMTP with dot lines is RETRieved byte for byte (byte-stuffed, nothing else changed)
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: smtp pop3
tags: retr dotstuff delivery
timeout: 90

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe-${uniq}@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendfile c data/pop3-dots.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
# our message is the newest one: wait until the last message carries our envelope
until 40
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok
capture p n /^\+OK ([0-9]+) /
send p TOP ${n} 0
expect p ok multiline
capture p mark /^Return-Path: <probe-(${uniq})@/
end
send p RETR ${n}
expect p ok multiline
expect p message
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
expect p closed
