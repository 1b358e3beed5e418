public import NIOCore
public import PolicyRuntime

/// Times written as RFC 3339 text straight into a buffer (docs/serve.md#performance): the bytes of
/// `UTCCalendar.rfc3339(seconds)` without making the string, for the `reset_at` of answers written as bytes.
public enum RFC3339Bytes {
    /// Writes `UTCCalendar.rfc3339(seconds)` at the end of `buffer`: `YYYY-MM-DDTHH:MM:SSZ` for years 0 to 9999,
    /// the text of `UTCCalendar` for any other.
    public static func write(_ seconds: Int64, to buffer: inout ByteBuffer) {
        var day = seconds / 86_400
        if seconds % 86_400 < 0 { day -= 1 }
        let date = UTCCalendar.civil(days: day)
        guard date.year >= 0, date.year <= 9_999 else {
            buffer.writeString(UTCCalendar.rfc3339(seconds))
            return
        }
        let second = seconds - day * 86_400
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { bytes in
            UTCCalendar.writeRFC3339(date, secondOfDay: second, to: bytes)
        }
    }
}
