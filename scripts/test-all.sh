#!/usr/bin/env bash
# Runs every test Jinlin has, from a fresh machine: formatting and lints, the Rust workspace
# (unit, property and end-to-end tests against a real relay on loopback, with the official
# JavaScript Automerge as a foreign writer when npm is there), then the mobile
# bindings' Kotlin JVM tests and the Kotlin/Swift syntax checks, which install what they need.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "no two files import each other"
python3 scripts/import-cycles.py

step "JavaScript Automerge (foreign-writer tests)"
scripts/js-deps.sh
# With npm the foreign-writer tests must run, not skip.
if command -v npm >/dev/null && command -v node >/dev/null; then
  export JINLIN_REQUIRE_JS=1
fi

step "cargo test --workspace"
cargo test --workspace

if [ -x scripts/test-mobile.sh ]; then
  step "mobile bindings"
  scripts/test-mobile.sh
fi

step "fuzzing (short run)"
scripts/fuzz.sh
