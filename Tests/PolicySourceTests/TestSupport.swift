@testable import PolicySource
import SeededRandom
import Testing

/// A place in a fixture (`SourceLocation` alone would be ambiguous with Swift Testing's).
typealias Location = PolicySource.SourceLocation

/// A fixture whose positions are marked with keycap emoji (1️⃣, 2️⃣ …) instead of hard-coded numbers; the markers
/// are removed from the text and their locations kept.
struct MarkedText {
    let source: SourceFile
    private let locations: [Int: Location]

    init(_ marked: String, name: String = "test.yaml") {
        var bytes: [UInt8] = []
        var offsets: [Int: Int] = [:]
        let scalars = Array(marked.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if index + 2 < scalars.count, ("1"..."9").contains(scalar), scalars[index + 1] == "\u{FE0F}",
                scalars[index + 2] == "\u{20E3}"
            {
                offsets[Int(scalar.value) - 0x30] = bytes.count
                index += 3
                continue
            }
            bytes.append(contentsOf: Array(String(scalar).utf8))
            index += 1
        }
        let source = SourceFile(name: name, bytes: bytes)
        self.source = source
        self.locations = offsets.mapValues { source.location(ofOffset: $0) }
    }

    /// The location of marker `number` (1 for 1️⃣).
    subscript(_ number: Int) -> Location {
        guard let location = locations[number] else {
            Issue.record("no marker \(number) in the fixture")
            return Location(offset: -1, line: 0, column: 0)
        }
        return location
    }

    /// The range from marker `start` to marker `end`.
    func range(_ start: Int, _ end: Int) -> SourceRange { source.range(self[start], self[end]) }

    func read(budget: YAMLBudget = .default) -> YAMLDocument { YAMLReader.read(source, budget: budget) }
}

func read(_ text: String, budget: YAMLBudget = .default) -> YAMLDocument {
    YAMLReader.read(SourceFile(name: "test.yaml", text: text), budget: budget)
}

func read(bytes: [UInt8], budget: YAMLBudget = .default) -> YAMLDocument {
    YAMLReader.read(SourceFile(name: "test.yaml", bytes: bytes), budget: budget)
}

extension YAMLDocument {
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var codes: [DiagnosticCode] { diagnostics.map(\.code) }
}

extension YAMLNode {
    /// The value of the first pair whose key's text is `key`.
    subscript(_ key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs.first { $0.key.scalar == key }?.value
    }

    subscript(_ index: Int) -> YAMLNode? {
        guard case .sequence(let items) = content, items.indices.contains(index) else { return nil }
        return items[index]
    }

    var pairs: [YAMLPair] {
        if case .mapping(let pairs) = content { return pairs }
        return []
    }

    var items: [YAMLNode] {
        if case .sequence(let items) = content { return items }
        return []
    }

    var style: ScalarStyle? {
        if case .scalar(_, let style) = content { return style }
        return nil
    }

    /// This node and all below it, keys included, without recursion.
    var allNodes: [YAMLNode] {
        var result: [YAMLNode] = []
        var pending = [self]
        while let node = pending.popLast() {
            result.append(node)
            switch node.content {
            case .scalar: break
            case .sequence(let items): pending.append(contentsOf: items)
            case .mapping(let pairs):
                for pair in pairs { pending.append(contentsOf: [pair.key, pair.value]) }
            }
        }
        return result
    }
}

/// Checks the invariants every result must keep, whatever the input.
func expectWellFormed(_ document: YAMLDocument, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let size = document.source.bytes.count
    if document.root == nil {
        #expect(!document.errors.isEmpty, "no root but no error", sourceLocation: sourceLocation)
    }
    for diagnostic in document.diagnostics {
        #expect(diagnostic.range.start.offset >= 0 && diagnostic.range.end.offset <= size, sourceLocation: sourceLocation)
        #expect(diagnostic.range.start <= diagnostic.range.end, sourceLocation: sourceLocation)
        #expect(!diagnostic.message.isEmpty && !diagnostic.message.hasSuffix("."), sourceLocation: sourceLocation)
        #expect(!diagnostic.message.contains("\n"), sourceLocation: sourceLocation)
        #expect(diagnostic.message.first?.isUppercase != true, "\(diagnostic.message)", sourceLocation: sourceLocation)
    }
    let fatal: Set<DiagnosticCode> = [.yamlSyntax, .yamlLimit, .invalidEncoding, .emptyDocument]
    #expect(document.diagnostics.filter { fatal.contains($0.code) }.count <= 1, sourceLocation: sourceLocation)
    // Every node's range agrees with the file's own offset-to-location conversion (which walks each line from its
    // start, so only a sample of a big document is checked).
    let nodes = document.root?.allNodes ?? []
    for node in nodes.count <= 2_000 ? nodes : Array(nodes.prefix(20) + nodes.suffix(20)) {
        #expect(node.range.start == document.source.location(ofOffset: node.range.start.offset), sourceLocation: sourceLocation)
        #expect(node.range.end == document.source.location(ofOffset: node.range.end.offset), sourceLocation: sourceLocation)
    }
}
