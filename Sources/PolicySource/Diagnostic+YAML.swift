/// The messages of the YAML layer, one factory per problem. Messages are one line, start lower-case, have no
/// final period, and say what is wrong and what would be right.
extension Diagnostic {
    // MARK: Encoding and size, found before parsing

    static func inputTooLarge(_ source: SourceFile, byteCount: Int, limit: Int, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .yamlLimit,
            "the file is \(byteCount) bytes, over the \(describeBytes(limit)) limit; a policy file needs far less",
            file: source.name, range: source.range(at: location))
    }

    static func utf16Text(_ source: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, .invalidEncoding,
            "the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8",
            file: source.name, range: source.range(from: 0, to: 2))
    }

    static func invalidUTF8(_ source: SourceFile, byte: UInt8, at offset: Int) -> Diagnostic {
        Diagnostic(
            .error, .invalidEncoding, "invalid UTF-8 byte 0x\(hex(UInt32(byte), digits: 2)); save the file as UTF-8",
            file: source.name, range: source.range(from: offset, to: offset + 1))
    }

    static func controlCharacter(_ source: SourceFile, _ scalar: UInt32, at offset: Int, length: Int) -> Diagnostic {
        let message =
            scalar == 0
            ? "a NUL byte (0x00) is not allowed in YAML; the file looks binary, save it as UTF-8 text"
            : "control character U+\(hex(scalar, digits: 4)) is not allowed in YAML; remove it (tab, line feed and "
                + "carriage return are the only control characters allowed)"
        return Diagnostic(
            .error, .invalidEncoding, message, file: source.name,
            range: source.range(from: offset, to: offset + length))
    }

    static func nonCharacter(_ source: SourceFile, _ scalar: UInt32, at offset: Int) -> Diagnostic {
        Diagnostic(
            .error, .invalidEncoding, "the noncharacter U+\(hex(scalar, digits: 4)) is not allowed in YAML; remove it",
            file: source.name, range: source.range(from: offset, to: offset + 3))
    }

    // MARK: Document structure

    static func noDocument(_ source: SourceFile) -> Diagnostic {
        Diagnostic(.error, .emptyDocument, "the file contains no YAML document", file: source.name, range: source.startRange)
    }

    static func emptyDocument(_ source: SourceFile, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .emptyDocument, "the YAML document is empty; write its content after the `---`",
            file: source.name, range: range)
    }

    static func multipleDocuments(_ source: SourceFile, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .unsupportedYAML,
            "a file holds one YAML document; remove the `---` and merge the documents, or split them into separate "
                + "files",
            file: source.name, range: range)
    }

    static func syntax(_ source: SourceFile, _ message: String, at range: SourceRange, notes: [DiagnosticNote])
        -> Diagnostic
    {
        Diagnostic(.error, .yamlSyntax, message, file: source.name, range: range, notes: notes)
    }

    static func undefinedAlias(_ source: SourceFile, name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .yamlSyntax,
            "alias `*\(display(name))` names no anchor; define `&\(display(name))` on a node before this alias",
            file: source.name, range: range)
    }

    static func recursiveAlias(_ source: SourceFile, name: String, at range: SourceRange, anchor: SourceRange)
        -> Diagnostic
    {
        Diagnostic(
            .error, .yamlSyntax,
            "alias `*\(display(name))` refers to a node that contains it; recursive structures are not supported",
            file: source.name, range: range,
            notes: [DiagnosticNote("`&\(display(name))` is defined here", file: source.name, range: anchor)])
    }

    // MARK: Outside the strict subset

    static func mergeKey(_ source: SourceFile, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .unsupportedYAML,
            "merge keys (`<<`) are not supported; use `extends: <tier>` to inherit from another tier",
            file: source.name, range: range)
    }

    static func tag(_ source: SourceFile, text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .unsupportedYAML,
            "tags are not supported: remove `\(display(text))`; values are typed by where they stand",
            file: source.name, range: range)
    }

    static func nonScalarKey(_ source: SourceFile, kind: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .unsupportedYAML, "\(kind) cannot be a key; keys must be plain scalars such as `name`",
            file: source.name, range: range)
    }

    static func duplicateKey(_ source: SourceFile, key: String, at range: SourceRange, first: SourceRange)
        -> Diagnostic
    {
        Diagnostic(
            .error, .duplicateKey, "duplicate key `\(display(key))` in this mapping; remove or rename one of the two",
            file: source.name, range: range,
            notes: [DiagnosticNote("`\(display(key))` was first defined here", file: source.name, range: first)])
    }

    // MARK: Budgets

    static func depthLimit(_ source: SourceFile, limit: Int, byAlias: Bool = false, at range: SourceRange)
        -> Diagnostic
    {
        let expanded = byAlias ? " once this alias is expanded" : ""
        return Diagnostic(
            .error, .yamlLimit, "nesting deeper than \(limit) levels\(expanded); a policy needs fewer than 10",
            file: source.name, range: range)
    }

    static func aliasLimit(_ source: SourceFile, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .yamlLimit,
            "more than \(limit) aliases in one document; use `extends` to share settings instead of many aliases",
            file: source.name, range: range)
    }

    static func nodeLimit(_ source: SourceFile, limit: Int, byAlias: Bool, at range: SourceRange) -> Diagnostic {
        let message =
            byAlias
            ? "aliases expand the document past \(limit) nodes; use `extends` to share settings instead of nested "
                + "aliases"
            : "the document has more than \(limit) nodes; a policy needs far fewer"
        return Diagnostic(.error, .yamlLimit, message, file: source.name, range: range)
    }

    static func scalarLimit(_ source: SourceFile, byteCount: Int, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .yamlLimit,
            "a scalar of \(byteCount) bytes is over the \(describeBytes(limit)) limit; shorten the value",
            file: source.name, range: range)
    }

    static func problemLimit(_ source: SourceFile, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .yamlLimit, "more than \(limit) problems in this file; fix the ones reported and check again",
            file: source.name, range: range)
    }

    // MARK: Formatting

    /// `16 MiB`, `64 KiB` or `1000 bytes`.
    static func describeBytes(_ count: Int) -> String {
        let mebibyte = 1024 * 1024
        if count > 0, count % mebibyte == 0 { return "\(count / mebibyte) MiB" }
        if count > 0, count % 1024 == 0 { return "\(count / 1024) KiB" }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }

    /// Text quoted in a message: control characters escaped, at most 40 characters.
    static func display(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 40 {
                result += "…"
                break
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "`": result += "'"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += "\\u{\(hex(scalar.value, digits: 2))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return result
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
