// swift-tools-version: 6.1
// libFuzzer harnesses for every parser of untrusted bytes (docs/fuzzing.md). A package of its own that depends on
// tierc by path, built by scripts/fuzz.sh with `-sanitize=fuzzer,address` in its own scratch path (.build-fuzz),
// so the ordinary build and tests never see these targets or their flags.
import PackageDescription

/// Each harness is an executable whose `LLVMFuzzerTestOneInput` libFuzzer calls; `-parse-as-library` because
/// libFuzzer provides `main`.
func harness(_ name: String, _ products: [String], crypto: Bool = false) -> Target {
    .executableTarget(
        name: name,
        dependencies: products.map { .product(name: $0, package: "tierc") }
            + (crypto ? [.product(name: "Crypto", package: "swift-crypto")] : []),
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "tierc-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tierc", path: ".."),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // tiers.yaml and tenants.yaml through the YAML reader, the decoder, the resolver and every lint.
        harness("FuzzPolicy", ["PolicyCheck", "PolicySource", "PolicyModel"]),
        // Snapshot.load, unsigned and signed, and the canonical policy decoder behind the checksum.
        harness("FuzzSnapshot", ["PolicyRuntime", "PolicyModel"], crypto: true),
        // One request-log line: the plain-line path and the text path must agree (docs/simulation.md, "Speed").
        harness("FuzzLogLine", ["PolicySimulator", "PolicyRuntime", "PolicyCheck", "PolicySource", "PolicyModel"]),
        // `tierc diff --set PATH=VALUE` arguments applied to the bundled policy and checked.
        harness("FuzzSetArgument", ["PolicyDiff", "PolicyCheck", "PolicySource"]),
    ]
)
