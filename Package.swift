// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-compose",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "compose", targets: ["compose"]),
        .executable(name: "compose-shim", targets: ["compose-shim"]),
        .library(name: "ComposeLoader", targets: ["ComposeLoader"]),
        .library(name: "ComposeModel", targets: ["ComposeModel"]),
        .library(name: "EngineAPI", targets: ["EngineAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "ComposeModel",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EngineAPI",
            swiftSettings: strictSettings
        ),
        .target(
            name: "Reconciler",
            dependencies: [
                "ComposeModel",
                "EngineAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "EngineDocker",
            dependencies: [
                "EngineAPI",
                "TarArchive",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // ByteBuffer, to upload a build context in large chunks.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TarArchive",
            swiftSettings: strictSettings
        ),
        .target(
            name: "EngineEmbedded",
            dependencies: [
                "EngineAPI",
                "TarArchive",
                // pipe2(O_CLOEXEC) and wait-status macros for spawning host tools.
                "CSystemShims",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // gzip layers (zlib).
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ComposeTestSupport",
            dependencies: ["EngineAPI", "ComposeModel"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ComposeLoader",
            dependencies: [
                "ComposeModel",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ComposeCommands",
            dependencies: [
                "ComposeModel",
                "ComposeLoader",
                "EngineAPI",
                "EngineDocker",
                "EngineEmbedded",
                "Reconciler",
                // posix_spawn with default signal handling (`compose exec`'s foreground runc).
                "CSystemShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Watch mode runs its loops as a service group with graceful shutdown.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "compose",
            dependencies: ["ComposeCommands"],
            swiftSettings: strictSettings
        ),
        // Linux syscalls the Glibc module does not import (prctl, pidfd_open, pipe2, wait status macros).
        .target(name: "CSystemShims"),
        // JSON for the shim without Foundation (whose code alone costs the static shim MiBs of RSS).
        .target(
            name: "ShimJSON",
            swiftSettings: strictSettings
        ),
        // The per-container supervisor: single-threaded, Glibc + ShimJSON only (no Foundation).
        .executableTarget(
            name: "compose-shim",
            dependencies: ["CSystemShims", "ShimJSON"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ComposeLoaderFuzz",
            dependencies: ["ComposeLoader", "ComposeModel"],
            exclude: ["yaml.dict"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ComposeModelTests",
            dependencies: ["ComposeModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineAPITests",
            dependencies: ["EngineAPI", "ComposeTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineDockerTests",
            dependencies: ["EngineDocker", "EngineAPI", "ComposeTestSupport"],
            exclude: ["Support"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineEmbeddedTests",
            dependencies: ["EngineEmbedded", "TarArchive", "EngineAPI", "ComposeTestSupport", "ShimJSON"],
            exclude: ["Support"],
            // The shim's record conversions (a symlink) are compiled here too, against EngineEmbedded's types.
            swiftSettings: strictSettings + [.define("SHIM_RECORDS_TESTS")]
        ),
        .testTarget(
            name: "TarArchiveTests",
            dependencies: ["TarArchive"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReconcilerTests",
            dependencies: ["Reconciler", "EngineAPI", "ComposeModel", "ComposeLoader", "ComposeTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ComposeLoaderTests",
            dependencies: ["ComposeLoader", "ComposeModel"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ComposeCommandsTests",
            dependencies: ["ComposeCommands", "ComposeLoader", "ComposeModel", "EngineAPI", "EngineDocker", "EngineEmbedded",
                           "Reconciler", "ComposeTestSupport"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
