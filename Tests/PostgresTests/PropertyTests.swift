@testable import PolicyCompiler
import PolicyModel
import PolicyRuntime
import SeededRandom
import Testing

extension PostgresTests {
    /// Randomised comparisons of the SQL building blocks with the Swift model, many cases per query.
    @Suite struct PropertyTests {
        /// Every generated (pattern, path) pair: the route filter of `check_request` (literal prefix, then the
        /// regex on '/' || path, in the "C" collation) against `RouteGlob.matches`.
        @Test func routeGlobsMatchLikeRouteGlob() async throws {
            var random = SplitMix64(seed: 13)
            let segments = ["a", "b", "ab", "", ".", "a.b", "(", "\\", "*", "a*", "*b", "a*b*", "**", "**", "ü", "[x]"]
            let pathSegments = ["a", "b", "ab", "", ".", "a.b", "(", "\\", "ü", "[x]", "aab", "ba", "axb"]
            var patterns: [String] = []
            for _ in 0..<300 {
                let count = 1 + random.below(4)
                let body = (0..<count).map { _ in segments[random.below(segments.count)] }.joined(separator: "/")
                patterns.append(random.chance(4, in: 5) ? "/" + body : body)
            }
            var paths: [String] = []
            for _ in 0..<60 {
                let count = random.below(5)
                let body = (0..<count).map { _ in pathSegments[random.below(pathSegments.count)] }.joined(separator: "/")
                paths.append(random.chance(4, in: 5) ? "/" + body : body)
            }
            var expected: Set<[String]> = []
            for (p, pattern) in patterns.enumerated() {
                let glob = RouteGlob(pattern)
                for (q, path) in paths.enumerated() where glob.matches(path) {
                    #expect(path.hasPrefix(PostgresRouteGlob(pattern).literalPrefix), "\(pattern) matches \(path)")
                    expected.insert([String(p), String(q)])
                }
            }
            let patternRows = patterns.enumerated().map { index, pattern in
                let glob = PostgresRouteGlob(pattern)
                return "(\(index), \(SQLValue.literal(glob.literalPrefix)), \(SQLValue.literal(glob.regex)))"
            }
            let pathRows = paths.enumerated().map { index, path in "(\(index), \(SQLValue.literal(path)))" }
            let database = try await PostgresTests.database("property_globs")
            let rows = try await database.rows("""
                SELECT p.id, q.id
                  FROM (VALUES \(patternRows.joined(separator: ", "))) AS p (id, prefix, regex),
                       (VALUES \(pathRows.joined(separator: ", "))) AS q (id, path)
                 WHERE starts_with(q.path COLLATE "C", p.prefix) AND ('/' || q.path) COLLATE "C" ~ p.regex;
                """)
            let matched = Set(rows.map { $0.compactMap { $0 } })
            #expect(matched == expected, "SQL only: \(matched.subtracting(expected).prefix(5)), Swift only: \(expected.subtracting(matched).prefix(5))")
            #expect(expected.count > 200, "the generated pairs match often enough to mean something")
        }

