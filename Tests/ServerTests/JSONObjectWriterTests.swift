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
}
