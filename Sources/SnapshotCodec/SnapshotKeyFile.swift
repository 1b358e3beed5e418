import Foundation

/// Why a key file's text was refused.
public enum SnapshotKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text does not start with the expected `tierc-ed25519-…:` prefix; `found` is the kind it is instead, if known.
    case wrongKind(expected: SnapshotKeyFile.Kind, found: SnapshotKeyFile.Kind?)
    /// The part after the prefix is not base64 of exactly 32 bytes.
    case badKeyData(kind: SnapshotKeyFile.Kind, reason: String)

    public var description: String {
        switch self {
        case .wrongKind(let expected, let found?):
            return "this is an Ed25519 \(found.noun), but a \(expected.noun) is needed"
                + (expected == .publicKey ? " (use the `.pub` file that `tierc keygen` wrote beside it)" : "")
        case .wrongKind(let expected, nil):
            return "not a tierc key file: expected one line `\(expected.prefix)<base64>` as `tierc keygen` writes it"
        case .badKeyData(let kind, let reason):
            return "bad Ed25519 \(kind.noun): \(reason); expected `\(kind.prefix)` followed by the base64 of 32 bytes"
        }
    }
}

/// The text format of key files (docs/snapshot-format.md, "Key files"): one line, a prefix naming the algorithm
/// and the kind, then standard base64 (with padding) of the 32 raw key bytes, then a newline.
///
///     tierc-ed25519-public:<base64 of the 32-byte public key>
///     tierc-ed25519-private:<base64 of the 32-byte private key seed>
public enum SnapshotKeyFile {
    public enum Kind: Sendable, Hashable {
        case publicKey
        case privateKey

        public var prefix: String {
            switch self {
            case .publicKey: "tierc-ed25519-public:"
            case .privateKey: "tierc-ed25519-private:"
            }
        }

        var noun: String { self == .publicKey ? "public key" : "private key" }
    }

    /// The number of raw bytes in either kind of key.
    public static let keyByteCount = 32

    /// The file's text for raw key bytes: the prefix, base64 and a newline.
    public static func text(_ kind: Kind, rawKey: [UInt8]) -> String {
        kind.prefix + Data(rawKey).base64EncodedString() + "\n"
    }

    /// The raw key bytes of a key file's text; surrounding whitespace (the final newline) is ignored.
    public static func rawKey(_ kind: Kind, fromText text: String) throws(SnapshotKeyError) -> [UInt8] {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix(kind.prefix) else {
            let other: Kind = kind == .publicKey ? .privateKey : .publicKey
            throw .wrongKind(expected: kind, found: line.hasPrefix(other.prefix) ? other : nil)
        }
        let encoded = line.dropFirst(kind.prefix.count)
        guard let data = Data(base64Encoded: String(encoded)) else {
            throw .badKeyData(kind: kind, reason: "the text after the prefix is not base64")
        }
        guard data.count == keyByteCount else {
            throw .badKeyData(kind: kind, reason: "it holds \(data.count) bytes, not \(keyByteCount)")
        }
        return Array(data)
    }
}
