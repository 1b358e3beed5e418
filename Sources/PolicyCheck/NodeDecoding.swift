import PolicySource
import PolicyModel

/// Shared helpers for decoders that read YAML nodes by what the schema expects at each place, collecting
/// diagnostics instead of stopping. Scalars are never typed by YAML 1.1 guessing: `yes` is text where text is
/// expected and an error where a boolean is.
protocol NodeDecoding {
    var file: String { get }
    var diagnostics: DiagnosticCollector { get set }
    /// Allowed keys that an unknown key of the same mapping was reported as a misspelling of, by
    /// ``misspeltKey(_:in:)``'s key: such a key is not reported missing as well (one problem, one report).
    var misspelt: [String: SourceRange] { get set }
}

extension NodeDecoding {
    mutating func error(_ code: DiagnosticCode, _ message: String, at range: SourceRange,
                        notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        diagnostics.error(code, message, file: file, range: range, notes: notes, fixIts: fixIts)
    }

    func note(_ message: String, at range: SourceRange) -> DiagnosticNote {
        DiagnosticNote(message, file: file, range: range)
    }

    /// A human description of what a node is, for "expected X, found Y".
    func found(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, _): node.isNull ? "nothing" : "`\(text)`"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// The pairs of a mapping node; a wrong-type error otherwise. `what` names the place: "`tiers`".
    mutating func mapping(_ node: YAMLNode, _ what: String) -> [YAMLPair]? {
        if case .mapping(let pairs) = node.content { return pairs }
        error(.wrongType, "\(what) must be a mapping, found \(found(node))", at: node.range)
        return nil
    }

    /// Like ``mapping(_:_:)``, but a null value (`key:` with nothing) counts as an empty mapping.
    mutating func optionalMapping(_ node: YAMLNode, _ what: String) -> [YAMLPair]? {
        node.isNull ? [] : mapping(node, what)
    }

    mutating func sequence(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        if case .sequence(let items) = node.content { return items }
        error(.wrongType, "\(what) must be a list, found \(found(node))", at: node.range)
        return nil
    }

    /// The pairs of a mapping as a lookup by key text, reporting unknown keys with a did-you-mean.
    /// `allowed` is in documentation order (used for the suggestion). Keys that are not scalars were already
    /// reported by the YAML reader.
    mutating func fields(_ pairs: [YAMLPair], allowed: [String], in place: String) -> [String: YAMLPair] {
        var result: [String: YAMLPair] = [:]
        let present = Set(pairs.compactMap(\.key.scalar))
        for pair in pairs {
            guard let key = pair.key.scalar else { continue }
            if allowed.contains(key) {
                result[key] = pair
            } else {
                let correction = Correction(key, in: allowed)
                if let suggestion = correction.candidate, !present.contains(suggestion) {
                    misspelt[Self.misspeltKey(suggestion, in: place)] = pair.key.range
                }
                error(.unknownKey, "unknown key `\(key)` in \(place)" + correction.phrase(otherwise: "; expected one of \(Correction.list(allowed))"),
                      at: pair.key.range, fixIts: correction.fixIts(replacing: pair.key.range))
            }
        }
        return result
    }

    static func misspeltKey(_ key: String, in place: String) -> String { "\(place)\u{0}\(key)" }

    /// Where `key` of the mapping `place` is written misspelt (reported as an unknown key with `key` suggested).
    func misspelling(of key: String, in place: String) -> SourceRange? { misspelt[Self.misspeltKey(key, in: place)] }

    /// Reports a missing required key, located at `range` (usually the parent's key or mapping); not when the
    /// key is there but misspelt: that unknown key was reported with a fix-it already.
    mutating func missing(_ key: String, in place: String, at range: SourceRange, example: String? = nil) {
        guard misspelling(of: key, in: place) == nil else { return }
        let hint = example.map { ", e.g. `\($0)`" } ?? ""
        error(.missingKey, "\(place) is missing the required key `\(key)`\(hint)", at: range)
    }

