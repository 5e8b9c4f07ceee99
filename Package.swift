// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wfrun",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wfrun", targets: ["wfrun"]),
        .library(name: "WorkflowModel", targets: ["WorkflowModel"]),
        .library(name: "WorkflowXML", targets: ["WorkflowXML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Already brought by the three above; named because our code imports their modules.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "WorkflowModel"),
        .target(name: "WorkflowXML", dependencies: ["CLibXML2", "WorkflowModel"]),
        .target(
            name: "WorkflowEngine",
            dependencies: ["WorkflowModel", .product(name: "Logging", package: "swift-log")]
        ),
        // OAuth 1.0a signing and Facebook's appsecret_proof: shared by the connectors and the emulator.
        .target(name: "SocialAuth", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "SocialConnectors",
            dependencies: [
                "WorkflowModel", "WorkflowXML", "WorkflowEngine", "SocialAuth",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // A local server speaking the X (1.1 and 2) and Facebook Graph API subset wfrun uses.
        .target(
            name: "SocialEmulator",
            dependencies: [
                "SocialAuth",
                "WorkflowModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "WorkflowStore",
            dependencies: [
                "WorkflowModel",
                "WorkflowEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .executableTarget(
            name: "wfrun",
            dependencies: [
                "WorkflowModel",
                "WorkflowXML",
                "WorkflowEngine",
                "SocialConnectors",
                "SocialEmulator",
                "WorkflowStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Fuzz targets for expressions and workflow files: libFuzzer with -DLIBFUZZER (Scripts/fuzz.sh),
        // else a command that replays inputs.
        .executableTarget(name: "wfrun-fuzz", dependencies: ["WorkflowModel", "WorkflowXML"], path: "Sources/WorkflowFuzz"),
        .testTarget(name: "WorkflowModelTests", dependencies: ["WorkflowModel"]),
        .testTarget(
            name: "WorkflowXMLTests",
            dependencies: ["WorkflowXML", "WorkflowModel", "WorkflowEngine", "SocialConnectors", "wfrun-fuzz"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "WorkflowEngineTests",
            dependencies: ["WorkflowEngine", "WorkflowModel", "WorkflowXML", "WorkflowStore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "SocialAuthTests", dependencies: ["SocialAuth"]),
        .testTarget(
            name: "SocialEmulatorTests",
            dependencies: [
                "SocialEmulator", "SocialAuth",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SocialConnectorsTests",
            dependencies: [
                "SocialConnectors", "SocialEmulator", "SocialAuth", "WorkflowEngine", "WorkflowModel", "WorkflowStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The PostgreSQL server of the tests: WFRUN_TEST_POSTGRES_URL's, or a private one started on first use.
        .target(name: "TestPostgresSupport", path: "Tests/TestPostgresSupport"),
        .testTarget(
            name: "WorkflowStoreTests",
            dependencies: ["WorkflowStore", "WorkflowEngine", "WorkflowModel", "WorkflowXML", "TestPostgresSupport"]
        ),
        // Runs the real `wfrun` executable as a subprocess; depending on it makes SwiftPM build it.
        .testTarget(
            name: "WfrunTests", dependencies: ["wfrun", "WorkflowEngine", "SocialEmulator", "TestPostgresSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
