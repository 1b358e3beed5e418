import HTTPTypes
import NIOCore
import PolicyModel
import PolicyRuntime
import Testing
@testable import TiercHummingbird

/// Texts of answers written from tables or bytes rather than composed on each request (docs/serve.md#performance):
/// each equals the text its plain composition gives.
@Suite("tierc serve: answer texts")
struct AnswerTextTests {
    @Test func quotaMessagesFromTheTableAreQuotaMessageTexts() throws {
        var (policy, _) = try ServerFixtures.bundled()
        policy.meters += [Meter(id: "exports", kind: .counter, unit: "export"), Meter(id: "api_requests_s", kind: .counter),
                          Meter(id: "storage_gb", kind: .gauge, unit: "GB"), Meter(id: "x", kind: .counter, unit: "é")]
        let table = QuotaMessageTable(policy: policy)
        for (index, meter) in policy.meters.enumerated() {
            for window in Window.allCases {
                for limit: Int64 in [0, 1, 2, 100, 1_000_000, .max] {
                    #expect(table.text(window: window, limit: limit, meter: index)
                        == QuotaMessage.text(window: window, limit: limit, meter: meter))
                }
            }
        }
        #expect(table.text(window: .hour, limit: 100, meter: 0) == "Hourly API call limit exceeded (100 calls/hour)")
    }

    @Test func plainQuotaBodiesFromTheTableAreTheWritersBodies() throws {
        var (policy, tenants) = try ServerFixtures.bundled()
        policy.meters += [Meter(id: "exports", kind: .counter, unit: "ex\"port\\"), Meter(id: "x_y", kind: .counter, unit: "é\u{01}")]
        let rules = PolicyRules(policy: policy, tenants: tenants)
        let table = QuotaMessageTable(policy: policy)
        for meter in policy.meters.indices {
            for window in Window.allCases {
                for limit: Int64 in [0, 1, 2, 100, .max] {
                    for used: Int64 in [0, 100, 12_345] {
                        let refusal = QuotaExceeded(window: window, limit: limit, used: used, resetAt: 1_762_120_800 + used,
                                                    retryAfter: 1)
                        let written = RefusalResponse.quotaExceeded(refusal, meter: meter, rules: rules, fields: [:], problem: false)
                        #expect(table.body(refusal, meter: meter) == written.body, "\(String(buffer: written.body))")
                    }
                }
            }
        }
    }

    /// The words-of-characters test the ASCII byte test replaces for ASCII values.
    static func schemeByWords(_ value: String, _ scheme: String) -> Bool {
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return parts.count >= 2 && parts[0].lowercased() == scheme.lowercased()
    }

    @Test(arguments: ["Bearer abc", "bearer abc", "BEARER\tabc", "  Bearer   abc  ", "Bearer", "Bearer ", " Bearer\t",
                      "Basic abc", "Bearerx abc", "Beare abc", "", " ", "\t\t", "Bearer a b", "Token abc", "token x",
                      "B\u{00E9}arer abc", "\u{212A}ey abc", "Bearer \u{301}", "Bearer\u{301} abc"])
    func authorizationSchemesAsBefore(_ value: String) {
        for scheme in ["Bearer", "token", "Key", ""] {
            #expect(HTTPRequestReader.hasScheme(value, scheme) == Self.schemeByWords(value, scheme), "\(value) / \(scheme)")
        }
    }
}

/// The 403s built when a policy is loaded are the answers RefusalResponse.forbidden gives on the spot.
@Suite("tierc serve: 403s built per policy")
struct ForbiddenAnswersTests {
    @Test func everyTierAndFeature() throws {
        let (policy, _) = try ServerFixtures.bundled()
        let table = ForbiddenAnswers(policy: policy)
        for (tierIndex, tier) in policy.tiers.enumerated() {
            for (featureIndex, feature) in policy.features.enumerated() {
                let built = try #require(table.answer(tier: tierIndex, tierID: tier.id, feature: featureIndex))
                let fresh = RefusalResponse.forbidden(feature: feature.id, tier: tier.id)
                #expect(built.status == fresh.status)
                #expect(built.fields == fresh.fields)
                #expect(built.body == fresh.body)
                #expect(String(buffer: built.body).contains("\"tier\":\"\(tier.id)\""))
            }
        }
        #expect(table.answer(tier: nil, tierID: "free", feature: 0) == nil)
        #expect(table.answer(tier: 0, tierID: "not-\(policy.tiers[0].id)", feature: 0) == nil)
        #expect(table.answer(tier: 0, tierID: policy.tiers[0].id, feature: policy.features.count) == nil)
        #expect(table.answer(tier: policy.tiers.count, tierID: "x", feature: 0) == nil)
    }
}
