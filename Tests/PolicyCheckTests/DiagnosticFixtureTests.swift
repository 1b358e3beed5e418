import Foundation
import Testing
import PolicySource
import PolicyCheck

/// One fixture per diagnostic code under Fixtures/diagnostics: `NAME.yaml` is a policy; `NAME.tenants.yaml`,
/// when present, is a tenants file checked against `NAME.yaml` (or against Fixtures/base-policy.yaml).
/// Expected places are marked inside the fixtures; `NAME.human.txt` is the golden rendered output.
@Suite struct DiagnosticFixtureTests {
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.directory.appendingPathComponent("diagnostics").path)) ?? []
        return Set(files.filter { $0.hasSuffix(".yaml") }.map {
            String($0.dropLast(".yaml".count)).replacingOccurrences(of: ".tenants", with: "")
        }).sorted()
    }()

    static func run(_ name: String) throws -> (CheckResult, [MarkedFixture]) {
        let directory = Fixtures.directory.appendingPathComponent("diagnostics")
        let policyURL = directory.appendingPathComponent("\(name).yaml")
        let tenantsURL = directory.appendingPathComponent("\(name).tenants.yaml")
        let policyText = FileManager.default.fileExists(atPath: policyURL.path)
            ? try String(contentsOf: policyURL, encoding: .utf8) : try Fixtures.text("base-policy.yaml")
        let policy = MarkedFixture(name: "\(name).yaml", text: policyText)
        var fixtures = [policy]
        var tenants: SourceFile?
        if FileManager.default.fileExists(atPath: tenantsURL.path) {
            let fixture = MarkedFixture(name: "\(name).tenants.yaml", text: try String(contentsOf: tenantsURL, encoding: .utf8))
            fixtures.append(fixture)
            tenants = fixture.source
        }
        return (PolicyChecker.check(policy: policy.source, tenants: tenants), fixtures)
    }

    @Test(arguments: names)
    func fixture(_ name: String) throws {
        let (result, fixtures) = try Self.run(name)
        var expected: Set<String> = []
        var expectedNotes: Set<String> = []
        for fixture in fixtures {
            for expectation in fixture.expectations {
                guard let location = fixture.markers[expectation.marker] else {
                    Issue.record("\(fixture.name): expectation \(expectation) names a marker that is not in the text")
                    continue
                }
                let key = "\(fixture.name):\(location.line):\(location.column)"
                if expectation.severity == .note { expectedNotes.insert(key) } else {
                    expected.insert("\(key) \(expectation.severity.rawValue) \(expectation.code ?? "?")")
                }
            }
        }
        #expect(!expected.isEmpty || name.hasPrefix("clean"), "fixture \(name) expects nothing")
        let actual = Set(result.diagnostics.map { "\($0.file):\($0.range.start.line):\($0.range.start.column) \($0.severity.rawValue) \($0.code.rawValue)" })
        #expect(actual == expected, "unexpected: \(actual.subtracting(expected).sorted()) missing: \(expected.subtracting(actual).sorted())")
        let actualNotes = Set(result.diagnostics.flatMap(\.notes).compactMap { note in
            note.range.map { "\(note.file ?? ""):\($0.start.line):\($0.start.column)" }
        })
        #expect(expectedNotes.isSubset(of: actualNotes), "notes missing at \(expectedNotes.subtracting(actualNotes).sorted())")

        let rendered = HumanRenderer(colors: false).render(result)
        if let difference = try Fixtures.compareGolden(rendered, "diagnostics/\(name).human.txt") {
            Issue.record(Comment(rawValue: difference))
        }
    }

    /// Every code of the catalogue that `tierc check` reports has a fixture that produces it. (The codes of a
    /// snapshot and of the compile come from no YAML file: scripts/diagnostics-doc/gen.py makes an input for each
    /// and fails unless the built tierc reports it; TiercPipelineTests' FindingsTests maps each error to its code.)
    @Test func everyCodeHasAFixture() throws {
        var covered: Set<String> = []
        for name in Self.names {
            let (result, _) = try Self.run(name)
            covered.formUnion(result.diagnostics.map(\.code.rawValue))
        }
        let missing = DiagnosticCatalog.all.filter { $0.reportedBy == DiagnosticKind.byCheck }.map(\.code.rawValue)
            .filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without a fixture: \(missing)")
    }
}
