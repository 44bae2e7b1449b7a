#!/usr/bin/env bash
# Mobile bindings benchmarks (figures in BENCHMARKS.md, "Mobile bindings"):
# - the stripped size of the release libjinlin_ffi.so;
# - listing 1,000 requests from Kotlin (JNA, release library) against the same call from Rust.
# Release builds are slow on 2 cores (several minutes). Run scripts/test-mobile.sh once first:
# it installs the Kotlin compiler and compiles the Kotlin classes used here.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

klib="${JINLIN_MOBILE_TOOLS:-$root/target/mobile-tools}/npm/node_modules/kotlin-compiler/lib"
classes="$root/target/mobile/classes"
[ -d "$classes" ] || { echo "run scripts/test-mobile.sh first" >&2; exit 1; }

# The Rust figure; building it also builds the release library (the bench profile is release).
cargo bench --workspace --bench ffi_list

# Built as a dependency of the bench, the library stays in deps/ (cargo copies up only what is
# asked for by name).
lib="target/release/deps/libjinlin_ffi.so"
stripped="$(mktemp)"
strip --strip-all -o "$stripped" "$lib"
printf 'libjinlin_ffi.so (release, x86_64): %s bytes as built, %s bytes stripped\n' \
    "$(stat -c %s "$lib")" "$(stat -c %s "$stripped")"
rm -f "$stripped"

java -Djna.library.path="$root/target/release/deps" \
    -cp "$classes:$klib/kotlin-stdlib.jar:/usr/share/java/jna.jar:$klib/kotlinx-coroutines-core-jvm.jar" \
    org.jinlin.sdk.ListBenchKt