    /// A string scalar (null is an error: "expected text") that every backend can carry.
    ///
    /// A double-quoted YAML scalar can spell any character with an escape (`"\0"`, `"\r\n"`, `"\e"`), which the
    /// reader's raw-byte check does not see. A value is refused when it holds a control character (C0, DEL or C1:
    /// U+0000–U+001F, U+007F–U+009F): PostgreSQL's `text` cannot hold NUL, and names, globs, units, header names and keys are one line
    /// (an HTTP path or header cannot hold a control character at all). Descriptions, which are prose, may hold
    /// line feeds and tabs (`allowingLineBreaks`). docs/diagnostics.md, `invalid-value`; docs/security.md.
    mutating func string(_ node: YAMLNode, _ what: String, allowingLineBreaks: Bool = false) -> Located<String>? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            error(.wrongType, "\(what) must be text, found \(found(node))", at: node.range)
            return nil
        }
        if let control = text.unicodeScalars.first(where: { scalar in
            (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
                && !(allowingLineBreaks && (scalar == "\n" || scalar == "\t"))
        }) {
            let code = "U+" + String(control.value, radix: 16, uppercase: true).leftPadded(to: 4)
            let allowed = allowingLineBreaks ? "only line feeds and tabs are allowed in prose" : "it must be one line of printable text"
            error(.invalidValue, "\(what) contains the control character \(code), which a backend cannot carry (PostgreSQL "
                  + "text holds no NUL, an HTTP path or header no control character); \(allowed): remove it", at: node.range)
            return nil
        }
        return Located(text, node.range)
    }

    /// A string that must match an identifier rule.
    mutating func identifier(_ node: YAMLNode, _ what: String, rule: IdentifierRule) -> Located<String>? {
        guard let text = string(node, what) else { return nil }
        guard rule.accepts(text.value) else {
            error(.invalidIdentifier, "\(what) `\(text.value)` is not a valid identifier: \(rule.explanation)",
                  at: node.range, fixIts: rule.fixed(text.value).map {
                      [FixIt("replace with `\($0)`", range: node.range, replacement: $0)]
                  } ?? [])
            return nil
        }
        return text
    }

    /// A whole number in plain decimal digits, optionally `-`; quoted or not. Rejects YAML 1.1 spellings
    /// (`0777`, `1e3`, `0x10`, `1_000`) with a hint at the plain form.
    mutating func integer(_ node: YAMLNode, _ what: String, minimum: Int64 = 0) -> Located<Int64>? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            error(.wrongType, "\(what) must be a whole number, found \(found(node))", at: node.range)
            return nil
        }
        switch ScalarSyntax.integer(text) {
        case .value(let value):
            guard value >= minimum else {
                error(.invalidValue, "\(what) must be \(minimum) or more, found \(text)", at: node.range)
                return nil
            }
            return Located(value, node.range)
        case .hint(let plain):
            error(.wrongType, "\(what) must be a whole number in plain digits, found `\(text)`; write `\(plain)`",
                  at: node.range, fixIts: [FixIt("replace with `\(plain)`", range: node.range, replacement: plain)])
        case .invalid:
            error(.wrongType, "\(what) must be a whole number, found `\(text)`", at: node.range)
        case .tooLarge:
            error(.invalidValue, "\(what) `\(text)` is too large (the largest is \(Int64.max))", at: node.range)
        }
        return nil
    }

    /// A limit: a whole number >= 0 or `unlimited`.
    mutating func limit(_ node: YAMLNode, _ what: String) -> Located<Limit>? {
        if case .scalar(let text, _) = node.content, text == "unlimited" { return Located(.unlimited, node.range) }
        if case .scalar(let text, _) = node.content, !node.isNull, ScalarSyntax.decimalLooking(text),
           case .invalid = ScalarSyntax.integer(text) {
            error(.invalidValue, "\(what) must be a whole number or `unlimited`, found `\(text)`", at: node.range)
            return nil
        }
        guard let value = integerOrUnlimited(node, what) else { return nil }
        return Located(.limited(value), node.range)
    }

    private mutating func integerOrUnlimited(_ node: YAMLNode, _ what: String) -> Int64? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            error(.wrongType, "\(what) must be a whole number or `unlimited`, found \(found(node))", at: node.range)
            return nil
        }
        if case .invalid = ScalarSyntax.integer(text) {
            let correction = Correction(text, in: ["unlimited"])
            error(.wrongType, "\(what) must be a whole number or `unlimited`, found `\(text)`" + correction.phrase(), at: node.range,
                  fixIts: correction.fixIts(replacing: node.range))
            return nil
        }
        return integer(node, what, minimum: 0)?.value
    }

    /// A non-negative exact decimal (`0.8`, `"15"`), for gauge levels and band bounds.
    mutating func quantity(_ node: YAMLNode, _ what: String) -> Located<ExactDecimal>? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            error(.wrongType, "\(what) must be a number, found \(found(node))", at: node.range)
            return nil
        }
        guard let value = ScalarSyntax.decimal(text) else {
            if ScalarSyntax.isPlainDecimal(text) {
                error(.invalidValue, "\(what) \(ScalarSyntax.tooPrecise), found `\(text)`", at: node.range)
            } else {
                error(.wrongType, "\(what) must be a plain decimal number like `5` or `0.5`, found `\(text)`", at: node.range)
            }
            return nil
        }
        guard !value.isNegative else {
            error(.invalidValue, "\(what) must be 0 or more, found `\(text)`", at: node.range)
            return nil
        }
        return Located(value, node.range)
    }

    /// Money: an exact, non-negative plain decimal read from the scalar's text. `maxDecimals` limits the
    /// digits after the point (a tier price may not be finer than the currency's minor unit).
    mutating func money(_ node: YAMLNode, _ what: String, maxDecimals: Int? = nil, currency: String? = nil)
        -> Located<ExactDecimal>?
    {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            error(.invalidMoney, "\(what) must be an amount like `29` or `0.01`, found \(found(node))", at: node.range)
            return nil
        }
        guard let value = ScalarSyntax.decimal(text) else {
            if ScalarSyntax.isPlainDecimal(text) {
                error(.invalidMoney, "\(what) \(ScalarSyntax.tooPrecise), found `\(text)`", at: node.range)
                return nil
            }
            let cleaned = ScalarSyntax.moneyHint(text)
            error(.invalidMoney, "\(what) must be a plain decimal amount like `29` or `0.01`, found `\(text)`"
                  + (cleaned.map { "; write `\($0)`" } ?? ""), at: node.range,
                  fixIts: cleaned.map { [FixIt("replace with `\($0)`", range: node.range, replacement: $0)] } ?? [])
            return nil
        }
        guard !value.isNegative else {
            error(.invalidMoney, "\(what) must be 0 or more, found `\(text)`", at: node.range)
            return nil
        }
        if let maxDecimals, value.scale > maxDecimals {
            let rounded = value.rounded(toScale: maxDecimals, rule: .halfUp).formatted(fractionDigits: maxDecimals)
            let decimals = value.scale == 1 ? "1 decimal" : "\(value.scale) decimals"
            let allowed = maxDecimals == 0 ? "none" : maxDecimals == 1 ? "1" : "\(maxDecimals)"
            error(.invalidMoney, "\(what) must not be finer than \(currency ?? "the currency")'s minor unit (\(allowed) allowed), found `\(text)` with \(decimals); write `\(rounded)`",
                  at: node.range, fixIts: [FixIt("replace with `\(rounded)`", range: node.range, replacement: rounded)])
            return nil
        }
        return Located(value, node.range)
    }

    /// `true` or `false` (YAML 1.2 core spellings); `yes`, `on`... are rejected with the fix.
    mutating func boolean(_ node: YAMLNode, _ what: String) -> Located<Bool>? {
        if case .scalar(let text, _) = node.content {
            switch text {
            case "true", "True", "TRUE": return Located(true, node.range)
            case "false", "False", "FALSE": return Located(false, node.range)
            default:
                let truthy = ["yes", "y", "on", "Yes", "YES", "On", "ON", "Y"].contains(text)
                let falsy = ["no", "n", "off", "No", "NO", "Off", "OFF", "N"].contains(text)
                if truthy || falsy {
                    let fixed = truthy ? "true" : "false"
                    error(.wrongType, "\(what) must be `true` or `false`, found `\(text)`; write `\(fixed)`", at: node.range,
                          fixIts: [FixIt("replace with `\(fixed)`", range: node.range, replacement: fixed)])
                    return nil
                }
            }
        }
        error(.wrongType, "\(what) must be `true` or `false`, found \(found(node))", at: node.range)
        return nil
    }

    /// One of a fixed set of words.
    mutating func choice<T>(_ node: YAMLNode, _ what: String, _ options: [(String, T)]) -> T? {
        guard case .scalar(let text, _) = node.content, !node.isNull else {
            error(.wrongType, "\(what) must be one of \(options.map { "`\($0.0)`" }.joined(separator: ", ")), found \(found(node))",
                  at: node.range)
            return nil
        }
        if let match = options.first(where: { $0.0 == text }) { return match.1 }
        let correction = Correction(text, in: options.map(\.0))
        error(.invalidValue, "\(what) must be one of \(Correction.list(options.map(\.0))), found `\(text)`" + correction.phrase(),
              at: node.range, fixIts: correction.fixIts(replacing: node.range))
        return nil
    }
}

