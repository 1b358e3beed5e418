import PolicySource
import PolicyCheck

/// Applies one `--set` edit to a node tree (see ``PolicyEditor``). Nodes it creates get ranges in the
/// arguments file, offset by `shift` so they cannot be confused with the policy's own ranges.
struct EditApplication {
    let arguments: SourceFile
    let shift: Int
    let budget: YAMLBudget
    var diagnostics: [Diagnostic] = []

    init(arguments: SourceFile, shift: Int, budget: YAMLBudget) {
        self.arguments = arguments
        self.shift = shift
        self.budget = budget
    }

    /// Collections whose keys declare things: an edit may change an entry, never create one (a misspelt id
    /// would silently add a tier).
    static let declaringCollections: Set<String> = ["tiers", "meters", "features"]

    mutating func apply(_ edit: PolicyEditor.Edit, to root: inout YAMLNode) {
        guard let value = parseValue(edit) else { return }
        set(&root, edit: edit, depth: 0, value: value)
    }

    /// The range of bytes `[start, end)` of the arguments text, shifted past the policy.
    func shifted(_ start: Int, _ end: Int) -> SourceRange {
        let range = arguments.range(from: start, to: end)
        return SourceRange(start: SourceLocation(offset: range.start.offset + shift, line: range.start.line, column: range.start.column),
                           end: SourceLocation(offset: range.end.offset + shift, line: range.end.line, column: range.end.column))
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ start: Int, _ end: Int) {
        diagnostics.append(Diagnostic(.error, code, message, file: arguments.name, range: arguments.range(from: start, to: end)))
    }

    /// The value as YAML, its ranges moved into the arguments file; nil (with a diagnostic) when it is not YAML.
    mutating func parseValue(_ edit: PolicyEditor.Edit) -> YAMLNode? {
        let path = edit.components.map(\.text).joined(separator: ".")
        let end = edit.valueStart + edit.value.utf8.count
        if edit.value.trimmingCharacters(in: .whitespaces).isEmpty {
            error(.invalidValue, "`--set \(path)=` has no value; write a YAML value such as `39`, `unlimited`, `true` or `\"text\"`",
                  edit.valueStart, end)
            return nil
        }
        let document = YAMLReader.read(SourceFile(name: arguments.name, text: edit.value), budget: budget)
        for problem in document.diagnostics where problem.severity == .error {
            let start = edit.valueStart + problem.range.start.offset
            error(problem.code, "the value of `--set \(path)` is not valid YAML: \(problem.message)", start,
                  max(start, edit.valueStart + problem.range.end.offset))
        }
        guard let root = document.root, !document.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return moved(root, by: edit.valueStart)
    }

    /// A copy of `node` whose ranges point into the arguments text at `base`, shifted.
    func moved(_ node: YAMLNode, by base: Int) -> YAMLNode {
        let range = shifted(base + node.range.start.offset, base + node.range.end.offset)
        switch node.content {
        case .scalar:
            return YAMLNode(node.content, range: range)
        case .sequence(let items):
            return YAMLNode(.sequence(items.map { moved($0, by: base) }), range: range)
        case .mapping(let pairs):
            return YAMLNode(.mapping(pairs.map { YAMLPair(key: moved($0.key, by: base), value: moved($0.value, by: base)) }), range: range)
        }
    }

    /// Sets the value at `edit.components[depth...]` below `node`.
    mutating func set(_ node: inout YAMLNode, edit: PolicyEditor.Edit, depth: Int, value: YAMLNode) {
        let components = edit.components
        guard depth < components.count else {
            node = value
            return
        }
        let component = components[depth]
        let here = components[..<depth].map(\.text).joined(separator: ".")
        switch node.content {
        case .mapping(var pairs):
            if let index = pairs.firstIndex(where: { $0.key.scalar == component.text }) {
                set(&pairs[index].value, edit: edit, depth: depth + 1, value: value)
                node = YAMLNode(.mapping(pairs), range: node.range)
                return
            }
            if depth == 1, Self.declaringCollections.contains(components[0].text) {
                let existing = pairs.compactMap(\.key.scalar)
                let kind = String(components[0].text.dropLast())
                let hint = Suggestion.closest(to: component.text, in: existing).map { "; did you mean `\($0)`?" }
                    ?? (existing.isEmpty ? "" : "; \(components[0].text): \(existing.map { "`\($0)`" }.joined(separator: ", "))")
                error(.unknownKey, "no \(kind) `\(component.text)` in the policy (`--set` changes existing \(components[0].text), it does not add them)\(hint)",
                      component.start, component.end)
                return
            }
            pairs.append(YAMLPair(key: YAMLNode(.scalar(component.text, .plain), range: shifted(component.start, component.end)),
                                  value: nested(edit: edit, depth: depth + 1, value: value)))
            node = YAMLNode(.mapping(pairs), range: node.range)
        case .sequence(var items):
            guard let index = Int(component.text), index >= 0, index < items.count else {
                error(.invalidValue, (here.isEmpty ? "the document" : "`\(here)`") + " is a list of \(items.count): index it with a position from 0 to \(max(0, items.count - 1)), e.g. `\(here).0`, not `\(component.text)`",
                      component.start, component.end)
                return
            }
            set(&items[index], edit: edit, depth: depth + 1, value: value)
            node = YAMLNode(.sequence(items), range: node.range)
        case .scalar where node.isNull && depth > 0:
            // `features:` written empty: the edit makes it a mapping.
            node = YAMLNode(.mapping([]), range: node.range)
            set(&node, edit: edit, depth: depth, value: value)
        case .scalar:
            error(.wrongType, "`\(here)` is a value, not a mapping: `\(here).\(component.text)` cannot be set; set `\(here)` itself",
                  component.start, component.end)
        }
    }

    /// The mappings that hold `value` at `components[depth...]`, each created key located at its component.
    func nested(edit: PolicyEditor.Edit, depth: Int, value: YAMLNode) -> YAMLNode {
        guard depth < edit.components.count else { return value }
        let component = edit.components[depth]
        let key = YAMLNode(.scalar(component.text, .plain), range: shifted(component.start, component.end))
        return YAMLNode(.mapping([YAMLPair(key: key, value: nested(edit: edit, depth: depth + 1, value: value))]),
                        range: shifted(component.start, edit.valueStart + edit.value.utf8.count))
    }
}

import Foundation
