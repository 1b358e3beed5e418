import Foundation
import PolicyCompiler
import PolicyModel
import Testing

/// The generated Swift of each golden policy is compared byte for byte with its committed file in References
/// (`TIERC_RECORD=1 swift test` re-records them).
@Suite("Generated Swift, golden files")
struct ReferenceTests {
    @Test(arguments: EmitterSupport.goldenPolicies)
    func emittedSwiftMatchesGolden(_ golden: GoldenPolicy) throws {
        let emitted = SwiftEmitter.emit(try golden.policy(), compilerVersion: "0.1.0")
        if let difference = try EmitterSupport.compareGolden(emitted, golden.goldenFile) {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test(arguments: EmitterSupport.goldenPolicies)
    func goldenPoliciesHaveNoProblems(_ golden: GoldenPolicy) throws {
        #expect(SwiftEmitter.problems(in: try golden.policy()) == [])
    }

    @Test func diffShowsTheFirstDifferingLinesWithContext() {
        let expected = "a\nb\nc\nd\ne\nf\n"
        let actual = "a\nb\nc\nD\ne\nf\n"
        #expect(LineDiff.unified(expected: expected, actual: actual) == """
            --- expected
            +++ actual
            @@ -1,7 +1,7 @@
             a
             b
             c
            -d
            +D
             e
             f
             
            """)
    }
}
