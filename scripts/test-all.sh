#!/usr/bin/env bash
# Runs every test Jinlin has, from a fresh machine: formatting and lints, the Rust workspace
# (unit, property and end-to-end tests against a real relay on loopback), then the mobile
# bindings' Kotlin JVM tests and the Kotlin/Swift syntax checks, which install what they need.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test --workspace"
cargo test --workspace

if [ -x scripts/test-mobile.sh ]; then
  step "mobile bindings"
  scripts/test-mobile.sh
fi

step "fuzzing (short run)"
scripts/fuzz.sh
