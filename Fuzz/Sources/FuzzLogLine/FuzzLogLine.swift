import FuzzSupport
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

/// The fixture of FuzzSupport: every identification method, and routes of each glob shape.
enum Fixture {
    nonisolated(unsafe) static var keys = APIKeyDigests(capacity: 64)

    static let resolver = PolicyEngine(policy: FourMethodFixture.checked.policy, tenants: FourMethodFixture.checked.tenants).resolver
}

/// The process entry point `FuzzLogLine_main` (FuzzSupport's `runLibFuzzer` says why).
@_cdecl("FuzzLogLine_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzLogLine)
}
