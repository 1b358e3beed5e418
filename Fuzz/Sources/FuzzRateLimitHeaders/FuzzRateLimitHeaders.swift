import FuzzSupport
import HTTPTypes
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySource
import RawStructuredFieldValues
import TiercHummingbird

/// The rate-limit header fields `tierc serve` writes (docs/serve.md, "Headers"), read back by the Structured Field
/// parser of apple/swift-http-structured-headers (RFC 9651). The input chooses a meter's four window limits (any
/// whole number a tiers.yaml accepts, `unlimited` included), a route cost, and a run of requests of two tenants at
/// advancing times; every metered answer's fields must parse and say exactly what the decision says: the binding
/// window's name, remaining and seconds to reset in `RateLimit`, every limited window's quota and length in
/// `RateLimit-Policy`, and the same limit, remaining and reset in the `X-RateLimit-*` fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRateLimitHeaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var input = InputBytes(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    let windows = ["minute", "hour", "day", "month"]
    var limits: [String] = []
    for window in windows {
        switch input.byte() % 4 {
        case 0: continue
        case 1: limits.append("\(window): unlimited")
        case 2: limits.append("\(window): \(input.byte())")
        default: limits.append("\(window): \(input.uint64() >> (input.byte() % 64))")
        }
    }
    let cost = input.byte() % 4
    let meter = input.byte() % 2 == 0 ? "api_calls" : "exports"
    let policyText = """
        format: 1
        policy: fuzz
        currency: USD
        default_meter: api_calls
        identification:
          order: [api_key]
        meters:
          api_calls: { kind: counter }
          exports: { kind: counter }
        routes:
          - { match: /metered, meter: \(meter), cost: \(cost) }
        tiers:
          free:
            price: 0
            limits:
              \(meter): { \(limits.joined(separator: ", ")) }
        """
    let tenants = "tenants:\n  acme: { tier: free, api_keys: [key-acme] }\n  beta: { tier: free, api_keys: [key-beta] }\n"
    let result = PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: policyText),
                                     tenants: SourceFile(name: "tenants.yaml", text: tenants))
    guard let policy = result.policy, let directory = result.tenants else { return 0 }
    let rules = PolicyRules(policy: policy, tenants: directory)
    let store = InMemoryQuotaStore(tenants: 2, meters: policy.meters.count)
    var seconds: Int64 = 1_762_041_600 + Int64(input.byte()) * 3_571
    while !input.isEmpty {
        let step = input.byte()
        seconds += Int64(step & 0x3F) * [1, 7, 600, 86_400][Int(step >> 6)]
        let key = input.byte() % 2 == 0 ? "key-acme" : "key-beta"
        let request = Request(target: "/metered", host: nil, headers: [(name: "Authorization", value: "Bearer " + key)])
        let decision: Decision
        switch rules.plan(rules.resolver.resolve(request, at: seconds)) {
        case .decided(let value): decision = value
        case .charge(let charge): decision = store.charge(charge, at: seconds)
        }
        var fields = HTTPFields()
        RateLimitHeaders.add(decision, at: seconds, rules: rules, to: &fields)
        check(fields, decision: decision, at: seconds, rules: rules)
    }
    return 0
}

func check(_ fields: HTTPFields, decision: Decision, at seconds: Int64, rules: PolicyRules) {
    guard let state = decision.rateLimit, let meter = decision.meter, let tenant = decision.tenant,
          let tier = rules.tier(ofTenant: tenant) else {
        precondition(fields.isEmpty, "fields on an unmetered answer: \(fields)")
        return
    }
    precondition(fields[RateLimitHeaders.limit] == String(state.limit))
    precondition(fields[RateLimitHeaders.remaining] == String(state.remaining))
    precondition(fields[RateLimitHeaders.reset] == String(state.reset))
    let name = RateLimitHeaders.policyName(window: state.window, meter: meter, rules: rules)

    let current = parseList(fields[RateLimitHeaders.rateLimit], "RateLimit")
    precondition(current.count == 1, "RateLimit has \(current.count) members")
    guard case .item(let item) = current[0], case .string(let itemName) = item.bareItem else { preconditionFailure("RateLimit: not a string item") }
    precondition(itemName == name, "RateLimit names \(itemName), the binding window is \(name)")
    precondition(integer(item.parameters["r"]) == min(state.remaining, maximum), "RateLimit r: \(item.parameters)")
    precondition(integer(item.parameters["t"]) == min(max(0, state.reset - seconds), maximum), "RateLimit t: \(item.parameters)")

    let quotas = rules.windowLimits(tier: tier, meter: meter)
    let declared = parseList(fields[RateLimitHeaders.policy], "RateLimit-Policy")
    var expected: [String] = []
    for window in Window.allCases {
        guard let quota = quotas[window] else { continue }
        expected.append("\(RateLimitHeaders.policyName(window: window, meter: meter, rules: rules)) q=\(min(quota, maximum)) w=\(RateLimitHeaders.nominalSeconds(window))")
    }
    let found = declared.map { member -> String in
        guard case .item(let item) = member, case .string(let itemName) = item.bareItem,
              let q = integer(item.parameters["q"]), let w = integer(item.parameters["w"]) else {
            preconditionFailure("RateLimit-Policy member \(member)")
        }
        return "\(itemName) q=\(q) w=\(w)"
    }
    precondition(found == expected, "RateLimit-Policy says \(found), the tier has \(expected)")
}

/// RFC 9651's largest integer (15 digits): larger counts are written as this (docs/serve.md, "Headers").
let maximum: Int64 = 999_999_999_999_999

func parseList(_ value: String?, _ field: String) -> [ItemOrInnerList] {
    guard let value else { preconditionFailure("\(field) is missing on a metered answer") }
    var parser = StructuredFieldValueParser(Array(value.utf8))
    do { return try parser.parseListFieldValue() } catch { preconditionFailure("\(field): \(value) is not a Structured Field List: \(error)") }
}

/// An integer parameter as the parser reads it (its `BareItem` holds an `Int`).
func integer(_ item: BareItem?) -> Int64? {
    if case .integer(let value)? = item { return Int64(value) }
    return nil
}

/// The fuzzer's bytes as a stream of choices; past the end every read is 0.
struct InputBytes {
    private var bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
    var isEmpty: Bool { offset >= bytes.count }
    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return offset < bytes.count ? bytes[offset] : 0
    }
    mutating func uint64() -> UInt64 {
        (0..<8).reduce(UInt64(0)) { value, _ in value << 8 | UInt64(byte()) }
    }
}

/// The process entry point `FuzzRateLimitHeaders_main` (FuzzSupport's `runLibFuzzer` says why).
@_cdecl("FuzzRateLimitHeaders_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzRateLimitHeaders)
}
