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
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "WorkflowModel"),
        .target(name: "WorkflowXML", dependencies: ["CLibXML2", "WorkflowModel"]),
        .target(name: "WorkflowEngine", dependencies: ["WorkflowModel", "WorkflowXML"]),
        .target(name: "SocialConnectors", dependencies: ["WorkflowModel"]),
        .executableTarget(
            name: "wfrun",
            dependencies: [
                "WorkflowModel",
                "WorkflowXML",
                "WorkflowEngine",
                "SocialConnectors",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "WorkflowModelTests", dependencies: ["WorkflowModel"]),
        .testTarget(
            name: "WorkflowXMLTests",
            dependencies: ["WorkflowXML", "WorkflowModel", "WorkflowEngine", "SocialConnectors"],
            exclude: ["Fixtures"]
        ),
        // Runs the real `wfrun` executable as a subprocess; depending on it makes SwiftPM build it.
        .testTarget(name: "WfrunTests", dependencies: ["wfrun"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
