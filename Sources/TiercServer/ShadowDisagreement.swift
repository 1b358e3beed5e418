internal import PolicyModel
internal import PolicyRuntime

/// How the `--shadow` candidate policy's decision of a request differs from the answer the live policy gave
/// (docs/serve.md, "Shadow policy"). Agreement is the same status and, for two 429s, the same refusing window
/// and meter; 401s for different reasons and 403s for different features agree.
enum ShadowDisagreement: String, Sendable, Hashable, CaseIterable {
    /// The live policy admitted the request (200); the candidate would refuse it (401, 403 or 429).
    case newlyRefused = "newly_refused"
    /// The live policy refused the request; the candidate would admit it.
    case newlyAllowed = "newly_allowed"
    /// Both answer 429, but on another window or another meter.
    case otherWindow = "other_window"
    /// Both refuse, with different statuses (a 403 that would be a 429, a 401 that would be a 403…).
    case otherRefusal = "other_refusal"

    /// The kind of disagreement between `live` and `candidate`, nil when they agree. `liveMeter` and
    /// `candidateMeter` are the ids of the meters each decision charged (indices differ between policies).
    static func between(live: Decision, candidate: Decision, liveMeter: String?, candidateMeter: String?) -> ShadowDisagreement? {
        switch (live.status == 200, candidate.status == 200) {
        case (true, true): return nil
        case (true, false): return .newlyRefused
        case (false, true): return .newlyAllowed
        case (false, false):
            if live.status != candidate.status { return .otherRefusal }
            if live.status == 429, live.window != candidate.window || liveMeter != candidateMeter { return .otherWindow }
            return nil
        }
    }
}

/// The candidate's verdict on one request that it would have decided otherwise: the kind, the status it would
/// have answered, and for a 429 its refusing window. Written into the decision log line of that request.
struct ShadowVerdict: Sendable, Hashable {
    var kind: ShadowDisagreement
    var status: Int
    var window: Window?
}
