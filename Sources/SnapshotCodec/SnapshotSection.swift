// The section table (docs/snapshot-format.md#section-table-after-the-header), the writer and the reader side by side.

/// Where a section lies in the file.
public struct SnapshotSection: Sendable, Hashable {
    public let tag: SnapshotFormat.SectionTag
    /// The offset of its first byte (after its tag and length).
    public let offset: Int
    public let length: Int

    /// Reads the section table: a count, then per section a u32 tag and a u64 length followed by its bytes. Tags are
    /// known, strictly ascending (so each appears once), and the sections fill the payload exactly.
    static func readTable(_ bytes: [UInt8], from start: Int, to end: Int) throws(SnapshotError) -> [SnapshotSection] {
        var reader = ByteReader(bytes, from: start, to: end, section: "section table")
        let count = try reader.count("sections", minimumElementSize: 12, maximum: SnapshotFormat.SectionTag.allCases.count)
        var sections: [SnapshotSection] = []
        for _ in 0..<count {
            let at = reader.offset
            let raw = try reader.u32("a section tag")
            guard let tag = SnapshotFormat.SectionTag(rawValue: raw) else {
                throw reader.malformed("section tag \(raw) is unknown; the format has 1 (policy) and 2 (tenants)", at: at)
            }
            if let last = sections.last, last.tag.rawValue >= raw {
                throw reader.malformed("the \(tag.name) section follows the \(last.tag.name) section; sections are in ascending "
                                       + "tag order, each at most once", at: at)
            }
            let lengthAt = reader.offset
            let length = try reader.u64("the length of the \(tag.name) section")
            guard length <= UInt64(reader.remaining) else {
                throw reader.malformed("the \(tag.name) section is \(length) bytes long but only \(reader.remaining) remain "
                                       + "before the checksum", at: lengthAt)
            }
            sections.append(SnapshotSection(tag: tag, offset: reader.offset, length: Int(length)))
            try reader.skip(Int(length), "the \(tag.name) section")
        }
        try reader.expectEnd()
        return sections
    }
}

extension ByteWriter {
    /// Writes the section table: the count, then per section its tag (u32), length (u64) and bytes.
    mutating func sectionTable(_ sections: [(SnapshotFormat.SectionTag, [UInt8])]) {
        count(sections.count)
        for (tag, bytes) in sections {
            u32(tag.rawValue)
            u64(UInt64(bytes.count))
            raw(bytes)
        }
    }
}
