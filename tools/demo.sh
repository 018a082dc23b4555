#!/bin/bash
# tools/demo.sh: `make demo`. Until the replayer lands this runs mailprobe
# over the bundled real sessions (corpus/) and the shared message corpora,
# and prints, per KIND, how many streams conformed and which rules broke
# most often. Every stream's JSON lands in build/demo/ for a closer look.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mp=$here/build/mailprobe
out=$here/build/demo
rm -rf "$out"
mkdir -p "$out"
shared=$here/../shared/corpora

run_kind() { # KIND FILE...
	local kind=$1
	shift
	local n=0 ok=0 bad=0 err=0 items=0
	: >"$out/$kind.rules"
	for f in "$@"; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		local o="$out/$kind.$n.json"
		"$mp" parse "$kind" "$f" >"$o" 2>"$o.err"
		case $? in
		0) ok=$((ok + 1)) ;;
		1) bad=$((bad + 1)) ;;
		*) err=$((err + 1)) ;;
		esac
		items=$((items + $(wc -l <"$o")))
		grep -o '"rule":"[A-Z0-9_]*"' "$o" | sed 's/"rule":"\(.*\)"/\1/' >>"$out/$kind.rules"
	done
	local top
	top=$(sort "$out/$kind.rules" | uniq -c | sort -rn | head -3 |
		awk '{printf "%s%s x%s", (NR>1?", ":""), $2, $1}')
	printf '| %-14s | %5d | %6d | %9d | %13d | %5d | %s |\n' \
		"$kind" "$n" "$items" "$ok" "$bad" "$err" "${top:--}"
}

files_in() { find "$@" -type f 2>/dev/null | sort; }

echo "mailprobe demo: parsing the bundled sessions and messages"
echo
printf '| %-14s | %5s | %6s | %9s | %13s | %5s | %s |\n' KIND files items conforming nonconforming error "most broken rules"
echo "|----------------|-------|--------|-----------|---------------|-------|-------------------|"
for k in smtp-command smtp-reply pop3-command pop3-response dotstuff; do
	"$mp" parse --help 2>/dev/null | grep -q "^  $k " || continue
	mapfile -t fs < <(files_in "$here/corpus/fuzz_${k//-/_}")
	run_kind "$k" "${fs[@]}"
done
mapfile -t msgs < <(files_in "$shared/messages" | head -400)
run_kind 7bit "${msgs[@]}"
echo
echo "Per-stream JSON: build/demo/. Rules: build/mailprobe rules."
