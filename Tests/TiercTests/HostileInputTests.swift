import Foundation
import SeededRandom
import Testing

/// Each hostile input of the issue, through the real binary: one located error, exit status 1, and no crash,
/// hang or runaway memory (the process would be killed or time out instead).
@Suite("tierc check on hostile input")
struct HostileInputTests {
    static func write(_ bytes: [UInt8], name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-hostile-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url
    }

    static let cases: [(String, @Sendable () -> [UInt8], String)] = [
        ("deep-nesting.yaml", { Array(repeating: UInt8(ascii: "["), count: 200_000) }, "yaml-limit"),
        ("huge-scalar.yaml", { Array("a: ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 64 << 20) }, "yaml-limit"),
        ("invalid-utf8.yaml", { Array("format: 1\npolicy: caf".utf8) + [0xC3, 0x28] + Array("\n".utf8) }, "invalid-encoding"),
        ("nul.yaml", { Array("format: 1\n".utf8) + [0] + Array("policy: x\n".utf8) }, "invalid-encoding"),
        ("junk.bin", {
            var generator = SplitMix64(seed: 7)
            return (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        }, ""),
        ("empty.yaml", { [] }, "empty-document"),
        ("billion-laughs.yaml", {
            var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            for level in 1...8 {
                let previous = String(UnicodeScalar(UInt8(96 + level)))
                let name = String(UnicodeScalar(UInt8(97 + level)))
                text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]\n"
            }
            return Array(text.utf8)
        }, "yaml-limit"),
    ]

    @Test("one located error and exit status 1", arguments: 0..<cases.count)
    func hostile(_ index: Int) throws {
        let (name, make, code) = Self.cases[index]
        let url = try Self.write(make(), name: name)
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try TiercBinary.run(["check", url.path, "--format", "json"])
        #expect(run.status == 1, "\(name): \(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(object["errors"] as? Int == 1, "\(name): \(run.stdout.prefix(2000))")
        let error = try #require(diagnostics.first { $0["severity"] as? String == "error" })
        #expect((error["line"] as? Int ?? 0) >= 1)
        #expect((error["column"] as? Int ?? 0) >= 1)
        if !code.isEmpty { #expect(error["code"] as? String == code, "\(name)") }
    }
}

