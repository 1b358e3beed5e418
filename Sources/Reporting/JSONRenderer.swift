public import Diagnostics

/// Renders diagnostics as one stable JSON object for machines (CI, editors, dashboards). The format is
/// documented key by key in docs/cli.md; keys appear in exactly this order:
///
/// ```json
/// {
///   "diagnostics": [
///     {
///       "file": "tiers.yaml", "line": 12, "column": 5, "end_line": 12, "end_column": 10,
///       "severity": "error", "code": "unknown-key", "message": "…",
///       "notes": [{ "message": "…", "file": "…", "line": 3, "column": 3, "end_line": 3, "end_column": 7 }],
///       "fixits": [{ "message": "…", "line": 12, "column": 5, "end_line": 12, "end_column": 10,
///                    "replacement": "limits" }]
///     }
///   ],
///   "errors": 1,
///   "warnings": 0
/// }
/// ```
///
/// Lines and columns are 1-based; columns count Unicode scalars; `end_line`/`end_column` is the first position
/// after the range. A note without a place has only `message`. A finding in a binary file (a snapshot) has
/// `byte_offset` and `byte_length` in place of the four position keys. Output is pretty-printed with two-space
/// indentation and ends with a newline; equal input gives equal bytes.
public struct JSONRenderer: Sendable {
    public init() {}

    /// The report of a check.
    public func render(_ result: some DiagnosticReport) -> String {
        render(result.diagnostics)
    }

    /// The report of `diagnostics`, in the order given.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        report(diagnostics).serialized() + "\n"
    }

    /// The report as a value, before serialization.
    public func report(_ diagnostics: [Diagnostic]) -> JSONValue {
        .object([
            ("diagnostics", .array(diagnostics.map(value(of:)))),
            ("errors", .int(diagnostics.count { $0.severity == .error })),
            ("warnings", .int(diagnostics.count { $0.severity == .warning })),
        ])
    }

    func value(of diagnostic: Diagnostic) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("file", .string(diagnostic.file))]
        if let bytes = diagnostic.bytes {
            // A binary file has no lines: the byte offset and length instead (docs/cli.md).
            pairs += [("byte_offset", .int(bytes.offset)), ("byte_length", .int(bytes.length))]
        } else {
            pairs += Self.position(diagnostic.range)
        }
        pairs += [
            ("severity", .string(diagnostic.severity.rawValue)),
            ("code", .string(diagnostic.code.rawValue)),
            ("message", .string(diagnostic.message)),
            ("notes", .array(diagnostic.notes.map { value(of: $0, defaultFile: diagnostic.file) })),
            ("fixits", .array(diagnostic.fixIts.map(value(of:)))),
        ]
        return .object(pairs)
    }

    func value(of note: DiagnosticNote, defaultFile: String) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("message", .string(note.message))]
        if let range = note.range {
            pairs.append(("file", .string(note.file ?? defaultFile)))
            pairs += Self.position(range)
        }
        return .object(pairs)
    }

    func value(of fixIt: FixIt) -> JSONValue {
        .object([("message", .string(fixIt.message))] + Self.position(fixIt.range)
                + [("replacement", .string(fixIt.replacement))])
    }

    static func position(_ range: SourceRange) -> [(key: String, value: JSONValue)] {
        [
            ("line", .int(range.start.line)),
            ("column", .int(range.start.column)),
            ("end_line", .int(range.end.line)),
            ("end_column", .int(range.end.column)),
        ]
    }
}
