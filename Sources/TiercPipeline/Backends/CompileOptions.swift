public import PolicyCompiler

/// The options of a compile that backends read (docs/pipeline.md#backends): what `tierc compile`'s `--revision`,
/// `--source-revision` and `--sign-key` say.
public struct CompileOptions: Sendable {
    /// The policy's revision, recorded in the snapshot's header and in policy.sql.
    public var revision: UInt64
    /// A provenance label for the snapshot's header, e.g. a git commit.
    public var sourceRevision: String?
    /// The key that signs the snapshot, if any.
    public var signingKey: SnapshotSigningKey?

    public init(revision: UInt64 = 0, sourceRevision: String? = nil, signingKey: SnapshotSigningKey? = nil) {
        self.revision = revision
        self.sourceRevision = sourceRevision
        self.signingKey = signingKey
    }
}
