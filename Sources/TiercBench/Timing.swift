import Foundation

/// Wall-clock timing of whole commands (process start included), repeated, with median and minimum.
enum Timing {
    struct Sample {
        var seconds: [Double]
        var median: Double { seconds.sorted()[seconds.count / 2] }
        var minimum: Double { seconds.min() ?? 0 }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Wall times of `runs` runs of `command`, from spawn to exit as wait4 sees it. (Foundation's
    /// `Process.waitUntilExit` polls its run loop on Linux, which rounded these times up by as much as 50 ms.)
    static func measure(runs: Int, _ command: [String], expectStatus: Int32) throws -> Sample {
        var seconds: [Double] = []
        for _ in 0..<max(1, runs) {
            seconds.append(try Spawn.run(command, expectStatus: expectStatus, measuringRSS: false).seconds)
        }
        return Sample(seconds: seconds)
    }

    static func table(_ rows: [(String, Sample)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        var lines = ["\("command".padding(toLength: width, withPad: " ", startingAt: 0))   median      min   runs"]
        for (name, sample) in rows {
            lines.append(String(format: "%@   %6.1f ms %6.1f ms   %d", name.padding(toLength: width, withPad: " ", startingAt: 0),
                                sample.median * 1000, sample.minimum * 1000, sample.seconds.count))
        }
        return lines.joined(separator: "\n")
    }
}
