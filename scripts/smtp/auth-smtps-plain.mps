# On an implicit-TLS SMTP port that offers AUTH: AUTH PLAIN gets 235 (skips where AUTH is not announced)
id: smtp.auth.smtps-plain
title: AUTH PLAIN over implicit TLS gets 235
protocol: smtp
ref: RFC 4954 4
level: MUST
needs: smtp
tags: auth tls

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap AUTH
send c AUTH PLAIN ${auth_plain}
expect c reply 235
send c QUIT
expect c reply 221
