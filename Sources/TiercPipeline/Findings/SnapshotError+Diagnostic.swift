public import PolicySource
public import SnapshotCodec

extension SnapshotError {
    /// The finding of a snapshot that does not load, located at the byte where the problem is
    /// (docs/diagnostics.md, "Findings in a snapshot"); the message is ``description``. `bytes`, when given, are
    /// the file's: a file that starts like text is then told how a tiers.yaml becomes a snapshot (`tierc inspect`).
    public func diagnostic(file: String, bytes: [UInt8]? = nil) -> Diagnostic {
        var message = description
        if case .badMagic = self, let bytes, Self.looksLikeText(bytes) {
            message += "; this looks like text: a tiers.yaml becomes a snapshot with `tierc compile`"
        }
        return Diagnostic(.error, code, message, file: file, bytes: span)
    }

    /// The catalogue's code of this case.
    public var code: DiagnosticCode {
        switch self {
        case .truncated: .truncatedSnapshot
        case .badMagic: .notASnapshot
        case .unsupportedVersion: .unsupportedSnapshotVersion
        case .checksumMismatch: .checksumMismatch
        case .badSignature: .badSignature
        case .missingSignature: .missingSignature
        case .malformedSection: .malformedSection
        }
    }

    /// The bytes concerned (docs/snapshot-format.md, "Header": the magic at byte 0, the version at byte 8, the
    /// flags at byte 10).
    public var span: ByteSpan {
        switch self {
        case .truncated(let offset, _, let available, _): ByteSpan(offset: offset, length: available)
        case .badMagic: ByteSpan(offset: 0, length: SnapshotFormat.magic.count)
        case .unsupportedVersion: ByteSpan(offset: 8, length: 2)
        case .checksumMismatch(let offset, let stored, _): ByteSpan(offset: offset, length: stored.count)
        case .badSignature(let offset): ByteSpan(offset: offset, length: SnapshotFormat.signatureSize)
        case .missingSignature: ByteSpan(offset: 10, length: 2)
        case .malformedSection(_, let offset, _): ByteSpan(offset: offset)
        }
    }

    /// Whether the first 64 bytes are printable ASCII text (tabs and line breaks allowed).
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(64).allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20...0x7E).contains($0) }
    }
}

extension SnapshotKeyError {
    /// The finding of a key file that is not a tierc key of the kind needed, at the start of its one line.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(.error, .invalidKeyFile, description, file: file, range: .fileStart)
    }
}
