// swift-tools-version:5.9
// JinlinKit: the Swift API over Jinlin's core.
//
// Three targets:
// - JinlinFFIFFI: the native library with its C header, as an XCFramework built on a Mac by
//   ../build-xcframework.sh;
// - JinlinFFI: the generated Swift bindings (scripts/bindings.sh copies them into
//   Sources/JinlinFFI);
// - JinlinKit: the hand-written API: async/await calls and AsyncStreams for listeners.
import PackageDescription

let package = Package(
    name: "JinlinKit",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "JinlinKit", targets: ["JinlinKit"]),
    ],
    targets: [
        .binaryTarget(name: "JinlinFFIFFI", path: "build/JinlinFFIFFI.xcframework"),
        .target(name: "JinlinFFI", dependencies: ["JinlinFFIFFI"], path: "Sources/JinlinFFI"),
        .target(name: "JinlinKit", dependencies: ["JinlinFFI"], path: "Sources/JinlinKit"),
    ]
)
