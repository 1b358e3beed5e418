/// A file a backend can write, declared ahead of any compile so that `tierc compile` knows every output there is
/// (docs/pipeline.md#the-registry): its name, and when it is written only on a condition, which one.
public struct OutputDeclaration: Sendable, Hashable {
    /// The path relative to the output directory.
    public var path: String
    /// When the file is written only on a condition, that condition as the user states it (e.g. `with --tenants`);
    /// nil when every compile writes it. A conditional file left by an earlier compile is removed when the
    /// condition no longer holds, since it would no longer match the policy.
    public var condition: String?

    public init(path: String, condition: String? = nil) {
        self.path = path
        self.condition = condition
    }
}
