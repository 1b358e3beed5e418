@testable import PolicyCompiler
import Testing

/// The naming rule of docs/generated-swift.md, rule by rule.
@Suite("Swift identifiers from YAML keys")
struct SwiftIdentifierTests {
    @Test(arguments: [
        ("ai_intelligence", "aiIntelligence"),
        ("api_calls", "apiCalls"),
        ("storage_gb", "storageGb"),
        ("free", "free"),
        ("pro-plus", "proPlus"),
        ("pro.plus v2", "proPlusV2"),
        ("api_v2_calls", "apiV2Calls"),
        ("sso2", "sso2"),
        ("apiCalls", "apiCalls"),
        ("APICalls", "apicalls"),
        ("Enterprise_Tier", "enterpriseTier"),
        ("v2Beta", "v2Beta"),
        ("a__b", "aB"),
        ("_leading_and_trailing_", "leadingAndTrailing"),
    ])
    func wordsJoinInLowerCamelCase(_ key: String, _ expected: String) {
        #expect(SwiftIdentifier.name(for: key, fallback: "tier") == expected)
    }

    @Test func aLeadingDigitGetsAnUnderscore() {
        #expect(SwiftIdentifier.name(for: "2fa", fallback: "feature") == "_2fa")
        #expect(SwiftIdentifier.name(for: "_3d_secure", fallback: "feature") == "_3dSecure")
        #expect(SwiftIdentifier.name(for: "2", fallback: "feature") == "_2")
    }

    @Test func anEmptyResultBecomesTheFallback() {
        #expect(SwiftIdentifier.name(for: "", fallback: "tier") == "tier")
        #expect(SwiftIdentifier.name(for: "__-__", fallback: "meter") == "meter")
        #expect(SwiftIdentifier.uniqueNames(for: ["", "---"], fallback: "feature") == ["feature", "feature_2"])
    }

    /// Only ASCII letters and digits survive, so the rule is the same on every machine and locale.
    @Test func nonASCIICharactersSeparateWords() {
        #expect(SwiftIdentifier.name(for: "café_au_lait", fallback: "feature") == "cafAuLait")
        #expect(SwiftIdentifier.name(for: "größe", fallback: "meter") == "grE")
        #expect(SwiftIdentifier.name(for: "日本", fallback: "tier") == "tier")
        #expect(SwiftIdentifier.name(for: "İstanbul", fallback: "tier") == "stanbul")
    }

    @Test(arguments: ["default", "class", "self", "import", "in", "true", "nil", "func", "protocol", "repeat", "any"])
    func keywordsAreWrittenInBackticks(_ keyword: String) {
        #expect(SwiftIdentifier.name(for: keyword, fallback: "tier") == keyword)
        #expect(SwiftIdentifier.escaped(keyword) == "`\(keyword)`")
    }

    @Test func ordinaryNamesAreNotEscaped() {
        #expect(SwiftIdentifier.escaped("aiIntelligence") == "aiIntelligence")
        #expect(SwiftIdentifier.escaped("defaults") == "defaults")
        #expect(SwiftIdentifier.escaped("type") == "type")
    }

    @Test func clashesGetSuffixesInDeclarationOrder() {
        #expect(SwiftIdentifier.uniqueNames(for: ["ai_intelligence", "ai-intelligence", "ai__intelligence"], fallback: "tier")
            == ["aiIntelligence", "aiIntelligence_2", "aiIntelligence_3"])
        #expect(SwiftIdentifier.uniqueNames(for: ["ai-intelligence", "ai_intelligence"], fallback: "tier")
            == ["aiIntelligence", "aiIntelligence_2"])
        #expect(SwiftIdentifier.uniqueNames(for: ["a_b", "free", "a-b"], fallback: "tier") == ["aB", "free", "aB_2"])
    }

    /// A suffixed name cannot be taken by a later key: derived names contain no `_` after their first character.
    @Test func suffixesNeverCollideWithDerivedNames() {
        let names = SwiftIdentifier.uniqueNames(for: ["x_2", "x", "x-2", "x.2", "x"], fallback: "tier")
        #expect(names == ["x2", "x", "x2_2", "x2_3", "x_2"])
        #expect(Set(names).count == names.count)
    }

    @Test func reservedMemberNamesAreRenamedLikeClashes() {
        let reserved: Set<String> = ["name", "allCases", "rawValue"]
        #expect(SwiftIdentifier.uniqueNames(for: ["name", "all_cases", "raw_value", "names"], reserved: reserved, fallback: "tier")
            == ["name_2", "allCases_2", "rawValue_2", "names"])
    }

    /// The names a policy's enums use: unique per enum and apart from each enum's own members.
    @Test func namesOfAPolicyAvoidEachEnumsMembers() throws {
        let names = SwiftNames(try EmitterSupport.goldenPolicies[1].policy())
        #expect(names.tier("name") == "name_2")
        #expect(names.tier("default") == "default")
        #expect(names.tier("pro_plus") == "proPlus")
        #expect(names.tier("pro-plus") == "proPlus_2")
        #expect(names.feature("summary") == "summary_2")
        #expect(names.feature("ai__intelligence") == "aiIntelligence_2")
        #expect(names.meter("kind") == "kind_2")
        #expect(names.meter("storage_gb") == "storageGb")
    }

    @Test func wordsSplitAtCaseBoundariesAfterLowerCaseOrDigits() {
        let words = SwiftIdentifier.words(of: "apiCalls2Go_HTTPServer").map { String(decoding: $0, as: UTF8.self) }
        #expect(words == ["api", "Calls2", "Go", "HTTPServer"])
    }
}
