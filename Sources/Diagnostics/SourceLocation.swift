/// A point in a source file.
///
/// `offset` counts UTF-8 bytes from the start of the file (0-based). `line` and `column` are 1-based;
/// `column` counts Unicode scalars (code points) from the start of the line, so `é` (2 bytes) and `€`
/// (3 bytes) each advance the column by one, as libyaml and most editors' "character" columns do.
/// Invalid UTF-8 bytes count one column each.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool { lhs.offset < rhs.offset }

    public var description: String { "\(line):\(column)" }
}
