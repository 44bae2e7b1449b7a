#!/usr/bin/env bash
# Fuzzes every decoder of untrusted bytes with cargo-fuzz (libFuzzer), each target for
# FUZZ_SECONDS (default 20; CI's short run), as many targets at once as the machine has cores
# (FUZZ_JOBS). The toolchain here is stable, so nightly-only sanitizer flags are enabled with
# RUSTC_BOOTSTRAP. Installs cargo-fuzz if it is missing.
# FUZZ_SANITIZER picks cargo-fuzz's sanitizer: `address` (the default) or `none`, which
# scripts/test-all.sh uses for CI's short run: it builds in two thirds of the time and runs
# about five times as many inputs, and Jinlin's own code denies `unsafe`.
# A longer run: FUZZ_SECONDS=600 scripts/fuzz.sh; one target only: FUZZ_TARGETS=invite_code.
# Seed inputs kept in the repository (fuzz/seeds/TARGET/) start each target's corpus; what
# libFuzzer finds goes to fuzz/corpus/TARGET/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1
seconds="${FUZZ_SECONDS:-20}"
sanitizer="${FUZZ_SANITIZER:-address}"
jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --version 0.13.2
cargo fuzz build -O -s "$sanitizer"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# One target, its output in $logs/TARGET.log and its exit status in $logs/TARGET.status.
fuzz_one() {
  local target=$1 corpus=("corpus/$1")
  mkdir -p "corpus/$target"
  [ -d "seeds/$target" ] && corpus+=("seeds/$target")
  local status=0
  cargo fuzz run -O -s "$sanitizer" "$target" "${corpus[@]}" -- -max_total_time="$seconds" \
    >"$logs/$target.log" 2>&1 || status=$?
  echo "$status" >"$logs/$target.status"
}

targets=(${FUZZ_TARGETS:-$(cargo fuzz list)})
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$target" &
  running=$((running + 1))
done
wait || true

passed=0 failed=0 total_runs=0
for target in "${targets[@]}"; do
  if [ "$(cat "$logs/$target.status" 2>/dev/null)" = 0 ]; then
    runs=$(grep -Eo 'Done [0-9]+ runs' "$logs/$target.log" | grep -Eo '[0-9]+' || echo 0)
    total_runs=$((total_runs + runs))
    echo "fuzz $target: $runs executions in ${seconds}s, no crash"
    passed=$((passed + 1))
  else
    echo "fuzz $target: FAILED"; tail -40 "$logs/$target.log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $total_runs executions"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
