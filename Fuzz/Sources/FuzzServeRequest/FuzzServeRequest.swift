import FuzzSupport
import HTTPTypes
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource
import TiercHummingbird

/// The HTTP identification of `tierc serve` (docs/serve.md, "Bad input"): the input is a request head as text, its
/// first line the request target and every other line a `Name: value` header field (`Host` becomes the authority).
/// As an HTTPTypes request head (what both of the server's listeners read) it goes to ``HTTPRequestReader`` and the
/// runtime's resolver, as the server does. Checked on every input, besides not crashing: a request the server
/// decides resolves exactly as the same request written as a request-log line resolves in `tierc simulate` ("one
/// decision procedure everywhere"), and twice the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServeRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
    let target = lines.popFirst().map(String.init) ?? "/"
    var fields = HTTPFields()
    var authority: String?
    for line in lines {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let value = String(line[line.index(after: colon)...].drop { $0 == " " })
        if line[..<colon].lowercased() == "host" {
            authority = value
        } else if let name = HTTPField.Name(String(line[..<colon])) {
            fields.append(HTTPField(name: name, value: value))
        }
    }
    guard !target.isEmpty else { return 0 }  // HTTPRequest needs a path; a request line always has a target
    let head = HTTPRequest(method: .get, scheme: "http", authority: authority, path: target, headerFields: fields)
    let seconds: Int64 = 1_762_041_600  // 2025-11-02T00:00:00Z
    guard case .success(let runtimeRequest) = HTTPRequestReader.read(head, policy: Fixture.rules.policy) else { return 0 }
    let resolved = Fixture.rules.resolver.resolve(runtimeRequest, at: seconds)
    precondition(resolved == Fixture.rules.resolver.resolve(runtimeRequest, at: seconds), "resolution is not deterministic")
    _ = Fixture.rules.plan(resolved)

    // The same request as a log line. JSON objects cannot repeat a name, so heads with a repeated field are left out.
    let names = runtimeRequest.headers.map { $0.name.lowercased() }
    guard Set(names).count == names.count else { return 0 }
    var line = #"{"ts":"2025-11-02T00:00:00Z","path":"# + JSONText.quoted(runtimeRequest.path)
    if let query = runtimeRequest.query { line += #","query":"# + JSONText.quoted(query) }
    if let host = runtimeRequest.host { line += #","host":"# + JSONText.quoted(host) }
    line += #","headers":{"# + runtimeRequest.headers.map { JSONText.quoted($0.name) + ":" + JSONText.quoted($0.value) }
        .joined(separator: ",") + "}}"
    let bytes = Array(line.utf8)
    let logged = bytes.withUnsafeBufferPointer { LogLineParser.parse($0) }
    guard case .success(.request(let fromLog, let logSeconds))? = logged else {
        preconditionFailure("the log line of a decidable request is not a request: \(line) → \(String(describing: logged))")
    }
    precondition(logSeconds == seconds)
    let logResolved = Fixture.rules.resolver.resolve(fromLog, at: seconds)
    precondition(logResolved == resolved, "serve: \(resolved)\nsimulate: \(logResolved)\nline: \(line)")
    return 0
}

/// The fixture of FuzzSupport: every identification method, routes of each glob shape, a gated feature.
enum Fixture {
    static let rules = PolicyRules(policy: FourMethodFixture.checked.policy, tenants: FourMethodFixture.checked.tenants)
}

/// The process entry point `FuzzServeRequest_main` (FuzzSupport's `runLibFuzzer` says why).
@_cdecl("FuzzServeRequest_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzServeRequest)
}
