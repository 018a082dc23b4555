#!/bin/bash
# tests/badserver/run.sh [SCRIPT...]: runs each tests/badserver/scripts/*.mps
# with `mailprobe run` against badserver in the mode of the same name and
# checks the outcome against expected.txt: the status, a fragment of the
# finding, the wall-clock time (expected.txt, hard kill at +5 s) and the
# engine's memory (max RSS under MAX_RSS_KB, default 65536; address space
# under `ulimit -v` VMEM_KB, default 1 GiB). Exits 0 when every script
# matched, 1 on any mismatch, 77 when build/mailprobe has no `run` yet.
#
# Runs in a private network namespace (unshare -n, lo up) when it can, so
# nothing leaves the host; else on the host's loopback.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
MAX_RSS_KB=${MAX_RSS_KB:-65536}
VMEM_KB=${VMEM_KB:-1048576}
mailprobe=${MAILPROBE:-$root/build/mailprobe}
badserver=${BADSERVER:-$root/build/badserver}

if [ -z "${MP_BADSERVER_NETNS:-}" ] && command -v unshare >/dev/null &&
	unshare -n true 2>/dev/null; then
	export MP_BADSERVER_NETNS=1
	exec unshare -n bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
[ -n "${MP_BADSERVER_NETNS:-}" ] && echo "badserver: in a private network namespace"

make -C "$root" --no-print-directory -s build/badserver >/dev/null || exit 1
if ! "$mailprobe" run --help >/dev/null 2>&1; then
	echo "badserver: $mailprobe has no 'run' subcommand yet: nothing to test" >&2
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/badserver.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# which scripts: the arguments, or every row of expected.txt
rows=$(grep -v '^#' "$here/expected.txt" | grep -v '^[[:space:]]*$')
if [ $# -gt 0 ]; then
	want=$(printf '%s\n' "$@" | sed 's,.*/,,; s,\.mps$,,; s,$,.mps,')
	rows=$(printf '%s\n' "$rows" | grep -F -w -f <(printf '%s\n' "$want"))
fi

# one badserver, one port per mode; its lifetime covers the whole run
args=() total=0
while read -r script status secs frag; do
	args+=(--listen "0:${script%.mps}")
	total=$((total + secs + 5))
done <<<"$rows"
"$badserver" "${args[@]}" --lifetime $((total + 60)) --pidfile "$work/pid" \
	>"$work/ports" 2>"$work/badserver.log" &
pid=$!
nrows=$(printf '%s\n' "$rows" | grep -c .)
for _ in $(seq 50); do
	[ "$(wc -l <"$work/ports")" -ge "$nrows" ] && [ -s "$work/pid" ] && break
	sleep 0.1
done
port_of() { awk -v m="$1" '$1 == "port" && $3 == m { print $2 }' "$work/ports"; }

fail=0 n=0
while read -r script status secs frag; do
	n=$((n + 1))
	mode=${script%.mps}
	file=$here/scripts/$script
	port=$(port_of "$mode")
	kind=$(sed -n 's/^needs:[[:space:]]*\([a-z0-9]*\).*/\1/p' "$file" | head -1)
	if [ -z "$port" ] || [ -z "$kind" ]; then
		echo "FAIL $script: no port for mode $mode or no needs: line"
		fail=1
		continue
	fi
	out=$work/$mode
	start=$EPOCHREALTIME
	(
		ulimit -v "$VMEM_KB"
		exec /usr/bin/time -f '%M' -o "$out.rss" \
			timeout -k 5 "$secs" "$mailprobe" run \
			--target "$kind://127.0.0.1:$port" --json "$out.json" "$file"
	) >"$out.stdout" 2>"$out.stderr"
	rc=$?
	elapsed=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0) got=pass ;; 1) got=fail ;; 3) got=error ;;
	124 | 137) got=hang ;; *) got="exit-$rc" ;;
	esac
	rss=$(grep -E '^[0-9]+$' "$out.rss" 2>/dev/null | tail -1)
	why=
	[ "$got" = "$status" ] || why="$why status $got, want $status;"
	if [ "$frag" != "-" ] && ! cat "$out.json" "$out.stdout" "$out.stderr" 2>/dev/null |
		grep -Eiq -- "$frag"; then
		why="$why no /$frag/ in the results;"
	fi
	[ -n "$rss" ] && [ "$rss" -gt "$MAX_RSS_KB" ] && why="$why max RSS ${rss} KB > $MAX_RSS_KB KB;"
	if [ -z "$why" ]; then
		printf 'ok   %-22s %-5s %5s s  %6s KB\n' "$script" "$got" "$elapsed" "${rss:-?}"
	else
		printf 'FAIL %-22s %5s s:%s\n' "$script" "$elapsed" "$why"
		sed 's/^/     | /' "$out.stderr" | head -20
		fail=1
	fi
done <<<"$rows"

kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
pid=
if [ $fail -ne 0 ]; then
	echo "badserver: mismatches (badserver's log follows)"
	tail -40 "$work/badserver.log"
	exit 1
fi
echo "badserver: all $n scripts as expected"
