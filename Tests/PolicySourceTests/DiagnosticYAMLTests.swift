import Testing
@testable import PolicySource

@Suite("Diagnostic formatting")
struct DiagnosticFormattingTests {
    @Test("byte sizes read naturally in messages")
    func describeBytes() {
        #expect(Diagnostic.describeBytes(16 * 1024 * 1024) == "16 MiB")
        #expect(Diagnostic.describeBytes(64 * 1024) == "64 KiB")
        #expect(Diagnostic.describeBytes(1000) == "1000 bytes")
    }

    @Test("quoted text in messages is escaped and shortened")
    func display() {
        #expect(Diagnostic.display("a\nb\tc") == "a\\nb\\tc")
        #expect(Diagnostic.display(String(repeating: "x", count: 50)) == String(repeating: "x", count: 40) + "…")
    }
}
