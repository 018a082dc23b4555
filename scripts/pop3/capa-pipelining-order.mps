# RFC 2449 6.6 (PIPELINING): the server "can accept multiple commands in
# a single write" ... "the server MUST process each command in turn" so the
# answers come in order.  USER, PASS, STAT, NOOP and LIST 4294967295 in one
# write: +OK, +OK, +OK count size, +OK, -ERR.
id: pop3.capa.pipelining-order
title: with PIPELINING, USER, PASS, STAT, NOOP, LIST 4294967295 sent in one write are answered in order
protocol: pop3
ref: RFC 2449 6.6
level: MUST
needs: pop3
tags: capa pipelining

connect p pop3
expect p ok
send p CAPA
expect p ok multiline
require p cap PIPELINING
pipeline p
send p USER ${user}
send p PASS ${password}
send p STAT
send p NOOP
send p LIST 4294967295
end
expect p ok
expect p ok
expect p ok /^[0-9]+ [0-9]+/
expect p ok
expect p err
send p QUIT
expect p ok
