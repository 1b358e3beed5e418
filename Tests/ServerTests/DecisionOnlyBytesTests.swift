import HTTPTypes
import NIOCore
import NIOHTTP1
import PolicyModel
import PolicyRuntime
import RawStructuredFieldValues
import Testing
@testable import TiercHummingbird
@testable import TiercServer

/// Decision-only answers written straight as bytes (docs/serve.md#performance): the rate-limit fields from the
/// policy's prepared parts and the decision's numbers (``RateLimitFieldValues``), and the usage endpoint's body
/// (``UsageBody``), byte for byte what the composition they replace gives (the answer's `HTTPFields` filled by
/// ``RateLimitHeaders``, the body by `JSONObjectWriter`), and the written structured fields valid for
/// swift-http-structured-headers' parser.
@Suite("tierc serve: decision-only answers as bytes")
struct DecisionOnlyBytesTests {
    static let date = "Sun, 02 Nov 2025 21:00:00 GMT"

    /// Requests of every tenant of the guide's policy by its four identification methods, anonymous ones, unknown
    /// keys, the problem form of a 429, `HEAD`, gated and ungated routes; 400 rounds, so that quotas run out.
    static func requests() -> [HTTPRequest] {
        let tenants = ["tenant-a", "tenant-b", "tenant-c"]
        let keys = ["demo-key-tenant-a", "demo-key-tenant-b", "demo-key-tenant-c", "no-such-key"]
        let paths = ["/api/v1/orders", "/api/intelligence/predict", "/api/growth/campaigns", "/api/v1/things?x=1"]
        var requests: [HTTPRequest] = []
        for round in 0..<400 {
            for (index, path) in paths.enumerated() {
                let method: HTTPRequest.Method = (round + index) % 9 == 0 ? .head : .get
                var fields = HTTPFields()
                if (round + index) % 3 == 1 { fields[.accept] = "application/problem+json" }
                var authority = "localhost"
                var target = path
                switch (round + index) % 5 {
                case 0: fields[.authorization] = "Bearer " + keys[round % keys.count]
                case 1: fields[HTTPField.Name("X-Tenant-ID")!] = tenants[round % tenants.count]
                case 2: authority = "bravo.yourdomain.com"
                case 3: target += (path.contains("?") ? "&" : "?") + "tenant_id=" + tenants[(round + 1) % tenants.count]
                default: break
                }
                requests.append(HTTPRequest(method: method, scheme: "http", authority: authority, path: target,
                                            headerFields: fields))
            }
        }
        return requests
    }

    /// The answer as before: the rate-limit fields set in the answer's `HTTPFields` by the refusal and
    /// ``DecidedRequest/addRateLimitFields(to:)``.
    static func composed(_ decided: DecidedRequest, accept: String?) -> TiercAnswer {
        if let refusal = decided.refusal(accept: accept) { return refusal }
        var answer = DecisionOnlyAnswer.answer(tenant: decided.tenant)
        decided.addRateLimitFields(to: &answer.fields)
        return answer
    }

    static func bytes(_ write: (inout ByteBuffer) -> Void) -> String {
        var buffer = ByteBuffer()
        write(&buffer)
        return String(buffer: buffer)
    }