/// Naming rules of identifiers (docs/policy-format.md#kinds-of-values).
enum IdentifierRule {
    /// Features and meters: `[a-z][a-z0-9_]*`.
    case snake
    /// Tiers and the policy: `[a-z][a-z0-9_-]*` (the policy also at most 63 characters).
    case tier
    case policy
    /// Tenants: `[a-z0-9][a-z0-9_-]{0,62}`.
    case tenant

    func accepts(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return false }
        let lower = first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
        let digit = first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
        switch self {
        case .snake, .tier, .policy: guard lower else { return false }
        case .tenant: guard lower || digit else { return false }
        }
        if self == .policy || self == .tenant, bytes.count > 63 { return false }
        return bytes.dropFirst().allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || (self != .snake && byte == UInt8(ascii: "-"))
        }
    }

    var explanation: String {
        switch self {
        case .snake: "use lower-case letters, digits and `_`, starting with a letter"
        case .tier: "use lower-case letters, digits, `_` and `-`, starting with a letter"
        case .policy: "use lower-case letters, digits, `_` and `-`, starting with a letter, at most 63 characters"
        case .tenant: "use lower-case letters, digits, `_` and `-`, starting with a letter or digit, at most 63 characters"
        }
    }

    /// A corrected spelling when a simple one exists (lower-cased, spaces and dashes to the allowed separator).
    func fixed(_ text: String) -> String? {
        var candidate = text.lowercased()
        candidate = String(candidate.map { ch -> Character in
            if ch == " " || ch == "." { return self == .snake ? "_" : "-" }
            if ch == "-" && self == .snake { return "_" }
            return ch
        })
        return candidate != text && accepts(candidate) ? candidate : nil
    }
}

