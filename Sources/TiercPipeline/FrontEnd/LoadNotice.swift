/// Something the front end tells the user about a load that succeeded (or failed for another reason): shown before
/// the diagnostics, as a warning (docs/pipeline.md#the-front-end).
public enum LoadNotice: Sendable, Hashable, CustomStringConvertible {
    /// The snapshot is signed, but no public key was given, so only its checksum was verified.
    case unverifiedSignature(file: String)

    public var description: String {
        switch self {
        case .unverifiedSignature(let file):
            "\(file) is signed, but its signature was not verified (only its checksum)"
        }
    }
}
