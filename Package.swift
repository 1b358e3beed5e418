// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tierc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tierc", targets: ["tierc"]),
        .executable(name: "tierc-bench", targets: ["TiercBench"]),
        .library(name: "PolicyModel", targets: ["PolicyModel"]),
        .library(name: "PolicyCheck", targets: ["PolicyCheck"]),
        // The snapshot's wire form, for the fuzz harnesses of Fuzz/ that encode a checked policy.
        .library(name: "SnapshotCodec", targets: ["SnapshotCodec"]),
        // The runtime for services that load a compiled snapshot: decisions, quota stores, invoices.
        .library(name: "PolicyRuntime", targets: ["PolicyRuntime"]),
        // The YAML front end, the simulator and the policy differ as libraries: for the fuzz harnesses of Fuzz/
        // (docs/fuzzing.md), which depend on this package by path.
        .library(name: "PolicySource", targets: ["PolicySource"]),
        .library(name: "PolicySimulator", targets: ["PolicySimulator"]),
        .library(name: "PolicyDiff", targets: ["PolicyDiff"]),
        // A Hummingbird 2 middleware that decides every request by a loaded policy (docs/serve.md).
        .library(name: "TiercHummingbird", targets: ["TiercHummingbird"]),
        // tierc serve's scanner of plain HTTP/1.1 request heads, a library for its fuzz harness in Fuzz/.
        .library(name: "TiercHTTP1", targets: ["TiercHTTP1"]),
        // What `tierc` runs, without the binary: load a policy in memory, compile it through the backends (docs/pipeline.md).
        .library(name: "TiercPipeline", targets: ["TiercPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Property-based tests (test targets only).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // `tierc serve` and the TiercHummingbird middleware (docs/serve.md). No default traits: neither
        // swift-configuration nor full Foundation is needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-structured-headers", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Already dependencies of Hummingbird; named for the types the server uses directly.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        // `/metrics` of `tierc serve` in the Prometheus text format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // `tierc serve --store postgres://…`: counters shared by many instances in the schema of policy.sql
        // (docs/postgres.md#serving-from-postgresql). PostgresClient brings its own connection pool.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already a dependency of postgres-nio; named for its TLS configuration type.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // libyaml from Debian's libyaml-dev (`apt-get install -y libyaml-dev`).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Source files, locations (lines and columns, or a byte span of a binary file) and diagnostics (notes, fix-its),
        // the collector stages append to, their stable codes and the catalogue of every code (docs/diagnostics.md). No
        // YAML and no policy here: a new diagnostic code goes in DiagnosticCatalog.swift.
        .target(name: "Diagnostics"),
        // The renderers of diagnostics (docs/cli.md): human (swiftc-like excerpts, colour only on a terminal), JSON,
        // SARIF 2.1.0 (SARIFLog), GitHub workflow commands (GitHubAnnotations), which check, compile, inspect and diff
        // fill; the one CSV writer of every command's tables (CSVTable). Diagnostics and the model's JSON text only, no
        // libyaml: a new output format goes here.
        .target(name: "Reporting", dependencies: ["Diagnostics", "PolicyModel"]),
        // YAML text to a node tree with source marks; budgets against hostile input. Re-exports Diagnostics.
        .target(name: "PolicySource", dependencies: ["CYAML", "Diagnostics"]),
        // The policy's value types, shared by compiler and runtime, and in Pricing/ the usage price models (one type per
        // model) and their registry: a new pricing model starts here (docs/pricing-models.md). No YAML here.
        .target(name: "PolicyModel"),
        // A seeded PRNG with a fixed algorithm, and seeded pricing v2 policy and tenants texts, for the bench and tests.
        .target(name: "SeededRandom"),
        // Decoding (one file per section), resolution with provenance (typed paths to source ranges), validation
        // rules and their message factories (did-you-mean); Pricing/ each usage price model's tiers.yaml form and JSON
        // Schema. Re-exports Reporting, so a check's result is rendered.
        .target(
            name: "PolicyCheck",
            dependencies: ["Diagnostics", "Reporting", "PolicySource", "PolicyModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The snapshot's wire form (docs/snapshot-format.md), one `+Codec` file per type with its writer and its reader
        // side by side, explicit wire-tag enums (WireTag/), the bounds-checked ByteReader (the only raw-pointer code),
        // Snapshot.load and Snapshot.encode, the keys; Pricing/ each usage price model's wire form. Depends on the model
        // only; a new wire tag goes here.
        .target(
            name: "SnapshotCodec",
            dependencies: ["PolicyModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The runtime: identification, rules, decisions, quota stores, invoices; it loads snapshots through
        // SnapshotCodec (re-exported); Pricing/ each usage price model's charge. Depends on the model and the codec
        // only, never on YAML or the compiler.
        .target(
            name: "PolicyRuntime",
            dependencies: ["PolicyModel", "SnapshotCodec", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The emitters behind the pipeline's backends (TiercPipeline): the snapshot writer (framing by SnapshotCodec,
        // signing, load-back), the Swift and PostgreSQL emitters, the monitoring files. The fixed SQL is in
        // Postgres/SQL/*.sql (excluded here), embedded by scripts/embed-sql.sh into the committed PostgresSQLFiles.swift
        // (docs/postgres.md#where-the-sql-lives). Postgres/Pricing/ and Swift/Pricing/: each usage price model's SQL rows
        // and generated Swift.
        .target(
            name: "PolicyCompiler",
            dependencies: ["PolicyModel", "PolicyRuntime", "SnapshotCodec", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Postgres/SQL"]
        ),
        // What every human report shares: thousands separators, the HTML node tree and its escaping renderer,
        // the inline-SVG bar chart, and the tier comparison table of `tierc table` (Pricing/: each usage price model's
        // cell). Depends on the model and on Reporting (its CSV) only.
        .target(name: "ReportKit", dependencies: ["PolicyModel", "Reporting"]),
        // Log readers, replay and reports (the CSV tables' rows; Reporting writes them).
        .target(name: "PolicySimulator", dependencies: ["PolicyRuntime", "PolicyModel", "ReportKit", "Reporting"]),
        // Semantic comparison of two policies (`tierc diff`): changes, impacts, `--set` edits, renderers; Pricing/ each
        // usage price model's comparison and text.
        .target(
            name: "PolicyDiff",
            dependencies: ["PolicyModel", "PolicyCheck", "PolicySource", "PolicySimulator", "PolicyRuntime", "ReportKit"]
        ),
        // A Hummingbird 2 middleware: identifies the tenant, answers 401/403/429 with the headers of docs/serve.md,
        // and hands the identified tenant to the application's handlers. Policy runtime plus HTTP, nothing else.
        .target(
            name: "TiercHummingbird",
            dependencies: [
                "PolicyRuntime", "PolicyModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
            ]
        ),
        // tierc's own scanner of plain HTTP/1.1 request heads, in front of SwiftNIO's parser on the decision-only
        // listener (docs/serve.md#the-plain-request-scanner). HTTPTypes and NIOCore's ByteBuffer, nothing else.
        .target(
            name: "TiercHTTP1",
            dependencies: [
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // A QuotaStore in the PostgreSQL schema of policy.sql and the lease broker of `--lease N`, through postgres-nio
        // (`tierc serve --store postgres://…`, docs/postgres.md#serving-from-postgresql). PolicyRuntime itself never
        // depends on postgres-nio.
        .target(
            name: "PolicyStorePostgres",
            dependencies: [
                "PolicyRuntime", "PolicyModel",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // `tierc serve`: the listeners (decision-only mode straight on SwiftNIO, forwarding and admin on Hummingbird),
        // tierc's own endpoints (usage, invoice, admin, shadow), forwarding upstream, lifecycle. One file per endpoint
        // or concern (docs/serve.md).
        .target(
            name: "TiercServer",
            dependencies: [
                "TiercHummingbird", "TiercHTTP1", "PolicyRuntime", "PolicyModel", "PolicySimulator", "PolicyStorePostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The pipeline as a library (docs/pipeline.md): the front end (a policy from YAML text or snapshot bytes, in
        // memory, with its tenants and diagnostics; `tierc diff`'s OLD, NEW and `--set` edits, compared; `tierc serve`'s
        // policy and tenants at start and on a reload, in Serve/), the `CompileBackend` protocol with one backend per output format
        // of `tierc compile` (snapshot, Swift, PostgreSQL, monitoring), the one `BackendRegistry` of them, and the
        // replay loops (`simulate`'s state; `diff --replay` over a descriptor the caller opened), and in Findings/ its
        // errors as diagnostics. No file is opened or written here; a new output format is a new backend in Backends/,
        // listed in the registry.
        .target(
            name: "TiercPipeline",
            dependencies: ["PolicyCheck", "PolicySource", "PolicyModel", "PolicyRuntime", "SnapshotCodec", "PolicyCompiler",
                           "PolicySimulator", "PolicyDiff"]
        ),
        // The command-line tool: argument parsing, reading and writing files, exit statuses; the work is the libraries'
        // (Pricing/: each usage price model's lines of `tierc inspect`).
        .executableTarget(
            name: "tierc",
            dependencies: [
                "TiercPipeline", "PolicyCheck", "PolicySource", "PolicyModel", "PolicyRuntime", "PolicySimulator", "PolicyCompiler",
                "PolicyDiff", "TiercServer", "ReportKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks, generators of large inputs and a static Hummingbird peer; run in release (see BENCHMARKS.md).
        .executableTarget(
            name: "TiercBench",
            dependencies: ["PolicyCheck", "PolicySource", "PolicyModel", "PolicyRuntime", "PolicyCompiler", "PolicySimulator",
                           "PolicyDiff", "TiercPipeline", "SeededRandom", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "NIOCore", package: "swift-nio")],
            path: "Sources/TiercBench"
        ),
        .testTarget(name: "PolicySourceTests", dependencies: ["PolicySource", "SeededRandom"]),
        .testTarget(name: "PolicyModelTests", dependencies: ["PolicyModel"]),
        .testTarget(name: "ReportKitTests", dependencies: ["ReportKit", "PolicyModel"]),
        // Reporting's writers without a command: SARIF logs, GitHub annotations, CSV quoting.
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Diagnostics"]),
        .testTarget(
            name: "PolicyCheckTests",
            dependencies: ["PolicyCheck", "PolicySource", "PolicyModel", "SnapshotCodec"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PolicySimulatorTests",
            dependencies: [
                "PolicySimulator", "PolicyRuntime", "PolicyCheck", "PolicySource", "PolicyModel", "SeededRandom",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SnapshotTests",
            dependencies: [
                "SnapshotCodec", "PolicyCompiler", "PolicyRuntime", "PolicyCheck", "PolicySource", "PolicyModel", "SeededRandom",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Corpus", "Formats"]
        ),
        .testTarget(
            name: "SwiftEmitterTests",
            dependencies: ["PolicyCompiler", "PolicyCheck", "PolicyModel", "PolicyRuntime", "SeededRandom"],
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
        // The pipeline without the binary: the front end's diagnostics and snapshots, the registry's bytes, the replay state.
        .testTarget(
            name: "TiercPipelineTests",
            dependencies: ["TiercPipeline", "PolicyCheck", "PolicySource", "PolicyModel", "PolicyRuntime", "PolicyCompiler",
                           "PolicySimulator", "PolicyDiff"]
        ),
        .testTarget(name: "TiercTests", dependencies: ["tierc", "SeededRandom"], exclude: ["Fixtures"]),
        // The middleware through HummingbirdTesting, `tierc serve` over real HTTP on 127.0.0.1, and the bytes of its answers against SwiftNIO's encoder.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "tierc", "TiercHummingbird", "TiercHTTP1", "TiercServer", "PolicyRuntime", "PolicyModel", "PolicySimulator",
                "PolicyCheck", "PolicySource", "SeededRandom",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Fixtures"]
        ),
        // `tierc serve --store postgres://…` as processes on a throwaway PostgreSQL cluster (docs/serve.md#store).
        // Shared/ links the harness files of ServerTests (the serve process, the equivalence log) and of
        // PostgresTests (the cluster, psql), so that neither target needs the other's setup.
        .testTarget(
            name: "ServeStoreTests",
            dependencies: [
                "tierc", "PolicyRuntime", "PolicyModel", "PolicySimulator", "PolicyCheck", "PolicySource", "PolicyCompiler",
                "PolicyStorePostgres", "SeededRandom",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
