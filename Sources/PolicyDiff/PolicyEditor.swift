public import PolicySource
public import PolicyCheck

/// Applies `--set PATH=VALUE` edits to a policy's YAML node tree before it is checked, so the edited policy is
/// decoded, resolved and linted exactly like a file (docs/diff.md "Editing with --set").
///
/// The arguments are kept as a small source file of their own, named ``argumentsFileName``, one argument per
/// line: the nodes an edit creates carry ranges in that file (a ``SourceRange`` names its file), so every problem
/// of an edit (a misspelt key, a bad value) is reported at the argument itself, with the checker's own message
/// and did-you-mean.
///
/// Rules: PATH is dot-separated keys from the top of tiers.yaml (`tiers.starter.price`); a list is indexed
/// by position (`routes.0.cost`). Missing keys are created inside existing entries (`…limits.api_calls.minute`),
/// but a tier, meter or feature must already exist: a misspelt id is an error with a suggestion, never a new
/// entry. VALUE is YAML (`39`, `unlimited`, `true`, `"x"`, `[a, b]`), typed by the schema like the file.
public struct PolicyEditor: Sendable {
    /// The name diagnostics give the `--set` arguments.
    public static let argumentsFileName = "<--set>"

    /// The most keys a `--set` path may have: the YAML reader's nesting limit (``YAMLBudget/maxDepth``), as a
    /// value is bounded (docs/diff.md "Editing with --set"). `tierc diff` refuses a longer path as a usage error.
    public static let maxPathComponents = YAMLBudget.default.maxDepth

    /// The number of keys in the path of a `--set` argument (its dots before the first `=`, plus one).
    public static func pathComponentCount(_ argument: String) -> Int {
        var count = 1
        for byte in argument.utf8 {
            if byte == UInt8(ascii: "=") { break }
            if byte == UInt8(ascii: ".") { count += 1 }
        }
        return count
    }

    /// One parsed argument.
    struct Edit: Sendable {
        /// Path components with their byte ranges in the arguments text.
        var components: [(text: String, start: Int, end: Int)]
        /// The value's text and where it starts in the arguments text.
        var value: String
        var valueStart: Int
    }

    /// The arguments as a source file, one per line.
    public let arguments: SourceFile
    let edits: [Edit]
    /// Problems found in the arguments' syntax (before any policy is read).
    public let syntaxDiagnostics: [Diagnostic]

    public init(arguments: [String]) {
        let text = arguments.joined(separator: "\n")
        let file = SourceFile(name: Self.argumentsFileName, text: text)
        var edits: [Edit] = []
        var problems: [Diagnostic] = []
        var offset = 0
        for argument in arguments {
            let bytes = Array(argument.utf8)
            defer { offset += bytes.count + 1 }
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else {
                problems.append(Diagnostic(.error, .invalidValue,
                                           "`--set` takes PATH=VALUE, e.g. `tiers.starter.price=39`; found no `=` in `\(argument)`",
                                           file: file.name, range: file.range(from: offset, to: offset + bytes.count)))
                continue
            }
            let keyCount = Self.pathComponentCount(argument)
            guard keyCount <= Self.maxPathComponents else {
                problems.append(Diagnostic(.error, .yamlLimit,
                                           "the path of this `--set` has \(keyCount) keys, over the limit of \(Self.maxPathComponents) (a policy nests far less deep)",
                                           file: file.name, range: file.range(from: offset, to: offset + equals)))
                continue
            }
            var components: [(text: String, start: Int, end: Int)] = []
            var start = 0
            var valid = true
            for index in 0...equals where index == equals || bytes[index] == UInt8(ascii: ".") {
                let part = String(decoding: bytes[start..<index], as: UTF8.self)
                if part.isEmpty {
                    problems.append(Diagnostic(.error, .invalidValue,
                                               "empty key in the path of `--set \(argument)`; write keys separated by single dots, e.g. `tiers.starter.limits.api_calls.hour`",
                                               file: file.name, range: file.range(from: offset + start, to: offset + index)))
                    valid = false
                    break
                }
                components.append((part, offset + start, offset + index))
                start = index + 1
            }
            guard valid else { continue }
            edits.append(Edit(components: components, value: String(decoding: bytes[(equals + 1)...], as: UTF8.self),
                              valueStart: offset + equals + 1))
        }
        self.arguments = file
        self.edits = edits
        self.syntaxDiagnostics = problems
    }

    /// Reads `policy`, applies every edit and checks the result. Diagnostics about an edit are in
    /// ``argumentsFileName``; the others in the policy's file. The result's sources are both files.
    public func check(policy: SourceFile, tenants: SourceFile? = nil, budget: YAMLBudget = .default) -> CheckResult {
        var yaml = YAMLReader.read(policy, budget: budget)
        var problems = syntaxDiagnostics
        if var root = yaml.root {
            for edit in edits {
                var editor = EditApplication(arguments: arguments, budget: budget)
                editor.apply(edit, to: &root)
                problems += editor.diagnostics
            }
            yaml.root = root
        }
        var result = PolicyChecker.check(policyYAML: yaml, tenants: tenants, budget: budget)
        // The checker names the policy's file; a range an edit wrote names the arguments (docs/diff.md "Editing
        // with --set"). The checker sorts by offset, which the two files share, so they are kept apart here.
        let placed = result.diagnostics.map { $0.placed(in: [policy, arguments]) }
        let all = placed.filter { $0.range.file != arguments.id } + problems
            + placed.filter { $0.range.file == arguments.id }
        if all.contains(where: { $0.severity == .error }) {
            result.policy = nil
            result.tenants = nil
        }
        result.diagnostics = all
        result.sources = [policy, arguments] + (tenants.map { [$0] } ?? [])
        return result
    }
}
