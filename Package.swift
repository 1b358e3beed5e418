// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "tierc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tierc", targets: ["tierc"]),
        .executable(name: "tierc-bench", targets: ["TiercBench"]),
        .library(name: "PolicyModel", targets: ["PolicyModel"]),
        .library(name: "PolicyCheck", targets: ["PolicyCheck"]),
        // The runtime for services that load a compiled snapshot: decisions, quota stores, invoices.
        .library(name: "PolicyRuntime", targets: ["PolicyRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Property-based tests (test targets only).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // libyaml from Debian's libyaml-dev (`apt-get install -y libyaml-dev`).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // YAML text to a node tree with source marks; budgets against hostile input.
        .target(name: "PolicySource", dependencies: ["CYAML"]),
        // The policy's value types, shared by compiler and runtime. No YAML here.
        .target(name: "PolicyModel"),
        // A seeded PRNG with a fixed algorithm, for the benchmark's generated logs and the tests' inputs.
        .target(name: "SeededRandom"),
        // Decoding, validation rules, diagnostics and their renderers.
        .target(
            name: "PolicyCheck",
            dependencies: ["PolicySource", "PolicyModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The runtime: snapshot loading, identification, rules, decisions, quota stores, invoices. Depends on the
        // model only, never on YAML or the compiler.
        .target(
            name: "PolicyRuntime",
            dependencies: ["PolicyModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The compiler's back end: the binary snapshot writer and the Swift (and later SQL) emitters.
        .target(
            name: "PolicyCompiler",
            dependencies: ["PolicyModel", "PolicyRuntime", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // What every human report shares: thousands separators, the HTML node tree and its escaping renderer,
        // the inline-SVG bar chart, and the tier comparison table of `tierc table`. Depends on the model only.
        .target(name: "ReportKit", dependencies: ["PolicyModel"]),
        // Log readers, replay and reports.
        .target(name: "PolicySimulator", dependencies: ["PolicyRuntime", "PolicyModel", "ReportKit"]),
        // Semantic comparison of two policies (`tierc diff`): changes, impacts, `--set` edits, renderers.
        .target(
            name: "PolicyDiff",
            dependencies: ["PolicyModel", "PolicyCheck", "PolicySource", "PolicySimulator", "PolicyRuntime", "ReportKit"]
        ),
        // The command-line tool: thin glue over the libraries.
        .executableTarget(
            name: "tierc",
            dependencies: [
                "PolicyCheck", "PolicySource", "PolicyModel", "PolicyRuntime", "PolicySimulator", "PolicyCompiler",
                "PolicyDiff", "ReportKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks and generators of large inputs; run in release (see BENCHMARKS.md).
        .executableTarget(
            name: "TiercBench",
            dependencies: ["PolicyCheck", "PolicySource", "PolicyModel", "PolicyRuntime", "PolicyCompiler", "SeededRandom"],
            path: "Sources/TiercBench"
        ),
        .testTarget(name: "PolicySourceTests", dependencies: ["PolicySource", "SeededRandom"]),
        .testTarget(name: "PolicyModelTests", dependencies: ["PolicyModel"]),
        .testTarget(name: "ReportKitTests", dependencies: ["ReportKit", "PolicyModel"]),
        .testTarget(
            name: "PolicyCheckTests",
            dependencies: ["PolicyCheck", "PolicySource", "PolicyModel"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PolicySimulatorTests",
            dependencies: [
                "PolicySimulator", "PolicyRuntime", "PolicyCheck", "PolicySource", "PolicyModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SnapshotTests",
            dependencies: [
                "PolicyCompiler", "PolicyRuntime", "PolicyCheck", "PolicySource", "PolicyModel", "SeededRandom",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "SwiftEmitterTests",
            dependencies: ["PolicyCompiler", "PolicyCheck", "PolicyModel"],
            exclude: ["References"]
        ),
        .testTarget(
            name: "PolicyDiffTests",
            dependencies: ["PolicyDiff", "PolicyCheck", "PolicySource", "PolicyModel", "PolicySimulator", "PolicyRuntime"]
        ),
        // The generated PostgreSQL against a throwaway cluster (initdb, pg_ctl and psql from Debian's postgresql).
        .testTarget(
            name: "PostgresTests",
            dependencies: [
                "PolicyCompiler", "PolicyRuntime", "PolicySimulator", "PolicyCheck", "PolicySource", "PolicyModel",
                "SeededRandom",
            ]
        ),
        .testTarget(name: "TiercTests", dependencies: ["tierc", "SeededRandom"], exclude: ["Fixtures"]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
