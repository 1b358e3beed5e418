import PolicyModel
import PolicyRuntime
import Testing
@testable import TiercServer

/// The kinds of disagreement between the live decision and the `--shadow` candidate's (docs/serve.md,
/// "Shadow policy"): the same status agrees (and for 429s the same window and meter), anything else is one kind.
@Suite("Shadow policy: kinds of disagreement")
struct ShadowDisagreementTests {
    static func decision(_ status: Int, window: Window? = nil, anonymous: Bool = false) -> Decision {
        var decision = Decision(status: status, tenant: anonymous ? nil : 0, anonymous: anonymous)
        decision.window = window
        return decision
    }

    static func kind(_ live: Decision, _ candidate: Decision, liveMeter: String? = "api_calls",
                     candidateMeter: String? = "api_calls") -> ShadowDisagreement? {
        ShadowDisagreement.between(live: live, candidate: candidate, liveMeter: liveMeter, candidateMeter: candidateMeter)
    }

    @Test func eachKindAndEachAgreement() {
        #expect(Self.kind(Self.decision(200), Self.decision(200)) == nil)
        #expect(Self.kind(Self.decision(200), Self.decision(429, window: .hour)) == .newlyRefused)
        #expect(Self.kind(Self.decision(200, anonymous: true), Self.decision(401)) == .newlyRefused)
        #expect(Self.kind(Self.decision(200), Self.decision(403)) == .newlyRefused)
        #expect(Self.kind(Self.decision(429, window: .month), Self.decision(200)) == .newlyAllowed)
        #expect(Self.kind(Self.decision(403), Self.decision(200)) == .newlyAllowed)
        #expect(Self.kind(Self.decision(429, window: .hour), Self.decision(429, window: .hour)) == nil)
        #expect(Self.kind(Self.decision(429, window: .hour), Self.decision(429, window: .day)) == .otherWindow)
        #expect(Self.kind(Self.decision(429, window: .hour), Self.decision(429, window: .hour), candidateMeter: "exports") == .otherWindow)
        #expect(Self.kind(Self.decision(403), Self.decision(429, window: .minute)) == .otherRefusal)
        #expect(Self.kind(Self.decision(401), Self.decision(403)) == .otherRefusal)
        #expect(Self.kind(Self.decision(401), Self.decision(401)) == nil)
        #expect(ShadowDisagreement.allCases.map(\.rawValue) == ["newly_refused", "newly_allowed", "other_window", "other_refusal"])
    }
}
