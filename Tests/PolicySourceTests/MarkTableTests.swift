import Testing
@testable import PolicySource

@Suite("Mark table")
struct MarkTableTests {
    @Test("every character index converts to the same location as SourceFile's byte offsets")
    func agreesWithSourceFile() throws {
        var text = "a: 1\r\n"
        for line in 0..<300 { text += "k\(line): \"\u{E9}\u{20AC}\u{1F600}\(String(repeating: "x", count: line % 150))\"\n" }
        let source = SourceFile(name: "t", text: text)
        guard case .text(var marks) = YAMLInputCheck.check(source, budget: .default) else {
            Issue.record("valid text rejected")
            return
        }
        #expect(marks.characterCount == text.unicodeScalars.count)
        var offset = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            #expect(marks.location(ofCharacter: index) == source.location(ofOffset: offset))
            offset += String(scalar).utf8.count
        }
        #expect(marks.location(ofCharacter: marks.characterCount) == source.location(ofOffset: offset))
        #expect(marks.location(ofCharacter: marks.characterCount + 10) == source.location(ofOffset: offset))
    }

    @Test("an empty text has one location")
    func emptyText() throws {
        guard case .text(var marks) = YAMLInputCheck.check(SourceFile(name: "t", text: ""), budget: .default) else {
            Issue.record("empty text rejected")
            return
        }
        #expect(marks.location(ofCharacter: 0) == Location(offset: 0, line: 1, column: 1))
    }
}
