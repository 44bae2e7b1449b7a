#!/usr/bin/env bash
# Several relay instances on one machine, for people trying a district deployment
# (docs/DEPLOY.md, "Several instances"): a throwaway PostgreSQL server (scripts/with-postgres.sh),
# two relay instances sharing its database, and nginx in front of them as the load balancer
# (round robin, WebSocket upgrades, X-Forwarded-For), installed from Debian if missing. Prints
# `listening on HOST:PORT` (the balancer) and serves until interrupted; everything it started
# stops and its temporary directory goes with it.
#
#   scripts/run-cluster.sh                # the balancer on 127.0.0.1:8787
#   scripts/run-cluster.sh --port 0       # on a free port
#   scripts/run-cluster.sh --check        # start, register a phone through the balancer, stop
#
# Phones and the CLI then use the balancer: `jinlin register --relay http://127.0.0.1:8787 …`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ -z "${JINLIN_TEST_DATABASE_URL:-}" ]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi

port=8787
check=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --check) check=1; port=0; shift ;;
    *) echo "usage: $0 [--port PORT] [--check]" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "==> installing nginx" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >&2
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "==> building the relay" >&2
cargo build --workspace --bins -q
relay_bin="$root/target/debug/jinlin-relay"
cli_bin="$root/target/debug/jinlin"

dir=$(mktemp -d "${TMPDIR:-/tmp}/jinlin-cluster.XXXXXX")
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits for "listening on HOST:PORT" in file $1 and prints HOST:PORT.
listening_on() {
  for _ in $(seq 1 300); do
    if line=$(grep -m1 '^listening on ' "$1" 2>/dev/null); then
      echo "${line#listening on }"
      return 0
    fi
    sleep 0.1
  done
  echo "a relay instance did not start; its log:" >&2
  cat "$1" "$1.err" >&2 || true
  return 1
}

upstreams=""
for name in a b; do
  mkdir -p "$dir/$name"
  JINLIN_DATABASE_URL="$JINLIN_TEST_DATABASE_URL" "$relay_bin" --listen 127.0.0.1:0 --data "$dir/$name" \
    --trusted-proxy 127.0.0.1 >"$dir/$name.out" 2>"$dir/$name.out.err" &
  pids+=("$!")
  addr=$(listening_on "$dir/$name.out")
  echo "==> relay instance $name on $addr" >&2
  upstreams="$upstreams    server $addr;"$'\n'
done

[ "$port" = 0 ] && port=$(free_port)
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
mkdir -p "$dir/nginx"
cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  upstream jinlin {
$upstreams  }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 16m;
    location / {
      proxy_pass http://jinlin;
      proxy_http_version 1.1;
      proxy_set_header Host \$host;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # The relay pings live channels every 30 s.
      proxy_read_timeout 120s;
      proxy_buffering off;
    }
  }
}
EOF
"$nginx_bin" -c "$dir/nginx.conf" -p "$dir/nginx" &
pids+=("$!")
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "listening on 127.0.0.1:$port"

if [ "$check" = 1 ]; then
  # Two phones through the balancer (round robin: their calls alternate between the instances):
  # staff make a community and an invite, a neighbour joins with it and reads the community.
  relay="http://127.0.0.1:$port"
  staff() { JINLIN_HOME="$dir/staff" "$cli_bin" "$@"; }
  neighbour() { JINLIN_HOME="$dir/neighbour" "$cli_bin" "$@"; }
  staff register --relay "$relay" --name "Ms Sun" --json >/dev/null
  community=$(staff group create "Lianhua Community" --kind community --json | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["id"] if isinstance(v, dict) else v)')
  staff sync --json >/dev/null
  code=$(staff group invite "$community" --role resident --json | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["code"] if isinstance(v, dict) else v)')
  neighbour register --relay "$relay" --name "Grandma Wang" --json >/dev/null
  neighbour group join "$code" --json >/dev/null
  neighbour sync --json >/dev/null
  neighbour group list --json | grep -q "Lianhua Community" || { echo "the neighbour does not read the community" >&2; exit 1; }
  for name in a b; do
    grep -q "relay started" "$dir/$name.out.err" || { echo "instance $name did not start" >&2; exit 1; }
  done
  echo "two phones registered, joined and synced through the balancer"
  exit 0
fi
wait
