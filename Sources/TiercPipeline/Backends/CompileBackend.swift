/// One output format of `tierc compile` (docs/pipeline.md#backends): a pure function from the resolved policy and the
/// options to files in memory. A new output format is a new type conforming to this protocol, listed in
/// ``BackendRegistry/standard``.
public protocol CompileBackend: Sendable {
    /// A short stable name, e.g. `snapshot`, `swift`, `postgres`.
    var name: String { get }
    /// Every file this backend can write, in the order it returns them.
    var outputs: [OutputDeclaration] { get }
    /// Its lines in `tierc compile --help`: each output's name and what it is for, indented by two spaces.
    var helpText: String { get }
    /// The files for this input: the same input gives the same bytes. Files whose ``OutputDeclaration/condition``
    /// does not hold are left out.
    func emit(_ input: CompileInput) throws(BackendError) -> [OutputFile]
}
