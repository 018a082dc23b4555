#!/bin/bash
# tools/fuzz-smoke.sh DIR SECONDS TARGET...: for each libFuzzer target in
# DIR, replay its whole seed corpus (every crash ever fixed lives there),
# then fuzz it for SECONDS with its dictionary. Fails on any crash, leak,
# timeout, out-of-memory or broken property (the targets abort on those).
# New inputs go to a temporary directory, never into the tree.
set -uo pipefail
dir=$1 secs=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
printf '%-22s %8s %10s %10s %s\n' target seeds execs exec/s result
for t in "$@"; do
	bin="$dir/$t"
	seeds="$here/corpus/$t"
	dict=()
	[ -f "$here/fuzz/$t.dict" ] && dict=(-dict="$here/fuzz/$t.dict")
	n=$(find "$seeds" -type f 2>/dev/null | wc -l)
	res=ok
	# 1. replay: each seed once
	if [ "$n" -gt 0 ]; then
		if ! "$bin" -runs=0 -timeout=10 -rss_limit_mb=2048 \
			"$seeds" >"$tmp/$t.replay.log" 2>&1; then
			res="FAIL(replay)"
			tail -40 "$tmp/$t.replay.log" >&2
		fi
	fi
	# 2. fuzz: bounded by time, crashes written under $tmp
	execs=0 rate=0
	if [ "$res" = ok ]; then
		mkdir -p "$tmp/$t.corpus" "$tmp/$t.art"
		if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
			-max_len=65536 -print_final_stats=1 "${dict[@]}" \
			-artifact_prefix="$tmp/$t.art/" "$tmp/$t.corpus" "$seeds" \
			>"$tmp/$t.log" 2>&1; then
			res="FAIL(fuzz)"
			grep -E 'ERROR|SUMMARY|abort|==' "$tmp/$t.log" | head -30 >&2
			for a in "$tmp/$t.art"/*; do
				[ -f "$a" ] || continue
				mkdir -p "$here/build/fuzz-artifacts"
				cp "$a" "$here/build/fuzz-artifacts/"
				echo "artifact kept: build/fuzz-artifacts/$(basename "$a")" >&2
			done
		fi
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log" | tail -1)
		rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/$t.log" | tail -1)
	fi
	[ "$res" = ok ] || fail=1
	printf '%-22s %8s %10s %10s %s\n' "$t" "$n" "${execs:-0}" "${rate:-0}" "$res"
done
if [ $fail -eq 0 ]; then
	echo "fuzz-smoke: $# passed, 0 failed"
else
	echo "fuzz-smoke: FAILED (reproduce: build/fuzz/<target> build/fuzz-artifacts/<file>)"
fi
exit $fail
