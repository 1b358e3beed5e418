import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import Testing

/// Replays the committed hostile inputs of Corpus/ on every run. A file's name starts with the error kind it
/// must end in (`truncated--…`, `malformed-section--…`); `TIERC_RECORD=1 swift test` regenerates the
/// generated ones from the bundled snapshot. Add a file there for every input that once misbehaved.
@Suite("Snapshot corpus")
struct CorpusTests {
    static func corpusFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: Fixtures.corpus, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "bin" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func everyCorpusFileEndsInItsTypedError() throws {
        if ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" {
            for (name, bytes) in try CorpusGenerator.generated() {
                try Data(bytes).write(to: Fixtures.corpus.appendingPathComponent(name + ".bin"))
            }
        }
        let files = try Self.corpusFiles()
        #expect(files.count >= 10)
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            let kind = name.components(separatedBy: "--").first ?? name
            let bytes = Array(try Data(contentsOf: file))
            do {
                // Signatures are verified when present; only the missing-signature cases require one.
                let key = Fixtures.testKey.publicKey
                _ = try Snapshot.load(bytes, signature: kind == "missing-signature" ? .require(key) : .verifyIfPresent(key))
                Issue.record("\(file.lastPathComponent) loaded")
            } catch {
                #expect(error.kind == kind, "\(file.lastPathComponent): \(error)")
                #expect(!error.description.isEmpty)
            }
        }
    }

    /// The generated files are what the generator makes today (they are committed, so a change shows in review).
    @Test func generatedCorpusIsCurrent() throws {
        for (name, bytes) in try CorpusGenerator.generated() {
            let committed = try Data(contentsOf: Fixtures.corpus.appendingPathComponent(name + ".bin"))
            #expect(Array(committed) == bytes, "\(name).bin is stale (TIERC_RECORD=1 re-records)")
        }
    }
}

/// The interesting inputs derived from the bundled snapshot: one per truncation class, a huge count, bad
/// UTF-8, an unknown tag, a wrong fingerprint…, each with its checksum repaired so that the check it aims at is reached.
enum CorpusGenerator {
    static func generated() throws -> [(String, [UInt8])] {
        let signed = try Fixtures.bundledSnapshot(signed: true)
        let unsigned = try Fixtures.bundledSnapshot()
        let snapshot = try Snapshot.load(unsigned)
        let body = try #require(snapshot.sections.first { $0.tag == .policy })
        let tenants = try #require(snapshot.sections.first { $0.tag == .tenants })
        let header = SnapshotFormat.preludeSize
        let checksum = unsigned.count - SnapshotFormat.checksumSize
        var cases: [(String, [UInt8])] = []

        func repaired(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = unsigned
            edit(&bytes)
            return Tamper.recomputeChecksum(bytes)
        }
        func put(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }

        cases.append(("bad-magic--empty", []))
        cases.append(("bad-magic--yaml", Array("format: 1\npolicy: omni-platform\n".utf8)))
        cases.append(("truncated--in-magic", Array(unsigned.prefix(5))))
        cases.append(("truncated--in-prelude", Array(unsigned.prefix(15))))
        cases.append(("truncated--in-header", Array(unsigned.prefix(header + 40))))
        cases.append(("truncated--in-policy-section", Array(unsigned.prefix(body.offset + body.length / 2))))
        cases.append(("truncated--in-checksum", Array(unsigned.prefix(checksum + 10))))
        cases.append(("truncated--in-signature", Array(signed.prefix(signed.count - 1))))
        cases.append(("truncated--huge-payload-length", {
            var bytes = unsigned
            for index in 12..<20 { bytes[index] = 0xFF }
            return bytes
        }()))
        cases.append(("unsupported-version--1", { var b = unsigned; b[8] = 1; return b }()))
        cases.append(("checksum-mismatch--flipped-body-byte", { var b = unsigned; b[body.offset + 30] ^= 0x04; return b }()))
        cases.append(("bad-signature--changed-after-signing", {
            var bytes = signed
            bytes[header + SnapshotFormat.fingerprintSize] ^= 0x01
            let end = signed.count - SnapshotFormat.signatureSize - SnapshotFormat.checksumSize
            bytes.replaceSubrange(end..<end + SnapshotFormat.checksumSize, with: Tamper.sha256(Array(bytes[0..<end])))
            return bytes
        }()))
        cases.append(("missing-signature--unsigned", unsigned))
        cases.append(("malformed-section--unknown-flag", repaired { $0[11] = 0x80 }))
        cases.append(("malformed-section--fingerprint-mismatch", repaired { $0[header] ^= 0xFF }))
        cases.append(("malformed-section--unknown-section-tag", repaired { put(9, at: tenants.offset - 12, in: &$0) }))
        cases.append(("malformed-section--bad-utf8-tenant-id", repaired { $0[tenants.offset + 8] = 0xFF }))
        cases.append(("malformed-section--tenants-out-of-order", repaired { bytes in
            // Tenant ids `tenant-a` and `tenant-b` have the same length: swap their last letters.
            let first = tenants.offset + 4 + 4 + 7
            #expect(bytes[first] == UInt8(ascii: "a"))
            bytes[first] = UInt8(ascii: "z")
        }))
        // Every one of these must still fail with a fixed fingerprint: change the body and the header's
        // fingerprint together, so that the body decoder's checks are reached.
        func bodyEdit(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var section = Array(unsigned[body.offset..<body.offset + body.length])
            edit(&section)
            var bytes = unsigned
            bytes.replaceSubrange(body.offset..<body.offset + body.length, with: section)
            bytes.replaceSubrange(header..<header + SnapshotFormat.fingerprintSize, with: Tamper.sha256(section))
            return Tamper.recomputeChecksum(bytes)
        }
        let name = "omni-platform".utf8.count
        let roundingOffset = 4 + 4 + name + 4 + 3 + 1
        cases.append(("malformed-section--unknown-rounding-tag", bodyEdit { $0[roundingOffset] = 7 }))
        cases.append(("malformed-section--huge-count", bodyEdit { section in
            let orderCount = roundingOffset + 1 + 1 + 4 + "api_calls".utf8.count
            put(0xFFFF_FFFF, at: orderCount, in: &section)
        }))
        cases.append(("malformed-section--bad-utf8-policy-name", bodyEdit { $0[8] = 0xC0 }))
        // The first field after the format: the policy name's length, made huge.
        cases.append(("malformed-section--huge-string-length", bodyEdit { put(0x7FFF_FFFF, at: 4, in: &$0) }))
        cases.append(("malformed-section--unknown-currency", bodyEdit { $0[8 + name + 4] = UInt8(ascii: "Q") }))
        return cases
    }
}