/// Typing of scalar text by what the schema expects.
enum ScalarSyntax {
    enum IntegerParse {
        case value(Int64)
        /// A YAML 1.1 or human spelling of a number, with its plain form.
        case hint(String)
        case tooLarge
        case invalid
    }

    static func integer(_ text: String) -> IntegerParse {
        let bytes = Array(text.utf8)
        let digits = bytes.first == UInt8(ascii: "-") ? Array(bytes.dropFirst()) : bytes
        let allDigits = !digits.isEmpty && digits.allSatisfy { $0 >= 48 && $0 <= 57 }
        if allDigits {
            if digits.count > 1, digits[0] == 48 {
                let trimmed = String(decoding: digits.drop { $0 == 48 }, as: UTF8.self)
                return .hint((bytes.first == UInt8(ascii: "-") ? "-" : "") + (trimmed.isEmpty ? "0" : trimmed))
            }
            guard let value = Int64(text) else { return .tooLarge }
            return .value(value)
        }
        // 1_000, 10,000, 1e3, 1.0 → their plain integer, when that is exact.
        let stripped = text.filter { $0 != "_" && $0 != "," }
        if stripped != text, Int64(stripped) != nil { return .hint(stripped) }
        if let exponent = text.lowercased().split(separator: "e", omittingEmptySubsequences: false) as [Substring]?,
           exponent.count == 2, let base = ExactDecimal(String(exponent[0])), let power = Int(exponent[1]), power >= 0, power <= 18,
           let scaled = ExactDecimal.multiplying(base, ExactDecimal(significand: ExactDecimal.powerOfTen(power) ?? 1, scale: 0)),
           scaled.isInteger
        {
            return .hint(scaled.description)
        }
        if let decimal = ExactDecimal(text), decimal.isInteger { return .hint(decimal.description) }
        return .invalid
    }

