public import PolicySimulator
internal import PolicyRuntime
import PolicyModel

/// Replays one log against two policies at once: every pair is counted on both sides in file order, so the two
/// reports are those that two `tierc simulate` runs would give, and the first request that NEW refuses with 429 while
/// OLD did not is noted per tenant. A request of a tenant that both policies decide alike
/// (``PolicyRuntime/PolicyRules/tenantsDecidingAlike(_:)``: same policy-wide rules, and the same limits and features of
/// the tenant's tier, prices aside) is decided once, by OLD, and counted on both sides; NEW takes those tenants'
/// counters over from OLD when it is read (docs/simulation.md, "Deciding once for both policies"). Both simulators
/// must start with no counters (as ``PolicySimulator/Simulator/init(policy:tenants:)`` makes them): a tenant decided
/// once gets OLD's counters in NEW.
public struct DiffReplay: Sendable {
    public private(set) var old: Simulator
    /// NEW's simulator, with the counters of the tenants decided once taken over from ``old``: each read copies the
    /// simulator and its counters, so read it once, at the end.
    public var new: Simulator {
        guard sharedTenantCount > 0 else { return newSide }
        var settled = newSide
        settled.adoptCounters(of: old, where: { sharedTenants[$0] }, beyondHorizon: sharedBeyondHorizon)
        return settled
    }
    /// Epoch seconds of each tenant's first request refused by NEW (429) and not by OLD, by tenant id.
    public private(set) var firstNew429: [String: Int64] = [:]

    /// NEW's simulator as replayed: the tenants decided once have no counters in it.
    private var newSide: Simulator
    /// By tenant index: whether its requests are decided once, by OLD (empty: none is).
    private let sharedTenants: [Bool]
    private let sharedTenantCount: Int
    /// The checks beyond the horizon of the decisions made once (NEW's share of them).
    private var sharedBeyondHorizon = 0

    /// `decideOnce: false` decides every request under both policies (the reference the tests compare with).
    public init(old: Simulator, new: Simulator, decideOnce: Bool = true) {
        self.old = old
        self.newSide = new
        sharedTenants = decideOnce ? old.engine.rules.tenantsDecidingAlike(new.engine.rules) ?? [] : []
        sharedTenantCount = sharedTenants.count { $0 }
    }

    /// Replays a pair; returns each side's reason when the line is invalid for it (counted by the caller with
    /// ``recordInvalid(line:old:new:)``).
    public mutating func replay(_ pair: ReplayPair, line: Int? = nil) -> (old: InvalidLine?, new: InvalidLine?) {
        if case .request(let oldRequest, let seconds) = pair.old, case .request(let newRequest, _) = pair.new {
            replay(old: oldRequest, new: newRequest, at: seconds, line: line)
            return (nil, nil)
        }
        return (old.replay(pair.old, line: line), newSide.replay(pair.new, line: line))
    }

    /// Replays one item against both policies, for policies that resolve alike (the same identification, tenants
    /// and route globs: ``PolicyRuntime/RequestResolver/resolvesAlike(_:)``), whose items are one resolution for
    /// both sides; the same as replaying the pair of that item twice, without making the pair.
    public mutating func replay(_ item: ReplayItem, line: Int? = nil) -> (old: InvalidLine?, new: InvalidLine?) {
        if case .request(let request, let seconds) = item {
            replay(old: request, new: request, at: seconds, line: line)
            return (nil, nil)
        }
        return (old.replay(item, line: line), newSide.replay(item, line: line))
    }

    /// Decides a request under both policies: once, under OLD, when they decide its tenant alike.
    @inline(__always)
    private mutating func replay(old oldRequest: ResolvedRequest, new newRequest: ResolvedRequest, at seconds: Int64, line: Int?) {
        // Decided alike: the two requests are one resolution (the resolvers resolve alike), decided once.
        if case .tenant(let index) = newRequest.identity, index < sharedTenants.count, sharedTenants[index] {
            sharedBeyondHorizon += Simulator.replay(oldRequest, at: seconds, line: line, deciding: &old, alsoCounting: &newSide)
            return
        }
        let before = old.replayStatus(oldRequest, at: seconds, line: line)
        let after = newSide.replayStatus(newRequest, at: seconds, line: line)
        // A 429 is always a charge of the identified tenant's quota.
        if after == 429, before != 429, case .tenant(let index) = newRequest.identity,
           index < newSide.engine.tenants.tenants.count {
            let id = newSide.engine.tenants.tenants[index].id
            if firstNew429[id] == nil { firstNew429[id] = seconds }
        }
    }

    /// Counts an invalid line on the side(s) it is invalid for.
    public mutating func recordInvalid(line: Int, old oldInvalid: Bool, new newInvalid: Bool) {
        if oldInvalid { old.recordInvalid(line: line) }
        if newInvalid { newSide.recordInvalid(line: line) }
    }

    /// Joins the replays of the parts of one log split by tenant (``PolicySimulator/Simulator/joined(_:)`` on each
    /// side, NEW's with its counters taken over; a tenant's first NEW-only 429 comes from the part that replayed the
    /// tenant).
    public static func joined(_ parts: [DiffReplay]) -> DiffReplay {
        var result = DiffReplay(old: Simulator.joined(parts.map(\.old)), new: Simulator.joined(parts.map(\.new)),
                                decideOnce: false)
        for part in parts {
            result.firstNew429.merge(part.firstNew429) { min($0, $1) }
        }
        return result
    }
}
