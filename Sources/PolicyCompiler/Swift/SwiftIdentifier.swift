/// How a YAML key becomes a Swift identifier in the generated file (docs/generated-swift.md, "Names").
///
/// 1. The key is split into words at every character that is not an ASCII letter or digit (`_`, `-`, `.`,
///    space, and any non-ASCII character), and before an upper-case letter that follows a lower-case letter or a
///    digit; empty words are dropped.
/// 2. The words are joined in lowerCamelCase: the first word lower-cased, each later word with its first letter
///    upper-cased and the rest lower-cased (`ai_intelligence` → `aiIntelligence`, `api-v2` → `apiV2`).
/// 3. A result that starts with a digit gets a leading `_` (`2fa` → `_2fa`); an empty result (no letter or digit
///    at all) becomes the fallback word (`tier`, `feature`, `meter`).
/// 4. Names that are still equal after derivation, or equal to a member the generated type declares itself
///    (``uniqueNames(for:reserved:fallback:)``), get `_2`, `_3`… in declaration order: the first keeps the name.
/// 5. A Swift keyword stays as it is and is written in backticks wherever it appears (``escaped(_:)``).
///
/// The rule uses ASCII only, so it gives the same names on every machine and locale.
enum SwiftIdentifier {
    /// The key's words in lowerCamelCase (rules 1–2), possibly empty or starting with a digit.
    static func lowerCamelCase(_ key: String) -> String {
        var result = ""
        for (index, word) in words(of: key).enumerated() {
            let lower = word.map(lowercased)
            if index == 0 {
                result.unicodeScalars.append(contentsOf: lower.map { Unicode.Scalar($0) })
            } else {
                result.unicodeScalars.append(contentsOf: ([uppercased(lower[0])] + lower.dropFirst()).map { Unicode.Scalar($0) })
            }
        }
        return result
    }

    /// The identifier for one key before clashes are resolved (rules 1–3).
    static func name(for key: String, fallback: String) -> String {
        let name = lowerCamelCase(key)
        guard let first = name.utf8.first else { return fallback }
        return isDigit(first) ? "_" + name : name
    }

    /// Identifiers for `keys` in their order, unique among themselves and distinct from `reserved` (rule 4).
    /// A key whose name is taken gets the first free `name_2`, `name_3`…; derived names never contain `_` after
    /// their first character, so a suffixed name cannot be taken by a later key's plain derivation.
    static func uniqueNames(for keys: [String], reserved: Set<String> = [], fallback: String) -> [String] {
        var taken = reserved
        var names: [String] = []
        names.reserveCapacity(keys.count)
        for key in keys {
            let base = name(for: key, fallback: fallback)
            var candidate = base
            var suffix = 2
            while taken.contains(candidate) {
                candidate = base + "_" + String(suffix)
                suffix += 1
            }
            taken.insert(candidate)
            names.append(candidate)
        }
        return names
    }

    /// The identifier as it is written in source: in backticks when it is a keyword (rule 5).
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`" + name + "`" : name
    }

    /// Words that cannot be used as a declaration's name without backticks: the reserved words of
    /// The Swift Programming Language's "Lexical Structure" (declarations, statements, expressions and types),
    /// plus contextual words that are safest escaped.
    static let keywords: Set<String> = [
        // Declarations.
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
        "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        // Statements.
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if",
        "in", "repeat", "return", "switch", "throw", "where", "while",
        // Expressions and types.
        "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "_",
        // Contextual words with a meaning after a dot or in a pattern.
        "Protocol", "Type", "some", "any",
    ]

    /// Splits at non-alphanumeric ASCII and at lower/digit → upper boundaries (rule 1).
    static func words(of key: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        var previous: UInt8?
        for byte in key.utf8 {
            guard isLetter(byte) || isDigit(byte) else {
                if !current.isEmpty { words.append(current) }
                current = []
                previous = nil
                continue
            }
            if isUpper(byte), let previous, isLower(previous) || isDigit(previous), !current.isEmpty {
                words.append(current)
                current = []
            }
            current.append(byte)
            previous = byte
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private static func isLetter(_ byte: UInt8) -> Bool { isLower(byte) || isUpper(byte) }
    private static func lowercased(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte + 32 : byte }
    private static func uppercased(_ byte: UInt8) -> UInt8 { isLower(byte) ? byte - 32 : byte }
}
