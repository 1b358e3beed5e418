import FuzzSupport
import PolicyCheck
import PolicyModel
import PolicySource
import SnapshotCodec

/// The first byte chooses the file the rest of the input is: even, a tiers.yaml checked with ``Fixture/tenants``;
/// odd, a tenants.yaml checked against ``Fixture/policy``. Both go through the YAML reader, the decoder, the
/// resolver, every lint and the human and JSON renderers, as `tierc check` runs them. A crash, a trap, a leak
/// reported by AddressSanitizer or a run over libFuzzer's time limit is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let result = data[0] & 1 == 0
        ? PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", bytes: rest),
                              tenants: SourceFile(name: "tenants.yaml", text: Fixture.tenants))
        : PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: Fixture.policy),
                              tenants: SourceFile(name: "tenants.yaml", bytes: rest))
    _ = HumanRenderer().render(result)
    _ = JSONRenderer().render(result)
    if let policy = result.policy {
        // What compile and the snapshot hash: the canonical form must exist for every policy that checks.
        _ = policy.canonicalBytes()
    }
    return 0
}

/// The fixed other file of each input.
enum Fixture {
    static let policy = """
        format: 1
        policy: fuzz
        currency: EUR
        identification:
          order: [api_key, header, subdomain, query]
          subdomain: { base_domain: example.com }
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        features:
          exports: {}
        routes:
          - { match: /api/exports/**, feature: exports, cost: 5 }
        tiers:
          free:
            price: 0
            limits:
              api_calls: { minute: 10, month: 1000 }
              storage_gb: 1
          team:
            extends: free
            price: 49
            features: [exports]
        """

    static let tenants = """
        tenants:
          acme:
            tier: free
            api_keys: [key-acme]
            subdomain: acme
          beta:
            tier: team
        """
}

/// The process entry point `FuzzPolicy_main` (FuzzSupport's `runLibFuzzer` says why).
@_cdecl("FuzzPolicy_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzPolicy)
}
