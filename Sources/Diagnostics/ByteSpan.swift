/// Where a finding lies in a binary file, which has no lines to point at (a snapshot: docs/diagnostics.md,
/// "Findings in a snapshot"): `length` bytes from byte `offset`, 0-based from the start of the file, as SARIF's
/// `byteOffset` and `byteLength` say it.
public struct ByteSpan: Sendable, Hashable, CustomStringConvertible {
    /// The first byte, counted from 0 at the start of the file.
    public var offset: Int
    /// How many bytes from `offset` are concerned (0 for a point, e.g. the end of a truncated file).
    public var length: Int

    public init(offset: Int, length: Int = 0) {
        self.offset = max(0, offset)
        self.length = max(0, length)
    }

    public var description: String { "byte \(offset)" }
}
