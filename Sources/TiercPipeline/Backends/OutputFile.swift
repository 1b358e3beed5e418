/// One file a backend produced, in memory: its path relative to the output directory and its bytes
/// (docs/pipeline.md#backends). Writing it is the caller's business.
public struct OutputFile: Sendable, Hashable {
    /// The path relative to the output directory, e.g. `policy.sql`.
    public var path: String
    /// The file's contents, exactly as written.
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}
