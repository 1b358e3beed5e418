public import PolicyCheck
public import PolicyModel
public import PolicySource

/// What every harness shares (docs/fuzzing.md): the hand-over to libFuzzer's driver, and checking a fixture policy.

/// A harness's test function, as libFuzzer calls it.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

/// Runs libFuzzer on `test` with the process's command line. A harness is built as a library
/// (`-parse-as-library`, libFuzzer provides the process), and SwiftPM links a debug executable's `main` to
/// `<Target>_main`: each harness defines that symbol (`@_cdecl`) and calls this, exactly as libFuzzer's own
/// `main` calls its driver.
public func runLibFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: FuzzTest) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, test)
}

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ test: FuzzTest) -> Int32

/// A harness's fixed policy and tenants, checked as `tierc check` does; a fixture that does not check is a bug of
/// the harness, not a finding, so it stops the process at once with the diagnostics.
public func checkedFixture(policy: String, tenants: String) -> (policy: Policy, tenants: TenantDirectory) {
    let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: policy),
                                     tenants: SourceFile(name: "tenants.yaml", text: tenants))
    guard let checked = result.policy, let directory = result.tenants else {
        fatalError("the harness's fixture does not check: \(result.diagnostics)")
    }
    return (checked, directory)
}

/// The four identification methods of the multi-tenancy guide (the header read under two names), routes of each
/// glob shape, a gated feature and a limited tier, for the harnesses that identify and decide requests.
public enum FourMethodFixture {
    public static let policy = """
        format: 1
        policy: fuzz
        currency: USD
        identification:
          order: [api_key, header, subdomain, query]
          api_key: { scheme: Bearer }
          header: { names: [X-Tenant-ID, Tenant-ID] }
          subdomain: { base_domain: example.com }
          query: { param: tenant_id }
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        features:
          gated: {}
        routes:
          - { match: /api/exact, cost: 2 }
          - { match: "/api/*/items/**", cost: 3 }
          - { match: /api/sub/**, cost: 4 }
          - { match: /api/gated/**, feature: gated }
        tiers:
          free:
            price: 0
            limits:
              api_calls: { hour: 5 }
          pro:
            price: 10
            features: [gated]
        """

    public static let tenants = """
        tenants:
          acme: { tier: free, api_keys: [key-acme], subdomain: acme }
          beta: { tier: pro, api_keys: [key-beta], subdomain: bravo }
        """

    /// The fixture, checked.
    public static let checked: (policy: Policy, tenants: TenantDirectory) = checkedFixture(policy: policy, tenants: tenants)
}
