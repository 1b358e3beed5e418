import Foundation
import PolicyModel
import PolicySource
import Testing

@testable import PolicyCheck

/// The committed schema files, the fixtures of scripts/validate-schema.sh, and the schema's agreement with the
/// checker it mirrors.
@Suite struct SchemaTests {
    struct CommittedSchema: CustomTestStringConvertible, Sendable {
        var path: String
        var generate: @Sendable () -> String
        var command: String
        var testDescription: String { path }
    }

    static let committed = [
        CommittedSchema(path: "tiers/tiers.schema.json", generate: PolicySchema.jsonSchema,
                        command: "swift run tierc schema --output tiers/tiers.schema.json"),
        CommittedSchema(path: "tiers/tenants.schema.json", generate: PolicySchema.tenantsJSONSchema,
                        command: "swift run tierc schema --tenants --output tiers/tenants.schema.json"),
    ]

    // MARK: - The committed files

    @Test(arguments: committed)
    func committedFileIsCurrent(_ schema: CommittedSchema) throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent(schema.path)
        let actual = schema.generate()
        if Fixtures.recording {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(expected == actual, """
            \(schema.path) is not the output of the generator; regenerate it with `\(schema.command)` \
            (or run the tests with TIERC_RECORD=1 to rewrite it):
            \(lineDifference(expected ?? "", actual))
            """)
    }

    @Test(arguments: committed)
    func outputIsDeterministicJSON(_ schema: CommittedSchema) throws {
        let text = schema.generate()
        #expect(text == schema.generate())
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("\t") && !text.contains(" \n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["$schema"] as? String == SchemaDocument.dialect)
        #expect((object["$id"] as? String)?.hasPrefix("https://tierc.dev/schemas/") == true)
        #expect(object["title"] is String && object["description"] is String)
    }

    @Test func everyReferenceIsDefined() {
        #expect(PolicySchema.tiersDocument.undefinedReferences == [])
        #expect(PolicySchema.tenantsDocument.undefinedReferences == [])
    }

    @Test(arguments: committed)
    func everyPropertyIsDescribed(_ schema: CommittedSchema) throws {
        let root = try JSONSerialization.jsonObject(with: Data(schema.generate().utf8))
        var undescribed: [String] = []
        func visit(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                // `if`/`then` conditions restate properties to test them; only the declarations need descriptions.
                let inCondition = path.split(separator: "/").contains { $0 == "if" || $0 == "then" }
                if let properties = object["properties"] as? [String: Any], !inCondition {
                    for (name, property) in properties {
                        if let property = property as? [String: Any], property["description"] == nil {
                            undescribed.append("\(path)/properties/\(name)")
                        }
                    }
                }
                for (key, child) in object { visit(child, "\(path)/\(key)") }
            } else if let array = value as? [Any] {
                for (index, child) in array.enumerated() { visit(child, "\(path)/\(index)") }
            }
        }
        visit(root, "#")
        #expect(undescribed == [], "properties without a description (editors show it on hover)")
    }

