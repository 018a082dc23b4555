#!/bin/bash
# tools/oss-fuzz-check.sh: builds fuzz/build.sh the way OSS-Fuzz and
# ClusterFuzzLite do, for libFuzzer and for AFL++, into fresh $OUT
# directories, then checks what landed: every target executable, its
# .dict and its _seed_corpus.zip, and that every target runs its seeds.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
targets=$(cd "$here/fuzz" && ls fuzz_*.c | sed 's/\.c$//')
fail=0

check_out() { # engine OUT runner
	local eng=$1 out=$2
	for t in $targets; do
		for f in "$t" "$t.dict" "${t}_seed_corpus.zip"; do
			if [ ! -s "$out/$f" ]; then
				echo "oss-fuzz-check: $eng: missing $f" >&2
				fail=1
			fi
		done
		[ -x "$out/$t" ] || { echo "oss-fuzz-check: $eng: $t not executable" >&2; fail=1; continue; }
		rm -rf "$tmp/seeds" && mkdir -p "$tmp/seeds"
		unzip -q "$out/${t}_seed_corpus.zip" -d "$tmp/seeds"
		local n=0
		if [ "$eng" = libfuzzer ]; then
			"$out/$t" -runs=0 "$tmp/seeds" >"$tmp/log" 2>&1 || { echo "oss-fuzz-check: $eng: $t failed on its seeds" >&2; tail -20 "$tmp/log" >&2; fail=1; }
			n=$(find "$tmp/seeds" -type f | wc -l)
		else
			for s in "$tmp/seeds"/*; do
				"$out/$t" <"$s" >/dev/null 2>&1 || { echo "oss-fuzz-check: $eng: $t failed on $(basename "$s")" >&2; fail=1; }
				n=$((n + 1))
			done
		fi
		printf 'oss-fuzz-check: %-9s %-22s ok, %d seeds run\n' "$eng" "$t" "$n"
	done
}

CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fsanitize=fuzzer-no-link" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT="$tmp/out-libfuzzer" \
	WORK="$tmp/work-libfuzzer" "$here/fuzz/build.sh"
check_out libfuzzer "$tmp/out-libfuzzer"

if command -v afl-clang-fast >/dev/null; then
	AFL_QUIET=1 CC=afl-clang-fast CFLAGS="-O1 -g" \
		LIB_FUZZING_ENGINE=/usr/lib/afl/libAFLDriver.a OUT="$tmp/out-afl" \
		WORK="$tmp/work-afl" "$here/fuzz/build.sh"
	check_out afl "$tmp/out-afl"
else
	echo "oss-fuzz-check: afl-clang-fast missing (make deps installs afl++)" >&2
	fail=1
fi
[ $fail -eq 0 ] && echo "oss-fuzz-check: ok" || echo "oss-fuzz-check: FAILED"
exit $fail
