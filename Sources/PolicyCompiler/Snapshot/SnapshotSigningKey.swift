public import SnapshotCodec
import Crypto
import Foundation

/// An Ed25519 private key that signs snapshots (`tierc keygen` writes it; `tierc compile --sign-key` reads it).
/// Signing is deterministic (RFC 8032): swift-crypto on Linux signs with BoringSSL's `ED25519_sign`, so the
/// same key and bytes give the same signature. (Apple's CryptoKit randomises Ed25519 signatures: a snapshot
/// signed on macOS differs from one signed on Linux in its last 64 bytes only, and both verify.)
public struct SnapshotSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A new random key from the system's secure random source.
    public static func generate() -> SnapshotSigningKey {
        SnapshotSigningKey(key: Curve25519.Signing.PrivateKey())
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }

    /// A key from its 32-byte seed.
    public init(rawRepresentation bytes: [UInt8]) throws(SnapshotKeyError) {
        guard bytes.count == SnapshotKeyFile.keyByteCount, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw .badKeyData(kind: .privateKey, reason: "it is not a 32-byte Ed25519 private key")
        }
        self.key = key
    }

    /// A key from the text of a private key file (`tierc-ed25519-private:<base64>`).
    public init(keyFileText text: String) throws(SnapshotKeyError) {
        try self.init(rawRepresentation: try SnapshotKeyFile.rawKey(.privateKey, fromText: text))
    }

    /// The text of the private key file. Keep it secret (`tierc keygen` writes it with mode 0600).
    public var keyFileText: String { SnapshotKeyFile.text(.privateKey, rawKey: Array(key.rawRepresentation)) }

    /// The matching public key, to verify what this key signs.
    public var publicKey: SnapshotPublicKey {
        // A valid private key always has a valid 32-byte public key.
        (try? SnapshotPublicKey(rawRepresentation: Array(key.publicKey.rawRepresentation)))!
    }

    /// The 64-byte Ed25519 signature of `message`.
    func signature(for message: [UInt8]) throws(SnapshotWriterError) -> [UInt8] {
        do {
            return Array(try key.signature(for: message))
        } catch {
            throw .signingFailed(String(describing: error))
        }
    }
}
