internal import FoundationEssentials

/// What `--watch` compares: a file's device, inode, size and modification time; a missing or unreadable file has
/// a stamp of its own, so a file moved away and back is a change.
struct FileStamp: Equatable {
    var device: Int?
    var inode: Int?
    var size: Int?
    var modified: Date?

    init(path: String) {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        device = attributes[.systemNumber] as? Int
        inode = attributes[.systemFileNumber] as? Int
        size = (attributes[.size] as? Int) ?? (attributes[.size] as? UInt64).map { Int($0) }
        modified = attributes[.modificationDate] as? Date
    }
}
