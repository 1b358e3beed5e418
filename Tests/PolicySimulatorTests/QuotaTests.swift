import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §2 steps 4–5, the paragraphs after them, §3 and §7.15: quotas on fixed UTC calendar windows.
@Suite("§2.4–§2.5 quotas")
struct QuotaTests {
    /// Statuses of acme's requests at the given instants (RFC 3339) under `limits` for `api_calls`.
    static func statuses(_ limits: String, _ instants: [String], extra: String = "",
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> [Int]
    {
        try Spec.statuses(Spec.counterPolicy(limits: limits, extra: extra), Spec.tenants(),
                          instants.map { Spec.pinned("acme", $0) }, sourceLocation: sourceLocation)
    }

    static func decisions(_ limits: String, _ lines: [String], extra: String = "",
                          sourceLocation: SourceLocation = #_sourceLocation) throws -> [Decision]
    {
        var engine = try Spec.engine(Spec.counterPolicy(limits: limits, extra: extra), Spec.tenants(),
                                     sourceLocation: sourceLocation)
        return try Spec.decisions(&engine, lines, sourceLocation: sourceLocation)
    }

    @Test("§2.4 windows are checked month → day → hour → minute; the reason is the first that refuses",
          arguments: [
              ("{ minute: 1, hour: 1, day: 1, month: 1 }", Window.month),
              ("{ minute: 1, hour: 1, day: 1, month: 5 }", Window.day),
              ("{ minute: 1, hour: 1, day: 5, month: 5 }", Window.hour),
              ("{ minute: 1, hour: 5, day: 5, month: 5 }", Window.minute),
              ("{ minute: 1, month: 10 }", Window.minute),
              ("{ hour: 1, minute: 5 }", Window.hour),
          ])
    func reasonIsFirstFailingWindow(limits: String, reason: Window) throws {
        let decisions = try Self.decisions(limits, [Spec.pinned("acme", "2025-11-02T21:00:00Z"),
                                                    Spec.pinned("acme", "2025-11-02T21:00:30Z")])
        #expect(decisions.map(\.status) == [200, 429])
        #expect(decisions[1].window == reason)
    }

    @Test("§2.4 used + cost > limit refuses: a cost of 2 under a limit of 5 allows 2, 4, refuses the next 2, allows a 1")
    func costAboveOne() throws {
        let extra = """
            routes:
              - match: /two
                cost: 2
            """
        let decisions = try Self.decisions("{ hour: 5 }", [
            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/two"),  // 0 + 2 ≤ 5
            Spec.pinned("acme", "2025-11-02T21:01:00Z", path: "/two"),  // 2 + 2 ≤ 5
            Spec.pinned("acme", "2025-11-02T21:02:00Z", path: "/two"),  // 4 + 2 > 5: 429
            Spec.pinned("acme", "2025-11-02T21:03:00Z", path: "/one"),  // 4 + 1 ≤ 5 (no route: cost 1)
            Spec.pinned("acme", "2025-11-02T21:04:00Z", path: "/one"),  // 5 + 1 > 5
        ], extra: extra)
        #expect(decisions.map(\.status) == [200, 200, 429, 200, 429])
        #expect(decisions[2].used == 4)
        #expect(decisions[2].limit == 5)
        #expect(decisions[4].used == 5)
    }

    @Test("§2.4 a route cost larger than the limit is refused even in an empty window")
    func costLargerThanLimit() throws {
        let extra = """
            routes:
              - match: /big
                cost: 11
            """
        let decisions = try Self.decisions("{ day: 10 }", [Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/big"),
                                                           Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/small")],
                                           extra: extra)
        #expect(decisions.map(\.status) == [429, 200])
        #expect(decisions[0].used == 0)
    }

    @Test("§2.4 and policy-format.md: a limit of 0 blocks the meter; a cost of 0 is never refused")
    func limitZero() throws {
        let extra = """
            routes:
              - match: /free
                cost: 0
            """
        let decisions = try Self.decisions("{ month: 0 }", [Spec.pinned("acme", "2025-11-02T21:00:00Z"),
                                                            Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/free")],
                                           extra: extra)
        #expect(decisions.map(\.status) == [429, 200])
        #expect(decisions[0].window == .month)
    }

    @Test("§2.4 unlimited never refuses; §7.15 windows the tier does not limit are not checked")
    func unlimitedAndUnsetWindows() throws {
        let instants = Array(repeating: "2025-11-02T21:00:00Z", count: 300)
        #expect(try Self.statuses("{ hour: unlimited, minute: unlimited }", instants).allSatisfy { $0 == 200 })
        // Only `day` is limited: the other windows are unchecked.
        #expect(try Self.statuses("{ day: 300 }", instants).allSatisfy { $0 == 200 })
        #expect(try Self.statuses("{ day: 299 }", instants).last == 429)
        // `unlimited` for one window leaves the others in force.
        let mixed = try Self.decisions("{ hour: unlimited, month: 2 }", Array(repeating: Spec.pinned("acme", "2025-11-02T21:00:00Z"), count: 3))
        #expect(mixed.map(\.status) == [200, 200, 429])
        #expect(mixed[2].window == .month)
    }

    @Test("§7.15 a counter meter the tier gives no limit is never checked")
    func meterWithoutLimit() throws {
        let policy = Spec.yaml("""
            default_meter: calls
            meters:
              calls: { kind: counter }
              exports: { kind: counter }
            routes:
              - match: /export
                meter: exports
            tiers:
              free:
                price: 0
                limits:
                  calls: { minute: 0 }
            """)
        let statuses = try Spec.statuses(policy, Spec.tenants(),
                                         Array(repeating: Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/export"), count: 20)
                                             + [Spec.pinned("acme", "2025-11-02T21:00:00Z", path: "/x")])
        #expect(statuses == Array(repeating: 200, count: 20) + [429])
    }

    @Test("§2.5 a refused request adds nothing to any counter")
    func refusedAddsNothing() throws {
        // minute 1, hour 2. If the 429 at 21:00:30 had counted in the hour, 21:01 would be refused too.
        let decisions = try Self.decisions("{ minute: 1, hour: 2 }", [
            Spec.pinned("acme", "2025-11-02T21:00:00Z"), Spec.pinned("acme", "2025-11-02T21:00:30Z"),
            Spec.pinned("acme", "2025-11-02T21:01:00Z"), Spec.pinned("acme", "2025-11-02T21:02:00Z"),
        ])
        #expect(decisions.map(\.status) == [200, 429, 200, 429])
        #expect(decisions.map(\.window) == [nil, .minute, nil, .hour])
        #expect(decisions[3].used == 2)
    }

    @Test("§2.4 counters are per tenant and per meter")
    func countersPerTenant() throws {
        let statuses = try Spec.statuses(Spec.counterPolicy(limits: "{ hour: 1 }"), Spec.tenants(), [
            Spec.pinned("acme", "2025-11-02T21:00:00Z"), Spec.pinned("beta", "2025-11-02T21:00:00Z"),
            Spec.pinned("acme", "2025-11-02T21:00:00Z"), Spec.pinned("beta", "2025-11-02T21:00:00Z"),
        ])
        #expect(statuses == [200, 200, 429, 429])
    }

    // MARK: fixed UTC calendar windows

    @Test("§2.4 fixed windows: minute and hour start at :00, day at 00:00 UTC, month on the 1st",
          arguments: [
              // (limits, first, second, same window?)
              ("{ minute: 1 }", "2025-11-02T21:00:00Z", "2025-11-02T21:00:59Z", true),
              ("{ minute: 1 }", "2025-11-02T21:00:59Z", "2025-11-02T21:01:00Z", false),
              ("{ minute: 1 }", "2025-11-02T21:00:59.999Z", "2025-11-02T21:01:00.001Z", false),
              ("{ hour: 1 }", "2025-11-02T21:00:00Z", "2025-11-02T21:59:59Z", true),
              ("{ hour: 1 }", "2025-11-02T21:59:59Z", "2025-11-02T22:00:00Z", false),
              // A sliding 60-minute window would refuse this one; the calendar hour does not.
              ("{ hour: 1 }", "2025-11-02T21:30:00Z", "2025-11-02T22:10:00Z", false),
              ("{ day: 1 }", "2025-11-02T00:00:00Z", "2025-11-02T23:59:59Z", true),
              ("{ day: 1 }", "2025-11-02T23:59:59Z", "2025-11-03T00:00:00Z", false),
              // Days are UTC days: 00:30+01:00 on the 3rd is 23:30Z on the 2nd.
              ("{ day: 1 }", "2025-11-02T10:00:00Z", "2025-11-03T00:30:00+01:00", true),
              ("{ day: 1 }", "2025-11-02T22:00:00-03:00", "2025-11-03T00:30:00Z", true),
              ("{ month: 1 }", "2025-01-01T00:00:00Z", "2025-01-31T23:59:59Z", true),
              ("{ month: 1 }", "2025-01-31T23:59:59Z", "2025-02-01T00:00:00Z", false),
              ("{ month: 1 }", "2024-02-01T00:00:00Z", "2024-02-29T23:59:59Z", true),
              ("{ month: 1 }", "2024-02-29T23:59:59Z", "2024-03-01T00:00:00Z", false),
              ("{ month: 1 }", "2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z", false),
              // 2025-03-01T00:30+01:00 is 2025-02-28T23:30Z: still February.
              ("{ month: 1 }", "2025-02-10T00:00:00Z", "2025-03-01T00:30:00+01:00", true),
          ])
    func calendarWindows(limits: String, first: String, second: String, sameWindow: Bool) throws {
        #expect(try Self.statuses(limits, [first, second]) == [200, sameWindow ? 429 : 200])
    }

    @Test("§2 a record whose ts is earlier than an earlier record's counts in its own window")
    func outOfOrder() throws {
        let decisions = try Self.decisions("{ hour: 1 }", [
            Spec.pinned("acme", "2025-11-02T21:30:00Z"),  // 200: the 21:00 hour has 1
            Spec.pinned("acme", "2025-11-02T20:30:00Z"),  // 200: the 20:00 hour is its own, empty
            Spec.pinned("acme", "2025-11-02T21:45:00Z"),  // 429: 21:00 is full
            Spec.pinned("acme", "2025-11-02T20:45:00Z"),  // 429: 20:00 is full too
            Spec.pinned("acme", "2025-11-02T19:59:59Z"),  // 200: 19:00 is empty
            Spec.pinned("acme", "2025-11-02T22:00:00Z"),  // 200: 22:00 is empty
            Spec.pinned("acme", "2025-11-02T20:00:00Z"),  // 429: back to the full 20:00 hour
        ])
        #expect(decisions.map(\.status) == [200, 200, 429, 429, 200, 200, 429])
        #expect(decisions[3].resetAt == Spec.epoch("2025-11-02T21:00:00Z"))
    }

    // MARK: §3 what a runtime sends

    @Test("§3 a 429 carries quota_type, limit, current (used), reset_at (the window's end) and Retry-After rounded up",
          arguments: [
              ("{ minute: 1 }", "2025-11-02T21:00:10Z", "minutely", "2025-11-02T21:01:00Z", Int64(50)),
              ("{ hour: 1 }", "2025-11-02T21:59:59.5Z", "hourly", "2025-11-02T22:00:00Z", Int64(1)),  // 0.5 s → 1
              ("{ day: 1 }", "2025-11-02T21:00:00Z", "daily", "2025-11-03T00:00:00Z", Int64(3 * 3600)),
              ("{ month: 1 }", "2024-02-29T23:00:00Z", "monthly", "2024-03-01T00:00:00Z", Int64(3600)),
              ("{ month: 1 }", "2023-02-28T23:00:00Z", "monthly", "2023-03-01T00:00:00Z", Int64(3600)),
              ("{ month: 1 }", "2025-12-31T23:59:00Z", "monthly", "2026-01-01T00:00:00Z", Int64(60)),
          ])
    func refusalBody(limits: String, at instant: String, quotaType: String, resetAt: String, retryAfter: Int64) throws {
        let decisions = try Self.decisions(limits, [Spec.pinned("acme", instant), Spec.pinned("acme", instant)])
        let refusal = decisions[1]
        #expect(refusal.status == 429)
        #expect(refusal.quotaType == quotaType)
        #expect(refusal.limit == 1)
        #expect(refusal.used == 1)
        #expect(refusal.resetAt == Spec.epoch(resetAt))
        #expect(refusal.retryAfter == retryAfter)
    }

    @Test("§3 X-RateLimit-* describe the window with the least remaining (ties: the longer window)")
    func rateLimitHeaders() throws {
        // hour 100, month 1000: after one request the hour has 99 left, the month 999.
        let hourly = try Self.decisions("{ hour: 100, month: 1000 }", [Spec.pinned("acme", "2025-11-02T21:15:00Z")])[0]
        #expect(hourly.rateLimit?.window == .hour)
        #expect(hourly.rateLimit?.limit == 100)
        #expect(hourly.rateLimit?.remaining == 99)
        #expect(hourly.rateLimit?.reset == Spec.epoch("2025-11-02T22:00:00Z"))
        // hour 100, month 3: the month has 2 left.
        let monthly = try Self.decisions("{ hour: 100, month: 3 }", [Spec.pinned("acme", "2025-11-02T21:15:00Z")])[0]
        #expect(monthly.rateLimit?.window == .month)
        #expect(monthly.rateLimit?.limit == 3)
        #expect(monthly.rateLimit?.remaining == 2)
        #expect(monthly.rateLimit?.reset == Spec.epoch("2025-12-01T00:00:00Z"))
        // A tie (both 4 left) goes to the longer window.
        let tie = try Self.decisions("{ minute: 5, day: 5 }", [Spec.pinned("acme", "2025-11-02T21:15:00Z")])[0]
        #expect(tie.rateLimit?.window == .day)
        // A 429 shows 0 remaining.
        let refused = try Self.decisions("{ minute: 1 }", [Spec.pinned("acme", "2025-11-02T21:15:00Z"),
                                                           Spec.pinned("acme", "2025-11-02T21:15:00Z")])[1]
        #expect(refused.rateLimit?.remaining == 0)
        // No limit at all: no X-RateLimit values.
        #expect(try Self.decisions("{}", [Spec.pinned("acme", "2025-11-02T21:15:00Z")])[0].rateLimit == nil)
    }
}
