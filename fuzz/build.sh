#!/bin/bash
# fuzz/build.sh: builds every fuzz target under the OSS-Fuzz contract
# (ideal_integration.md): honours $CC, $CFLAGS, $LIB_FUZZING_ENGINE, $OUT
# (and $SRC/$WORK when set), and puts into $OUT for each target:
#   <target>, <target>.dict, <target>_seed_corpus.zip
# ClusterFuzzLite / OSS-Fuzz call it unchanged; `make fuzz` and `make afl`
# call it with clang+libFuzzer and afl-clang-fast+AFLDriver.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
: "${CC:=clang}"
: "${CFLAGS:=-O1 -g -fsanitize=address,undefined -fsanitize=fuzzer-no-link}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:=$here/build/fuzz}"
: "${WORK:=$OUT/work}"
mkdir -p "$OUT" "$WORK"

inc="-I$here/include -I$here/tests/lib"
std="-std=c11 -D_POSIX_C_SOURCE=200809L"
objs=()
# replay/script.c: the script reader is pure (no sockets, no TLS)
# pcap/*.c: captures, reassembly, flows (fuzz_pcap, fuzz_reassembly; libpcap)
for src in "$here"/parsers/*.c "$here"/replay/script.c "$here"/tests/lib/feed.c "$here"/tests/lib/imaprt.c \
	"$here"/pcap/*.c; do
	o="$WORK/$(basename "$src" .c).o"
	# shellcheck disable=SC2086
	$CC $std $CFLAGS $inc -c "$src" -o "$o"
	objs+=("$o")
done

for src in "$here"/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	# shellcheck disable=SC2086
	$CC $std $CFLAGS $inc -c "$src" -o "$WORK/$t.o"
	# the engine is linked by the C compiler: C targets, no C++ sources
	# shellcheck disable=SC2086
	$CC $CFLAGS "$WORK/$t.o" "${objs[@]}" $LIB_FUZZING_ENGINE -lpcap -o "$OUT/$t"
	[ -f "$here/fuzz/$t.dict" ] && cp "$here/fuzz/$t.dict" "$OUT/$t.dict"
	if [ -d "$here/corpus/$t" ]; then
		rm -f "$OUT/${t}_seed_corpus.zip"
		(cd "$here/corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
	fi
done
echo "fuzz/build.sh: built $(ls "$here"/fuzz/fuzz_*.c | wc -l) targets into $OUT"
