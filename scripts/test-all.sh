#!/usr/bin/env bash
# Runs every test Jinlin has, from a fresh machine: formatting and lints, the Rust workspace
# (unit, property and end-to-end tests against a real relay on loopback, with the official
# JavaScript Automerge as a foreign writer when npm is there), the storage and relay tests again
# on PostgreSQL, then the mobile bindings' Kotlin JVM tests and the Kotlin/Swift syntax checks,
# which install what they need.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says how long the run has taken so far, so a slow step shows in CI's log.
step() { printf '\n==> %s (%ds in)\n' "$*" "$SECONDS"; }
trap 'rc=$?; printf "\n==> %s after %ds\n" "$([ "$rc" -eq 0 ] && echo passed || echo failed)" "$SECONDS"' EXIT

step "rustfmt"
cargo fmt --all -- --check

step "no two files import each other"
python3 scripts/import-cycles.py

step "JavaScript Automerge (foreign-writer tests)"
scripts/js-deps.sh
# With npm the foreign-writer tests must run, not skip.
if command -v npm >/dev/null && command -v node >/dev/null; then
  export JINLIN_REQUIRE_JS=1
fi

step "Chromium (the dashboard's browser tests)"
scripts/browser-deps.sh
# With Chromium and its driver the browser tests must run, not skip.
if command -v chromedriver >/dev/null && { command -v chromium >/dev/null || command -v chromium-browser >/dev/null; }; then
  export JINLIN_REQUIRE_BROWSER=1
fi

# Everything the steps below run is built once, first: the tests, the binaries the tests and the
# cluster run, and the ffi library the mobile bindings come from (`--all-targets` is the
# selection scripts/bindings.sh builds, so nothing is built twice). Clippy lints the workspace's
# crates in the same build, as the compiler that builds them (`RUSTC_WORKSPACE_WRAPPER`, which is
# what `cargo clippy` sets, with its `-D warnings`): a separate `cargo clippy` would type-check
# every crate and dependency a second time, four minutes of a clean run. Every cargo below
# inherits the same compiler, so none of them builds the workspace again.
step "build the workspace and its tests, with clippy's lints as errors"
if command -v clippy-driver >/dev/null; then
  export RUSTC_WORKSPACE_WRAPPER=clippy-driver
  export CLIPPY_ARGS='-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__'
else
  # A toolchain whose clippy has no driver on PATH: clippy's own check build, as before.
  cargo clippy --workspace --all-targets -- -D warnings
fi
cargo build --workspace --all-targets

# The SQLite run of every test, and beside it (in another process, logged to a file that is
# printed when it ends) the runs that need their own services: PostgreSQL, the cluster behind
# nginx, and the mobile bindings on a JVM. The end-to-end tests spend most of their time waiting
# on sockets, timers and fsync, so the two streams share the 2 cores well: about 5 minutes
# instead of 10.
step "cargo test --workspace; beside it PostgreSQL, the cluster and the mobile bindings"
services_log=$(mktemp)
(
  set -euo pipefail
  step() { printf '\n==> %s\n' "$*"; }
  # The same storage tests, and the relay's end-to-end tests, with the relay's data in
  # PostgreSQL (a throwaway server, installed if missing): several instances on one database
  # among them (tests/tests/relay/cluster.rs), and the relay-kill harness. The command-line
  # tests stay on SQLite only: they drive the same relay through the same harness.
  step "PostgreSQL: storage conformance and the relay's end-to-end tests"
  JINLIN_REQUIRE_POSTGRES=1 scripts/with-postgres.sh bash -c '
    cargo test --workspace --lib -- store:: &&
    cargo test --workspace --test relay --test alerts --test grid --test sync --test checkin --test services --test dashboard --test peer &&
    cargo test --workspace --test crash -- relay_kill::every_change_a_relay_on_postgres'

  # Two relay instances on one database behind nginx, as docs/DEPLOY.md describes (installs nginx).
  step "several relay instances behind a load balancer"
  scripts/run-cluster.sh --check

  if [ -x scripts/test-mobile.sh ]; then
    step "mobile bindings"
    scripts/test-mobile.sh
  fi
) >"$services_log" 2>&1 &
services=$!
sqlite_status=0
cargo test --workspace || sqlite_status=$?
services_status=0
wait "$services" || services_status=$?
step "PostgreSQL, the cluster and the mobile bindings (their log)"
cat "$services_log"
rm -f "$services_log"
[ "$sqlite_status" -eq 0 ] || { echo "cargo test --workspace failed"; exit "$sqlite_status"; }
[ "$services_status" -eq 0 ] || { echo "PostgreSQL, the cluster or the mobile bindings failed"; exit "$services_status"; }

# Without a sanitizer: CI's short run builds in two thirds of the time and tries about five times
# the inputs; Jinlin's own code denies `unsafe` (scripts/fuzz.sh alone runs with AddressSanitizer).
# The fuzz crate is a workspace of its own, built by libFuzzer's rules, not linted here.
step "fuzzing (short run)"
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
FUZZ_SANITIZER=none scripts/fuzz.sh
