public import PolicyCheck
public import PolicySource
public import SnapshotCodec

/// Why the front end could not load a policy (docs/pipeline.md#the-front-end). Every case is a problem of the
/// input (the command's exit status 1); an unreadable file never gets here, since the front end reads no file.
public enum PolicyLoadError: Error, Sendable, CustomStringConvertible {
    /// The policy or tenants file has errors: they are the check's diagnostics (with any warnings), after the
    /// notices of what was loaded before the failure.
    case rejected(CheckResult, notices: [LoadNotice])
    /// The bytes start like a snapshot but are larger than any snapshot tierc writes.
    case snapshotTooLarge(file: String, limit: Int)
    /// The snapshot does not load (bad checksum, truncated, bad or missing signature…).
    case invalidSnapshot(file: String, SnapshotError)

    /// The findings of the failed load (docs/diagnostics.md): the check's diagnostics, or the one finding of a
    /// snapshot (``SnapshotError/diagnostic(file:bytes:)``, located by byte offset).
    public var diagnostics: [Diagnostic] {
        switch self {
        case .rejected(let result, _):
            result.diagnostics
        case .snapshotTooLarge(let file, let limit):
            [Diagnostic(.error, .snapshotTooLarge, Self.tooLargeMessage(limit: limit), file: file,
                        bytes: ByteSpan(offset: limit))]
        case .invalidSnapshot(let file, let error):
            [error.diagnostic(file: file)]
        }
    }

    /// What is wrong with a file larger than any snapshot (`tierc inspect` says it too).
    public static func tooLargeMessage(limit: Int) -> String {
        "larger than \(limit / 1_048_576) MiB, not a snapshot tierc wrote"
    }

    public var description: String {
        switch self {
        case .rejected(let result, _):
            let first = result.diagnostics.first { $0.severity == .error }
            return first.map { "\($0.file):\($0.range.start.line):\($0.range.start.column): \($0.code): \($0.message)" }
                ?? "\(result.sources.first?.name ?? "the input") is not a valid input"
        case .snapshotTooLarge(let file, let limit):
            return "\(file): \(Self.tooLargeMessage(limit: limit))"
        case .invalidSnapshot(let file, let error):
            return "\(file): \(error.description)"
        }
    }
}
