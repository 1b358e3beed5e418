/// The compiler's back end: turns a checked, resolved ``PolicyModel/Policy`` into the artefacts the runtime
/// components load: the binary snapshot, generated Swift, generated PostgreSQL and the monitoring files.
public enum PolicyCompiler {
    /// tierc's version (`tierc --version`), written into snapshots and generated files' headers.
    public static let version = "0.1.0"
}
