import Testing
@testable import PolicySource

@Suite("YAMLReader syntax errors")
struct YAMLReaderSyntaxTests {
    /// Expects exactly one `yaml-syntax` error, at marker 1️⃣, and returns it.
    func syntaxError(_ fixture: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        let text = MarkedText(fixture)
        let document = text.read()
        #expect(document.root == nil, sourceLocation: sourceLocation)
        #expect(document.codes == [.yamlSyntax], sourceLocation: sourceLocation)
        #expect(document.errors.first?.range.start == text[1], sourceLocation: sourceLocation)
        expectWellFormed(document, sourceLocation: sourceLocation)
        return document.errors.first
    }

    @Test("a mapping value where none is allowed")
    func mappingValue() throws {
        let error = syntaxError("a: b1️⃣: c\n")
        #expect(error?.message == "mapping values are not allowed in this context; put the value in quotes if it contains `: `, or move a nested mapping to its own lines")
        #expect(error?.range.end.column == 6)
    }

    @Test("a tab used for indentation")
    func tabIndentation() throws {
        let error = syntaxError("a:\n1️⃣\tb: 1\n")
        #expect(error?.message == "a tab cannot start a token here; indent with spaces, not tabs")
    }

    @Test("an unclosed flow list, with a note where it starts")
    func unclosedList() throws {
        let text = MarkedText("a: 2️⃣[1, 2\n1️⃣")
        let document = text.read()
        #expect(document.codes == [.yamlSyntax])
        let error = try #require(document.errors.first)
        #expect(error.range.start == text[1])
        #expect(error.message == "did not find expected ',' or ']'; separate list items with `,` and close the list with `]`")
        #expect(error.notes.first?.message == "while parsing a flow sequence that starts here")
        #expect(error.notes.first?.range?.start == text[2])
    }

    @Test("a line without a colon inside a mapping")
    func missingColon() throws {
        let error = syntaxError("a: 1\nb\n1️⃣c: 2\n")
        #expect(error?.message.hasPrefix("could not find expected ':'") == true)
        #expect(error?.notes.first?.message == "while scanning a simple key that starts here")
        #expect(error?.notes.first?.range?.start.line == 2)
    }

    @Test("a key indented less than its siblings")
    func badIndentation() throws {
        let error = syntaxError("a:\n  b: 1\n 1️⃣c: 2\n")
        #expect(error?.message == "did not find expected key; line this entry up with the other keys of its mapping")
    }

    @Test("an unclosed quote")
    func unclosedQuote() throws {
        let error = syntaxError("a: \"open\nb: 1\n1️⃣")
        #expect(error?.message == "found unexpected end of stream; close the quoted text")
    }

    @Test("reserved indicators cannot start a plain value")
    func reservedIndicators() throws {
        #expect(syntaxError("a: 1️⃣@x\n")?.message == "found character `@` that cannot start any token; put the value in quotes")
        #expect(syntaxError("a: 1️⃣`x`\n")?.message == "a backtick cannot start a value; put the value in quotes")
    }

    @Test("a list entry on the key's line")
    func listOnKeyLine() throws {
        #expect(syntaxError("a: 1️⃣- b\n")?.message.hasPrefix("block sequence entries are not allowed") == true)
    }

    @Test("an unknown escape in double quotes")
    func unknownEscape() throws {
        #expect(syntaxError("a: \"x1️⃣\\q\"\n")?.message.hasPrefix("found unknown escape character") == true)
    }

    @Test("non-fatal problems found before a syntax error are kept")
    func problemsBeforeSyntaxError() throws {
        let document = read("a: 1\na: 2\nb: [\n")
        #expect(document.codes == [.duplicateKey, .yamlSyntax])
        #expect(document.root == nil)
    }

    @Test("syntax errors on non-ASCII lines are located by character")
    func nonASCIISyntaxError() throws {
        let error = syntaxError("\u{E9}t\u{E9}: \u{20AC}1️⃣: x\n")
        #expect(error?.range.start.offset == 10)
        #expect(error?.range.start.column == 7)
    }
}
