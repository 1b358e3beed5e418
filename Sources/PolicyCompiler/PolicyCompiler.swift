/// The compiler's back end: turns a checked, resolved ``PolicyModel/Policy`` into the artefacts the runtime
/// components load (the binary snapshot, generated Swift; generated SQL later).
public enum PolicyCompiler {
    /// The version written into snapshots and generated files' headers.
    public static let version = "0.1.0"
}
