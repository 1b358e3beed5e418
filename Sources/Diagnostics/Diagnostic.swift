/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .note: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable, documented identifier of a kind of problem, e.g. `duplicate-key`. Wording may change; codes do not.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A secondary message attached to a diagnostic, optionally pointing elsewhere (e.g. the first of two duplicates).
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var file: String?
    public var range: SourceRange?

    public init(_ message: String, file: String? = nil, range: SourceRange? = nil) {
        self.message = message
        self.file = file
        self.range = range
    }
}

/// A suggested edit: replace the text of `range` with `replacement`.
public struct FixIt: Sendable, Hashable {
    public var message: String
    public var range: SourceRange
    public var replacement: String

    public init(_ message: String, range: SourceRange, replacement: String) {
        self.message = message
        self.range = range
        self.replacement = replacement
    }
}

/// One problem found in an input file, located precisely.
public struct Diagnostic: Sendable, Hashable {
    public var code: DiagnosticCode
    public var severity: Severity
    /// One line, lower-case start, no final period (as swiftc).
    public var message: String
    /// The file name as shown to the user.
    public var file: String
    /// Where in a text file (lines and columns); ``SourceRange/fileStart`` when ``bytes`` locates the finding.
    public var range: SourceRange
    /// Where in a binary file (a snapshot), which has no lines; nil for a text file (docs/diagnostics.md).
    public var bytes: ByteSpan?
    public var notes: [DiagnosticNote]
    public var fixIts: [FixIt]

    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String, file: String, range: SourceRange,
        notes: [DiagnosticNote] = [], fixIts: [FixIt] = []
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.notes = notes
        self.fixIts = fixIts
    }

    /// A finding at `bytes` of the binary file `file` (e.g. a snapshot's checksum at byte 120).
    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, file: String, bytes: ByteSpan,
                notes: [DiagnosticNote] = []) {
        self.init(severity, code, message, file: file, range: .fileStart, notes: notes)
        self.bytes = bytes
    }
}
