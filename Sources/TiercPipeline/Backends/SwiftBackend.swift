import PolicyCompiler

/// `Policy.swift`, Swift types for application code with the invoice procedure (docs/generated-swift.md), through
/// ``SwiftEmitter``. A policy with values Swift literals cannot hold is refused with every such value.
public struct SwiftBackend: CompileBackend {
    /// The file it writes.
    public static let fileName = "Policy.swift"

    public init() {}

    public var name: String { "swift" }
    public var outputs: [OutputDeclaration] { [OutputDeclaration(path: Self.fileName)] }
    public var helpText: String {
        """
          Policy.swift   Swift types for application code, standard library only (docs/generated-swift.md)
        """
    }

    public func emit(_ input: CompileInput) throws(BackendError) -> [OutputFile] {
        let (text, problems) = SwiftEmitter.translate(input.policy)
        guard problems.isEmpty else {
            throw .unrepresentable(backend: name, problems: problems, reason: "Policy.swift cannot represent these values")
        }
        return [OutputFile(path: Self.fileName, text: text)]
    }
}
