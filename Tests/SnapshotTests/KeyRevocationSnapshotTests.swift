import Foundation
import PolicyCompiler
import PolicyModel
import PolicyRuntime
import PolicySource
import Testing

/// The tenants section carries each key's revocation day (docs/snapshot-format.md, format version 2), so a
/// runtime that loads the snapshot refuses a revoked key exactly as the simulator does.
@Suite("Snapshot key revocations")
struct KeyRevocationSnapshotTests {
    static let tenantsText = """
        tenants:
          acme:
            tier: basic
            api_keys: [acme-key-1]
            keys:
              - { hash: "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", revoked: 2025-12-01 }
              - { hash: "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9", name: current }
        """

    static func snapshot() throws -> (bytes: [UInt8], tenants: TenantDirectory, policy: Policy) {
        let (policy, _) = try Fixtures.rich()
        let (_, tenants) = try Fixtures.check(SourceFile(name: "rich.yaml", text: Fixtures.richPolicyText),
                                              tenants: SourceFile(name: "t.yaml", text: tenantsText))
        let directory = try #require(tenants)
        return (try SnapshotWriter(revision: 1).write(policy: policy, tenants: directory), directory, policy)
    }

    @Test func revocationsSurviveWriteAndLoad() throws {
        let (bytes, tenants, _) = try Self.snapshot()
        let loaded = try Snapshot.load(bytes)
        #expect(loaded.tenants == tenants)
        let acme = try #require(loaded.tenants?.tenants.first)
        #expect(acme.keyRevocations == ["2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae": try #require(CalendarDay("2025-12-01"))])
        #expect(loaded.header.formatVersion == 2)
    }

    @Test func aLoadedSnapshotRefusesTheRevokedKeyFromItsDay() throws {
        let (bytes, _, _) = try Self.snapshot()
        let loaded = try Snapshot.load(bytes)
        var engine = PolicyEngine(policy: loaded.policy, tenants: try #require(loaded.tenants))
        let revokedFrom = try #require(CalendarDay("2025-12-01")).startSeconds
        func status(_ key: String, _ seconds: Int64) -> Int {
            engine.decide(Request(path: "/", headers: [(name: "Authorization", value: "Token \(key)")]), at: seconds).status
        }
        #expect(status("foo", revokedFrom - 1) != 401)
        #expect(status("foo", revokedFrom) == 401)
        #expect(status("bar", revokedFrom) != 401)
    }

    @Test func aRevocationDayOutsideTheCalendarIsMalformed() throws {
        let (bytes, _, _) = try Self.snapshot()
        let loaded = try Snapshot.load(bytes)
        let section = try #require(loaded.sections.first { $0.tag == .tenants })
        // The first key's revocation day follows its digest: find the digest of "foo" in the section.
        let digest = Hex.bytes("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", count: 32)!
        let range = section.offset..<(section.offset + section.length)
        let at = try #require(range.first { Array(bytes[$0..<min($0 + 32, range.upperBound)]) == digest }) + 32
        var tampered = bytes
        for index in 0..<8 { tampered[at + index] = 0x7F }  // far beyond 9999-12-31, not Int64.max
        tampered[at + 7] = 0x00
        tampered = Tamper.recomputeChecksum(tampered)
        #expect { try Snapshot.load(tampered) } throws: { error in
            "\(error)".contains("revocation day")
        }
    }
}
