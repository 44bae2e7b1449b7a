#!/usr/bin/env bash
# Fuzzes every decoder of untrusted bytes with cargo-fuzz (libFuzzer), each target for
# FUZZ_SECONDS (default 20; CI's short run). The toolchain here is stable, so nightly-only
# sanitizer flags are enabled with RUSTC_BOOTSTRAP. Installs cargo-fuzz if it is missing.
# A longer run: FUZZ_SECONDS=600 scripts/fuzz.sh; one target only: FUZZ_TARGETS=invite_code.
# Seed inputs kept in the repository (fuzz/seeds/TARGET/) start each target's corpus; what
# libFuzzer finds goes to fuzz/corpus/TARGET/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1
seconds="${FUZZ_SECONDS:-20}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --version 0.13.2
cargo fuzz build -O
passed=0 failed=0 total_runs=0
for target in ${FUZZ_TARGETS:-$(cargo fuzz list)}; do
  log=$(mktemp)
  corpus=("corpus/$target")
  mkdir -p "corpus/$target"
  [ -d "seeds/$target" ] && corpus+=("seeds/$target")
  if cargo fuzz run -O "$target" "${corpus[@]}" -- -max_total_time="$seconds" >"$log" 2>&1; then
    runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' || echo 0)
    total_runs=$((total_runs + runs))
    echo "fuzz $target: $runs executions in ${seconds}s, no crash"
    passed=$((passed + 1))
  else
    echo "fuzz $target: FAILED"; tail -40 "$log"
    failed=$((failed + 1))
  fi
  rm -f "$log"
done
echo "fuzz: $total_runs executions"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
