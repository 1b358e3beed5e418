import Foundation
import PolicyCheck
import PolicySource
import Testing

/// A finding in a binary file (docs/cli.md#findings): located by byte offset in every renderer, never by a line
/// the file does not have; and the collector the stages append to.
@Suite("Byte-located findings and the collector")
struct ByteLocatedFindingTests {
    static let finding = Diagnostic(.error, .checksumMismatch, "checksum mismatch at byte 2241", file: "policy.tierc",
                                    bytes: ByteSpan(offset: 2241, length: 32))
    static let report = Findings([finding], sources: [SourceFile(name: "policy.tierc", bytes: [0x54, 0x0A, 0x49])])

    @Test func jsonHasTheByteOffsetInPlaceOfLinesAndColumns() {
        let json = JSONRenderer().render(Self.report)
        let keys = ["\"file\": \"policy.tierc\",", "\"byte_offset\": 2241,", "\"byte_length\": 32,", "\"severity\": \"error\","]
        #expect(json.contains(keys.joined(separator: "\n      ")), "\(json)")
        #expect(!json.contains("\"line\""))
    }

    @Test func sarifHasAByteRegion() {
        let sarif = SARIFRenderer(toolVersion: "1").render(Self.report)
        #expect(sarif.contains("""
                            "region": {
                              "byteOffset": 2241,
                              "byteLength": 32
                            }
            """))
        #expect(!sarif.contains("startLine"))
    }

    @Test func gitHubAnnotatesTheFileWithoutALine() {
        #expect(GitHubRenderer().render(Self.report) == """
            ::error file=policy.tierc,title=tierc checksum-mismatch::checksum mismatch at byte 2241
            policy.tierc: 1 error, no warnings

            """)
    }

    @Test func humanNamesTheByteAndDrawsNoExcerpt() {
        #expect(HumanRenderer().render(Self.report) == """
            policy.tierc: byte 2241: error[checksum-mismatch]: checksum mismatch at byte 2241

            policy.tierc: 1 error, no warnings

            """)
    }

    @Test func theCollectorKeepsOrderAndCounts() {
        var collector = DiagnosticCollector()
        #expect(collector.isEmpty && !collector.hasErrors)
        collector.warning(.unusedFeature, "w", file: "a", range: .fileStart)
        collector.append(Self.finding)
        collector.append(contentsOf: [Diagnostic(.note, "n", "n", file: "a", range: .fileStart)])
        #expect(collector.diagnostics.map(\.code.rawValue) == ["unused-feature", "checksum-mismatch", "n"])
        #expect(collector.errorCount == 1)
        #expect(collector.warningCount == 1)
        #expect(collector.hasErrors)
    }

    @Test func theNewCodesAreErrorsAfterTheCheckCodesSoRuleIndicesStay() throws {
        let codes = DiagnosticCatalog.all.map(\.code)
        let first = try #require(codes.firstIndex(of: .snapshotTooLarge))
        #expect(codes[first - 1] == .rawAPIKey, "appended after the last code of a policy file")
        #expect(DiagnosticCatalog.all[first...].allSatisfy { $0.severity == .error && $0.reportedBy != DiagnosticKind.byCheck })
        #expect(Set(codes).count == codes.count)
    }
}
