public import PolicyModel
internal import Crypto
import SnapshotCodec

extension Policy {
    /// `sha256:` and the lowercase hex SHA-256 of ``canonicalBytes()``: the policy's identity in reports and
    /// snapshots. Two policies with the same meaning have the same fingerprint whatever their YAML text.
    public var fingerprint: String {
        "sha256:" + Hex.string(SHA256.hash(data: canonicalBytes()))
    }
}
