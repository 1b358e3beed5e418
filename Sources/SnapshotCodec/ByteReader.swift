#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto

/// A bounds-checked cursor over hostile bytes: every read checks the remaining length first and throws a
/// ``SnapshotError`` instead of trapping. Integers are little-endian and fixed-width. Offsets in errors count
/// from the start of the whole file, also when the reader is confined to one section.
///
/// Reading past `end` is `.truncated` when `end` is the end of the file, and `.malformedSection` when it is the
/// end of a section whose length the (checksummed) file declares.
///
/// The one type of the snapshot codec that works with raw pointers: every other reader of the wire form goes
/// through it, and ``ByteWriter`` needs none.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int
    /// The part being read, for messages: `policy section`, `header`…
    let section: String
    private let endIsEndOfFile: Bool

    /// A reader over `bytes[start..<end]`.
    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, section: String) {
        self.bytes = bytes
        let end = min(end ?? bytes.count, bytes.count)
        self.offset = min(max(0, start), end)
        self.end = end
        self.section = section
        self.endIsEndOfFile = end == bytes.count
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset == end }

    /// Throws unless `count` more bytes are there.
    func need(_ count: Int, _ what: @autoclosure () -> String) throws(SnapshotError) {
        guard count >= 0, count <= end - offset else {
            if endIsEndOfFile {
                throw .truncated(offset: offset, needed: count, available: end - offset, what: what())
            }
            throw malformed("\(what()) needs \(count) bytes but the \(section) ends after \(end - offset)", at: offset)
        }
    }

    /// A malformed-section error about this reader's part.
    func malformed(_ problem: String, at offset: Int) -> SnapshotError {
        .malformedSection(section: section, offset: offset, problem: problem)
    }

    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws(SnapshotError) {
        try need(count, what())
        offset += count
    }

    mutating func u8(_ what: @autoclosure () -> String) throws(SnapshotError) -> UInt8 {
        try need(1, what())
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: @autoclosure () -> String) throws(SnapshotError) -> UInt16 { try integer(UInt16.self, what()) }
    mutating func u32(_ what: @autoclosure () -> String) throws(SnapshotError) -> UInt32 { try integer(UInt32.self, what()) }
    mutating func u64(_ what: @autoclosure () -> String) throws(SnapshotError) -> UInt64 { try integer(UInt64.self, what()) }
    mutating func i64(_ what: @autoclosure () -> String) throws(SnapshotError) -> Int64 { try integer(Int64.self, what()) }
    mutating func i128(_ what: @autoclosure () -> String) throws(SnapshotError) -> Int128 { try integer(Int128.self, what()) }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ what: @autoclosure () -> String) throws(SnapshotError) -> T {
        let size = MemoryLayout<T>.size
        try need(size, what())
        let start = offset
        offset += size
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: T.self)) }
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws(SnapshotError) -> ArraySlice<UInt8> {
        try need(count, what())
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// A boolean byte, a ``PresenceTag``: 0 or 1, anything else is malformed (so that every value has one encoding).
    mutating func bool(_ what: @autoclosure () -> String) throws(SnapshotError) -> Bool {
        let at = offset
        let byte = try u8(what())
        switch PresenceTag(rawValue: byte) {
        case .absent: return false
        case .present: return true
        case nil: throw malformed("\(what()) is \(byte); expected 0 (false) or 1 (true)", at: at)
        }
    }

    /// A u32 length and that many bytes of valid UTF-8.
    mutating func string(_ what: @autoclosure () -> String) throws(SnapshotError) -> String {
        let range = try stringRange(what())
        guard let text = text(range) else {
            throw malformed("\(what()) (\(range.count) bytes) is not valid UTF-8", at: range.lowerBound)
        }
        return text
    }

    /// A u32 length and the range of that many bytes, not yet checked to be UTF-8 (see ``text(_:)``).
    mutating func stringRange(_ what: @autoclosure () -> String) throws(SnapshotError) -> Range<Int> {
        let length = Int(try u32("the length of \(what())"))
        try need(length, what())
        defer { offset += length }
        return offset..<offset + length
    }

    /// The bytes of `range` as a string, or nil when they are not valid UTF-8.
    func text(_ range: Range<Int>) -> String? {
        let data = bytes[range]
        // `String(decoding:)` repairs invalid UTF-8 (to U+FFFD), so non-ASCII bytes survive unchanged exactly
        // when they were valid. (`String(validating:as:)` is several times slower: its generic path looks up
        // type metadata on every call.)
        let ascii = data.withUnsafeBufferPointer { $0.allSatisfy { $0 < 0x80 } }
        let text = String(decoding: data, as: UTF8.self)
        return ascii || text.utf8.elementsEqual(data) ? text : nil
    }

    /// Whether two ranges of the input hold the same bytes.
    func equalBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        return bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return a.isEmpty }
            return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
        }
    }

    /// The SHA-256 digest of `range` of the input (the checksum, the fingerprint), hashed in place.
    func sha256(_ range: Range<Int>) -> [UInt8] {
        bytes.withUnsafeBytes { Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: $0[range]))) }
    }

    /// A presence byte (0 absent, 1 present) and, when present, a string.
    mutating func optionalString(_ what: @autoclosure () -> String) throws(SnapshotError) -> String? {
        try bool("the presence byte of \(what())") ? try string(what()) : nil
    }

    /// A u32 element count, refused when even `minimumElementSize`-byte elements could not fit in what remains,
    /// so that a hostile count never makes the reader reserve or loop over more than the input holds.
    mutating func count(_ what: @autoclosure () -> String, minimumElementSize: Int, maximum: Int = .max) throws(SnapshotError) -> Int {
        let at = offset
        let count = Int(try u32("the number of \(what())"))
        guard count <= maximum else {
            throw malformed("the number of \(what()) is \(count); at most \(maximum) are allowed", at: at)
        }
        guard count <= remaining / max(1, minimumElementSize) else {
            throw malformed("the number of \(what()) is \(count), but each takes at least \(minimumElementSize) bytes and only "
                            + "\(remaining) remain in the \(section)", at: at)
        }
        return count
    }

    /// Throws unless every byte up to `end` was read.
    func expectEnd() throws(SnapshotError) {
        guard isAtEnd else {
            throw malformed("\(remaining) unexpected byte\(remaining == 1 ? "" : "s") after the end of its content", at: offset)
        }
    }
}
