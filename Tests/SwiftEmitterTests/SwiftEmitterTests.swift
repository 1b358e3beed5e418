import PolicyCompiler
import PolicyModel
import PolicyRuntime
import Testing

/// What the emitter writes around the golden files: the header, the standard-library-only promise, and values the
/// generated types cannot hold.
@Suite("Swift emitter")
struct SwiftEmitterTests {
    @Test(arguments: EmitterSupport.goldenPolicies)
    func theFileNeedsOnlyTheStandardLibrary(_ golden: GoldenPolicy) throws {
        let policy = try golden.policy()
        let text = SwiftEmitter.emit(policy)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.drop { $0 == " " }.hasPrefix("import ") }, "no import, not even Foundation")
        #expect(lines.prefix(3).joined(separator: "\n").contains("Do not edit"))
        #expect(lines[2] == "// Fingerprint: \(policy.fingerprint)")
        #expect(!text.contains("Double") && !text.contains("Float") && !text.contains("Foundation"))
        #expect(!lines.contains { $0.hasSuffix(" ") || $0.contains("\t") })
        #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"))
    }

    static let hugePolicy = """
        format: 1
        policy: huge
        currency: USD
        meters:
          storage_gb: { kind: gauge }
        tiers:
          whale:
            price: 100000000000000000000
            limits: { storage_gb: 1234567890123456789012345 }
        """

    /// A price beyond Int64 minor units or a level with more digits than Int64 passes `tierc check`; the emitter
    /// says so and writes `#error` lines, so the file cannot compile into a wrong answer.
    @Test func valuesBeyondInt64AreProblemsAndCompileErrors() throws {
        let policy = try EmitterSupport.policy(Self.hugePolicy)
        let problems = SwiftEmitter.problems(in: policy)
        #expect(problems == [
            "the price of tier `whale` (100000000000000000000) is not a whole number of USD minor units that fits in Int64",
            "the `storage_gb` limit of tier `whale` (1234567890123456789012345) has more significant digits than PolicyDecimal holds (Int64)",
        ])
        let text = SwiftEmitter.emit(policy)
        for problem in problems { #expect(text.contains("#error(\"tierc: \(problem)\")")) }
    }

    /// A policy built in code (not by the checker) that names undeclared ids.
    @Test func undeclaredReferencesAreProblems() throws {
        let policy = Policy(
            name: "handmade", currency: try #require(Currency(code: "EUR")), defaultMeter: "calls",
            identification: Identification(order: [.apiKey]), meters: [Meter(id: "requests", kind: .counter)],
            features: [], routes: [Route(match: "/x", feature: "ghost", meter: "requests")], usagePrices: [:],
            tiers: [Tier(id: "basic", name: "Basic", parent: "root", price: ExactDecimal(5), features: ["ghost"]),
                    Tier(id: "basic", name: "Again", price: ExactDecimal(6))])
        #expect(SwiftEmitter.problems(in: policy) == [
            "tier `basic` is declared twice",
            "default_meter names the undeclared meter `calls`",
            "route 1 names the undeclared feature `ghost`",
            "tier `basic` names the undeclared tier `root`",
            "tier `basic` names the undeclared feature `ghost`",
        ])
    }
}