    /// Draft-07 ignores every keyword beside `$ref`: only annotations may stand there, or a rule would be lost.
    @Test(arguments: committed)
    func referencesHaveOnlyAnnotationsBeside(_ schema: CommittedSchema) throws {
        let annotations: Set<String> = ["$ref", "title", "description", "default", "examples"]
        var offenders: [String] = []
        func visit(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if object["$ref"] != nil, !Set(object.keys).isSubset(of: annotations) { offenders.append(path) }
                for (key, child) in object { visit(child, "\(path)/\(key)") }
            } else if let array = value as? [Any] {
                for (index, child) in array.enumerated() { visit(child, "\(path)/\(index)") }
            }
        }
        visit(try JSONSerialization.jsonObject(with: Data(schema.generate().utf8)), "#")
        #expect(offenders == [])
    }

    // MARK: - Agreement with the checker

    @Test func topLevelKeysAreTheDecoders() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(PolicySchema.jsonSchema().utf8)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(PolicyDecoder.topLevelKeys))
        #expect(schema["required"] as? [String] == ["format", "policy", "currency", "meters", "tiers"])
        #expect(schema["additionalProperties"] as? Bool == false)
        let currency = try #require(properties["currency"] as? [String: Any])
        #expect(currency["enum"] as? [String] == Currency.allCodes)
    }

    static let identifierSamples = [
        "a", "free", "pro-plan", "pro_plan", "api_calls", "a1", "1a", "7eleven", "-a", "_a", "Free", "free plan",
        "é", "", "a.b", String(repeating: "a", count: 63), String(repeating: "a", count: 64), "x-", "x_",
    ]

    @Test(arguments: [
        (SchemaPattern.policy, IdentifierRule.policy), (SchemaPattern.tier, .tier),
        (SchemaPattern.snake, .snake), (SchemaPattern.tenant, .tenant),
    ])
    func identifierPatternsMatchTheChecker(_ pattern: String, _ rule: IdentifierRule) throws {
        for sample in Self.identifierSamples {
            #expect(try matches(pattern, sample) == rule.accepts(sample), "\(pattern) on `\(sample)`")
        }
    }

    @Test func decimalPatternMatchesTheChecker() throws {
        for sample in ["0", "29", "0.01", "+4", "0.000008", "007", "1.", ".5", "1e3", "-1", "$29", "1,000", "1_000", "", "1.2.3"] {
            let accepted = ScalarSyntax.decimal(sample).map { !$0.isNegative } ?? false
            #expect(try matches(SchemaPattern.decimal, sample) == accepted, "`\(sample)`")
        }
    }

    @Test func countPatternsMatchTheChecker() throws {
        for sample in ["0", "1", "100", "1000000", "00", "007", "-1", "+1", "1.0", "1e3", "1_000", "", "unlimited"] {
            var value: Int64?
            if case .value(let v) = ScalarSyntax.integer(sample) { value = v }
            #expect(try matches(SchemaPattern.count, sample) == (value.map { $0 >= 0 } ?? false), "`\(sample)`")
            #expect(try matches(SchemaPattern.positiveCount, sample) == (value.map { $0 >= 1 } ?? false), "`\(sample)`")
        }
    }

    @Test func httpPatternsMatchTheChecker() throws {
        for sample in ["X-Tenant-ID", "Bearer", "a!#$%&'*+.^_`|~", "with space", "a:b", "a/b", "é", ""] {
            #expect(try matches(SchemaPattern.token, sample) == HTTPToken.isToken(sample), "`\(sample)`")
        }
        let labels = ["bravo", "Acme-Corp", "a", "1a", "-a", "a-", "a_b", "a.b", String(repeating: "a", count: 63),
                      String(repeating: "a", count: 64), ""]
        for sample in labels {
            #expect(try matches(SchemaPattern.label, sample) == HTTPToken.isLabel(Substring(sample.lowercased())), "`\(sample)`")
        }
        for sample in ["yourdomain.com", "Apps.Example.co.uk", "localhost", "a..b", ".com", "com.", "-a.com", "a-.com",
                       "https://x.com", "x.com:80", "a_b.com", ""] {
            #expect(try matches(SchemaPattern.domain, sample) == HTTPToken.isDomain(sample.lowercased()), "`\(sample)`")
        }
    }

    /// Each valid fixture is also clean for `tierc check` (warnings allowed), so schema and checker agree on it.
    @Test(arguments: SchemaFixtures.names("valid"))
    func validFixtureChecksWithoutErrors(_ name: String) throws {
        let result = try SchemaFixtures.check("valid/\(name)")
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.range.start.line):\($0.range.start.column) \($0.code) \($0.message)" })")
    }

    /// Each invalid fixture names (`# tierc check: error <code>`) an error the checker must report for it.
    @Test(arguments: SchemaFixtures.names("invalid"))
    func invalidFixtureHasTheCheckerError(_ name: String) throws {
        let text = try Fixtures.text("schema/invalid/\(name)")
        let marker = "# tierc check: error "
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(marker) }, "\(name) lacks `\(marker)<code>`")
        let code = line.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
        let result = try SchemaFixtures.check("invalid/\(name)")
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.code.rawValue)
        #expect(errors.contains(code), "expected \(code), found \(errors)")
    }

    @Test func fixtureFoldersAreNotEmpty() {
        #expect(SchemaFixtures.names("valid").count >= 6)
        #expect(SchemaFixtures.names("invalid").count >= 10)
    }
}

/// The fixtures of scripts/validate-schema.sh: `*.tenants.yaml` are tenants files (checked against
/// tiers/tiers.yaml), the others policies.
enum SchemaFixtures {
    static func names(_ folder: String) -> [String] {
        let url = Fixtures.directory.appendingPathComponent("schema/\(folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func check(_ relative: String) throws -> CheckResult {
        let fixture = SourceFile(name: relative, bytes: Array(try Fixtures.text("schema/\(relative)").utf8))
        guard relative.hasSuffix(".tenants.yaml") else { return PolicyChecker.check(policy: fixture) }
        let policy = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("tiers/tiers.yaml"))
        return PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", bytes: Array(policy)), tenants: fixture)
    }
}

/// Whether the whole of `text` matches `pattern` the way a JSON Schema `pattern` does (a search; the patterns
/// are anchored themselves).
private func matches(_ pattern: String, _ text: String) throws -> Bool {
    let regex = try NSRegularExpression(pattern: pattern)
    return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
}

/// The lines that differ, `-expected` then `+actual`, for a readable failure.
private func lineDifference(_ expected: String, _ actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    for index in 0..<max(e.count, a.count) where lines.count < 40 {
        let l = index < e.count ? String(e[index]) : nil
        let r = index < a.count ? String(a[index]) : nil
        if l != r {
            if let l { lines.append("\(index + 1)-\(l)") }
            if let r { lines.append("\(index + 1)+\(r)") }
        }
    }
    return lines.joined(separator: "\n")
}
