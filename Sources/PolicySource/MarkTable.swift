/// Converts libyaml's marks to ``SourceLocation``s in constant time.
///
/// libyaml counts a mark's `index` in characters from the start of the input. The table keeps the byte offset,
/// line and column of every `stride`-th character and of the last location it computed, and walks forward from the
/// nearer of the two: at most `stride - 1` characters, however long the line (a walk from the line's start would
/// make a 16 MiB one-line flow document quadratic), and next to nothing for marks that arrive in order, as libyaml's
/// mostly do. Lines are counted at line feeds only, exactly as ``SourceFile/location(ofOffset:)`` does, whatever
/// libyaml thinks of a lone CR or of U+0085, U+2028 and U+2029.
struct MarkTable {
    static let stride = 128

    private let bytes: [UInt8]
    private let checkpoints: [MarkCheckpoint]
    /// The number of characters in the text.
    let characterCount: Int
    private var cursorIndex = 0
    private var cursor = MarkCheckpoint(offset: 0, line: 1, column: 1)

    /// Characters of the text that libyaml did not see (a byte order mark): its indexes start after them.
    var leadingCharacters = 0

    /// The location of the character at libyaml's `index`, clamped to the text (`characterCount` is the end of the
    /// text).
    mutating func location(ofCharacter index: Int) -> SourceLocation {
        let target = min(max(index + leadingCharacters, 0), characterCount)
        let slot = min(target / Self.stride, checkpoints.count - 1)
        var start = checkpoints[slot]
        var startIndex = slot * Self.stride
        if cursorIndex <= target, cursorIndex > startIndex {
            start = cursor
            startIndex = cursorIndex
        }
        var remaining = target - startIndex
        var offset = start.offset
        var line = start.line
        var column = start.column
        let count = bytes.count
        bytes.withUnsafeBufferPointer { bytes in
            while remaining > 0, offset < count {
                let lead = bytes[offset]
                if lead == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                remaining -= 1
            }
        }
        cursorIndex = target - remaining
        cursor = MarkCheckpoint(offset: offset, line: line, column: column)
        return SourceLocation(offset: offset, line: line, column: column)
    }

    init(bytes: [UInt8], checkpoints: [MarkCheckpoint], characterCount: Int) {
        self.bytes = bytes
        self.checkpoints = checkpoints
        self.characterCount = characterCount
    }
}

/// The place of every `MarkTable.stride`-th character.
struct MarkCheckpoint {
    var offset: Int
    var line: Int
    var column: Int
}
