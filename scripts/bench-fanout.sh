#!/bin/sh
# Urgent-alert fan-out benchmark: 1,000 live devices, then 10,000 idle live connections.
# Raises the open-files limit first (each connection is a socket on both ends), then runs the
# bench binary; extra arguments go to it (e.g. --quick).
set -eu
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
need=11000
have=$(ulimit -n)
if [ "$have" != unlimited ] && [ "$have" -lt "$need" ]; then
    ulimit -n "$need" 2>/dev/null || echo "warning: open files limited to $have; the 10,000-connection run needs about $need" >&2
fi
exec cargo bench --workspace --bench fanout -- "$@"
