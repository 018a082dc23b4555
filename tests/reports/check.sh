#!/bin/bash
# tests/reports/check.sh: the reports as a person, a browser and a CI system
# see them (make reports-check, part of make test). Run from anywhere:
#   1. every fixture validates against reports/schema.json (hostile-ids.json,
#      deliberately outside it, must not);
#   2. the HTML pages and the JUnit file parse (python3 html.parser and
#      xml.dom), hold no markup but ours: one <script>, the one whose hash
#      the CSP names; no on* attribute; no external URL;
#   3. the JUnit file validates against reports/junit.xsd (xmllint);
#   4. headless Chromium renders the pages: the counts shown (--dump-dom,
#      after the script ran) are those of the fixtures, the hostile page
#      grew no element; screenshots go to reports/out/ for a person;
#   5. the CLI's exit codes: diff 1 on a regression, 3 on malformed input.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
mp=$here/build/mailprobe
fx=$here/tests/reports
out=$here/reports/out
py=/usr/bin/python3 # Debian's, with python3-jsonschema (tools/deps.sh report)
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "reports-check: ok   $*"; }
bad() {
	echo "reports-check: FAIL $*" >&2
	fail=1
}

fixtures=(postfix exim opensmtpd dovecot badserver)
paths=()
for f in "${fixtures[@]}"; do paths+=("$fx/$f.json"); done

