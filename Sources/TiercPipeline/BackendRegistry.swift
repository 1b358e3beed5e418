/// The backends `tierc compile` runs, in order (docs/pipeline.md#the-registry): the one list from which the command
/// knows which files exist, words its `--help`, and removes a conditional file an earlier compile left.
public struct BackendRegistry: Sendable {
    /// The backends, in the order their files are listed in `--help`.
    public var backends: [any CompileBackend]

    public init(_ backends: [any CompileBackend]) {
        self.backends = backends
    }

    /// Every output format of `tierc compile`: the snapshot, Swift, PostgreSQL and the monitoring files.
    /// A new backend is added here.
    public static let standard = BackendRegistry([SnapshotBackend(), SwiftBackend(), PostgresBackend(), MonitoringBackend()])

    /// Every file some backend can write, in write order: those every compile writes first, in backend order,
    /// then the conditional ones.
    public var outputs: [OutputDeclaration] {
        let all = backends.flatMap(\.outputs)
        return all.filter { $0.condition == nil } + all.filter { $0.condition != nil }
    }

    /// The lines of `tierc compile --help` that list the outputs, backend by backend.
    public var helpText: String { backends.map(\.helpText).joined(separator: "\n") }

    /// The backend of this name, if registered.
    public func backend(named name: String) -> (any CompileBackend)? { backends.first { $0.name == name } }
}
