/// The byte before an optional value (0 absent, 1 present), and the encoding of a boolean (0 false, 1 true).
/// Any other byte is malformed, so that every value has one encoding (docs/snapshot-format.md#conventions).
enum PresenceTag: UInt8, CaseIterable {
    case absent = 0
    case present = 1
}
