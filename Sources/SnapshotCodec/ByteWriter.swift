import PolicyModel

/// Appends the primitives of the snapshot's wire form (docs/snapshot-format.md): fixed-width little-endian
/// integers, texts as a u32 length and UTF-8, presence flags, raw bytes. The writing half of ``ByteReader``;
/// every codec of this target writes through it. No pointers: integers are shifted out byte by byte.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { integer(value) }
    mutating func u32(_ value: UInt32) { integer(value) }
    mutating func u64(_ value: UInt64) { integer(value) }
    mutating func i64(_ value: Int64) { integer(value) }
    mutating func i128(_ value: Int128) { integer(value) }

    /// A u32 count of a collection (every count of the format is a u32).
    mutating func count(_ value: Int) { u32(UInt32(value)) }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        for byte in 0..<(T.bitWidth / 8) { bytes.append(UInt8(truncatingIfNeeded: value >> (byte * 8))) }
    }

    /// Appends bytes as they are (digests, signatures, an already encoded section).
    mutating func raw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    /// A tag byte of one of the wire-tag enums (WireTag/).
    mutating func tag<Tag: RawRepresentable<UInt8>>(_ tag: Tag) { u8(tag.rawValue) }

    /// A boolean as a ``PresenceTag`` byte: 1 true, 0 false.
    mutating func bool(_ value: Bool) { tag(value ? PresenceTag.present : .absent) }

    mutating func string(_ text: String) {
        count(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    /// A presence byte and, when present, the value.
    mutating func optional<Value>(_ value: Value?, _ write: (inout ByteWriter, Value) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func optionalString(_ text: String?) { optional(text) { $0.string($1) } }

    /// A date as its year (u16), month and day (u8 each).
    mutating func date(_ date: CalendarDate) {
        u16(UInt16(date.year))
        u8(UInt8(date.month))
        u8(UInt8(date.day))
    }
}
