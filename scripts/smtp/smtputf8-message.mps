# A UTF-8 message (UTF-8 header) sent with SMTPUTF8 is accepted at the end of data
id: smtp.smtputf8.message
title: a message with a UTF-8 Subject sent with SMTPUTF8 is accepted
protocol: smtp
ref: RFC 6531 3.4
level: MUST
needs: smtp
tags: smtputf8 data

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap SMTPUTF8
send c MAIL FROM:<probe@${domain}> SMTPUTF8 BODY=8BITMIME
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendraw c From: <probe@${domain}>\r\nTo: <${rcpt}>\r\nSubject: utf8-${uniq} \xc3\xbcber\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xc3\xbcber\r\n.\r\n
expect c reply 250
send c QUIT
expect c reply 221
