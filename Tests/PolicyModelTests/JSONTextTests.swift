import Foundation
import Testing
import PolicyModel

/// JSONText appends the runs that need no escape whole (docs/simulation.md#--format-json): the bytes must be those of
/// escaping scalar by scalar, whatever sits next to an escaped byte (combining marks, flags, control characters).
@Suite struct JSONTextTests {
    /// The escaping of RFC 8259 §7 written scalar by scalar, as JSONText did before runs were appended whole.
    static func reference(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}": output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    @Test(arguments: ["", "plain", "tenant-a", "\"", "\\", "a\"b\\c", "\u{00}\u{01}\u{1F}\u{7F}", "a\r\nb\tc\u{08}\u{0C}",
                      "\"\u{301}é\\\u{301}a\n\u{301}", "\u{301}", "x\"\u{301}\u{302}y\"", "🇫🇷\"🇫🇷", "日本\n語\u{0}",
                      String(repeating: "long run ", count: 40) + "\"end"])
    func escapesAsScalarByScalar(_ value: String) {
        #expect(Array(JSONText.quoted(value).utf8) == Array(Self.reference(value).utf8))
    }

    @Test func appendsToWhatIsThere() {
        var output = "{\"k\": "
        JSONText.writeString("a\"b", to: &output)
        #expect(output == "{\"k\": \"a\\\"b\"")
    }

    @Test func everyByteNextToAnEscape() {
        // Every scalar of a few planes, each between two escaped bytes.
        let scalars = (0...0x2FF).compactMap(Unicode.Scalar.init) + ["\u{1F1EB}", "\u{FFFD}", "\u{10FFFF}"]
        for scalar in scalars {
            let value = "\"" + String(scalar) + "\\" + String(scalar) + "\n"
            #expect(Array(JSONText.quoted(value).utf8) == Array(Self.reference(value).utf8), "U+\(String(scalar.value, radix: 16))")
        }
    }
}

extension JSONTextTests {
    /// The byte writer gives the bytes of the String writer.
    @Test(arguments: ["", "plain", "\"", "a\r\nb\tc\u{08}\u{0C}\u{00}\u{1F}", "\"\u{301}é\\\u{301}a\n\u{301}", "🇫🇷\"🇫🇷"])
    func bytesAreThoseOfTheStringWriter(_ value: String) {
        var bytes: [UInt8] = Array("x".utf8)
        JSONText.writeString(value, to: &bytes)
        #expect(bytes == Array(("x" + Self.reference(value)).utf8))
    }
}
