/// How much a broker grants (docs/serve.md#leases): the generated SQL's `tierc.reserve_quota` computes the same.
/// Reservations shrink with the smallest remaining quota of the meter's limited windows, so the last units of a
/// window are handed out one or two at a time instead of stranded in an instance that goes idle.
public enum LeaseSizing {
    /// A grant is at most `1 / shareDivisor` of the smallest remaining (but at least the request's minimum).
    public static let shareDivisor: Int64 = 2

    /// The grant for `free` units remaining in the tightest limited window (nil: no window is limited).
    /// 0 when `free < minimum`; otherwise `min(free, max(minimum, min(maximum, free / 2)))`.
    public static func grant(free: Int64?, minimum: Int64, maximum: Int64) -> Int64 {
        guard let free else { return max(minimum, maximum) }
        if free < minimum { return 0 }
        return min(free, max(minimum, min(maximum, free / shareDivisor)))
    }
}
