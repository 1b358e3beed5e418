import Foundation
import Testing

/// The generated PostgreSQL of the bundled policy and tenants, byte for byte: `tierc compile tiers/tiers.yaml
/// --tenants examples/tenants.yaml` must write the committed `Tests/TiercTests/Fixtures/sql/policy.sql` and
/// `tenants.sql` (docs/postgres.md#how-it-is-tested). A change of the generated SQL shows up as a diff of these
/// files in review; after an intended change, `TIERC_RECORD=1 swift test --filter GeneratedSQLGoldenTests`
/// re-records them.
@Suite("tierc compile: the generated SQL of the bundled policy")
struct GeneratedSQLGoldenTests {
    static let root = TiercBinary.packageRoot
    static let goldens = root.appendingPathComponent("Tests/TiercTests/Fixtures/sql")

    @Test(arguments: ["policy.sql", "tenants.sql"])
    func compiledSQLEqualsTheGolden(file: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-sql-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try TiercBinary.run(["compile", Self.root.appendingPathComponent("tiers/tiers.yaml").path,
                                       "--tenants", Self.root.appendingPathComponent("examples/tenants.yaml").path,
                                       "--out", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        let actual = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        let golden = Self.goldens.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["TIERC_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldens, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: golden)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected, """
            \(file) differs from Tests/TiercTests/Fixtures/sql/\(file) (TIERC_RECORD=1 re-records): first difference \
            at line \(Self.firstDifferingLine(expected, actual))
            """)
    }

    /// The 1-based number of the first line where the two texts differ.
    static func firstDifferingLine(_ a: String, _ b: String) -> Int {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        var line = 0
        while line < left.count, line < right.count, left[line] == right[line] { line += 1 }
        return line + 1
    }
}
