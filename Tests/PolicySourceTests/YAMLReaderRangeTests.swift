import Testing
@testable import PolicySource

@Suite("YAMLReader ranges")
struct YAMLReaderRangeTests {
    @Test("block mapping, keys and scalar values")
    func blockMapping() throws {
        let text = MarkedText("1️⃣2️⃣format3️⃣: 4️⃣1.05️⃣\n6️⃣policy7️⃣: 8️⃣\"acme\"9️⃣\n")
        let document = text.read()
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        #expect(root.range == text.range(1, 9))
        #expect(root.pairs[0].key.range == text.range(2, 3))
        #expect(root.pairs[0].value.range == text.range(4, 5))
        #expect(root.pairs[1].key.range == text.range(6, 7))
        #expect(root.pairs[1].value.range == text.range(8, 9))
        expectWellFormed(document)
    }

    @Test("a block collection ends at its last child, not at the next key's line")
    func blockCollectionEnd() throws {
        let text = MarkedText("""
            tiers:
              1️⃣free:
                price: 02️⃣

              # a comment
            3️⃣list:
              4️⃣- a
              - b5️⃣
            other: x
            """)
        let document = text.read()
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        #expect(root["tiers"]?.range == text.range(1, 2))
        #expect(root["list"]?.range == text.range(4, 5))
        #expect(root.pairs[1].key.range.start == text[3])
        expectWellFormed(document)
    }

    @Test("a flow collection spans its brackets")
    func flowCollections() throws {
        let text = MarkedText("a: 1️⃣[2️⃣x3️⃣, 4️⃣{k: v}5️⃣]6️⃣\n")
        let document = text.read()
        let root = try #require(document.root)
        let list = try #require(root["a"])
        #expect(list.range == text.range(1, 6))
        #expect(list[0]?.range == text.range(2, 3))
        #expect(list[1]?.range == text.range(4, 5))
        expectWellFormed(document)
    }

    @Test("columns count Unicode scalars and offsets count UTF-8 bytes")
    func nonASCIIColumns() throws {
        // "Ünïcødé €" is 9 scalars and 15 bytes, in precomposed form.
        let text = "{name: \"\u{DC}n\u{EF}c\u{F8}d\u{E9} \u{20AC}\", tier: gold}\n"
        let document = read(text)
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        let name = try #require(root["name"])
        #expect(name.scalar == "\u{DC}n\u{EF}c\u{F8}d\u{E9} \u{20AC}")
        #expect(name.range.start == Location(offset: 7, line: 1, column: 8))
        #expect(name.range.end == Location(offset: 24, line: 1, column: 19))
        let tierKey = root.pairs[1].key
        #expect(tierKey.scalar == "tier")
        #expect(tierKey.range.start == Location(offset: 26, line: 1, column: 21))
        #expect(tierKey.range.end == Location(offset: 30, line: 1, column: 25))
        let gold = try #require(root["tier"])
        #expect(gold.range.start == Location(offset: 32, line: 1, column: 27))
        #expect(root.range == document.source.range(
            Location(offset: 0, line: 1, column: 1), Location(offset: 37, line: 1, column: 32)))
        expectWellFormed(document)
    }

    @Test("non-ASCII text on earlier lines does not shift later lines")
    func nonASCIIEarlierLines() throws {
        let text = MarkedText("title: \"\u{1F600} \u{4E2D}\u{6587}\"\n  # caf\u{E9}\nkey: 1️⃣value2️⃣\n")
        let document = text.read()
        #expect(document.root?["key"]?.range == text.range(1, 2))
        #expect(text[1].line == 3 && text[1].column == 6)
        expectWellFormed(document)
    }

    @Test("CRLF and lone CR line ends keep offsets exact")
    func lineEnds() throws {
        let crlf = MarkedText("a: 1\r\nb:\r\n  - 1️⃣x2️⃣\r\n")
        let document = crlf.read()
        #expect(document.root?["b"]?[0]?.range == crlf.range(1, 2))
        expectWellFormed(document)

        // libyaml treats a lone CR as a line break; locations still follow line feeds, like SourceFile.
        let cr = MarkedText("a: 1\r1️⃣b: 2️⃣2\r")
        let crDocument = cr.read()
        let root = try #require(crDocument.root)
        #expect(root.pairs[1].key.range.start == cr[1])
        #expect(root["b"]?.range.start == cr[2])
        expectWellFormed(crDocument)
    }

    @Test("a block scalar ends after its text, without the blank lines libyaml includes")
    func blockScalarEnd() throws {
        let text = MarkedText("a: 1️⃣|\n  line one\n  line two2️⃣\n\n\nb: 3️⃣>-\n  folded\n  text4️⃣\n")
        let document = text.read()
        let root = try #require(document.root)
        #expect(root["a"]?.range == text.range(1, 2))
        #expect(root["a"]?.scalar == "line one\nline two\n")
        #expect(root["b"]?.range == text.range(3, 4))
        #expect(root["b"]?.scalar == "folded text")
        expectWellFormed(document)
    }

    @Test("an empty value sits right after its colon")
    func emptyValue() throws {
        let text = MarkedText("x:\n  a:1️⃣\n  b: 2\n")
        let document = text.read()
        let value = try #require(document.root?["x"]?["a"])
        #expect(value.isNull)
        #expect(value.range == text.source.range(at: text[1]))
    }

    @Test("a one-line flow document of many nodes converts every mark exactly")
    func longLine() throws {
        let items = (0..<20_000).map { "k\($0): [\($0), \"\u{E9}\($0)\"]" }
        let text = "{" + items.joined(separator: ", ") + "}"
        let document = read(text)
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        #expect(root.pairs.count == 20_000)
        let last = try #require(root["k19999"]?[1])
        #expect(last.scalar == "\u{E9}19999")
        let offset = text.utf8.count - 11  // `"é19999"]}` is 11 bytes
        #expect(last.range.start == document.source.location(ofOffset: offset))
        expectWellFormed(document)
    }

    @Test("a byte order mark is allowed and counts as one column of line 1")
    func byteOrderMark() throws {
        let document = read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        #expect(root.pairs[0].key.range.start == Location(offset: 3, line: 1, column: 2))
        expectWellFormed(document)
    }

    /// libyaml, told the encoding, read the mark as text, and a mapping's second key was a syntax error.
    @Test("a byte order mark before a mapping of several keys and nested blocks")
    func byteOrderMarkBeforeSeveralKeys() throws {
        let document = read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\nb:\n  c: [x, y]\nd: 2\n".utf8))
        #expect(document.diagnostics.isEmpty, "\(document.diagnostics)")
        let root = try #require(document.root)
        #expect(root.pairs.map(\.key.scalar) == ["a", "b", "d"])
        #expect(root.pairs[1].key.range.start == Location(offset: 8, line: 2, column: 1))
        #expect(root["b"]?["c"]?[1]?.range.start == Location(offset: 20, line: 3, column: 10))
        expectWellFormed(document)
        #expect(read(bytes: [0xEF, 0xBB, 0xBF]).root == nil, "a mark alone is an empty file")
    }
}
