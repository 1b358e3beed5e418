import PolicyCompiler
import PolicyModel
import PolicySource
import Testing
import TiercPipeline

/// The registry and its backends without the binary: the bundled policy compiled in memory gives the bytes the
/// goldens hold; a failing backend fails the whole compile (docs/pipeline.md#compiling).
@Suite("Pipeline backends and registry")
struct RegistryTests {
    /// tiers/tiers.yaml with examples/tenants.yaml, as `tierc compile --tenants` loads them.
    static func bundled() throws -> LoadedPolicy {
        try PolicyFrontEnd().load(policy: try PipelineFixtures.source("tiers/tiers.yaml"),
                                  tenants: try PipelineFixtures.source("examples/tenants.yaml"))
    }

    @Test("the bundled policy through the registry: the committed snapshot and Policy.swift, byte for byte")
    func goldenBytes() throws {
        // The committed snapshot was compiled with --revision 42 --source-revision 0123abc (`tierc inspect` shows them).
        let options = CompileOptions(revision: 42, sourceRevision: "0123abc")
        let files = try CompilePipeline().compile(CompileInput(try Self.bundled(), options: options))
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
        #expect(byPath["policy.tierc"] == (try PipelineFixtures.bytes("Tests/TiercTests/Fixtures/snapshot/tiers.tierc")),
                "differs from Tests/TiercTests/Fixtures/snapshot/tiers.tierc")
        #expect(byPath["Policy.swift"] == (try PipelineFixtures.bytes("Tests/SwiftEmitterTests/References/tiers.Policy.swift")),
                "differs from Tests/SwiftEmitterTests/References/tiers.Policy.swift")
    }

    @Test("every declared output, in write order; the SQL and monitoring files are their emitters' bytes")
    func outputsInOrder() throws {
        let loaded = try Self.bundled()
        let files = try CompilePipeline().compile(CompileInput(loaded))
        #expect(files.map(\.path) == ["policy.tierc", "Policy.swift", "policy.sql", "prometheus-rules.yaml",
                                      "grafana-dashboard.json", "tenants.sql"])
        #expect(files.map(\.path) == BackendRegistry.standard.outputs.map(\.path))
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        #expect(byPath["policy.sql"] == PostgresEmitter.policySQL(loaded.policy, revision: 0))
        #expect(byPath["prometheus-rules.yaml"] == PrometheusRulesEmitter.emit(loaded.policy))
        #expect(byPath["grafana-dashboard.json"] == GrafanaDashboardEmitter.emit(loaded.policy))
        let tenantsSQL = try #require(byPath["tenants.sql"])
        #expect(tenantsSQL.contains("tenant-a") && !tenantsSQL.contains("demo-key"), "key hashes only, never raw keys")
        #expect(CompilePipeline().staleOutputs(besides: files).isEmpty)
    }

    @Test("same input, same bytes; options reach the backends")
    func deterministic() throws {
        let loaded = try Self.bundled()
        let input = CompileInput(loaded, options: CompileOptions(revision: 42, sourceRevision: "abc123"))
        let first = try CompilePipeline().compile(input)
        #expect(first == (try CompilePipeline().compile(input)))
        #expect(first != (try CompilePipeline().compile(CompileInput(loaded))))
        let snapshot = try PolicyFrontEnd().load(policy: SourceFile(name: "policy.tierc", bytes: try #require(first.first).bytes))
        #expect(snapshot.revision == 42)
        let sql = String(decoding: try #require(first.first { $0.path == "policy.sql" }).bytes, as: UTF8.self)
        #expect(sql == PostgresEmitter.policySQL(loaded.policy, revision: 42))
    }

    @Test("without tenants: no tenants.sql, which is then the stale output to remove")
    func withoutTenants() throws {
        let loaded = try PolicyFrontEnd().load(policy: try PipelineFixtures.source("tiers/tiers.yaml"))
        let files = try CompilePipeline().compile(CompileInput(loaded))
        #expect(!files.contains { $0.path == "tenants.sql" })
        #expect(CompilePipeline().staleOutputs(besides: files) == [OutputDeclaration(path: "tenants.sql", condition: "with --tenants")])
    }

    @Test("a value Policy.swift cannot hold: the Swift backend refuses with every problem, and the compile with it")
    func unrepresentable() throws {
        let loaded = try PolicyFrontEnd().load(policy: SourceFile(name: "huge.yaml", text: PipelineFixtures.hugePricePolicy))
        #expect(throws: BackendError.unrepresentable(
            backend: "swift",
            problems: ["the price of tier `pro` (100000000000000000000) is not a whole number of USD minor units that fits in Int64"],
            reason: "Policy.swift cannot represent these values"
        )) {
            try CompilePipeline().compile(CompileInput(loaded))
        }
    }

    /// A backend that always fails, as a writer that cannot write would.
    struct FailingBackend: CompileBackend {
        var name: String { "failing" }
        var outputs: [OutputDeclaration] { [OutputDeclaration(path: "never.txt")] }
        var helpText: String { "  never.txt      never written" }
        func emit(_ input: CompileInput) throws(BackendError) -> [OutputFile] {
            throw .failed(backend: name, reason: "cannot write never.txt: no reason")
        }
    }

    @Test("a failing backend fails the compile; a policy the Swift backend cannot hold is reported before it")
    func failingBackend() throws {
        let small = try PolicyFrontEnd().load(policy: SourceFile(name: "tiers.yaml", text: PipelineFixtures.smallPolicy))
        let failing = CompilePipeline(registry: BackendRegistry([SnapshotBackend(), FailingBackend()]))
        #expect(throws: BackendError.failed(backend: "failing", reason: "cannot write never.txt: no reason")) {
            try failing.compile(CompileInput(small))
        }
        let huge = try PolicyFrontEnd().load(policy: SourceFile(name: "huge.yaml", text: PipelineFixtures.hugePricePolicy))
        let both = CompilePipeline(registry: BackendRegistry([FailingBackend(), SwiftBackend()]))
        #expect {
            try both.compile(CompileInput(huge))
        } throws: { error in
            (error as? BackendError)?.backend == "swift"
        }
    }

    @Test("the registry words compile's --help: every output of every backend is named once")
    func helpNamesEveryOutput() {
        let registry = BackendRegistry.standard
        #expect(registry.backends.map(\.name) == ["snapshot", "swift", "postgres", "monitoring"])
        // An output's line starts with two spaces and its name; a continuation line with more spaces.
        let named = registry.helpText.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .map { String($0.dropFirst(2).prefix { $0 != " " }) }
        #expect(named == registry.backends.flatMap(\.outputs).map(\.path))
        #expect(registry.backend(named: "postgres")?.outputs.map(\.path) == ["policy.sql", "tenants.sql"])
    }
}
