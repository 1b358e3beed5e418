// swift-tools-version: 6.1
// libFuzzer harnesses for every parser of untrusted bytes (docs/fuzzing.md). A package of its own that depends on
// tierc by path, built by scripts/fuzz.sh with `-sanitize=fuzzer,address` in its own scratch path (.build-fuzz),
// so the ordinary build and tests never see these targets or their flags.
import PackageDescription

/// Each harness is an executable whose `LLVMFuzzerTestOneInput` libFuzzer calls; `-parse-as-library` because
/// libFuzzer provides `main`.
func harness(_ name: String, _ products: [String], crypto: Bool = false, http: Bool = false) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "tierc") }
            + (crypto ? [.product(name: "Crypto", package: "swift-crypto")] : [])
            + (http ? [.product(name: "Hummingbird", package: "hummingbird"),
                       .product(name: "HTTPTypes", package: "swift-http-types"),
                       .product(name: "NIOCore", package: "swift-nio"),
                       .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers")] : []),
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "tierc-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tierc", path: ".."),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The HTTP harnesses build requests with the server's own types, and read the rate-limit fields back
        // with the Structured Field parser. The same versions and traits as tierc's Package.swift.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-structured-headers", from: "1.7.0"),
        // SwiftNIO's HTTP/1 decoder and its HTTPTypes conversion: the peer of FuzzRequestHead's differential check.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // What the harnesses share: the hand-over to libFuzzer's driver and the checking of fixture policies.
        .target(name: "FuzzSupport", dependencies: ["PolicyCheck", "PolicySource", "PolicyModel"].map { .product(name: $0, package: "tierc") }),
        // tiers.yaml and tenants.yaml through the YAML reader, the decoder, the resolver and every lint.
        harness("FuzzPolicy", ["PolicyCheck", "PolicySource", "PolicyModel", "SnapshotCodec"]),
        // Snapshot.load, unsigned and signed, and the canonical policy decoder behind the checksum.
        harness("FuzzSnapshot", ["PolicyRuntime", "PolicyModel"], crypto: true),
        // One request-log line: the plain-line path and the text path must agree (docs/simulation.md, "Speed").
        harness("FuzzLogLine", ["PolicySimulator", "PolicyRuntime", "PolicyCheck", "PolicySource", "PolicyModel"]),
        // `tierc diff --set PATH=VALUE` arguments applied to the bundled policy and checked.
        harness("FuzzSetArgument", ["PolicyDiff", "PolicyCheck", "PolicySource"]),
        // `tierc serve`'s identification of an HTTP request (target, Host, header fields), against the log path.
        harness("FuzzServeRequest", ["TiercHummingbird", "PolicySimulator", "PolicyRuntime", "PolicyCheck", "PolicySource",
                                     "PolicyModel"], http: true),
        // The rate-limit header fields, parsed back as RFC 9651 Structured Field Lists.
        harness("FuzzRateLimitHeaders", ["TiercHummingbird", "PolicyRuntime", "PolicyCheck", "PolicySource", "PolicyModel"],
                http: true),
        // tierc serve's scanner of plain request heads, split reads and SwiftNIO's HTTP/1 decoder as its peer.
        .executableTarget(
            name: "FuzzRequestHead",
            dependencies: [
                "FuzzSupport", .product(name: "TiercHTTP1", package: "tierc"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
