#!/usr/bin/env python3
"""tests/reports/make-fixtures.py: writes the results.json fixtures of the
report tests and `make demo` (sample data, not measurements of the servers
named). Run it from anywhere; it rewrites tests/reports/*.json.

A raw byte that is not valid UTF-8 is written as mailprobe's JSON writer
writes it (mailprobe/json.h): the escape \\u00HH. In the strings below such
a byte is a character U+F7HH (private use) that dump() turns into \\u00HH.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = "mailprobe-results/1"
TOOL = {"name": "mailprobe", "version": "0.1-sample"}


def raw(b):
    """A placeholder for the raw byte b (see the module text)."""
    return chr(0xF700 + b)


def dump(name, obj):
    text = json.dumps(obj, indent=1, ensure_ascii=False)
    text = re.sub("[\uF700-\uF7FF]", lambda m: "\\u00%02x" % (ord(m.group(0)) - 0xF700), text)
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def transcript(text, fault=None, base=0, length=1):
    """A transcript excerpt; fault: the substring whose bytes offend (its
    last occurrence), or (substring, skip): the octets skip bytes into it."""
    t = {"offset": base, "text": text}
    if fault is not None:
        needle, skip = fault if isinstance(fault, tuple) else (fault, 0)
        i = text.encode("utf-8", "surrogatepass").rfind(needle.encode("utf-8"))
        assert i >= 0, needle
        t["faults"] = [{"offset": base + i + skip, "length": length or len(needle.encode())}]
    return t


SMTP = [
    # script id, title, ref, level
    ("smtp.greeting.220", "The greeting is a 220 reply", "RFC 5321 3.1", "MUST"),
    ("smtp.ehlo.multiline", "EHLO answers with a well-formed multi-line 250", "RFC 5321 4.1.1.1", "MUST"),
    ("smtp.helo.fallback", "HELO is still accepted", "RFC 5321 4.1.1.1", "MUST"),
    ("smtp.mail.null-sender", "MAIL FROM:<> is accepted", "RFC 5321 4.5.5", "MUST"),
    ("smtp.rcpt.before-mail", "RCPT before MAIL is refused with 503", "RFC 5321 4.1.4", "MUST"),
    ("smtp.data.before-rcpt", "DATA before RCPT is refused with 503 or 554", "RFC 5321 4.1.4", "MUST"),
    ("smtp.data.dot-stuffing", "A leading dot is unstuffed in DATA", "RFC 5321 4.5.2", "MUST"),
    ("smtp.data.bare-lf-dot", "<LF>.<LF> does not end DATA (SMTP smuggling)", "RFC 5321 4.1.1.4", "MUST"),
    ("smtp.data.line-1000", "Text lines of 1000 octets with CRLF are accepted", "RFC 5321 4.5.3.1.6", "MUST"),
    ("smtp.starttls.injection", "Commands pipelined behind STARTTLS are discarded", "RFC 3207 5", "MUST"),
    ("smtp.bdat.last", "BDAT LAST ends the message", "RFC 3030 2", "MUST"),
    ("smtp.size.declared", "MAIL with SIZE over the limit is refused with 552", "RFC 1870 6", "SHOULD"),
    ("smtp.vrfy.reply", "VRFY answers 250, 251, 252 or 5xx", "RFC 5321 3.5.3", "SHOULD"),
    ("smtp.rset.state", "RSET clears the transaction", "RFC 5321 4.1.1.5", "MUST"),
    ("smtp.pipelining.order", "Pipelined replies come in command order", "RFC 2920 3.1", "MUST"),
    ("smtp.8bitmime.announce", "8BITMIME is announced", "RFC 6152 2", "MAY"),
    ("smtp.quit.221", "QUIT answers 221 and closes", "RFC 5321 4.1.1.10", "MUST"),
]

GREETING = "S: 220 mx.example.test ESMTP\r\n"

SMTP_FAIL = {
    "smtp.data.bare-lf-dot": (
        "the server ended DATA at <LF>.<LF> and took the rest as a new command",
        GREETING + "C: DATA\r\nS: 354 End data with <CR><LF>.<CR><LF>\r\n"
        "C: Subject: one\r\n\r\nbody\n.\nMAIL FROM:<evil@example.test>\r\n"
        "S: 250 2.0.0 Ok: queued as 4XyZ\r\n", "\n.\n", 3),
    "smtp.starttls.injection": (
        "a command pipelined behind STARTTLS was answered after the handshake (CVE-2011-0411 class)",
        GREETING + "C: STARTTLS\r\nRSET\r\nS: 220 2.0.0 Ready to start TLS\r\n"
        "-- TLS handshake --\r\nS: 250 2.0.0 Ok\r\n", "S: 250 2.0.0 Ok", 0),
    "smtp.vrfy.reply": (
        "VRFY answered 200, not 250, 251, 252 or 5xx",
        GREETING + "C: VRFY postmaster\r\nS: 200 postmaster\r\n", "200", 3),
    "smtp.size.declared": (
        "MAIL FROM with SIZE=99999999999 was accepted (250); 552 expected",
        GREETING + "C: MAIL FROM:<a@example.test> SIZE=99999999999\r\nS: 250 2.1.0 Ok\r\n",
        "250", 3),
    "smtp.pipelining.order": (
        "reply to RCPT came before the reply to MAIL",
        GREETING + "C: MAIL FROM:<a@example.test>\r\nC: RCPT TO:<b@example.test>\r\n"
        "S: 250 2.1.5 Ok\r\nS: 250 2.1.0 Ok\r\n", "S: 250 2.1.5 Ok", 0),
    "smtp.data.line-1000": (
        "a 1000-octet line was refused: 500 5.5.2 line too long",
        GREETING + "C: DATA\r\nS: 354 go ahead\r\nC: " + "x" * 60 + "... (998 octets)\r\n"
        "S: 500 5.5.2 line too long\r\n", "500 5.5.2", 9),
}

ORACLE_SMTP = [
    ("oracle.smtp.SMTP_REPLY_TEXT", "reply text carries octets outside HT and 32-126",
     "RFC 5321 4.2", "MUST",
     GREETING + "C: EHLO probe.test\r\nS: 250-mx.example.test Gr" + raw(0xFC) + "\u00df e\r\n"
     "S: 250 8BITMIME\r\n", raw(0xFC), 1),
    ("oracle.smtp.SMTP_BARE_LF", "line ended by a bare LF: SMTP lines end in CRLF",
     "RFC 5321 2.3.8", "MUST",
     GREETING + "C: NOOP\r\nS: 250 2.0.0 Ok\n", ("Ok\n", 2), 1),
]

# status of each SMTP check per sample target (default pass)
SMTP_STATUS = {
    "postfix": {"smtp.bdat.last": "skip", "smtp.vrfy.reply": "skip",
                "smtp.data.bare-lf-dot": "fail"},
    "exim": {"smtp.starttls.injection": "fail", "smtp.size.declared": "fail",
             "smtp.bdat.last": "pass", "oracle.smtp.SMTP_REPLY_TEXT": "fail",
             "smtp.8bitmime.announce": "skip"},
    "opensmtpd": {"smtp.bdat.last": "skip", "smtp.pipelining.order": "fail",
                  "smtp.vrfy.reply": "fail", "smtp.data.line-1000": "fail",
                  "oracle.smtp.SMTP_BARE_LF": "fail", "smtp.size.declared": "error"},
}

SOFTWARE = {"postfix": "Postfix 3.7", "exim": "Exim 4.96", "opensmtpd": "OpenSMTPD 7.0",
            "dovecot": "Dovecot 2.3", "badserver": "tests/badserver"}


def check(cid, title, ref, level, status, target, script=None, msg=None, tr=None, ms=40):
    c = {"id": cid, "status": status, "level": level, "ref": ref,
         "message": msg or {"pass": "as required", "skip": "server does not announce it",
                            "error": "connection reset by peer before the greeting",
                            "fail": title + ": not so"}[status],
         "script": script or cid, "title": title, "target": target, "duration_ms": ms}
    if tr is not None:
        c["transcript"] = tr
    return c


def smtp_results(target, old=False):
    st = dict(SMTP_STATUS[target])
    checks = []
    for i, (cid, title, ref, level) in enumerate(SMTP):
        s = st.get(cid, "pass")
        if old and cid == "smtp.data.bare-lf-dot":
            s = "pass"          # regressed since the old run
        if old and cid == "smtp.pipelining.order":
            s = "fail"          # fixed since
        if old and cid == "smtp.vrfy.reply":
            s = "fail"          # skipped since
        if old and cid == "smtp.rset.state":
            continue            # appeared since
        msg, tr = None, None
        if s == "fail" and cid in SMTP_FAIL:
            msg, text, fault, n = SMTP_FAIL[cid]
            tr = transcript(text, fault, base=1000 + 37 * i, length=n)
        elif s == "pass":
            tr = transcript(GREETING + "C: QUIT\r\nS: 221 2.0.0 Bye\r\n")
        checks.append(check(cid, title, ref, level, s, target, msg=msg, tr=tr, ms=12 + 7 * i))
    if old:
        checks.append(check("smtp.expn.disabled", "EXPN answers 252 or 502", "RFC 5321 3.5.3",
                            "MAY", "pass", target))
    for cid, text, ref, level, ttext, fault, n in ORACLE_SMTP:
        s = st.get(cid, "pass")
        tr = transcript(ttext, fault, base=4096, length=n) if s == "fail" else None
        checks.append(check(cid, text, ref, level, s, target, script="oracle",
                            msg=text if s == "fail" else "no deviation", tr=tr, ms=0))
    return {"schema": SCHEMA, "tool": TOOL, "started": "2024-05-01T12:00:00Z",
            "target": {"name": target, "url": "smtp://127.0.0.1:2525",
                       "software": SOFTWARE[target]},
            "targets": [{"url": "smtp://127.0.0.1:2525", "kind": "smtp"}], "checks": checks}


MAILBOX = [
    ("pop3.greeting.ok", "The greeting is +OK", "RFC 1939 4", "MUST"),
    ("pop3.capa.list", "CAPA answers a multi-line list", "RFC 2449 5", "MUST"),
    ("pop3.retr.dot-stuffing", "RETR dot-stuffs lines that start with a dot", "RFC 1939 3", "MUST"),
    ("pop3.top.lines", "TOP returns the header and n body lines", "RFC 1939 7", "MAY"),
    ("pop3.uidl.unique", "UIDL ids are unique and stable", "RFC 1939 7", "MAY"),
    ("pop3.stls.injection", "Commands pipelined behind STLS are discarded", "RFC 2595 4", "MUST"),
    ("imap.greeting.capability", "The greeting carries CAPABILITY", "RFC 9051 7.1", "SHOULD"),
    ("imap.fetch.literal-size", "FETCH literals are exactly as long as announced", "RFC 9051 4.3", "MUST"),
    ("imap.idle.done", "IDLE ends with DONE and a tagged OK", "RFC 2177 3", "MUST"),
    ("imap.literal-plus.accepted", "Non-synchronising literals are accepted", "RFC 7888 4", "MUST"),
    ("imap.search.charset", "SEARCH CHARSET UTF-8 works", "RFC 9051 6.4.4", "MUST"),
    ("imap.starttls.injection", "Commands pipelined behind STARTTLS are discarded", "RFC 9051 6.2.1", "MUST"),
    ("imap.enable.utf8", "ENABLE UTF8=ACCEPT is answered with ENABLED", "RFC 9051 6.3.1", "MUST"),
    ("oracle.imap.IMAP_RESP_TEXT_SP", "SP between the status and the text", "RFC 9051 9", "MUST"),
    ("oracle.pop3.POP3_BARE_LF", "line ended by a bare LF: POP3 lines end in CRLF", "RFC 1939 3", "MUST"),
]

MAILBOX_STATUS = {
    "dovecot": {"pop3.top.lines": "pass", "imap.enable.utf8": "skip"},
    "badserver": {"pop3.capa.list": "fail", "pop3.retr.dot-stuffing": "fail",
                  "pop3.stls.injection": "fail", "imap.fetch.literal-size": "fail",
                  "imap.idle.done": "error", "imap.literal-plus.accepted": "skip",
                  "imap.search.charset": "skip", "imap.starttls.injection": "fail",
                  "imap.enable.utf8": "skip", "oracle.imap.IMAP_RESP_TEXT_SP": "fail",
                  "oracle.pop3.POP3_BARE_LF": "fail", "imap.greeting.capability": "fail"},
}

MAILBOX_FAIL = {
    "pop3.capa.list": ("CAPA answered -ERR; a server of RFC 2449 lists its capabilities",
                       "S: +OK POP3 ready\r\nC: CAPA\r\nS: -ERR unknown command\r\n", "-ERR", 4),
    "pop3.retr.dot-stuffing": (
        "a body line starting with '.' was sent unstuffed: the client sees the end early",
        "S: +OK POP3 ready\r\nC: RETR 1\r\nS: +OK 42 octets\r\nS: Subject: x\r\nS: \r\n"
        "S: .hidden line\r\nS: .\r\n", ".hidden", 1),
    "pop3.stls.injection": (
        "a command pipelined behind STLS was answered inside TLS",
        "S: +OK POP3 ready\r\nC: STLS\r\nUSER x\r\nS: +OK begin TLS\r\n-- TLS handshake --\r\n"
        "S: +OK user accepted\r\n", "S: +OK user accepted", 0),
    "imap.fetch.literal-size": (
        "literal announced {12} but 14 octets came before the closing parenthesis",
        "S: * OK ready\r\nC: a1 FETCH 1 BODY[TEXT]\r\nS: * 1 FETCH (BODY[TEXT] {12}\r\n"
        "S: hello world!\r\n)\r\n", "{12}", 4),
    "imap.starttls.injection": (
        "plaintext octets after the STARTTLS go-ahead were read as TLS records",
        "S: * OK ready\r\nC: a1 STARTTLS\r\nS: a1 OK begin\r\nS: * BYE\r\n", "* BYE", 5),
    "imap.greeting.capability": ("the greeting has no CAPABILITY response code",
                                 "S: * OK hello\r\n", "* OK hello", 10),
    "oracle.imap.IMAP_RESP_TEXT_SP": ("SP missing between status and text",
                                      "S: * OK ready\r\nC: a1 NOOP\r\nS: a1 OKdone\r\n", "OKdone", 6),
    "oracle.pop3.POP3_BARE_LF": ("line ended by a bare LF: POP3 lines end in CRLF",
                                 "S: +OK POP3 ready\nC: QUIT\r\nS: +OK bye\r\n", ("ready\n", 5), 1),
}


def mailbox_results(target):
    checks = []
    for i, (cid, title, ref, level) in enumerate(MAILBOX):
        s = MAILBOX_STATUS[target].get(cid, "pass")
        msg, tr = None, None
        if s == "fail" and cid in MAILBOX_FAIL:
            msg, text, fault, n = MAILBOX_FAIL[cid]
            tr = transcript(text, fault, base=200 * i, length=n)
        script = "oracle" if cid.startswith("oracle.") else cid
        checks.append(check(cid, title, ref, level, s, target, script=script, msg=msg, tr=tr,
                            ms=5 + 3 * i))
    return {"schema": SCHEMA, "tool": TOOL, "started": "2024-05-01T12:05:00Z",
            "target": {"name": target, "url": "imap://127.0.0.1:1143",
                       "software": SOFTWARE[target]},
            "targets": [{"url": "imap://127.0.0.1:1143", "kind": "imap"}], "checks": checks}


HOSTILE = ("<script>alert(1)</script>\"><img src=x onerror=alert(2)>]]>"
           "\x00|`code`|*em* [link](http://evil.test) \x1b[31m" + raw(0xFF) + raw(0xC3)
           + "\u202e\r\n&amp; <!-- ' </textarea>")


def hostile_results():
    """Hostile octets in every string the schema leaves free."""
    h = HOSTILE
    checks = [
        check("smtp.hostile.one", "title " + h, "RFC 5321 " + h, "MUST", "fail", "t" + h,
              script="s" + h, msg="message " + h,
              tr=transcript("S: 220 " + h + "\r\nS: 250 " + h + "\r\n", "<script>", 10, 8)),
        check("imap.hostile.two", "<b>bold</b>", "RFC 9051 <i>", "SHOULD", "error", "t" + h,
              script="s" + h, msg=h,
              tr={"text": h, "offset": 0,
                  "faults": [{"offset": 0, "length": 8}, {"offset": 1 << 40, "length": 1}]}),
        check("pop3.hostile.three", h, h, "MAY", "skip", "<img src=x onerror=alert(3)>",
              msg=h, tr={"text": h, "offset": 0}),
        check("pop3.hostile.pass", h, "RFC 1939 3", "MUST", "pass", "t" + h, msg=h),
    ]
    return {"schema": SCHEMA, "tool": TOOL, "started": "2024-05-01T12:10:00Z",
            "target": h, "checks": checks}


def hostile_ids_results():
    """Outside the schema: hostile ids and levels, a bare string transcript.
    The renderers still read and escape it."""
    h = HOSTILE
    checks = [
        check("smtp.hostile." + h, "title " + h, "RFC 5321 " + h, "MUST", "fail", "t" + h,
              script="s" + h, msg="message " + h,
              tr=transcript("S: 220 " + h + "\r\nS: 250 " + h + "\r\n", "<script>", 10, 8)),
        check("imap.hostile.two", "<b>bold</b>", "RFC 9051 <i>", "SHOULD", "error", "t" + h,
              script="s" + h, msg=h,
              tr={"text": h, "offset": 0,
                  "faults": [{"offset": 0, "length": 8}, {"offset": 1 << 40, "length": 1}]}),
        check("pop3.hostile.three", h, h, "MAY" + h, "skip", "<img src=x onerror=alert(3)>",
              msg=h, tr=h),
        check("pop3.hostile.pass", h, "RFC 1939 3", "MUST", "pass", "t" + h, msg=h),
    ]
    return {"schema": SCHEMA, "target": h, "checks": checks}


MINIMAL = {"schema": SCHEMA, "tool": TOOL, "started": "2024-05-01T12:15:00Z", "checks": [
    {"id": "smtp.greeting.220", "status": "pass", "level": "MUST", "ref": "RFC 5321 3.1",
     "message": "as required"},
    {"id": "smtp.rcpt.before-mail", "status": "fail", "level": "MUST", "ref": "RFC 5321 4.1.4",
     "message": "RCPT before MAIL answered 250"},
    {"id": "pop3.top.lines", "status": "skip", "level": "MAY", "ref": "RFC 1939 7",
     "message": "no TOP in CAPA"},
    {"id": "imap.idle.done", "status": "error", "level": "MUST", "ref": "RFC 2177 3",
     "message": "connection refused"},
]}

if __name__ == "__main__":
    for t in ("postfix", "exim", "opensmtpd"):
        dump(t + ".json", smtp_results(t))
    dump("postfix-old.json", smtp_results("postfix", old=True))
    for t in ("dovecot", "badserver"):
        dump(t + ".json", mailbox_results(t))
    dump("hostile.json", hostile_results())
    dump("hostile-ids.json", hostile_ids_results())
    dump("minimal.json", MINIMAL)
