public import NIOCore

/// Integers written as decimal digits straight into a buffer (docs/serve.md#performance): the bytes of
/// `String(value)` without making the string, for the numbers of answers written as bytes.
public enum DecimalBytes {
    /// Writes `value` as `String(value)` writes it, at the end of `buffer`.
    public static func write(_ value: Int64, to buffer: inout ByteBuffer) {
        guard value >= 0 else {
            buffer.writeString(String(value))
            return
        }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { bytes in
            var count = 1
            var rest = value
            while rest >= 10 {
                rest /= 10
                count += 1
            }
            rest = value
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return count
        }
    }
}
