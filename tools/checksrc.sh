#!/bin/sh
# tools/checksrc.sh: bans functions that overrun or misparse (STYLE 25) and
# checks that rule ids are unique across parsers/rules-*.def.
set -u
cd "$(dirname "$0")/.." || exit 2
fail=0
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.c' -o -name '*.h')
banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atoll|strtol|strtoul|strtoll|strtoull|gets|strncpy)[[:space:]]*\('
for f in $files; do
	case $f in bench/peers/*) continue ;; esac
	if grep -nE "$banned" "$f" | grep -v 'checksrc: allow'; then
		echo "checksrc: $f uses a banned function (STYLE 25)" >&2
		fail=1
	fi
done
dups=$(cat parsers/rules-*.def | sed -n 's/^X(\([A-Z0-9_]*\),.*/\1/p' | sort | uniq -d)
if [ -n "$dups" ]; then
	echo "checksrc: rule ids defined twice: $dups" >&2
	fail=1
fi
bad=$(cat parsers/rules-*.def | grep '^X(' | grep -vE '^X\([A-Z0-9_]+, +MP_(MUST|SHOULD|MAY|NOTE), +"[^"]+", +"([^"\\]|\\.)+"\)$' || true)
if [ -n "$bad" ]; then
	echo "checksrc: malformed rule rows:" >&2
	echo "$bad" >&2
	fail=1
fi
[ $fail -eq 0 ] && echo "checksrc: ok"
exit $fail
