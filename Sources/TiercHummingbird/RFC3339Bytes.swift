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
            func digits(_ value: Int64, _ width: Int, at start: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    bytes[start + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            digits(date.year, 4, at: 0)
            bytes[4] = UInt8(ascii: "-")
            digits(date.month, 2, at: 5)
            bytes[7] = UInt8(ascii: "-")
            digits(date.day, 2, at: 8)
            bytes[10] = UInt8(ascii: "T")
            digits(second / 3_600, 2, at: 11)
            bytes[13] = UInt8(ascii: ":")
            digits(second / 60 % 60, 2, at: 14)
            bytes[16] = UInt8(ascii: ":")
            digits(second % 60, 2, at: 17)
            bytes[19] = UInt8(ascii: "Z")
            return 20
        }
    }
}
