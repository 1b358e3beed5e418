/// The text of the progress line `tierc simulate` and `diff --replay` draw on standard error (a terminal only):
/// the MiB read, and when the log's size is known (a regular file, or standard input redirected from one) the
/// percentage and an estimate of the time left, from the rate so far.
public enum ReplayProgress {
    /// `replaying: 42% (12 of 28 MiB), about 3 s left` (KiB for a log under 1 MiB); `replaying: 12 MiB read`
    /// when the size is unknown. The estimate appears after the first second and once some bytes are read.
    public static func line(bytes: Int, total: Int?, elapsedNanoseconds: UInt64) -> String {
        guard let total, total > 0 else { return "replaying: \(bytes / 1_048_576) MiB read" }
        let done = min(bytes, total)
        let percent = done * 100 / total
        let (unit, name) = total >= 1_048_576 ? (1_048_576, "MiB") : (1_024, "KiB")
        var text = "replaying: \(percent)% (\(done / unit) of \(total / unit) \(name))"
        if elapsedNanoseconds >= 1_000_000_000, done > 0, done < total {
            // Integer arithmetic: time left = elapsed × remaining ÷ done, in whole seconds, rounded up.
            let left = (UInt64(total - done) * (elapsedNanoseconds / 1_000_000) + UInt64(done) * 1_000 - 1) / (UInt64(done) * 1_000)
            text += ", about " + duration(left) + " left"
        }
        return text
    }

    /// `45 s`, `3 min 20 s`, `2 h 5 min`.
    public static func duration(_ seconds: UInt64) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3_600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3_600) h \(seconds % 3_600 / 60) min"
    }
}
