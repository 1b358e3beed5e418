/// The back half of `tierc compile` (docs/pipeline.md#compiling): every backend of a registry run on one input, side
/// by side, into one set of files in memory, or the first error. Nothing is written: the caller writes the whole
/// set, or nothing when this throws.
public struct CompilePipeline: Sendable {
    /// The backends this pipeline runs.
    public var registry: BackendRegistry

    public init(registry: BackendRegistry = .standard) {
        self.registry = registry
    }

    /// The files of every backend in ``BackendRegistry/outputs`` order. When a backend fails, the first
    /// ``BackendError/unrepresentable(backend:problems:reason:)`` in backend order is thrown, else the first other
    /// failure: problems of the policy come before failures of a writer.
    public func compile(_ input: CompileInput) throws(BackendError) -> [OutputFile] {
        let results = ParallelWork.run(registry.backends.map { backend in
            { @Sendable () -> Result<[OutputFile], BackendError> in
                Result { () throws(BackendError) -> [OutputFile] in try backend.emit(input) }
            }
        })
        var files: [OutputFile] = []
        var failures: [BackendError] = []
        for result in results {
            switch result {
            case .success(let produced): files += produced
            case .failure(let error): failures.append(error)
            }
        }
        if let first = failures.first(where: { if case .unrepresentable = $0 { true } else { false } }) ?? failures.first {
            throw first
        }
        let order = registry.outputs.map(\.path)
        func rank(_ file: OutputFile) -> Int { order.firstIndex(of: file.path) ?? order.count }
        // Stable: files of one rank (undeclared ones) keep the order their backends gave them.
        return files.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// The conditional outputs (``OutputDeclaration/condition``) that `files` does not hold: left in the output
    /// directory by an earlier compile, they no longer match the policy and are to be removed.
    public func staleOutputs(besides files: [OutputFile]) -> [OutputDeclaration] {
        let written = Set(files.map(\.path))
        return registry.outputs.filter { $0.condition != nil && !written.contains($0.path) }
    }
}
