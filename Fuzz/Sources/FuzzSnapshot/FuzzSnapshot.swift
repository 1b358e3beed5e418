import Crypto
import FuzzSupport
import PolicyModel
import PolicyRuntime

/// The first byte chooses how the rest is loaded: 0 as it is, unsigned accepted (`Snapshot.load`); 1 with a
/// signature required (``SignatureRequirement/require(_:)``, the key below); 2 after rewriting its SHA-256 checksum
/// so that the header, section table and policy decoder are reached by mutations that a checksum would otherwise
/// stop; 3 as a canonical policy body alone (`Policy(canonicalBytes:)`). Every failure must be a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 4 {
    case 0:
        _ = try? Snapshot.load(bytes)
    case 1:
        _ = try? Snapshot.load(bytes, signature: .require(Key.public))
    case 2:
        fixChecksum(&bytes)
        if let snapshot = try? Snapshot.load(bytes, signature: .verifyIfPresent(Key.public)) {
            // A snapshot that loads gives back its own bytes' policy: the canonical form round-trips.
            let again = try? Policy(canonicalBytes: snapshot.policy.canonicalBytes())
            precondition(again == snapshot.policy, "a loaded policy does not round-trip through its canonical bytes")
        }
    default:
        _ = try? Policy(canonicalBytes: bytes)
    }
    return 0
}

/// Rewrites the checksum that follows the payload whose length the prelude declares (docs/snapshot-format.md; little-endian), when
/// the bytes are long enough to have one.
func fixChecksum(_ bytes: inout [UInt8]) {
    let prelude = 20
    guard bytes.count >= prelude + 32 else { return }
    var declared: UInt64 = 0
    for index in (12..<20).reversed() { declared = declared << 8 | UInt64(bytes[index]) }
    guard declared <= UInt64(bytes.count - prelude - 32) else { return }
    let end = prelude + Int(declared)
    let digest = Array(SHA256.hash(data: bytes[0..<end]))
    bytes.replaceSubrange(end..<(end + 32), with: digest)
}

/// The key that signed the signed seed (Tests/TiercTests/Fixtures/snapshot/test.pub), so the signed path verifies
/// and decodes instead of stopping at a bad signature.
enum Key {
    static let `public` = try! SnapshotPublicKey(keyFileText: "tierc-ed25519-public:A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\n")
}

/// The process entry point `FuzzSnapshot_main` (FuzzSupport's `runLibFuzzer` says why).
@_cdecl("FuzzSnapshot_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzSnapshot)
}
