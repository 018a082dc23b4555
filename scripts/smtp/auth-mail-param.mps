# A server that advertises AUTH MUST support the AUTH= parameter of MAIL (AUTH=<> is the unknown submitter)
id: smtp.auth.mail-param
title: MAIL FROM with AUTH=<> is accepted
protocol: smtp
ref: RFC 4954 5
level: MUST
needs: submission
tags: auth submission params

connect c submission starttls
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap AUTH
send c AUTH PLAIN ${auth_plain}
expect c reply 235
send c MAIL FROM:<${rcpt}> AUTH=<>
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
