import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import SnapshotCodec
import Testing

/// Snapshots written before the wire form moved into SnapshotCodec (issue 16) still load to the same policy, and
/// the codec writes them byte for byte. Formats/ holds copies of the golden snapshots of tiers/tiers.yaml as the
/// format-2 writer wrote them at 9bba76f, named for their format version; unlike the goldens they are never
/// re-recorded (docs/snapshot-format.md#versioning).
struct FormatCompatibilityTests {
    static let formats = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Formats")

    static func committed(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: formats.appendingPathComponent(name)))
    }

    @Test func aFormat2SnapshotLoadsToTheSamePolicyAndTenants() throws {
        let snapshot = try Snapshot.load(try Self.committed("format-2.tierc"))
        let (policy, tenants) = try Fixtures.bundled()
        #expect(snapshot.header.formatVersion == 2)
        #expect(snapshot.header.revision == 42)
        #expect(snapshot.header.sourceRevision == "0123abc")
        #expect(snapshot.header.fingerprint == policy.fingerprint)
        #expect(snapshot.policy == policy)
        #expect(snapshot.tenants == tenants)
        #expect(snapshot.signature == .unsigned)
    }

    @Test func aSignedFormat2SnapshotVerifiesAndLoadsToTheSamePolicy() throws {
        let snapshot = try Snapshot.load(try Self.committed("format-2.signed.tierc"),
                                         signature: .require(Fixtures.testKey.publicKey))
        #expect(snapshot.policy == (try Fixtures.bundled().0))
        #expect(snapshot.signature == .verified(keyID: Fixtures.testKey.publicKey.keyID))
    }

    /// The codec still writes exactly the bytes of the committed files: the wire form did not move by a byte.
    @Test func theCodecWritesTheCommittedFormat2BytesAgain() throws {
        #expect(try Fixtures.bundledSnapshot() == (try Self.committed("format-2.tierc")))
        #expect(try Fixtures.bundledSnapshot(signed: true) == (try Self.committed("format-2.signed.tierc")))
    }
}

/// The wire tags are explicit: their values are the format (docs/snapshot-format.md), and each maps one model case.
struct WireTagTests {
    @Test func tagValuesArePinned() {
        #expect(WindowTag.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(WindowTag.allCases.map(\.window) == [.minute, .hour, .day, .month])
        #expect(IdentificationMethodTag.allCases.map(\.method) == [.apiKey, .header, .subdomain, .query])
        #expect(IdentificationMethodTag.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(RoundingTag.allCases.map(\.rounding) == [.halfUp, .halfEven])
        #expect(MeterKindTag.allCases.map(\.kind) == [.counter, .gauge])
        #expect(LimitTag.limited.rawValue == 0 && LimitTag.unlimited.rawValue == 1)
        #expect(GaugeLimitTag.level.rawValue == 0 && GaugeLimitTag.unlimited.rawValue == 1)
        #expect(BandBoundTag.upTo.rawValue == 0 && BandBoundTag.unlimited.rawValue == 1)
        #expect(PricingSchemeTag.allCases.map(\.rawValue) == [0, 1, 2, 3])
    }

    @Test func everyModelCaseHasATagThatMapsBack() {
        for window in Window.allCases { #expect(WindowTag(window).window == window) }
        for method in IdentificationMethod.allCases { #expect(IdentificationMethodTag(method).method == method) }
        for rounding in Rounding.allCases { #expect(RoundingTag(rounding).rounding == rounding) }
        for kind in MeterKind.allCases { #expect(MeterKindTag(kind).kind == kind) }
    }
}
