// swift-tools-version: 6.1
import PackageDescription

// A small Hummingbird 2 service whose routes are protected by tierc's middleware (docs/serve.md). It depends on
// this repository by path; `scripts/test.sh` builds it.
let package = Package(
    name: "swift-service",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tierc", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "SwiftService",
            dependencies: [
                .product(name: "TiercHummingbird", package: "tierc"),
                .product(name: "PolicyRuntime", package: "tierc"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ]
)