    @Test func rateLimitFieldsWrittenAsBytesAreTheComposedAnswers() throws {
        let (policy, tenants) = try ServerFixtures.guide()
        // Two policies with their own counters decide the same requests alike.
        let written = ActivePolicy(policy: policy, tenants: tenants)
        let composed = ActivePolicy(policy: policy, tenants: tenants)
        let answerer = PublicAnswerer(holder: PolicyHolder(written), clock: TiercClock { _ in 1_762_117_200 }, observer: { _ in })
        var statuses: [Int: Int] = [:]
        var problems = 0
        for (index, request) in Self.requests().enumerated() {
            let clock = TiercClock { _ in 1_762_117_200 + Int64(index / 4) }
            let method: HTTPMethod = request.method == .head ? .HEAD : .GET
            let accept = request.headerFields[.accept]
            switch (DecisionStep.start(request, policy: written, clock: clock),
                    DecisionStep.start(request, policy: composed, clock: clock)) {
            case (.charge(let first), .charge(let second)):
                let (one, two) = (try #require(first.chargedNow()), try #require(second.chargedNow()))
                let answer = answerer.finish(one, accept: accept)
                let reference = Self.composed(two, accept: accept)
                #expect(Self.bytes { AnswerBytes.write(answer, method: method, date: Self.date, to: &$0) }
                    == Self.bytes { AnswerBytes.write(reference, method: method, date: Self.date, to: &$0) })
                statuses[reference.status.code, default: 0] += 1
                if reference.fields[.contentType] == "application/problem+json" { problems += 1 }
            case (.decided(let one), .decided(let two)):
                let answer = answerer.finish(one, accept: accept)
                let reference = Self.composed(two, accept: accept)
                #expect(Self.bytes { AnswerBytes.write(answer, method: method, date: Self.date, to: &$0) }
                    == Self.bytes { AnswerBytes.write(reference, method: method, date: Self.date, to: &$0) })
                statuses[reference.status.code, default: 0] += 1
            case (.answered(let one), .answered(let two)):
                #expect(one.status == two.status)
            default:
                Issue.record("the two policies took different steps for \(request)")
            }
        }
        // Every kind of answer was compared: admitted, 401, 403 and 429 (plain and problem+json).
        for status in [200, 401, 403, 429] { #expect(statuses[status, default: 0] > 0, "\(status): \(statuses)") }
        #expect(problems > 0)
    }

    @Test func writtenStructuredFieldsParse() throws {
        let (policy, tenants) = try ServerFixtures.guide()
        let active = ActivePolicy(policy: policy, tenants: tenants)
        let answerer = PublicAnswerer(holder: PolicyHolder(active), clock: TiercClock { _ in 1_762_117_200 }, observer: { _ in })
        var parsed = 0
        for request in Self.requests() {
            guard case .now(let answer) = answerer.answer(request), answer.rateLimit != nil else { continue }
            let text = Self.bytes { AnswerBytes.write(answer, method: .GET, date: Self.date, to: &$0) }
            for line in text.split(separator: "\r\n") {
                for name in ["RateLimit-Policy: ", "RateLimit: "] where line.hasPrefix(name) {
                    var parser = StructuredFieldValueParser(Array(line.dropFirst(name.count).utf8))
                    let list = try parser.parseListFieldValue()
                    #expect(!list.isEmpty)
                    for member in list {
                        guard case .item(let item) = member, case .string = item.rfc9651BareItem else {
                            Issue.record("not a string item: \(line)")
                            continue
                        }
                        let keys = item.parameters.map(\.0)
                        #expect(keys == (name == "RateLimit: " ? ["r", "t"] : ["q", "w"]), "\(line)")
                    }
                    parsed += 1
                }
            }
        }
        #expect(parsed > 100)
    }

    @Test(arguments: [0, 1, 99, 100, 101, 12_345, Int64.max / 1_000, Int64.max])
    func usageBodyIsTheComposedBody(used: Int64) throws {
        var (policy, tenants) = try ServerFixtures.guide()
        policy.meters += [Meter(id: "exports", kind: .counter, unit: "export"), Meter(id: "seats", kind: .gauge)]
        let active = ActivePolicy(policy: policy, tenants: tenants)
        var figures = UsageEndpoint.Figures(meters: policy.meters.count)
        for slot in figures.used.indices { figures.used[slot] = used / Int64(slot + 1) }
        for meter in policy.meters.indices where policy.meters[meter].kind == .gauge {
            figures.gauges[meter] = used % 2 == 0 ? nil : ExactDecimal(significand: Int128(used % 100_000), scale: 2)
        }
        // Year boundaries, a leap day, the epoch, and the walkthrough's hour.
        for seconds: Int64 in [0, 1_762_117_200, 1_767_225_599, 1_709_164_800, 253_402_300_799] {
            for (index, tenant) in tenants.tenants.enumerated() {
                let identified = IdentifiedTenant(index: index, id: tenant.id, tier: tenant.tier)
                let body = UsageBody.write(tenant: identified, policy: active, at: seconds, figures: figures)
                #expect(String(buffer: body) == Self.composedUsage(tenant: identified, policy: active, at: seconds, figures: figures))
            }
        }
    }

