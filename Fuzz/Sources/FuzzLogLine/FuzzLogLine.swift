import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource

/// One request-log line, as `tierc simulate` reads it: the input is the line. Besides not crashing, two properties
/// are checked on every input (docs/simulation.md, "Speed"): the item made from the line (the plain-line path on
/// its bytes when the line is plain) equals the one made by parsing it into a ``LogRecord`` and resolving that;
/// and a plain line is always a valid request.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let line = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    let reference: String
    switch LogLineParser.parse(line) {
    case nil: reference = "blank"
    case .failure(let problem)?: reference = "invalid \(problem.reason) \(problem.column.map(String.init) ?? "-")"
    case .success(.request(let request, let seconds))?: reference = "request \(Fixture.resolver.resolve(request, at: seconds)) at \(seconds)"
    case .success(let record)?: reference = "gauge \(record)"
    }
    let item: String
    switch ReplayItem.make(.text(line), resolver: Fixture.resolver, keys: &Fixture.keys) {
    case nil: item = "blank"
    case .invalid(let problem)?: item = "invalid \(problem.reason) \(problem.column.map(String.init) ?? "-")"
    case .request(let request, let seconds)?: item = "request \(request) at \(seconds)"
    case .gauge(let record)?: item = "gauge \(record)"
    }
    precondition(item == reference, "plain path: \(item)\ntext path: \(reference)")
    if LogLineParser.withPlainRequest(line, { _, _ in true }) != nil {
        precondition(reference.hasPrefix("request"), "a plain line that is not a valid request: \(reference)")
    }
    return 0
}

/// Every identification method, and routes of each glob shape.
enum Fixture {
    nonisolated(unsafe) static var keys = APIKeyDigests(capacity: 64)

    static let resolver: RequestResolver = {
        let policy = """
            format: 1
            policy: fuzz
            currency: USD
            identification:
              order: [api_key, header, subdomain, query]
              subdomain: { base_domain: example.com }
            meters:
              api_calls: { kind: counter }
              storage_gb: { kind: gauge }
            routes:
              - { match: /api/exact, cost: 2 }
              - { match: "/api/*/items/**", cost: 3 }
              - { match: /api/sub/**, cost: 4 }
            tiers:
              free:
                price: 0
            """
        let tenants = """
            tenants:
              acme: { tier: free, api_keys: [key-acme], subdomain: acme }
              beta: { tier: free, api_keys: [key-beta], subdomain: bravo }
            """
        let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: policy),
                                         tenants: SourceFile(name: "tenants.yaml", text: tenants))
        return PolicyEngine(policy: result.policy!, tenants: result.tenants!).resolver
    }()
}

/// The process entry point. SwiftPM links a debug executable's `main` to `FuzzLogLine_main` (so that tests can import
/// it), which a harness built as a library (`-parse-as-library`) does not define: this defines it and hands the
/// command line to libFuzzer's driver, exactly as libFuzzer's own `main` does.
@_cdecl("FuzzLogLine_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzLogLine)
}

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
