/// JSON string literals per RFC 8259 §7, shared by every JSON writer (check's report, simulate's report,
/// diff's): `"` and `\` escaped, control characters U+0000–U+001F as their short escapes or `\u00XX`;
/// everything else, non-ASCII included, passes through as UTF-8.
public enum JSONText {
    /// Appends `value` as a quoted JSON string to `output` (through the byte writer below: one escaping rule).
    public static func writeString(_ value: String, to output: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        writeString(value, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a quoted JSON string to the UTF-8 bytes `output`. Runs that need no escape are appended
    /// whole, not scalar by scalar (BENCHMARKS.md, "Quiet measurements at `31ae3bf`"); every byte escaped is ASCII,
    /// so each run starts and ends on a scalar boundary.
    public static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart != index { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                output.append(contentsOf: escape(byte).utf8)
                runStart = index + 1
            }
            if runStart != utf8.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The escape of an ASCII byte that JSON does not allow as it is (RFC 8259 §7).
    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        default:
            let hex = String(byte, radix: 16, uppercase: false)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }

    /// `value` as a quoted JSON string.
    public static func quoted(_ value: String) -> String {
        var output = ""
        writeString(value, to: &output)
        return output
    }
}
