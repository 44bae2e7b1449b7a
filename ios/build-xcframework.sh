#!/usr/bin/env bash
# Builds the native library for every platform JinlinKit/Package.swift declares (iOS devices,
# the iOS simulator on Apple silicon and Intel Macs, and macOS on both) and packs it, with the C
# header and module map from scripts/bindings.sh, into JinlinKit/build/JinlinFFIFFI.xcframework.
# Needs a Mac with Xcode and the Rust targets:
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios \
#       aarch64-apple-darwin x86_64-apple-darwin
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The bindings come from the unstripped host debug build (scripts/bindings.sh); the static
# libraries below are what the app links.
scripts/bindings.sh
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
for target in "${targets[@]}"; do
    cargo build --release -p jinlin-ffi --lib --target "$target"
done

out="ios/JinlinKit/build"
lib() { echo "target/$1/release/libjinlin_ffi.a"; }
# One library per platform: the simulator's and the Mac's two architectures are joined.
mkdir -p "$out/ios-simulator" "$out/macos"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$out/ios-simulator/libjinlin_ffi.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$out/macos/libjinlin_ffi.a"

rm -rf "$out/JinlinFFIFFI.xcframework"
xcodebuild -create-xcframework \
    -library "$(lib aarch64-apple-ios)" -headers "$out/include" \
    -library "$out/ios-simulator/libjinlin_ffi.a" -headers "$out/include" \
    -library "$out/macos/libjinlin_ffi.a" -headers "$out/include" \
    -output "$out/JinlinFFIFFI.xcframework"
echo "built $out/JinlinFFIFFI.xcframework (iOS, iOS simulator, macOS)"
