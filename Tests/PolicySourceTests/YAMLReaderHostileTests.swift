@testable import PolicySource
import SeededRandom
import Testing

@Suite("YAMLReader against hostile input")
struct YAMLReaderHostileTests {
    /// Expects no root and exactly one error, of `code`; returns it.
    @discardableResult
    func expectRefused(
        _ document: YAMLDocument, _ code: DiagnosticCode, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Diagnostic? {
        #expect(document.root == nil, sourceLocation: sourceLocation)
        #expect(document.diagnostics.count == 1, "\(document.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        #expect(document.diagnostics.first?.code == code, sourceLocation: sourceLocation)
        #expect(document.diagnostics.first?.severity == .error, sourceLocation: sourceLocation)
        expectWellFormed(document, sourceLocation: sourceLocation)
        return document.diagnostics.first
    }

    @Test("billion laughs: nine levels of ten aliases each are refused by the node budget")
    func billionLaughs() throws {
        var lines = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for level in 1..<names.count {
            let previous = "*" + names[level - 1]
            let items = Array(repeating: previous, count: 10).joined(separator: ", ")
            lines.append("\(names[level]): &\(names[level]) [\(items)]")
        }
        let document = read(lines.joined(separator: "\n") + "\n")
        let error = expectRefused(document, .yamlLimit)
        #expect(error?.message.hasPrefix("aliases expand the document past 2000000 nodes") == true)
        // Refused at the first alias of the level whose expansion crosses the budget, `g`'s first `*f`.
        #expect(error?.range.start.line == 7)
    }

    @Test("aliases are counted against their own budget")
    func aliasBudget() throws {
        var budget = YAMLBudget()
        budget.maxAliases = 3
        let text = MarkedText("a: &a 1\nb: [*a, *a, *a, 1️⃣*a2️⃣]\n")
        let error = expectRefused(text.read(budget: budget), .yamlLimit)
        #expect(error?.range == text.range(1, 2))
        #expect(error?.message == "more than 3 aliases in one document; use `extends` to share settings instead of many aliases")
    }

    @Test("plain nodes are counted against the node budget")
    func nodeBudget() throws {
        var budget = YAMLBudget()
        budget.maxNodes = 10
        let document = read("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", budget: budget)
        let error = expectRefused(document, .yamlLimit)
        #expect(error?.message == "the document has more than 10 nodes; a policy needs far fewer")
        #expect(error?.range.start.column == 29)
    }

    @Test("a flood of recoverable problems stops at a thousand, with one error that says so")
    func problemFlood() throws {
        let text = String(repeating: "a: 1\n", count: 5_000)
        let document = read(text)
        #expect(document.root == nil)
        #expect(document.diagnostics.count == 1_001)
        #expect(document.diagnostics.dropLast().allSatisfy { $0.code == .duplicateKey })
        #expect(document.diagnostics.last?.code == .yamlLimit)
        #expect(document.diagnostics.last?.range.start.line == 1_002)
        #expect(document.diagnostics.last?.message == "more than 1000 problems in this file; fix the ones reported and check again")
        expectWellFormed(document)
    }

    @Test("200,000 nested `[` end with one depth error at the collection that crosses the limit")
    func deepNesting() throws {
        let text = String(repeating: "[", count: 200_000)
        let error = expectRefused(read(text), .yamlLimit)
        #expect(error?.range.start == Location(offset: 64, line: 1, column: 65))
        #expect(error?.message == "nesting deeper than 64 levels; a policy needs fewer than 10")
    }

    @Test("nesting up to the depth limit is fine, one more level is not")
    func depthBoundary() throws {
        let atLimit = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(read(atLimit).diagnostics.isEmpty)
        let overLimit = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        expectRefused(read(overLimit), .yamlLimit)

        var budget = YAMLBudget()
        budget.maxDepth = 2
        let text = MarkedText("a:\n  b:\n    1️⃣c: 1\n")
        let error = expectRefused(text.read(budget: budget), .yamlLimit)
        #expect(error?.range.start == text[1])
    }

    @Test("what an alias repeats counts toward the depth at the alias's place")
    func aliasDepth() throws {
        var budget = YAMLBudget()
        budget.maxDepth = 4
        let text = MarkedText("a: &a [[1]]\nb: [*a]\nc: [[1️⃣*a2️⃣]]\n")
        let error = expectRefused(text.read(budget: budget), .yamlLimit)
        #expect(error?.range == text.range(1, 2))
        #expect(error?.message == "nesting deeper than 4 levels once this alias is expanded; a policy needs fewer than 10")
    }

    @Test("a chain of anchors, each nesting the last alias deeper, is refused before the tree gets deep")
    func aliasDepthChain() throws {
        // Each line nests the previous anchor 30 levels down: within every other budget, but unbounded in depth.
        var lines: [String] = []
        for level in 0..<100 {
            let inner = level == 0 ? "1" : "*a\(level - 1)"
            lines.append("a\(level): &a\(level) " + String(repeating: "[", count: 30) + inner
                + String(repeating: "]", count: 30))
        }
        let error = expectRefused(read(lines.joined(separator: "\n")), .yamlLimit)
        #expect(error?.range.start.line == 3)
    }

    @Test("deeply nested block mappings are refused too")
    func deepBlockNesting() throws {
        var text = ""
        for level in 0..<1_000 { text += String(repeating: " ", count: level) + "k:\n" }
        expectRefused(read(text), .yamlLimit)
    }

    @Test("a 64 MiB input is refused by its size alone, at the limit's offset")
    func hugeInput() throws {
        let bytes = Array("a: ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024 * 1024)
        let error = expectRefused(read(bytes: bytes), .yamlLimit)
        #expect(error?.range.start.offset == 16 * 1024 * 1024)
        #expect(error?.message == "the file is 67108867 bytes, over the 16 MiB limit; a policy file needs far less")
    }

    @Test("a 2 MiB scalar in a small document is refused at the scalar")
    func hugeScalar() throws {
        let bytes = Array("format: 1\nnote: ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 2 * 1024 * 1024)
            + Array("\nother: 2\n".utf8)
        let error = expectRefused(read(bytes: bytes), .yamlLimit)
        #expect(error?.range.start == Location(offset: 16, line: 2, column: 7))
        #expect(error?.message == "a scalar of 2097152 bytes is over the 1 MiB limit; shorten the value")
    }

    @Test("invalid UTF-8 is refused at the exact byte", arguments: [
        (Array("a: 1\nname: \u{FC}".utf8) + [0xFF] + Array("x\n".utf8), 0xFF as UInt8, 13, 2, 8),
        (Array("a: caf".utf8) + [0xE9] + Array(" au lait\n".utf8), 0xE9, 6, 1, 7),  // Latin-1 é
        (Array("a: ".utf8) + [0xED, 0xA0, 0x80], 0xED, 3, 1, 4),  // an encoded surrogate
        (Array("a: ".utf8) + [0xC0, 0xAF], 0xC0, 3, 1, 4),  // an overlong `/`
        (Array("a: ".utf8) + [0xF0, 0x9F, 0x98], 0xF0, 3, 1, 4),  // truncated at the end
    ])
    func invalidUTF8(bytes: [UInt8], byte: UInt8, offset: Int, line: Int, column: Int) throws {
        let error = expectRefused(read(bytes: bytes), .invalidEncoding)
        #expect(error?.range.start == Location(offset: offset, line: line, column: column))
        #expect(error?.message == "invalid UTF-8 byte 0x\(Diagnostic.hex(UInt32(byte), digits: 2)); save the file as UTF-8")
    }

    @Test("a NUL byte is refused at the byte")
    func nulByte() throws {
        let error = expectRefused(read(bytes: Array("a: 1\nb: x".utf8) + [0] + Array("y\n".utf8)), .invalidEncoding)
        #expect(error?.range.start == Location(offset: 9, line: 2, column: 5))
    }

    @Test("control characters other than tab, LF and CR are refused", arguments: [
        [0x07] as [UInt8], [0x1B], [0x7F], [0xC2, 0x80], [0xC2, 0x9F], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF],
    ])
    func controlCharacters(character: [UInt8]) throws {
        let error = expectRefused(read(bytes: Array("a: \u{E9}".utf8) + character), .invalidEncoding)
        #expect(error?.range.start == Location(offset: 5, line: 1, column: 5))
    }

    @Test("tab, CR, NEL and other line separators are allowed")
    func allowedCharacters() throws {
        let document = read("a:\t\"x\u{85}y\u{2028}z\"\r\nb: 1\r\n")
        #expect(document.diagnostics.isEmpty)
        #expect(document.root?["b"]?.scalar == "1")
        expectWellFormed(document)
    }

    @Test("UTF-16 text is refused with a hint")
    func utf16() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("a: 1".utf8).flatMap { [$0, 0] }
        let error = expectRefused(read(bytes: bytes), .invalidEncoding)
        #expect(error?.message == "the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8")
    }

    @Test("random binary junk yields an error, never a crash", arguments: [1, 2, 3, 42, 1_234, 99_999] as [UInt64])
    func binaryJunk(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let bytes = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let document = read(bytes: bytes)
        #expect(!document.errors.isEmpty)
        #expect(document.root == nil)
        expectWellFormed(document)
    }

    @Test("random YAML punctuation never crashes and keeps every invariant", arguments: Array(0..<40) as [UInt64])
    func punctuationJunk(seed: UInt64) throws {
        let alphabet = Array("-:?,[]{}#&*!|>'\"%@` \t\n\r\nab1.<=~\u{E9}\u{20AC}\u{FEFF}")
        var generator = SplitMix64(seed: seed)
        let count = Int.random(in: 1...600, using: &generator)
        let text = String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
        expectWellFormed(read(text))
    }

    @Test("mutations of a valid document never crash and keep every invariant", arguments: Array(0..<40) as [UInt64])
    func mutatedPolicy(seed: UInt64) throws {
        var bytes = Array(samplePolicy.utf8)
        var generator = SplitMix64(seed: seed)
        let replacements = Array("-:?,[]{}#&*!|>'\" \t\n".utf8)
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            bytes[index] = replacements.randomElement(using: &generator)!
        }
        expectWellFormed(read(bytes: bytes))
    }

