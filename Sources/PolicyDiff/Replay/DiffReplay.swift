public import PolicySimulator
internal import PolicyRuntime
import PolicyModel

/// Replays one log against two policies at once: every pair goes to both simulators in file order, exactly as
/// two `tierc simulate` runs would replay it (so their reports are those runs' reports), and the first request
/// that NEW refuses with 429 while OLD did not is noted per tenant.
public struct DiffReplay: Sendable {
    public private(set) var old: Simulator
    public private(set) var new: Simulator
    /// Epoch seconds of each tenant's first request refused by NEW (429) and not by OLD, by tenant id.
    public private(set) var firstNew429: [String: Int64] = [:]

    public init(old: Simulator, new: Simulator) {
        self.old = old
        self.new = new
    }

    /// Replays a pair; returns each side's reason when the line is invalid for it (counted by the caller with
    /// ``recordInvalid(line:old:new:)``).
    public mutating func replay(_ pair: ReplayPair, line: Int? = nil) -> (old: InvalidLine?, new: InvalidLine?) {
        if case .request(let oldRequest, let seconds) = pair.old, case .request(let newRequest, _) = pair.new {
            let before = old.replay(oldRequest, at: seconds, line: line)
            let after = new.replay(newRequest, at: seconds, line: line)
            if after.status == 429, before.status != 429, let index = after.tenant,
               index < new.engine.tenants.tenants.count {
                let id = new.engine.tenants.tenants[index].id
                if firstNew429[id] == nil { firstNew429[id] = seconds }
            }
            return (nil, nil)
        }
        return (old.replay(pair.old, line: line), new.replay(pair.new, line: line))
    }

    /// Counts an invalid line on the side(s) it is invalid for.
    public mutating func recordInvalid(line: Int, old oldInvalid: Bool, new newInvalid: Bool) {
        if oldInvalid { old.recordInvalid(line: line) }
        if newInvalid { new.recordInvalid(line: line) }
    }

    /// Joins the replays of the parts of one log split by tenant (``PolicySimulator/Simulator/joined(_:)`` on each
    /// side; a tenant's first NEW-only 429 comes from the part that replayed the tenant).
    public static func joined(_ parts: [DiffReplay]) -> DiffReplay {
        var result = DiffReplay(old: Simulator.joined(parts.map(\.old)), new: Simulator.joined(parts.map(\.new)))
        for part in parts {
            result.firstNew429.merge(part.firstNew429) { min($0, $1) }
        }
        return result
    }
}
