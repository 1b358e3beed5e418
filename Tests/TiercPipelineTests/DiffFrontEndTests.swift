import Foundation
import PolicyCheck
import PolicyDiff
import PolicyModel
import PolicySource
import Testing
import TiercPipeline

/// `tierc diff`'s loading without the binary: OLD and NEW from YAML or snapshot bytes, `--set` edits with their
/// diagnostics, load errors, and a replay's tenants checked against NEW (docs/pipeline.md#diff-inputs).
@Suite("Pipeline diff front end")
struct DiffFrontEndTests {
    let frontEnd = DiffFrontEnd()
    let old = SourceFile(name: "old.yaml", text: PipelineFixtures.smallPolicy)
    let raised = SourceFile(name: "new.yaml", text: PipelineFixtures.smallPolicy.replacingOccurrences(of: "price: 29", with: "price: 39"))
    let tenants = SourceFile(name: "tenants.yaml", text: PipelineFixtures.smallTenants)

    /// The snapshot of `source`, as `tierc compile` writes it.
    func snapshot(of source: SourceFile, named name: String) throws -> SourceFile {
        let loaded = try PolicyFrontEnd().load(policy: source)
        let files = try SnapshotBackend().emit(CompileInput(loaded, options: CompileOptions(revision: 1)))
        return SourceFile(name: name, bytes: try #require(files.first).bytes)
    }

    @Test("OLD and NEW from YAML: OLD with its tenants, NEW without, the change located on NEW's line")
    func yamlSides() throws {
        let diff = try frontEnd.load(DiffInputs(old: old, new: raised, tenants: tenants))
        #expect(diff.old.tenants?.tenants.map(\.id) == ["acme"])
        #expect(diff.new.tenants == nil)
        #expect(diff.tenantsFile?.name == "tenants.yaml")
        let entry = try #require(diff.report.entries.first)
        #expect(diff.report.entries.count == 1)
        #expect(entry.change.subject == .tier("pro", .price) && entry.change.path == "tiers.pro.price")
        #expect(entry.change.kind == .priceIncreased)
        #expect(entry.file == "new.yaml" && entry.range?.start.line == 16, "the line of `price: 39`")
        #expect(diff.report.sources.map(\.name) == ["new.yaml"])
    }

    @Test("NEW from a snapshot: compared like its YAML, with no place in a file")
    func snapshotSide() throws {
        let newSnapshot = try snapshot(of: raised, named: "policy.tierc")
        let diff = try frontEnd.load(DiffInputs(old: old, new: newSnapshot))
        #expect(diff.new.isSnapshot && diff.new.file == "policy.tierc")
        #expect(diff.report.changes.map(\.path) == ["tiers.pro.price"])
        #expect(diff.report.entries.allSatisfy { $0.file == nil && $0.range == nil })
        // OLD a snapshot too: the same change.
        let both = try frontEnd.load(DiffInputs(old: try snapshot(of: old, named: "old.tierc"), new: newSnapshot))
        #expect(both.old.isSnapshot && both.report.changes.map(\.kind) == [.priceIncreased])
    }

    @Test("without NEW, OLD is compared with itself edited by --set; an edited value is placed in the arguments")
    func setEdit() throws {
        let diff = try frontEnd.load(DiffInputs(old: old, edits: ["tiers.pro.price=39", "tiers.free.limits.api_calls.hour=50"]))
        #expect(diff.new.file == "old.yaml")
        #expect(diff.report.changes.map(\.path) == ["tiers.free.limits.api_calls.hour", "tiers.pro.price"])
        let price = try #require(diff.report.entries.first { $0.change.subject == .tier("pro", .price) })
        #expect(price.file == PolicyEditor.argumentsFileName && price.range?.start.line == 1)
        #expect(diff.report.sources.map(\.name) == ["old.yaml", PolicyEditor.argumentsFileName])
        let cut = try #require(diff.report.entries.first { $0.change.subject == .tier("free", .limit(meter: "api_calls", window: .hour)) })
        #expect(cut.change.kind == .limitCut && cut.file == PolicyEditor.argumentsFileName && cut.range?.start.line == 2)
    }

    @Test("a bad --set: NEW is rejected with the edit's diagnostic in the arguments, after OLD loaded")
    func badSet() throws {
        do {
            _ = try frontEnd.load(DiffInputs(old: old, edits: ["tiers.prp.price=39"]))
            Issue.record("a misspelt tier was edited")
        } catch {
            guard case .new(.rejected(let result, _), let loadedOld) = error else {
                Issue.record("expected NEW rejected, got \(error)")
                return
            }
            #expect(loadedOld.policy.name == "demo")
            let diagnostic = try #require(result.diagnostics.first { $0.severity == .error })
            #expect(diagnostic.code.rawValue == "unknown-key" && diagnostic.file == PolicyEditor.argumentsFileName)
            #expect(diagnostic.message.contains("did you mean `pro`?"))
            #expect(error.description.hasPrefix("<--set>:1:7: unknown-key: "))
        }
    }

    @Test("--set with a snapshot as NEW is refused: there is no YAML to edit")
    func setOnSnapshot() throws {
        let newSnapshot = try snapshot(of: raised, named: "policy.tierc")
        do {
            _ = try frontEnd.load(DiffInputs(old: old, new: newSnapshot, edits: ["tiers.pro.price=1"]))
            Issue.record("a snapshot was edited")
        } catch {
            guard case .editedSnapshot(let file, _) = error else {
                Issue.record("expected editedSnapshot, got \(error)")
                return
            }
            #expect(file == "policy.tierc")
            #expect(error.description == "policy.tierc: --set edits a tiers.yaml, and this is a compiled snapshot; compare it with the edited YAML instead")
        }
    }

    @Test("load errors: OLD's come first; NEW's carry OLD as loaded, its warning to show")
    func loadErrors() throws {
        let broken = SourceFile(name: "broken.yaml", text: PipelineFixtures.brokenPolicy)
        #expect {
            try frontEnd.load(DiffInputs(old: broken, new: SourceFile(name: "also-broken.yaml", text: PipelineFixtures.brokenPolicy)))
        } throws: { error in
            guard case DiffLoadError.old(.rejected(let result, _)) = error else { return false }
            return result.diagnostics.allSatisfy { $0.file == "broken.yaml" }
        }
        let warned = SourceFile(name: "warned.yaml", text: PipelineFixtures.policyWithWarning)
        #expect {
            try frontEnd.load(DiffInputs(old: warned, new: broken))
        } throws: { error in
            guard case DiffLoadError.new(.rejected(let result, _), let old) = error else { return false }
            return old.diagnostics.map(\.code.rawValue) == ["unused-feature"] && result.diagnostics.contains { $0.file == "broken.yaml" }
        }
        let truncated = SourceFile(name: "cut.tierc", bytes: Array(try snapshot(of: old, named: "cut.tierc").bytes.prefix(40)))
        #expect {
            try frontEnd.load(DiffInputs(old: old, new: truncated))
        } throws: { error in
            guard case DiffLoadError.new(.invalidSnapshot(let file, _), _) = error else { return false }
            return file == "cut.tierc"
        }
    }

    @Test("a replay's tenants: --new-tenants or else OLD's file, checked against NEW; tenants on a removed tier fail")
    func replayTenants() throws {
        var diff = try frontEnd.load(DiffInputs(old: old, new: raised, tenants: tenants))
        try frontEnd.checkReplayTenants(nil, of: &diff)
        #expect(diff.new.tenants?.tenants.map(\.tier) == ["pro"])
        let moved = SourceFile(name: "new-tenants.yaml", text: PipelineFixtures.smallTenants.replacingOccurrences(of: "tier: pro", with: "tier: free"))
        try frontEnd.checkReplayTenants(moved, of: &diff)
        #expect(diff.new.tenants?.tenants.map(\.tier) == ["free"])
        #expect(diff.old.tenants?.tenants.map(\.tier) == ["pro"])

        let withoutPro = SourceFile(name: "new.yaml", text: PipelineFixtures.smallPolicy.replacingOccurrences(of: "  pro:\n", with: "  team:\n"))
        var renamed = try frontEnd.load(DiffInputs(old: old, new: withoutPro, tenants: tenants))
                do {
            try frontEnd.checkReplayTenants(nil, of: &renamed)
            Issue.record("tenants on a removed tier were accepted")
        } catch {
            #expect(error.newFile == "new.yaml" && error.result.diagnostics.contains { $0.code.rawValue == "undefined-tier" })
            #expect(error.description == "no replay: the tenants of tenants.yaml must all be on tiers of new.yaml; move them (see the changes above)")
        }
        #expect(renamed.new.tenants == nil)
    }
}
