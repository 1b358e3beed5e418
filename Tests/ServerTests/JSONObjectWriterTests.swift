import NIOCore
import PolicyModel
import Testing
import TiercHummingbird

/// JSONObjectWriter appends a key or value that needs no escape whole, and leaves any other to JSONText
/// (docs/serve.md#performance): either way the bytes are JSONText's.
@Suite("JSONObjectWriter")
struct JSONObjectWriterTests {
    @Test(arguments: ["tenant-a", "", "café ☕", "a\"quote", "back\\slash", "line\nbreak", "tab\t", "\u{01}\u{1F}",
                      "\u{7F}", "emoji 🧾 and \"both\\\""])
    func stringsAreWrittenAsJSONTextWritesThem(_ value: String) {
        var writer = JSONObjectWriter()
        writer.string(value, value)
        writer.string("k", value)
        #expect(writer.json == "{" + JSONText.quoted(value) + ":" + JSONText.quoted(value) + ",\"k\":" + JSONText.quoted(value) + "}")
    }

    @Test func nestedObjectsAreWrittenInPlace() {
        var writer = JSONObjectWriter()
        writer.object("empty") { _ in }
        writer.string("a", "x")
        writer.object("outer") { outer in
            outer.integer("n", -3)
            outer.object("inner") { inner in
                inner.null("z")
                inner.bool("t", true)
            }
            outer.object("second") { $0.raw("r", "[1]") }
        }
        writer.object("last") { $0.string("q", "\"") }
        #expect(writer.json == #"{"empty":{},"a":"x","outer":{"n":-3,"inner":{"z":null,"t":true},"second":{"r":[1]}},"last":{"q":"\""}}"#)
        #expect(String(buffer: writer.buffer) == writer.json)
        var nestedFirst = JSONObjectWriter()
        nestedFirst.object("o") { $0.integer("i", 1) }
        nestedFirst.integer("j", 2)
        #expect(nestedFirst.json == #"{"o":{"i":1},"j":2}"#)
    }
}
