import Testing
import PolicyRuntime

/// Memory of earlier windows is bounded per counter, and a record older than the horizon is detected.
@Suite struct WindowRetentionTests {
    @Test func earlierWindowsAreBoundedAndForgettingIsDetectable() {
        var counter = WindowCounter(retainedWindows: 4)
        for window in 0..<100 { counter.add(1, inWindowStarting: Int64(window) * 3600) }
        #expect(counter.earlier.count <= 2 * 4 + 1)
        #expect(counter.used(inWindowStarting: 99 * 3600) == 1)
        #expect(counter.used(inWindowStarting: 98 * 3600) == 1)
        #expect(!counter.isForgotten(98 * 3600))
        #expect(counter.isForgotten(0))
    }

    @Test func monthsAreNeverForgotten() {
        var counter = WindowCounter()
        for month in 0..<1000 { counter.add(2, inWindowStarting: Int64(month) * 3_000_000) }
        #expect(counter.earlier.count == 999)
        #expect(!counter.isForgotten(0))
        #expect(counter.used(inWindowStarting: 0) == 2)
    }

    /// A record that goes back a little still counts in its own window (simulation.md §2).
    @Test func recentOutOfOrderRecordsCountInTheirOwnWindow() {
        var counter = WindowCounter(retainedWindows: 4)
        counter.add(5, inWindowStarting: 0)
        counter.add(1, inWindowStarting: 3600)
        counter.add(1, inWindowStarting: 0)
        #expect(counter.used(inWindowStarting: 0) == 6)
        #expect(counter.used(inWindowStarting: 3600) == 1)
    }
}
