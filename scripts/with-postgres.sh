#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: installs PostgreSQL (Debian's
# `postgresql`) if it is missing, makes a cluster in a temporary directory with initdb, starts it
# with pg_ctl on 127.0.0.1 on a free port (about a second), runs the command with
# JINLIN_TEST_DATABASE_URL pointing at it, then stops the server and removes the directory,
# whatever the command did. As root, the server runs as the user `postgres`.
#
#   scripts/with-postgres.sh cargo test --workspace --lib -- store::
#
# For tests the server skips the disk's syncs (`fsync=off`, `full_page_writes=off`): it is
# thrown away, and the tests run faster. It still keeps `synchronous_commit` on, so a commit
# waits for PostgreSQL's log to be written and flushed as far as the server counts it, and the
# relay's group flush (one flush for every upload waiting) works as it does in production.
# Benchmarks set JINLIN_POSTGRES_DURABLE=1: the server then runs with PostgreSQL's own defaults
# (`fsync`, `full_page_writes` and `synchronous_commit` on), as a district would run it.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bindir() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [ -z "$initdb" ]; then
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [ -n "$initdb" ] && dirname "$(readlink -f "$initdb")"
}

BIN=$(bindir || true)
if [ -z "$BIN" ]; then
  echo "==> installing PostgreSQL" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN=$(bindir)
fi

# A free port: the kernel picks one, we release it and hand it to the server.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DIR=$(mktemp -d "${TMPDIR:-/tmp}/jinlin-pg.XXXXXX")
as_server() { "$@"; }
USER_NAME=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
  chown postgres "$DIR"
  chmod 700 "$DIR"
  # From the cluster's directory: the checkout may be where `postgres` cannot read.
  as_server() { (cd "$DIR" && runuser -u postgres -- "$@"); }
  USER_NAME=postgres
fi

stop() {
  as_server "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

as_server "$BIN/initdb" -D "$DIR/data" -U "$USER_NAME" --auth=trust --locale=C.UTF-8 --encoding=UTF8 \
  --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
# Tests make many short-lived relays, each with a pool of connections: allow plenty.
settings="-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=500"
if [ "${JINLIN_POSTGRES_DURABLE:-0}" != 1 ]; then
  settings="$settings -c fsync=off -c full_page_writes=off"
fi
as_server "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 -o "$settings" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }

export JINLIN_TEST_DATABASE_URL="postgres://$USER_NAME@127.0.0.1:$PORT/postgres"
if [ "${JINLIN_POSTGRES_DURABLE:-0}" = 1 ]; then
  echo "==> PostgreSQL on 127.0.0.1:$PORT ($DIR), durable: fsync and synchronous_commit on" >&2
else
  echo "==> PostgreSQL on 127.0.0.1:$PORT ($DIR), for tests: fsync off" >&2
fi
set +e
"$@"
status=$?
set -e
exit "$status"
