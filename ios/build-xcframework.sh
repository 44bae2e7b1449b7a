#!/usr/bin/env bash
# Builds the native library for iOS devices and the simulator and packs it, with the C header
# and module map from scripts/bindings.sh, into JinlinKit/build/JinlinFFIFFI.xcframework.
# Needs a Mac with Xcode and the Rust targets aarch64-apple-ios and aarch64-apple-ios-sim.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/bindings.sh
for target in aarch64-apple-ios aarch64-apple-ios-sim; do
    cargo build --release -p jinlin-ffi --lib --target "$target"
done

out="ios/JinlinKit/build"
rm -rf "$out/JinlinFFIFFI.xcframework"
xcodebuild -create-xcframework \
    -library "target/aarch64-apple-ios/release/libjinlin_ffi.a" -headers "$out/include" \
    -library "target/aarch64-apple-ios-sim/release/libjinlin_ffi.a" -headers "$out/include" \
    -output "$out/JinlinFFIFFI.xcframework"
echo "built $out/JinlinFFIFFI.xcframework"
