public import NIOCore

/// Bytes appended through a raw pointer into room a `ByteBuffer` has made for them (docs/serve.md#performance): an
/// answer's header section is written in one `writeWithUnsafeMutableBytes` call rather than one buffer call (with its
/// uniqueness, capacity and exclusivity checks) per piece. Callers reserve an upper bound first
/// (``write(upTo:into:_:)``); appending past the room stops the program rather than write outside it.
public struct ByteCursor: ~Copyable {
    private let base: UnsafeMutableRawBufferPointer
    /// The number of bytes appended so far.
    public private(set) var count = 0

    private init(_ base: UnsafeMutableRawBufferPointer) {
        self.base = base
    }

    /// Appends what `body` writes (at most `bound` bytes) at the end of `buffer`.
    public static func write(upTo bound: Int, into buffer: inout ByteBuffer, _ body: (inout ByteCursor) -> Void) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { room in
            var cursor = ByteCursor(room)
            body(&cursor)
            return cursor.count
        }
    }

    public mutating func append(_ text: StaticString) {
        let source = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        precondition(count + source.count <= base.count, "ByteCursor: more bytes than the room reserved")
        UnsafeMutableRawBufferPointer(rebasing: base[count...]).copyMemory(from: source)
        count += source.count
    }

    public mutating func append(_ text: String) {
        let copied: Int? = text.utf8.withContiguousStorageIfAvailable { bytes in
            precondition(count + bytes.count <= base.count, "ByteCursor: more bytes than the room reserved")
            UnsafeMutableRawBufferPointer(rebasing: base[count...]).copyMemory(from: UnsafeRawBufferPointer(bytes))
            return bytes.count
        }
        if let copied {
            count += copied
        } else {
            for byte in text.utf8 {
                precondition(count < base.count, "ByteCursor: more bytes than the room reserved")
                base[count] = byte
                count += 1
            }
        }
    }

    /// `value` in decimal digits, as `String(value)` writes it (at most 20 bytes).
    public mutating func append(_ value: Int64) {
        if value < 0 { append(String(value)); return }
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        precondition(count + digits <= base.count, "ByteCursor: more bytes than the room reserved")
        rest = value
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            base[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
    }
}
