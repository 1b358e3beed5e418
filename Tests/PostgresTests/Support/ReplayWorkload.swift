import PolicyModel
import PolicyRuntime
import SeededRandom

/// One record of a generated workload: a request of an identified tenant (or an unknown id) or a gauge reading.
struct ReplayRecord: Sendable {
    enum Kind: Sendable {
        case request(tenant: String, path: String)
        case gauge(tenant: String, meter: String, value: ExactDecimal)
    }

    var kind: Kind
    /// Whole seconds since the epoch (what the Swift runtime decides with).
    var seconds: Int64
    /// Quarters of a second after `seconds` (0–3): SQL gets the fraction and must floor it like the runtime.
    var quarters: Int

    /// The time as RFC 3339 text with its fraction, for PostgreSQL.
    var timestamp: String {
        let text = UTCCalendar.rfc3339(seconds)
        guard quarters > 0 else { return text }
        return String(text.dropLast()) + [".25", ".5", ".75"][quarters - 1] + "Z"
    }
}

/// A deterministic workload (SplitMix64, integers only): requests over about two and a half months that cross
/// month boundaries, bursts that exhaust minute, hour, day and month limits, one hot tenant, unknown tenant ids,
/// timestamps that go back up to 90 minutes (within the runtime's retained windows), fractions of a second and
/// gauge readings, some above their tier's limit.
struct ReplayWorkload: Sendable {
    var seed: UInt64
    var count: Int
    /// Known tenant ids; the first is the hot one.
    var tenants: [String]
    /// Ids that are not tenants (401).
    var unknownTenants: [String]
    var paths: [String]
    /// The paths bursts hammer (3 in 4 of a burst's requests; the rest take any path).
    var burstPaths: [String]
    var gaugeMeters: [String]
    /// The first record's time: 2025-10-30T20:00:00Z, so that October, November, December and January appear.
    var start: Int64 = 1_761_854_400
    /// Outside bursts, a request moves the clock forward by less than this many seconds (a shorter log spans the
    /// same months with a larger step).
    var maxStep: Int = 3_600

    func records() -> [ReplayRecord] {
        var random = SplitMix64(seed: seed)
        var records: [ReplayRecord] = []
        records.reserveCapacity(count)
        var now = start
        var burst: (tenant: String, path: String, left: Int)?
        while records.count < count {
            var seconds = now
            let kind: ReplayRecord.Kind
            if let current = burst {
                now += Int64(random.below(3))
                seconds = now
                kind = .request(tenant: current.tenant, path: random.chance(3, in: 4) ? current.path : pick(paths, &random))
                burst = current.left > 1 ? (current.tenant, current.path, current.left - 1) : nil
            } else if random.chance(1, in: 120) {
                let tenant = random.chance(1, in: 3) ? tenants[0] : pick(tenants, &random)
                burst = (tenant, pick(burstPaths, &random), 60 + random.below(260))
                continue
            } else if !gaugeMeters.isEmpty, random.chance(3, in: 100) {
                let value = ExactDecimal(significand: Int128(random.below(12_000)), scale: random.below(3))
                kind = .gauge(tenant: pick(tenants, &random), meter: pick(gaugeMeters, &random), value: value)
                now += Int64(random.below(900))
                seconds = now
            } else {
                let tenant: String
                if random.chance(1, in: 50) {
                    tenant = pick(unknownTenants, &random)
                } else if random.chance(60, in: 100) {
                    tenant = tenants[0]
                } else {
                    tenant = pick(tenants, &random)
                }
                kind = .request(tenant: tenant, path: pick(paths, &random))
                if random.chance(3, in: 100) {
                    seconds = now - 1 - Int64(random.below(5_400))  // back in time, never moving `now`
                } else {
                    now += Int64(random.below(maxStep))
                    seconds = now
                }
            }
            let quarters = random.chance(1, in: 10) ? 1 + random.below(3) : 0
            records.append(ReplayRecord(kind: kind, seconds: seconds, quarters: quarters))
        }
        return records
    }

    private func pick(_ values: [String], _ random: inout SplitMix64) -> String { values[random.below(values.count)] }
}

