import Foundation
import PolicySource
import PolicyCheck

/// A fixture file with position markers `⟨1⟩`…`⟨99⟩` and expectation lines `# expect 1: error unknown-key`
/// (or `# expect 2: note` for a note of some diagnostic). Markers are removed before the text is checked, so
/// positions are written in the fixture itself, never as line numbers in a test.
struct MarkedFixture {
    struct Expectation: Hashable, CustomStringConvertible {
        var marker: Int
        var severity: Severity
        var code: String?
        var description: String { "⟨\(marker)⟩ \(severity.rawValue) \(code ?? "")" }
    }

    var name: String
    var source: SourceFile
    /// Marker number → location in the cleaned text.
    var markers: [Int: SourceLocation]
    var expectations: [Expectation]

    init(name: String, text: String) {
        self.name = name
        var cleaned: [UInt8] = []
        var offsets: [Int: Int] = [:]
        var expectations: [Expectation] = []
        let open = Array("⟨".utf8)
        let close = Array("⟩".utf8)
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i...].starts(with: open), let end = Self.find(close, in: bytes, from: i + open.count),
               let number = Int(String(decoding: bytes[(i + open.count)..<end], as: UTF8.self)) {
                offsets[number] = cleaned.count
                i = end + close.count
                continue
            }
            cleaned.append(bytes[i])
            i += 1
        }
        for line in String(decoding: cleaned, as: UTF8.self).split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("# expect ") else { continue }
            let body = trimmed.dropFirst("# expect ".count)
            let parts = body.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let marker = Int(parts[0].trimmingCharacters(in: .whitespaces)) else { continue }
            let words = parts[1].split(separator: " ")
            guard let severityWord = words.first, let severity = Severity(rawValue: String(severityWord)) else { continue }
            expectations.append(Expectation(marker: marker, severity: severity, code: words.count > 1 ? String(words[1]) : nil))
        }
        let source = SourceFile(name: name, bytes: cleaned)
        self.source = source
        self.markers = offsets.mapValues { source.location(ofOffset: $0) }
        self.expectations = expectations
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + needle.count <= bytes.count, i < start + 8 {
            if bytes[i...].starts(with: needle) { return i }
            i += 1
        }
        return nil
    }
}

enum Fixtures {
    /// The fixtures folder in the source tree (golden files are re-recorded there).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Set `TIERC_RECORD=1` to rewrite golden files from the current output instead of comparing.
    static var recording: Bool { ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Compares `actual` with the golden file, or records it when recording. Returns a readable difference.
    static func compareGolden(_ actual: String, _ relative: String) throws -> String? {
        let url = directory.appendingPathComponent(relative)
        if recording {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "missing golden file \(relative); run the tests with TIERC_RECORD=1 to record it"
        }
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines = ["golden file \(relative) differs (TIERC_RECORD=1 re-records):"]
        for index in 0..<max(e.count, a.count) {
            let l = index < e.count ? String(e[index]) : nil
            let r = index < a.count ? String(a[index]) : nil
            if l != r {
                if let l { lines.append("-\(l)") }
                if let r { lines.append("+\(r)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
