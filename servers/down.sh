#!/bin/bash
# servers/down.sh [SERVER...]: stops what servers/up.sh started (default all),
# each by the process session up.sh recorded in $MP_SERVERS_DIR/run/NAME.sid:
# SIGTERM to the session leader (each daemon's master stops its children),
# a bounded wait for every process of the session to be gone (zombies count
# as gone: PID 1 here may reap late), then SIGKILL to what is left.
# Idempotent: a server not running is skipped. When none is left, unmounts
# the namespace file servers/netns.sh made. Works from inside the servers'
# namespace or outside it (signals and /proc do not care).
set -eu

# shellcheck source=servers/common.sh
. "$(cd "$(dirname "$0")" && pwd)/common.sh"
GRACE=${MP_SERVERS_GRACE:-15}

names=""
for s in "$@"; do
	case " $ALL " in
	*" $s "*) names="$names $s" ;;
	*) echo "down.sh: unknown server '$s' (one of: $ALL)" >&2; exit 2 ;;
	esac
done
[ -n "$names" ] || names=$ALL
# stop the MTAs before Dovecot, which they deliver to
rev=""
for s in $names; do rev="$s $rev"; done

stop_one() { # NAME
	local name=$1 sid_want pids deadline
	[ -f "$STATE/run/$name.sid" ] || return 0
	sid_want=$(cat "$STATE/run/$name.sid")
	pids=$(session_pids)
	if [ -z "$pids" ]; then
		rm -f "$STATE/run/$name.sid" "$STATE/run/$name.env"
		return 0
	fi
	# the leader (pid == sid) first: masters shut their children down
	if kill -0 "$sid_want" 2>/dev/null; then
		kill -TERM "$sid_want" 2>/dev/null || true
	else
		# shellcheck disable=SC2086
		kill -TERM $pids 2>/dev/null || true
	fi
	deadline=$((SECONDS + GRACE))
	while pids=$(session_pids) && [ -n "$pids" ]; do
		if [ $SECONDS -ge $deadline ]; then
			echo "$name: still running after ${GRACE}s, SIGKILL:" $pids >&2
			# shellcheck disable=SC2086
			kill -KILL $pids 2>/dev/null || true
			sleep 0.5
			pids=$(session_pids)
			if [ -n "$pids" ]; then
				echo "$name: FAILED to stop:" $pids >&2
				return 1
			fi
			break
		fi
		sleep 0.2
	done
	rm -f "$STATE/run/$name.sid" "$STATE/run/$name.env"
	echo "$name: stopped"
}

rc=0
for s in $rev; do
	stop_one "$s" || rc=1
done
[ -d "$STATE" ] && "$here/targets.sh"

# the namespace netns.sh keeps: dropped when no server is left in it
left=""
for s in $ALL; do running "$s" && left="$left $s"; done
if [ -z "$left" ] && mountpoint -q "$STATE/netns" 2>/dev/null; then
	umount "$STATE/netns" && rm -f "$STATE/netns"
fi
exit $rc
