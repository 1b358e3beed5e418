import PolicyModel

/// A value written into generated SQL. Every policy or tenant datum reaches the SQL text through this type,
/// so that nothing is ever interpolated unescaped: text becomes a quoted literal, decimals their exact digits.
enum SQLValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
    /// Revisions: a UInt64 may exceed `bigint`, so it is written as a `numeric` literal.
    case unsigned(UInt64)
    case decimal(ExactDecimal)
    case boolean(Bool)
    case textArray([String])

    /// An optional text: NULL when absent.
    static func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }

    /// The SQL text of the value.
    var rendered: String {
        switch self {
        case .null: "NULL"
        case .text(let value): SQLValue.literal(value)
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        // ExactDecimal's description is plain decimal notation: an optional `-`, digits, an optional point.
        case .decimal(let value): value.description
        case .boolean(let value): value ? "true" : "false"
        case .textArray(let values): "ARRAY[" + values.map(SQLValue.literal).joined(separator: ", ") + "]::text[]"
        }
    }

    /// A string literal that means the same text whatever `standard_conforming_strings` says: quotes are
    /// doubled; a text with a backslash or a control character is written as an `E'…'` literal with those
    /// characters escaped. U+0000, which PostgreSQL text cannot hold, becomes `\u0000`, which the server
    /// rejects: loading fails loudly instead of storing a different text.
    static func literal(_ text: String) -> String {
        // Printable ASCII without a quote or a backslash (most names and amounts) is quoted as it is.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x27 && $0 != 0x5C }) { return "'" + text + "'" }
        var body = ""
        var escaped = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'":
                body += "''"
            case "\\":
                body += "\\\\"
                escaped = true
            case "\u{0}":
                body += "\\u0000"
                escaped = true
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                body += "\\x" + hexByte(UInt8(scalar.value))
                escaped = true
            default:
                body.unicodeScalars.append(scalar)
            }
        }
        return (escaped ? "E'" : "'") + body + "'"
    }

    /// An identifier, double-quoted unless it is a plain lower-case name (`tierc`, `usage_counters`).
    static func identifier(_ name: String) -> String {
        let plain = name.utf8.first.map { $0 >= 0x61 && $0 <= 0x7A || $0 == 0x5F } ?? false
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        guard !plain else { return name }
        // Scalar by scalar: a quote followed by a combining mark is one Character in Swift but still a quote to SQL.
        return "\"" + name.escapingScalars { $0 == "\"" ? "\"\"" : nil } + "\""
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }
}
