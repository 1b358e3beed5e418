import Crypto
import Foundation

/// An Ed25519 public key that snapshots are verified with (the `.pub` file of `tierc keygen`).
public struct SnapshotPublicKey: Sendable, Hashable {
    /// The 32 raw key bytes.
    public let rawRepresentation: [UInt8]

    /// A key from its 32 raw bytes.
    public init(rawRepresentation bytes: [UInt8]) throws(SnapshotKeyError) {
        guard bytes.count == SnapshotKeyFile.keyByteCount,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else {
            throw .badKeyData(kind: .publicKey, reason: "it is not a 32-byte Ed25519 public key")
        }
        rawRepresentation = bytes
    }

    /// A key from the text of a `.pub` file (`tierc-ed25519-public:<base64>`).
    public init(keyFileText text: String) throws(SnapshotKeyError) {
        try self.init(rawRepresentation: try SnapshotKeyFile.rawKey(.publicKey, fromText: text))
    }

    /// The text of a `.pub` file for this key.
    public var keyFileText: String { SnapshotKeyFile.text(.publicKey, rawKey: rawRepresentation) }

    /// A short name for the key in messages: `ed25519:` and the first 16 hex digits of its SHA-256.
    public var keyID: String { "ed25519:" + Hex.string(SHA256.hash(data: rawRepresentation).prefix(8)) }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    func isValidSignature(_ signature: ArraySlice<UInt8>, for message: ArraySlice<UInt8>) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
