import PolicySource
import Testing

/// A range names the file it is in (docs/pipeline.md#source-ranges).
@Suite("Source ranges name their file")
struct SourceRangeFileTests {
    @Test("two files' ranges at equal offsets are not equal; one file's are")
    func equalOffsetsInTwoFiles() {
        let first = SourceFile(name: "tiers.yaml", text: "price: 39\n")
        let second = SourceFile(name: "tiers.yaml", text: "price: 39\n")
        #expect(first.id != second.id)
        #expect(first.range(from: 0, to: 5) != second.range(from: 0, to: 5))
        #expect(first.range(from: 0, to: 5).start == second.range(from: 0, to: 5).start)
        #expect(first.range(from: 0, to: 5) == first.range(from: 0, to: 5))
        #expect(first.range(from: 0, to: 5).file == first.id)
        #expect(first.range(from: 2, to: 5).atStart == first.range(from: 2, to: 2))
    }

    @Test("every node the reader makes carries its file's id")
    func nodesCarryTheirFile() throws {
        let text = "tiers:\n  free: { price: 0, limits: [1, 2] }\n"
        let first = SourceFile(name: "a.yaml", text: text)
        let second = SourceFile(name: "a.yaml", text: text)
        let (a, b) = (YAMLReader.read(first), YAMLReader.read(second))
        let nodes = try #require(a.root).allNodes
        #expect(nodes.count == 11)
        #expect(nodes.allSatisfy { $0.range.file == first.id })
        #expect(try #require(b.root).allNodes.allSatisfy { $0.range.file == second.id })
        #expect(a.root != b.root, "same text, two files")
    }

    @Test("a diagnostic is placed in the file its range names, and so is each note")
    func placedByRange() {
        let policy = SourceFile(name: "tiers.yaml", text: "tiers: {}\n")
        let arguments = SourceFile(name: "<--set>", text: "tiers.pro.prise=39")
        let diagnostic = Diagnostic(
            .error, .unknownKey, "unknown key", file: policy.name, range: arguments.range(from: 10, to: 15),
            notes: [DiagnosticNote("here", file: policy.name, range: policy.range(from: 0, to: 5)),
                    DiagnosticNote("and here", file: policy.name, range: arguments.range(from: 0, to: 5)),
                    DiagnosticNote("nowhere")])
        let placed = diagnostic.placed(in: [policy, arguments])
        #expect(placed.file == "<--set>")
        #expect(placed.range == diagnostic.range)
        #expect(placed.notes.map(\.file) == ["tiers.yaml", "<--set>", nil])
        #expect(diagnostic.placed(in: [policy]).file == "tiers.yaml", "a file not given is left as named")
    }
}
