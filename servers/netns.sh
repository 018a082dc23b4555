#!/bin/sh
# servers/netns.sh CMD [ARG...]: runs CMD in a network namespace whose only
# interface is loopback, so nothing CMD or the servers do can leave the host.
#
#  - already in such a namespace (no interface but lo is UP): brings lo up
#    and execs CMD;
#  - else, if the servers' namespace exists ($MP_SERVERS_DIR/netns, made by an
#    earlier call and kept by a bind mount): enters it (nsenter) and runs CMD,
#    so `servers/netns.sh servers/up.sh`, then `servers/netns.sh SUITE`, then
#    `servers/netns.sh servers/down.sh` all share one namespace;
#  - else makes that namespace (unshare --net=FILE), brings lo up, runs CMD.
# servers/down.sh unmounts the namespace file when the last server is down.
set -eu

if [ $# -eq 0 ]; then
	echo "usage: servers/netns.sh CMD [ARG...]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
state=${MP_SERVERS_DIR:-$(dirname "$here")/build/servers}

# interfaces other than lo that are administratively UP
others_up() {
	ip -o link show up | awk -F': ' '{ sub(/@.*/, "", $2); if ($2 != "lo") print $2 }'
}

if [ -z "$(others_up)" ]; then
	ip link set lo up
	exec "$@"
fi

nsfile=$state/netns
if ! mountpoint -q "$nsfile" 2>/dev/null; then
	mkdir -p "$state"
	: >"$nsfile"
	unshare --net="$nsfile" true
	nsenter --net="$nsfile" ip link set lo up
fi
exec nsenter --net="$nsfile" -- "$@"
