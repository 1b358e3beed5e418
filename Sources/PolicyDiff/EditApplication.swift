import PolicySource
import PolicyCheck

/// Applies one `--set` edit to a node tree (see ``PolicyEditor``). Nodes it creates get ranges in the
/// arguments file, which name that file (docs/diff.md "Editing with --set"), so they cannot be confused with the
/// policy's own ranges.
struct EditApplication {
    let arguments: SourceFile
    let budget: YAMLBudget
    var diagnostics: [Diagnostic] = []

    init(arguments: SourceFile, budget: YAMLBudget) {
        self.arguments = arguments
        self.budget = budget
    }

    /// Collections whose keys declare things: an edit may change an entry, never create one (a misspelt id
    /// would silently add a tier). Spelt by ``TopLevelKey``, as the decoder and the schema spell them.
    static let declaringCollections: Set<String> = Set([TopLevelKey.tiers, .meters, .features].map(\.rawValue))

    mutating func apply(_ edit: PolicyEditor.Edit, to root: inout YAMLNode) {
        guard let value = parseValue(edit) else { return }
        set(&root, edit: edit, value: value)
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

    /// A copy of `node` (read from the value alone) whose ranges point into the arguments file at `base`.
    func moved(_ node: YAMLNode, by base: Int) -> YAMLNode {
        let range = arguments.range(from: base + node.range.start.offset, to: base + node.range.end.offset)
        switch node.content {
        case .scalar:
            return YAMLNode(node.content, range: range)
        case .sequence(let items):
            return YAMLNode(.sequence(items.map { moved($0, by: base) }), range: range)
        case .mapping(let pairs):
            return YAMLNode(.mapping(pairs.map { YAMLPair(key: moved($0.key, by: base), value: moved($0.value, by: base)) }), range: range)
        }
    }

    /// Sets the value at `edit.components` below `root`. Iterative, not recursive (docs/diff.md "Editing with
    /// --set"): the walk down remembers each container and the position taken, then the containers are rebuilt
    /// from the bottom up, so the stack does not grow with the path (which ``PolicyEditor`` bounds too).
    mutating func set(_ root: inout YAMLNode, edit: PolicyEditor.Edit, value: YAMLNode) {
        let components = edit.components
        var trail: [(container: YAMLNode, index: Int)] = []
        var node = root
        var depth = 0
        var replacement: YAMLNode
        descent: while true {
            guard depth < components.count else {
                replacement = value
                break descent
            }
            let component = components[depth]
            let here = components[..<depth].map(\.text).joined(separator: ".")
            switch node.content {
            case .mapping(var pairs):
                if let index = pairs.firstIndex(where: { $0.key.scalar == component.text }) {
                    trail.append((node, index))
                    node = pairs[index].value
                    depth += 1
                    continue descent
                }
                if depth == 1, Self.declaringCollections.contains(components[0].text) {
                    let existing = pairs.compactMap(\.key.scalar)
                    let kind = String(components[0].text.dropLast())
                    let hint = Correction(component.text, in: existing)
                        .phrase(otherwise: existing.isEmpty ? "" : "; \(components[0].text): \(Correction.list(existing))")
                    error(.unknownKey, "no \(kind) `\(component.text)` in the policy (`--set` changes existing \(components[0].text), it does not add them)\(hint)",
                          component.start, component.end)
                    return
                }
                pairs.append(YAMLPair(key: YAMLNode(.scalar(component.text, .plain), range: arguments.range(from: component.start, to: component.end)),
                                      value: nested(edit: edit, depth: depth + 1, value: value)))
                replacement = YAMLNode(.mapping(pairs), range: node.range)
                break descent
            case .sequence(let items):
                guard let index = Int(component.text), index >= 0, index < items.count else {
                    error(.invalidValue, (here.isEmpty ? "the document" : "`\(here)`") + " is a list of \(items.count): index it with a position from 0 to \(max(0, items.count - 1)), e.g. `\(here).0`, not `\(component.text)`",
                          component.start, component.end)
                    return
                }
                trail.append((node, index))
                node = items[index]
                depth += 1
            case .scalar where node.isNull && depth > 0:
                // `features:` written empty: the edit makes it a mapping.
                node = YAMLNode(.mapping([]), range: node.range)
            case .scalar:
                error(.wrongType, "`\(here)` is a value, not a mapping: `\(here).\(component.text)` cannot be set; set `\(here)` itself",
                      component.start, component.end)
                return
            }
        }
        for (container, index) in trail.reversed() {
            switch container.content {
            case .mapping(var pairs):
                pairs[index].value = replacement
                replacement = YAMLNode(.mapping(pairs), range: container.range)
            case .sequence(var items):
                items[index] = replacement
                replacement = YAMLNode(.sequence(items), range: container.range)
            case .scalar:
                break  // only mappings and sequences are put on the trail
            }
        }
        root = replacement
    }

    /// The mappings that hold `value` at `components[depth...]`, each created key located at its component;
    /// built from the innermost out, without recursion.
    func nested(edit: PolicyEditor.Edit, depth: Int, value: YAMLNode) -> YAMLNode {
        var result = value
        for index in (depth..<max(depth, edit.components.count)).reversed() {
            let component = edit.components[index]
            let key = YAMLNode(.scalar(component.text, .plain), range: arguments.range(from: component.start, to: component.end))
            result = YAMLNode(.mapping([YAMLPair(key: key, value: result)]),
                              range: arguments.range(from: component.start, to: edit.valueStart + edit.value.utf8.count))
        }
        return result
    }
}

import Foundation