    @Test("an empty file has no document")
    func emptyFile() throws {
        let document = read("")
        let error = expectRefused(document, .emptyDocument)
        #expect(error?.range == document.source.startRange)
        #expect(error?.message == "the file contains no YAML document")
    }

    @Test("a file of comments and blank lines has no document")
    func onlyComments() throws {
        let document = read("# just a comment\n\n   # another\n")
        let error = expectRefused(document, .emptyDocument)
        #expect(error?.range == document.source.startRange)
    }

    @Test("an explicit empty document is empty too")
    func explicitEmptyDocument() throws {
        let error = expectRefused(read("---\n"), .emptyDocument)
        #expect(error?.range.start == Location(offset: 0, line: 1, column: 1))
        expectRefused(read("--- # nothing\n...\n"), .emptyDocument)
    }
}

/// A policy-shaped document used as a seed for mutations and size checks.
let samplePolicy = """
    format: 1
    policy: acme
    currency: EUR
    meters:
      requests: {kind: counter, unit: request}
      storage: {kind: gauge, unit: GiB}
    tiers:
      free: &free
        price: "0"
        limits:
          requests: {per: minute, max: 60}
          storage: {max: 1}
        features: [basic, "search"]
      pro:
        extends: free
        price: '19.99'
        description: |
          For teams.
          Billed monthly.
        limits:
          requests: {per: minute, max: 600}
    """
