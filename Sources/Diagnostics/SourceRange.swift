/// A half-open span `[start, end)` of one source file; `end` is the first position after the span.
///
/// A range names the file it is in (docs/pipeline.md#source-ranges): ranges of two files are never equal, even at
/// equal offsets, and a diagnostic about a node that `tierc diff --set` wrote is placed in the `<--set>` arguments
/// by its range's ``file`` alone.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The file the range is in.
    public var file: SourceFile.ID
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation, in file: SourceFile.ID) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A zero-width range at `location` of `file`.
    public init(at location: SourceLocation, in file: SourceFile.ID) {
        self.file = file
        self.start = location
        self.end = location
    }

    /// The start of a file that has no ``SourceFile`` (a snapshot, a key file, an output), where a finding is
    /// located by bytes or not at all.
    public static let fileStart = SourceRange(at: SourceLocation(offset: 0, line: 1, column: 1), in: .none)

    /// A zero-width range at this range's start, in the same file.
    public var atStart: SourceRange { SourceRange(at: start, in: file) }

    public var description: String { "\(start)-\(end)" }
}
