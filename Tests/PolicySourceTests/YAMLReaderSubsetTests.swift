import Testing
@testable import PolicySource

@Suite("YAMLReader strict subset")
struct YAMLReaderSubsetTests {
    @Test("a duplicate key is reported at its second occurrence, with a note at the first; the first value stays")
    func duplicateKey() throws {
        let text = MarkedText("""
            tiers:
              1️⃣free2️⃣: {price: 0}
              pro: {price: 10}
              3️⃣free4️⃣: {price: 5}
            """)
        let document = text.read()
        #expect(document.errors.count == 1)
        let error = try #require(document.errors.first)
        #expect(error.code == .duplicateKey)
        #expect(error.range == text.range(3, 4))
        #expect(error.message == "duplicate key `free` in this mapping; remove or rename one of the two")
        #expect(error.notes == [DiagnosticNote("`free` was first defined here", file: "test.yaml", range: text.range(1, 2))])
        let tiers = try #require(document.root?["tiers"])
        #expect(tiers.pairs.map(\.key.scalar) == ["free", "pro"])
        #expect(tiers["free"]?["price"]?.scalar == "0")
        expectWellFormed(document)
    }

    @Test("keys compare by text: a quoted key duplicates a plain one; separate mappings do not clash")
    func duplicateKeyByText() throws {
        let document = read("a: {x: 1, \"x\": 2}\nb: {x: 3}\nc: {'x': 4, y: 5, y: 6, y: 7}\n")
        #expect(document.codes == [.duplicateKey, .duplicateKey, .duplicateKey])
        #expect(document.root?["a"]?.pairs.count == 1)
        #expect(document.root?["b"]?["x"]?.scalar == "3")
        #expect(document.root?["c"]?["y"]?.scalar == "5")
        #expect(document.diagnostics.last?.notes.first?.range?.start.column == 13)
    }

    @Test("a merge key is refused on the key and its pair dropped; parsing goes on")
    func mergeKey() throws {
        let text = MarkedText("""
            base: &base {price: 1}
            pro:
              1️⃣<<2️⃣: *base
              price: 2
              price: 3
            quoted: {"<<": fine}
            """)
        let document = text.read()
        #expect(document.codes == [.unsupportedYAML, .duplicateKey])
        let error = try #require(document.diagnostics.first)
        #expect(error.range == text.range(1, 2))
        #expect(error.message == "merge keys (`<<`) are not supported; use `extends: <tier>` to inherit from another tier")
        let root = try #require(document.root)
        #expect(root["pro"]?.pairs.map(\.key.scalar) == ["price"])
        #expect(root["quoted"]?["<<"]?.scalar == "fine")
        expectWellFormed(document)
    }

    @Test("tags are refused on the tag as written, and the node kept", arguments: [
        ("a: 1️⃣!foo2️⃣ bar\n", "!foo"),
        ("a: 1️⃣!!str2️⃣ 12\n", "!!str"),
        ("a: 1️⃣!!binary2️⃣ aGk=\n", "!!binary"),
        ("a: &x 1️⃣!foo2️⃣ [1]\n", "!foo"),
        ("a: 1️⃣!<tag:example.com,2000:x>2️⃣ 1\n", "!<tag:example.com,2000:x>"),
        ("a: 1️⃣!2️⃣ x\n", "!"),
        ("a:\n  1️⃣!!map2️⃣\n  b: 1\n", "!!map"),
    ])
    func tags(fixture: String, tag: String) throws {
        let text = MarkedText(fixture)
        let document = text.read()
        #expect(document.codes == [.unsupportedYAML])
        let error = try #require(document.diagnostics.first)
        #expect(error.range == text.range(1, 2))
        #expect(error.message == "tags are not supported: remove `\(tag)`; values are typed by where they stand")
        #expect(document.root?["a"] != nil)
        expectWellFormed(document)
    }

    @Test("a second document is refused at its start")
    func multipleDocuments() throws {
        let text = MarkedText("a: 1\n1️⃣---2️⃣\nb: 2\n")
        let document = text.read()
        #expect(document.root == nil)
        #expect(document.errors.count == 1)
        let error = try #require(document.errors.first)
        #expect(error.code == .unsupportedYAML)
        #expect(error.range == text.range(1, 2))
        #expect(error.message == "a file holds one YAML document; remove the `---` and merge the documents, or split them into separate files")
    }

    @Test("a document after `...` is a second document too")
    func documentAfterEnd() throws {
        let text = MarkedText("---\na: 1\n...\n1️⃣---\nb: 2\n")
        let document = text.read()
        #expect(document.codes == [.unsupportedYAML])
        #expect(document.errors.first?.range.start == text[1])

        // libyaml wants `---` before a document that follows `...`; without it, the text is a syntax error.
        let bare = MarkedText("---\na: 1\n...\n1️⃣b: 2\n")
        let bareDocument = bare.read()
        #expect(bareDocument.codes == [.yamlSyntax])
        #expect(bareDocument.errors.first?.range.start == bare[1])
        #expect(bareDocument.errors.first?.message.hasPrefix("did not find expected <document start>") == true)
    }

