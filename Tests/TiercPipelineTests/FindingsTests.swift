import Foundation
import PolicyCheck
import PolicySource
import PolicyRuntime
import Testing
import TiercPipeline

/// Snapshot and backend problems as findings (docs/diagnostics.md, "Findings in a snapshot and in the compile"):
/// the catalogue's code, the byte span of a snapshot's problem, the message of the human line, without the binary.
@Suite("Pipeline findings")
struct FindingsTests {
    static func snapshotBytes() throws -> [UInt8] {
        try PipelineFixtures.bytes("Tests/TiercTests/Fixtures/snapshot/tiers.tierc")
    }

    @Test func aFlippedByteIsAChecksumMismatchAtTheStoredChecksum() throws {
        var bytes = try Self.snapshotBytes()
        bytes[300] ^= 1
        let error = PolicyLoadError.invalidSnapshot(file: "policy.tierc", try #require(Self.loadError(bytes)))
        let finding = try #require(error.diagnostics.first)
        #expect(error.diagnostics.count == 1)
        #expect(finding.code == .checksumMismatch)
        #expect(finding.severity == .error)
        #expect(finding.bytes == ByteSpan(offset: bytes.count - 32, length: 32))
        #expect(finding.file == "policy.tierc")
        // The message is the human line's, after the file name.
        #expect(error.description == "policy.tierc: " + finding.message)
        #expect(DiagnosticCatalog.kind(finding.code)?.severity == .error)
    }

    @Test func everySnapshotErrorHasACatalogueCodeAndASpanInTheFile() throws {
        let valid = try Self.snapshotBytes()
        let cases: [[UInt8]] = [Array(valid.prefix(100)), Array("format: 1\n".utf8), { var v = valid; v[8] = 9; return v }(), []]
        var codes: [DiagnosticCode] = []
        for bytes in cases {
            let error = try #require(Self.loadError(bytes))
            let finding = error.diagnostic(file: "x.tierc", bytes: bytes)
            #expect(DiagnosticCatalog.kind(finding.code) != nil, "\(finding.code) is not in the catalogue")
            let span = try #require(finding.bytes)
            #expect(span.offset + span.length <= max(bytes.count, SnapshotFormat.magic.count))
            codes.append(finding.code)
        }
        #expect(codes == [.truncatedSnapshot, .notASnapshot, .unsupportedSnapshotVersion, .notASnapshot])
        // Text gets the hint of `tierc inspect`; an empty file does not.
        #expect(try #require(Self.loadError(cases[1])).diagnostic(file: "x", bytes: cases[1]).message
            .hasSuffix("this looks like text: a tiers.yaml becomes a snapshot with `tierc compile`"))
        let tooLarge = PolicyLoadError.snapshotTooLarge(file: "big.tierc", limit: PolicyFrontEnd.maxSnapshotBytes)
        #expect(tooLarge.diagnostics.map(\.code) == [.snapshotTooLarge])
        #expect(tooLarge.description == "big.tierc: " + tooLarge.diagnostics[0].message)
    }

    @Test func aBackendErrorIsOneFindingPerValueWithTheReasonAsANote() {
        let error = BackendError.unrepresentable(backend: "swift", problems: ["a", "b"], reason: "Policy.swift cannot represent these values")
        let findings = error.diagnostics(file: "tiers.yaml")
        #expect(findings.map(\.code) == [.unrepresentableValue, .unrepresentableValue])
        #expect(findings.map(\.message) == ["a", "b"])
        #expect(findings.allSatisfy { $0.notes.map(\.message) == ["not compiled: Policy.swift cannot represent these values"] })
        let failed = BackendError.failed(backend: "snapshot", reason: "cannot write the snapshot: x").diagnostics(file: "tiers.yaml")
        #expect(failed.map(\.code) == [.backendFailed])
        #expect(failed.map(\.message) == ["cannot write the snapshot: x"])
    }

    @Test func aKeyFileOfTheWrongKindIsAnInvalidKeyFileFinding() throws {
        let text = String(decoding: try PipelineFixtures.bytes("Tests/TiercTests/Fixtures/snapshot/test.key"), as: UTF8.self)
        let error = try #require(Self.keyError(text))
        let finding = error.diagnostic(file: "test.key")
        #expect(finding.code == .invalidKeyFile)
        #expect(finding.message == error.description)
        #expect(finding.range == .fileStart)
        #expect(finding.bytes == nil)
    }

    static func loadError(_ bytes: [UInt8]) -> SnapshotError? {
        do {
            _ = try Snapshot.load(bytes, signature: .ignore)
            return nil
        } catch {
            return error
        }
    }

    static func keyError(_ text: String) -> SnapshotKeyError? {
        do {
            _ = try SnapshotPublicKey(keyFileText: text)
            return nil
        } catch {
            return error
        }
    }
}
