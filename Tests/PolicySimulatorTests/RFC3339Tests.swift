@testable import PolicyRuntime
import SeededRandom
import Testing

/// UTCCalendar.rfc3339 writes years 0 to 9999 digit by digit (docs/serve.md#performance): the text is the padded
/// numbers it wrote before, `YYYY-MM-DDTHH:MM:SSZ`, for any second; other years keep the padded form.
@Suite("UTCCalendar.rfc3339")
struct RFC3339Tests {
    static func padded(_ seconds: Int64) -> String {
        let dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let date = UTCCalendar.civil(days: dayNumber)
        let secondOfDay = seconds - dayNumber * 86_400
        let p = UTCCalendar.pad
        return p(date.year, 4) + "-" + p(date.month, 2) + "-" + p(date.day, 2) + "T" + p(secondOfDay / 3600, 2) + ":"
            + p(secondOfDay / 60 % 60, 2) + ":" + p(secondOfDay % 60, 2) + "Z"
    }

    @Test func knownInstants() {
        #expect(UTCCalendar.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(UTCCalendar.rfc3339(1_762_124_400) == "2025-11-02T23:00:00Z")
        #expect(UTCCalendar.rfc3339(951_782_399) == "2000-02-28T23:59:59Z")
        #expect(UTCCalendar.rfc3339(-1) == "1969-12-31T23:59:59Z")
        #expect(UTCCalendar.rfc3339(-62_167_219_200) == "0000-01-01T00:00:00Z")
        #expect(UTCCalendar.rfc3339(253_402_300_799) == "9999-12-31T23:59:59Z")
        #expect(UTCCalendar.rfc3339(253_402_300_800) == "10000-01-01T00:00:00Z")
    }

    @Test func everySecondWrittenAsThePaddedNumbers() {
        var random = SplitMix64(seed: 3_339)
        var seconds: [Int64] = [-62_167_219_201, -62_167_219_200, 0, 253_402_300_799, 253_402_300_800]
        for _ in 0..<20_000 { seconds.append(Int64(random.next() % 400_000_000_000) - 100_000_000_000) }
        for second in seconds {
            #expect(UTCCalendar.rfc3339(second) == Self.padded(second), "\(second)")
        }
    }
}
