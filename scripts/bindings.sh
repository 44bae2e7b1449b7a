#!/usr/bin/env bash
# Builds the Jinlin ffi library and generates its Kotlin and Swift bindings.
#
#   scripts/bindings.sh            # debug build of the workspace, bindings into bindings/
#
# Output (git-ignored):
#   bindings/kotlin/      Kotlin for Android (package org.jinlin.core, Android's object cleaner)
#   bindings/kotlin-jvm/  the same Kotlin for a desktop JVM (JNA cleaner), used by the JVM tests
#   bindings/swift/       Swift, C header and module map; the Swift is also copied into
#                         ios/JinlinKit/Sources/JinlinFFI/ and the header with its module map into
#                         ios/JinlinKit/build/include/ (where ios/build-xcframework.sh takes them)
#
# Libraries for phones are cross-built separately (see android/README.md, ios/README.md); the
# bindings do not depend on the target, so these serve every platform.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Same selection as every other build here, so no dependency is rebuilt with other features.
cargo build --workspace --all-targets

case "$(uname -s)" in
    Darwin) lib="target/debug/libjinlin_ffi.dylib" ;;
    *) lib="target/debug/libjinlin_ffi.so" ;;
esac
# The generator is the jinlin-bindgen crate (bindgen/), not part of the phone library.
bindgen="target/debug/uniffi-bindgen"
out="bindings"

rm -rf "$out/kotlin" "$out/kotlin-jvm" "$out/swift"
"$bindgen" generate --no-format --library "$lib" --language kotlin --out-dir "$out/kotlin"
"$bindgen" generate --no-format --library "$lib" --language kotlin --config ffi/uniffi-jvm.toml \
    --out-dir "$out/kotlin-jvm"
"$bindgen" generate --no-format --library "$lib" --language swift --out-dir "$out/swift"

# The Swift package takes the generated Swift as a target; the C header and module map go into
# the XCFramework that ios/build-xcframework.sh makes on a Mac.
swift_api="ios/JinlinKit/Sources/JinlinFFI"
swift_c="ios/JinlinKit/build"
mkdir -p "$swift_api" "$swift_c/include"
cp "$out/swift/JinlinFFI.swift" "$swift_api/"
cp "$out/swift/JinlinFFIFFI.h" "$swift_c/include/"
cp "$out/swift/JinlinFFIFFI.modulemap" "$swift_c/include/module.modulemap"

echo "bindings: $out/kotlin, $out/kotlin-jvm, $out/swift (library $lib)"