    /// The plain spelling of `1e3`, `2.5E-2` (exact), or nil.
    static func exponentForm(_ text: String) -> String? {
        let parts = text.lowercased().split(separator: "e", omittingEmptySubsequences: false)
        guard parts.count == 2, let base = ExactDecimal(String(parts[0])), let power = Int(parts[1]), abs(power) <= 18,
              let factor = ExactDecimal.powerOfTen(abs(power)) else { return nil }
        if power >= 0 {
            return ExactDecimal.multiplying(base, ExactDecimal(significand: factor, scale: 0))?.description
        }
        guard base.scale - power <= ExactDecimal.maxScale else { return nil }
        return ExactDecimal(significand: base.significand, scale: base.scale - power).description
    }

    /// True when the text looks like a number (digits, point, sign), so a decimal limit gets a precise message.
    static func decimalLooking(_ text: String) -> Bool { ExactDecimal(text) != nil }

    /// Plain decimal text (`-12`, `0.005`, `+29.50`) whatever its length: an optional sign, digits, and optionally
    /// a point and digits. Such a text that ``decimal(_:)`` refuses is too precise, not misspelt.
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring.UTF8View.SubSequence) in
            !part.isEmpty && part.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        return parts.count <= 2 && parts.allSatisfy(isDigits)
    }

    /// Why a plain decimal is refused (docs/policy-format.md, values).
    static let tooPrecise = "has more precision than tierc computes with exactly: at most "
        + "\(ExactDecimal.maxDigits) significant digits and \(ExactDecimal.maxScale) decimals"

    /// An exact decimal from plain decimal text; YAML 1.1 forms (`1e3`, `.5`, `0x1`, `1_000`) are rejected.
    static func decimal(_ text: String) -> ExactDecimal? {
        ExactDecimal(text)
    }

    /// A plain spelling of a money-like text such as `$29`, `29,00`? Only unambiguous cases: a leading currency
    /// sign or a thousands separator (`1,000.50`).
    static func moneyHint(_ text: String) -> String? {
        if let exponent = exponentForm(text) { return exponent }
        var candidate = text.trimmingPrefix(while: { "$€£¥".contains($0) })
        if candidate.contains(","), candidate.contains(".") { candidate = Substring(candidate.filter { $0 != "," }) }
        candidate = Substring(candidate.filter { $0 != "_" && $0 != " " })
        let result = String(candidate)
        return result != text && ExactDecimal(result) != nil && !result.hasPrefix("-") ? result : nil
    }
}

extension Substring {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        var s = self
        while let first = s.first, predicate(first) { s = s.dropFirst() }
        return s
    }
}

extension String {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        Substring(self).trimmingPrefix(while: predicate)
    }
}

extension String {
    /// The string with leading zeros up to `width` characters (for `U+000D`).
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