        /// `tierc.usage_amount` over random unit, package, graduated and volume prices (with free units and band
        /// flat fees) against `UsagePrice.amount`, for
        /// every rounding rule and 0 to 4 minor units, with quantities and prices chosen to produce ties.
        @Test func usageAmountsRoundLikeTheRuntime() async throws {
            let (policy, tenants) = try Fixtures.tiers()
            let database = try await PostgresTests.database("property_amounts")
            try await database.load(policy, tenants: tenants)
            var random = SplitMix64(seed: 29)
            func decimal(_ limit: Int, maxScale: Int) -> ExactDecimal {
                ExactDecimal(significand: Int128(random.below(limit)), scale: random.below(maxScale + 1))
            }
            var prices: [(id: Int, price: UsagePrice)] = []
            var priceRows: [String] = []
            var bandRows: [String] = []
            for index in 0..<120 {
                let id = 1_000 + index
                let per = Int64([1, 1, 2, 3, 8, 10, 1000, 7][random.below(8)])
                var price: UsagePrice
                switch random.below(4) {
                case 0:
                    price = UsagePrice(per: per, scheme: .flat(decimal(2_000, maxScale: 4)))
                case 1:
                    price = UsagePrice(per: 1, scheme: .package(size: Int64([1, 3, 10, 100, 1000][random.below(5)]),
                                                                price: decimal(2_000, maxScale: 4)))
                default:
                    var bounds: [ExactDecimal] = []
                    var bound = ExactDecimal.zero
                    for _ in 0..<random.below(4) {
                        bound = ExactDecimal.adding(bound, decimal(500, maxScale: 2)) ?? bound
                        bounds.append(bound)
                    }
                    var bands = bounds.map { PriceBand(upTo: .upTo($0), price: decimal(2_000, maxScale: 4)) }
                    bands.append(PriceBand(upTo: .unlimited, price: decimal(2_000, maxScale: 4)))
                    // Pricing v2: band flat fees on about half the bands.
                    for index in bands.indices where random.chance(1, in: 2) { bands[index].flat = decimal(3_000, maxScale: 3) }
                    price = UsagePrice(per: per, scheme: random.chance(1, in: 2) ? .graduated(bands) : .volume(bands))
                }
                // Pricing v2: free units (whole or decimal) on about half the prices.
                if random.chance(1, in: 2) { price.free = decimal(20_000, maxScale: random.below(2) * 2) }
                prices.append((id, price))
                let (scheme, flat, size, bands): (String, String, String, [PriceBand]) = switch price.scheme {
                case .flat(let value): ("flat", value.description, "NULL", [])
                case .package(let packageSize, let value): ("package", value.description, String(packageSize), [])
                case .graduated(let bands): ("graduated", "NULL", "NULL", bands)
                case .volume(let bands): ("volume", "NULL", "NULL", bands)
                }
                priceRows.append("(\(id), NULL, 'api_calls', \(price.per), '\(scheme)', \(flat), \(size), \(price.free))")
                for (ordinal, band) in bands.enumerated() {
                    let upTo = if case .upTo(let value) = band.upTo { value.description } else { "NULL" }
                    bandRows.append("(\(id), \(ordinal), \(upTo), \(band.price), \(band.flat))")
                }
            }
            var cases: [String] = []
            var expected: [[String?]] = []
            for (id, price) in prices {
                for _ in 0..<6 {
                    let quantity = random.chance(1, in: 6) ? ExactDecimal(random.below(3)) : decimal(100_000, maxScale: 3)
                    let minor = random.below(5)
                    let rule: Rounding = random.chance(1, in: 2) ? .halfUp : .halfEven
                    let amount = try price.amount(for: quantity, minorUnits: minor, rule: rule)
                    cases.append("(\(cases.count), \(id), \(quantity), \(minor), '\(rule.rawValue)')")
                    expected.append([String(expected.count), amount.formatted(fractionDigits: minor)])
                }
            }
            let rows = try await database.rows("""
                INSERT INTO tierc.usage_prices (price_id, tier, meter, per, scheme, flat_price, package_size, free) VALUES \(priceRows.joined(separator: ", "));
                INSERT INTO tierc.price_bands (price_id, ordinal, up_to, price, flat) VALUES \(bandRows.joined(separator: ", "));
                SELECT c.n, tierc.usage_amount(c.price_id, c.quantity, c.minor, c.rule)
                  FROM (VALUES \(cases.joined(separator: ", "))) AS c (n, price_id, quantity, minor, rule)
                 ORDER BY c.n;
                """)
            #expect(rows.count == expected.count)
            for (row, line) in zip(rows, expected) where row != line {
                Issue.record("case \(line[0] ?? ""): SQL \(row[1] ?? "NULL"), Swift \(line[1] ?? "")")
            }
        }

        /// Ties, both rules, both signs: `tierc.round_amount` against `ExactDecimal.divide`.
        @Test func roundingTiesFollowTheRule() async throws {
            let database = try await PostgresTests.database("property_ties")
            let (policy, tenants) = try Fixtures.tiers()
            try await database.load(policy, tenants: tenants)
            var cases: [String] = []
            var expected: [[String?]] = []
            for significand in [-35, -25, -15, -5, 5, 15, 25, 35, 45, 7, -7, 0] {
                for per in [1, 2, 4] {
                    for rule in Rounding.allCases {
                        let value = ExactDecimal(significand: Int128(significand), scale: 3)
                        let rounded = ExactDecimal(significand: ExactDecimal.divide(Int128(significand), by: Int128(10 * per), rule: rule), scale: 2)
                        cases.append("(\(cases.count), \(value), \(per), '\(rule.rawValue)')")
                        expected.append([String(expected.count), rounded.formatted(fractionDigits: 2)])
                    }
                }
            }
            let rows = try await database.rows("""
                SELECT c.n, tierc.round_amount(c.value, c.per, 2, c.rule)
                  FROM (VALUES \(cases.joined(separator: ", "))) AS c (n, value, per, rule) ORDER BY c.n;
                """)
            #expect(rows == expected)
        }
    }
}
