# RFC 1939 3: "Commands in the POP3 consist of a case-insensitive keyword,
# possibly followed by one or more arguments."
id: pop3.command.case-insensitive
title: keywords in lower and mixed case (user, Pass, stat, uIdL, quit) work as in upper case
protocol: pop3
ref: RFC 1939 3
level: MUST
needs: pop3
tags: basic

connect p pop3
expect p ok
send p user ${user}
expect p ok
send p Pass ${password}
expect p ok
send p stat
expect p ok /^[0-9]+ [0-9]+/
send p uIdL
expect p ok multiline
send p noop
expect p ok
send p quit
expect p ok
expect p closed
