import PolicyModel
import PolicyRuntime
import Testing

extension PostgresTests {
    /// Every usage price model of the registry (`UsagePrice.Scheme.Kind`, docs/pricing-models.md), as policy.sql
    /// writes its row: `tierc.usage_amount` bills the same amounts as the runtime's `UsagePrice.amount`. A new model
    /// fails here until it has an example below (and a branch in SQL/usage_amount.sql).
    @Suite struct UsagePriceModelTests {
        /// One usage price per model, as tiers.yaml writes it, keyed by the model's name: bands, flat fees, `per`
        /// and `free` where the model takes them, so that every part of the SQL row is used.
        static let examples: [String: String] = [
            "flat": "{ per: 1000, price: 0.0015, free: 50 }",
            "graduated": "{ per: 3, graduated: [{ up_to: 100, price: 0.02, flat: 1 }, { up_to: 250.5, price: 0.015, flat: 0.5 }, { up_to: unlimited, price: 0.01 }] }",
            "volume": "{ per: 10, free: 5, volume: [{ up_to: 100, price: 0.2 }, { up_to: unlimited, price: 0.1, flat: 2 }] }",
            "package": "{ package: 100, price: 5, free: 10 }",
        ]

        /// A tier per model, `t_<name>`, each pricing `api_calls` with the model's example.
        static func policyText() throws -> String {
            var tiers: [String] = []
            for kind in UsagePrice.Scheme.Kind.allCases {
                let name = kind.model.name
                let example = try #require(examples[name], "no example for the model `\(name)`")
                tiers.append("""
                      t_\(name):
                        price: 0
                        usage_prices:
                          api_calls: \(example)
                    """)
            }
            return """
                format: 1
                policy: models
                currency: KWD
                identification: { order: [api_key] }
                meters:
                  api_calls: { kind: counter }
                default_meter: api_calls
                tiers:

                """ + tiers.joined(separator: "\n")
        }

        @Test func everyModelBillsInSQLAsTheRuntime() async throws {
            let (policy, tenants) = try Fixtures.check(try Self.policyText(), tenants: "tenants: {}")
            let database = try await PostgresTests.database("usage_price_models")
            try await database.load(policy, tenants: tenants)
            let ids = try await database.rows("SELECT tier, price_id FROM tierc.usage_prices WHERE meter = 'api_calls' ORDER BY price_id;")
            let quantities = ["0", "1", "9", "10", "11", "99", "100", "101", "250.5", "251", "1049", "1050", "12345.678"]
            var cases: [String] = []
            var expected: [[String?]] = []
            var kinds: Set<UsagePrice.Scheme.Kind> = []
            for row in ids {
                let tier = try #require(row[0]), id = try #require(row[1])
                let price = try #require(policy.tiers.first { $0.id == tier }?.usagePrices["api_calls"])
                kinds.insert(price.scheme.kind)
                for text in quantities {
                    let quantity = try #require(ExactDecimal(text))
                    for (minor, rule) in [(3, Rounding.halfUp), (3, .halfEven), (0, .halfEven), (2, .halfUp)] {
                        let amount = try price.amount(for: quantity, minorUnits: minor, rule: rule)
                        cases.append("(\(cases.count), \(id), \(quantity), \(minor), '\(rule.rawValue)')")
                        expected.append([String(expected.count), amount.formatted(fractionDigits: minor)])
                    }
                }
            }
            #expect(kinds == Set(UsagePrice.Scheme.Kind.allCases), "policy.sql has a row for every model")
            let rows = try await database.rows("""
                SELECT c.n, tierc.usage_amount(c.price_id, c.quantity, c.minor, c.rule)
                  FROM (VALUES \(cases.joined(separator: ", "))) AS c (n, price_id, quantity, minor, rule)
                 ORDER BY c.n;
                """)
            #expect(rows.count == expected.count)
            for (row, line) in zip(rows, expected) where row != line {
                Issue.record("case \(line[0] ?? ""): SQL \(row[1] ?? "NULL"), Swift \(line[1] ?? "")")
            }
        }
    }
}