    @Test("one explicit document, ended with `...`, is fine")
    func explicitDocument() throws {
        let document = read("%YAML 1.1\n---\na: 1\n...\n# trailing comment\n")
        #expect(document.diagnostics.isEmpty)
        #expect(document.root?["a"]?.scalar == "1")
    }

    @Test("a collection as a key is refused and its pair dropped")
    func nonScalarKey() throws {
        let text = MarkedText("? 1️⃣[a, b]2️⃣\n: 1\nc: 2\n")
        let document = text.read()
        #expect(document.codes == [.unsupportedYAML])
        #expect(document.diagnostics.first?.range == text.range(1, 2))
        #expect(document.diagnostics.first?.message == "a list cannot be a key; keys must be plain scalars such as `name`")
        #expect(document.root?.pairs.map(\.key.scalar) == ["c"])
    }

    @Test("an alias repeats its anchored node, with the anchored node's range")
    func aliases() throws {
        let text = MarkedText("""
            base: 1️⃣&base
              price: 1
              meters: [a, b]2️⃣
            pro: *base
            list: [3️⃣&x one4️⃣, *x, *x]
            """)
        let document = text.read()
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        let base = try #require(root["base"])
        #expect(base.range == text.range(1, 2))
        #expect(root["pro"] == base)
        #expect(root["pro"]?["meters"]?[1]?.scalar == "b")
        let list = try #require(root["list"])
        #expect(list.items.map(\.scalar) == ["one", "one", "one"])
        #expect(list.items.allSatisfy { $0.range == text.range(3, 4) })
        expectWellFormed(document)
    }

    @Test("a duplicate key written as an alias is reported at the alias")
    func duplicateAliasKey() throws {
        let text = MarkedText("1️⃣&k a2️⃣: 1\n3️⃣*k4️⃣ : 2\n")
        let document = text.read()
        #expect(document.codes == [.duplicateKey])
        #expect(document.diagnostics.first?.range == text.range(3, 4))
        #expect(document.diagnostics.first?.notes.first?.range == text.range(1, 2))
    }

    @Test("an anchor may be redefined; an alias takes the latest definition")
    func anchorRedefinition() throws {
        let document = read("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")
        #expect(document.root?["b"]?.scalar == "1")
        #expect(document.root?["d"]?.scalar == "2")
    }

    @Test("an alias to an unknown anchor is a syntax error at the alias")
    func undefinedAlias() throws {
        let text = MarkedText("a: 1️⃣*nope2️⃣\n")
        let document = text.read()
        #expect(document.root == nil)
        #expect(document.codes == [.yamlSyntax])
        #expect(document.errors.first?.range == text.range(1, 2))
        #expect(document.errors.first?.message == "alias `*nope` names no anchor; define `&nope` on a node before this alias")
    }

    @Test("an alias inside the node it names is refused")
    func recursiveAlias() throws {
        let text = MarkedText("a: &loop {b: 1️⃣*loop2️⃣}\n")
        let document = text.read()
        #expect(document.root == nil)
        #expect(document.codes == [.yamlSyntax])
        #expect(document.errors.first?.range == text.range(1, 2))
    }

    @Test("scalars keep their text and style: nothing is typed here")
    func scalarStyles() throws {
        let document = read("""
            a: yes
            b: 0777
            c: 1e3
            d: "0.01"
            e: 'on'
            f: ~
            g: |
              keep
            h: >
              fold
              ed
            i: "tab\\there"
            j: 'it''s'
            k: null
            l:
            m: 2024-01-01
            """)
        #expect(document.diagnostics.isEmpty)
        let root = try #require(document.root)
        let expected: [(String, String, ScalarStyle)] = [
            ("a", "yes", .plain), ("b", "0777", .plain), ("c", "1e3", .plain), ("d", "0.01", .doubleQuoted),
            ("e", "on", .singleQuoted), ("f", "~", .plain), ("g", "keep\n", .literal), ("h", "fold ed\n", .folded),
            ("i", "tab\there", .doubleQuoted), ("j", "it's", .singleQuoted), ("k", "null", .plain), ("l", "", .plain),
            ("m", "2024-01-01", .plain),
        ]
        for (key, value, style) in expected {
            #expect(root[key]?.content == .scalar(value, style), "\(key)")
        }
        #expect(root["f"]?.isNull == true && root["k"]?.isNull == true && root["l"]?.isNull == true)
        #expect(root["d"]?.isNull == false && root["a"]?.isNull == false)
    }

    @Test("several non-fatal problems are all reported in one pass, in document order")
    func collectsAll() throws {
        let document = read("a: 1\na: 2\nb: !t x\n<<: {}\nc: {k: 1, k: 2}\n")
        #expect(document.codes == [.duplicateKey, .unsupportedYAML, .unsupportedYAML, .duplicateKey])
        #expect(document.root != nil)
        expectWellFormed(document)
    }
}