# 1. schema
if $py - "$here/reports/schema.json" "$fx"/*.json <<'EOF'; then ok "schema: fixtures"; else bad "schema"; fi
import json, sys, os, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
rc = 0
for p in sys.argv[2:]:
    errs = list(v.iter_errors(json.load(open(p, encoding="utf-8"))))
    outside = os.path.basename(p) == "hostile-ids.json"
    if bool(errs) != outside:
        print("  %s: %s" % (p, errs[0].message if errs else "validates, but should not"))
        rc = 1
sys.exit(rc)
EOF

# render
"$mp" report html --title "mailprobe sample report" -o "$out/check-report.html" "${paths[@]}" 2>/dev/null
"$mp" report html -o "$out/check-hostile.html" "$fx/hostile.json" "$fx/hostile-ids.json" 2>/dev/null
"$mp" report matrix -o "$out/check-matrix.html" "${paths[@]}" "$fx/hostile.json" 2>/dev/null
"$mp" report junit -o "$out/check-junit.xml" "$fx"/*.json 2>/dev/null
"$mp" report markdown "$fx"/*.json >"$out/check-summary.md"

# 2. markup: parse, only our tags, only our script
if $py - "$out/check-report.html" "$out/check-hostile.html" "$out/check-matrix.html" <<'EOF'; then ok "html: parsed, no markup but ours"; else bad "html markup"; fi
import sys, re, hashlib, base64
from html.parser import HTMLParser
TAGS = set("html head meta title style body header h1 h2 h3 p code section div span svg rect "
           "circle text table thead tbody tr th td form fieldset legend label input a article "
           "dl dt dd pre mark footer script br small".split())
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.scripts, self.in_script, self.csp = [], [], False, None
    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.problems.append("tag <%s>" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("attribute %s on <%s>" % (k, tag))
            if k in ("src", "srcset", "action", "formaction", "background", "poster"):
                self.problems.append("attribute %s on <%s>" % (k, tag))
            if k == "href" and not (v or "").startswith("#"):
                self.problems.append("href %r" % v)
            if k == "http-equiv" and v == "Content-Security-Policy":
                self.csp = dict(attrs).get("content")
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
rc = 0
for path in sys.argv[1:]:
    p = P()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    if not p.csp or "default-src 'none'" not in p.csp:
        p.problems.append("no CSP default-src 'none'")
    hashes = re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", p.csp or "")
    for s in p.scripts:
        h = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        if h not in hashes:
            p.problems.append("a script the CSP does not allow")
    if "matrix" in path:
        if p.scripts or "script-src 'none'" not in (p.csp or ""):
            p.problems.append("the matrix has a script")
    elif len(p.scripts) != 1:
        p.problems.append("%d scripts" % len(p.scripts))
    for q in p.problems:
        print("  %s: %s" % (path, q))
        rc = 1
sys.exit(rc)
EOF

if $py - "$out/check-junit.xml" <<'EOF'; then ok "junit: parsed, no markup but ours"; else bad "junit markup"; fi
import sys
from xml.dom import minidom
doc = minidom.parse(sys.argv[1])
ok = {"testsuites", "testsuite", "testcase", "failure", "error", "skipped"}
bad = [e.tagName for e in doc.getElementsByTagName("*") if e.tagName not in ok]
root = doc.documentElement
cases = doc.getElementsByTagName("testcase")
if bad or root.tagName != "testsuites" or int(root.getAttribute("tests")) != len(cases):
    print("  elements %s, tests %s, testcases %d" % (bad, root.getAttribute("tests"), len(cases)))
    sys.exit(1)
EOF

# 3. the JUnit schema
if xmllint --noout --schema "$here/reports/junit.xsd" "$out/check-junit.xml" 2>"$tmp/xmllint"; then
	ok "junit: valid against reports/junit.xsd"
else
	bad "junit: xmllint: $(cat "$tmp/xmllint")"
fi

# 4. the browser
chrome() { # URL MODE... (extra flags)
	local url=$1
	shift
	timeout 90 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-extensions --disable-background-networking --hide-scrollbars \
		--user-data-dir="$tmp/profile-$RANDOM" "$@" "$url" 2>/dev/null
}
chrome "file://$out/check-report.html" --dump-dom >"$tmp/report.dom" &
chrome "file://$out/check-hostile.html" --dump-dom >"$tmp/hostile.dom" &
chrome "file://$out/check-report.html" --window-size=1280,2400 \
	--screenshot="$out/report.png" >/dev/null &
chrome "file://$out/check-matrix.html" --window-size=1280,1600 \
	--screenshot="$out/matrix.png" >/dev/null &
wait
if $py - "$tmp/report.dom" "$tmp/hostile.dom" "${paths[@]}" <<'EOF'; then ok "chromium: the counts shown are the fixtures' counts; the hostile page grew nothing"; else bad "chromium"; fi
import json, sys
from html.parser import HTMLParser
class D(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.cur, self.tags = {}, None, []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if a.get("id", "").startswith("count-") or a.get("id") == "shown":
            self.cur = a["id"]
            self.ids[self.cur] = ""
    def handle_endtag(self, tag):
        self.cur = None
    def handle_data(self, data):
        if self.cur:
            self.ids[self.cur] += data
want = {"pass": 0, "fail": 0, "skip": 0, "error": 0}
for p in sys.argv[3:]:
    for c in json.load(open(p, encoding="utf-8"))["checks"]:
        want[c["status"]] += 1
total = sum(want.values())
d = D()
d.feed(open(sys.argv[1], encoding="utf-8").read())
rc = 0
for k, v in want.items():
    if d.ids.get("count-" + k, "").strip() != str(v):
        print("  count-%s shows %r, the fixtures have %d" % (k, d.ids.get("count-" + k), v))
        rc = 1
if d.ids.get("count-total", "").strip() != str(total):
    print("  count-total shows %r, want %d" % (d.ids.get("count-total"), total)); rc = 1
if d.ids.get("shown", "").strip() != "%d of %d checks shown" % (total, total):
    print("  the script did not run: #shown is %r" % d.ids.get("shown")); rc = 1
h = D()
h.feed(open(sys.argv[2], encoding="utf-8").read())
for t in ("img", "textarea", "b", "i", "iframe", "object"):
    if t in h.tags:
        print("  the hostile page has a <%s> element" % t); rc = 1
if h.tags.count("script") != 1:
    print("  the hostile page has %d script elements" % h.tags.count("script")); rc = 1
sys.exit(rc)
EOF
for s in report matrix; do
	if [ -s "$out/$s.png" ]; then ok "screenshot: reports/out/$s.png"; else bad "no screenshot $s.png"; fi
done

# 5. exit codes
set +e
"$mp" report diff "$fx/postfix-old.json" "$fx/postfix.json" >/dev/null
[ $? -eq 1 ] && ok "diff: exit 1 on a regression" || bad "diff: exit code on a regression"
"$mp" report diff "$fx/postfix.json" "$fx/postfix.json" >/dev/null
[ $? -eq 0 ] && ok "diff: exit 0 without" || bad "diff: exit code without a regression"
printf '{"checks":[{"id":"a",]}' >"$tmp/bad.json"
msg=$("$mp" report markdown "$tmp/bad.json" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 3 ] && [[ $msg == *"byte 21: expected a member name in quotes, found ']'"* ]] &&
	ok "malformed input: exit 3 with the byte offset" || bad "malformed input: rc $rc, '$msg'"
"$mp" report nosuch "$fx/postfix.json" >/dev/null 2>&1
[ $? -eq 2 ] && ok "usage: exit 2" || bad "usage exit code"
"$mp" report html -o /nonexistent/dir/x.html "$fx/postfix.json" >/dev/null 2>&1
[ $? -eq 3 ] && ok "unwritable output: exit 3" || bad "unwritable output exit code"
set -e

[ $fail -eq 0 ] && echo "reports-check: all ok (pages in reports/out/)"
exit $fail