    @Test(arguments: [Int64.min, -1, 0, 7, 10, 999, 1_000, 1_762_117_200, Int64.max])
    func decimalBytesAreTheIntegersText(value: Int64) {
        #expect(Self.bytes { DecimalBytes.write(value, to: &$0) } == String(value))
    }

    /// The epoch, a leap day, the last second of 9999, and times beyond the years RFC 3339 text has four digits for.
    @Test(arguments: [0, -1, 1_709_164_800, 1_762_117_199, 253_402_300_799, 253_402_300_800, -62_167_219_200,
                      -62_167_219_201, Int64.max / 1_000, Int64.min / 1_000])
    func rfc3339BytesAreTheCalendarsText(seconds: Int64) {
        #expect(Self.bytes { RFC3339Bytes.write(seconds, to: &$0) } == UTCCalendar.rfc3339(seconds))
    }

    /// The usage body as it was composed with `JSONObjectWriter` before ``UsageBody`` wrote it as bytes.
    static func composedUsage(tenant: IdentifiedTenant, policy: ActivePolicy, at seconds: Int64,
                              figures: UsageEndpoint.Figures) -> String {
        let rules = policy.rules
        var meterObjects: [String] = []
        var apiCalls: String?
        var storage: String?
        for (index, meter) in rules.policy.meters.enumerated() {
            let object: String
            switch meter.kind {
            case .counter:
                object = counterUsage(tenant: tenant.index, meter: index, policy: policy, at: seconds, figures: figures)
                if meter.id == "api_calls" { apiCalls = object }
            case .gauge:
                let current = figures.gauges[index] ?? .zero
                let limit = rules.gaugeLimit(tenant: tenant.index, meter: index)
                var gauge = JSONObjectWriter()
                gauge.raw("current", current.description)
                if let limit { gauge.raw("limit", limit.description) } else { gauge.null("limit") }
                object = gauge.json
                if meter.id == "storage_gb" {
                    var writer = JSONObjectWriter()
                    writer.raw("current_gb", current.description)
                    if let limit { writer.raw("limit_gb", limit.description) } else { writer.null("limit_gb") }
                    storage = writer.json
                }
            }
            meterObjects.append(JSONText.quoted(meter.id) + ":" + object)
        }
        let tier = rules.tier(ofTenant: tenant.index).map { rules.policy.tiers[$0] }
        var body = JSONObjectWriter()
        body.string("tenant_id", tenant.id)
        body.string("tier", tenant.tier)
        if let apiCalls { body.raw("api_calls", apiCalls) }
        if let storage { body.raw("storage", storage) }
        body.object("features") { features in
            for feature in rules.policy.features { features.bool(feature.id, tier?.features.contains(feature.id) ?? false) }
        }
        body.raw("meters", "{" + meterObjects.joined(separator: ",") + "}")
        return body.json
    }

    static func counterUsage(tenant: Int, meter: Int, policy: ActivePolicy, at seconds: Int64,
                             figures: UsageEndpoint.Figures) -> String {
        let limits = policy.rules.tier(ofTenant: tenant).map { policy.rules.windowLimits(tier: $0, meter: meter) }
        var windows = JSONObjectWriter()
        for window in Window.allCases {
            let used = figures.used[Window.slot(window, inGroup: meter)]
            windows.object(window.quotaType) { object in
                object.integer("current", used)
                if let limit = limits?[window] {
                    object.integer("limit", limit)
                    object.integer("remaining", max(0, limit - used))
                    object.raw("percentage", UsageEndpoint.percentage(used, of: limit))
                } else {
                    object.null("limit")
                    object.null("remaining")
                    object.null("percentage")
                }
                object.string("reset_at", UTCCalendar.rfc3339(window.end(startingAt: window.start(containing: seconds))))
            }
        }
        return windows.json
    }
}
