#!/bin/bash
# bench/pcap/run.sh MAILPROBE PCAP-GEN [MB]: the capture rows of `make
# bench`. Generates (once, kept in build/bench/) a capture of MB (default
# 512) holding thousands of interleaved SMTP, POP3 and IMAP flows, then
# times `mailprobe pcap list` and `mailprobe pcap extract` (median of 3
# runs each) and tshark reassembling the same flows (`tshark -q -z
# follow,tcp,raw,N` for every stream N, one run: it is the slow one),
# and prints MB/s (1e6 bytes/s of capture file) and the ratio.
set -uo pipefail
mp=$1 gen=$2 mb=${3:-512}
dir=$(dirname "$gen")
cap=$dir/mail-${mb}.pcap
[ -s "$cap" ] || "$gen" "$cap" "$mb" || exit 3
size=$(stat -c %s "$cap")
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\\n\", $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
flows=$("$mp" pcap list "$cap" | wc -l)
t_list=$(for i in 1 2 3; do a=$(now); "$mp" pcap list "$cap" >/dev/null; b=$(now); calc "$b - $a"; done | median)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
t_ext=$(for i in 1 2 3; do rm -rf "$out/x"; a=$(now); "$mp" pcap extract "$cap" -o "$out/x" >/dev/null; b=$(now); calc "$b - $a"; done | median)
scripts=$(ls "$out/x"/*.mps | wc -l)
t_tshark=""
if command -v tshark >/dev/null 2>&1; then
	args=()
	for ((n = 0; n < flows; n++)); do args+=(-z "follow,tcp,raw,$n"); done
	a=$(now)
	tshark -r "$cap" -q "${args[@]}" >/dev/null 2>&1
	b=$(now)
	t_tshark=$(calc "$b - $a")
fi
mbs() { calc "$size / 1000000 / $1"; }
printf '\ncapture reading: %s, %.0f MB, %s flows (median of 3; tshark 4.0 one run)\n\n' \
	"$(basename "$cap")" "$(calc "$size / 1000000")" "$flows"
printf '| %-34s | %8s | %9s | %-38s | %9s | %7s |\n' run seconds MB/s peer "peer MB/s" ratio
printf '|%s|%s|%s|%s|%s|%s|\n' ------------------------------------ ---------- ----------- \
	---------------------------------------- ----------- ---------
for row in "pcap list:$t_list" "pcap extract ($scripts scripts):$t_ext"; do
	name=${row%%:*} t=${row##*:}
	if [ -n "$t_tshark" ]; then
		printf '| %-34s | %8.2f | %9.1f | %-38s | %9.1f | %6.1fx |\n' "mailprobe $name" "$t" "$(mbs "$t")" \
			"tshark -z follow,tcp,raw,N (all N)" "$(mbs "$t_tshark")" "$(calc "$t_tshark / $t")"
	else
		printf '| %-34s | %8.2f | %9.1f | %-38s | %9s | %7s |\n' "mailprobe $name" "$t" "$(mbs "$t")" \
			"tshark not installed" - -
	fi
done
