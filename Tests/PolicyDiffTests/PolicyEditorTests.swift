import PolicyCheck
import PolicyDiff
import PolicyModel
import PolicySource
import Testing

/// `--set PATH=VALUE`: edits of the node tree, checked like a file, with problems located at the argument.
@Suite("Editing a policy with --set")
struct PolicyEditorTests {
    static let source = SourceFile(name: "tiers.yaml", text: DiffSupport.base)

    func edited(_ arguments: [String]) -> (CheckResult, PolicyEditor) {
        let editor = PolicyEditor(arguments: arguments)
        return (editor.check(policy: Self.source), editor)
    }

    func changes(_ arguments: [String]) throws -> [PolicyChange] {
        let (result, editor) = edited(arguments)
        let policy = try #require(result.policy, "\(result.diagnostics.map(\.message))")
        let (old, _) = try DiffSupport.side(DiffSupport.base, file: "tiers.yaml")
        let new = DiffSide(policy: policy, document: result.document, file: "tiers.yaml")
        return PolicyDiffReport(old: old, new: new, sources: [Self.source, editor.arguments]).changes
    }

    @Test func scalarValuesOfEveryType() throws {
        let changes = try changes(["tiers.pro.price=39", "tiers.pro.limits.api_calls.hour=unlimited",
                                   "identification.require_tenant=true", "tiers.pro.name=\"Pro plus\""])
        #expect(changes.map(\.kind) == [.requireTenantChanged, .tierNameChanged, .priceIncreased, .limitMadeUnlimited])
        #expect(changes.first { $0.kind == .priceIncreased }?.new == "39")
    }

    @Test func missingKeysAreCreatedInsideExistingEntries() throws {
        let changes = try changes(["tiers.pro.limits.api_calls.minute=10", "routes.1.cost=5"])
        #expect(changes.map(\.path) == ["routes./api/exports/**.cost", "tiers.pro.limits.api_calls.minute"])
    }

    @Test func locatedAtTheArgumentWhenTheValueCameFromIt() throws {
        let (result, editor) = edited(["tiers.pro.price=39"])
        let policy = try #require(result.policy)
        let (old, _) = try DiffSupport.side(DiffSupport.base, file: "tiers.yaml")
        let report = PolicyDiffReport(old: old, new: DiffSide(policy: policy, document: result.document, file: "tiers.yaml"),
                                      sources: [Self.source, editor.arguments])
        let entry = try #require(report.entries.first)
        #expect(entry.file == PolicyEditor.argumentsFileName)
        #expect(entry.range?.start.line == 1)
        #expect(entry.range?.start.column == 17)
    }

    @Test func misspeltKeyIsReportedAtTheArgumentWithASuggestion() throws {
        let (result, _) = edited(["tiers.pro.price=39", "tiers.pro.prise=39"])
        #expect(result.policy == nil)
        let problem = try #require(result.diagnostics.first { $0.code == .unknownKey })
        #expect(problem.file == PolicyEditor.argumentsFileName)
        #expect(problem.range.start.line == 2)
        #expect(problem.range.start.column == 11)
        #expect(problem.message.contains("did you mean `price`"))
        let rendered = HumanRenderer().render(result)
        #expect(rendered.contains("<--set>:2:11: error[unknown-key]"))
        #expect(rendered.contains("2 | tiers.pro.prise=39"))
    }

    @Test("an error of the policy names the policy, an error of an edit names the arguments, policy's first")
    func eachErrorNamesItsFile() throws {
        let text = DiffSupport.base.replacing("    cost: 0\n", with: "    cots: 0\n")
        let source = SourceFile(name: "tiers.yaml", text: text)
        let result = PolicyEditor(arguments: ["tiers.pro.prise=39"]).check(policy: source)
        let problems = result.diagnostics.filter { $0.code == .unknownKey }
        #expect(problems.map(\.file) == ["tiers.yaml", PolicyEditor.argumentsFileName])
        #expect(problems.map(\.range.start.line) == [25, 1])
        #expect(problems.map(\.range.start.column) == [5, 11])
        #expect(problems.first?.range.file == source.id)
        #expect(result.sources.map(\.name) == ["tiers.yaml", PolicyEditor.argumentsFileName])
        #expect(result.sources.last?.id == problems.last?.range.file)
    }

    @Test("a note about a value an edit wrote names the arguments, in a warning about the policy")
    func noteAtAnEditedValueNamesTheArguments() throws {
        // free: { hour: 100, month: 1000 } with the month cut to 50: the hour limit is above it.
        let (result, _) = edited(["tiers.free.limits.api_calls.month=50"])
        let warning = try #require(result.diagnostics.first { $0.code == "window-never-binds" })
        #expect(warning.file == "tiers.yaml")
        #expect(warning.range.file == Self.source.id)
        let note = try #require(warning.notes.first)
        #expect(note.file == PolicyEditor.argumentsFileName)
        #expect(note.range?.start.line == 1)
        #expect(note.range?.start.column == 35)
        #expect(HumanRenderer().render(result).contains("<--set>:1:35: note: the month limit is set here"))
    }

    @Test func misspeltTierIsNotANewTier() throws {
        let (result, _) = edited(["tiers.prp.price=39"])
        #expect(result.policy == nil)
        let problem = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(problem.file == PolicyEditor.argumentsFileName)
        #expect(problem.message.contains("did you mean `pro`"))
        #expect(problem.range.start.column == 7)
    }

    @Test func badValueIsReportedAtTheValue() throws {
        let (result, _) = edited(["tiers.pro.price=-5"])
        #expect(result.policy == nil)
        let problem = try #require(result.diagnostics.first)
        #expect(problem.code == .invalidMoney)
        #expect(problem.file == PolicyEditor.argumentsFileName)
        #expect(problem.range.start.column == 17)
    }

    @Test(arguments: [
        ("tiers.pro.price", "no `=`"),
        ("tiers..price=3", "empty key"),
        ("tiers.pro.price=", "has no value"),
        ("tiers.pro.price.x=1", "is a value, not a mapping"),
        ("routes.9.cost=1", "is a list of 3"),
        ("tiers.pro.price=[1", "not valid YAML"),
    ])
    func malformedArguments(_ argument: String, _ expected: String) throws {
        let (result, _) = edited([argument])
        #expect(result.policy == nil)
        let problem = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(problem.file == PolicyEditor.argumentsFileName)
        #expect(problem.message.contains(expected), "\(problem.message)")
    }

    @Test("a path of more than 64 keys is a yaml-limit error at the argument; 64 keys are applied (without recursion)")
    func pathDepthIsBounded() throws {
        #expect(PolicyEditor.maxPathComponents == 64)
        let deep = Array(repeating: "a", count: 28_000).joined(separator: ".") + "=1"
        let (refused, _) = edited([deep])
        let error = try #require(refused.diagnostics.first { $0.file == PolicyEditor.argumentsFileName })
        #expect(error.code == "yaml-limit")
        #expect(error.message.contains("has 28000 keys, over the limit of 64"))
        #expect(refused.policy == nil)

        // 64 keys under an existing mapping: created inside it (and then rejected by the checker as unknown
        // keys), which walks and rebuilds 64 levels iteratively.
        let atLimit = "tiers.pro.limits.api_calls." + Array(repeating: "x", count: 60).joined(separator: ".") + "=1"
        #expect(PolicyEditor.pathComponentCount(atLimit) == 64)
        let (accepted, _) = edited([atLimit])
        #expect(!accepted.diagnostics.contains { $0.code == "yaml-limit" }, "\(accepted.diagnostics.map(\.message))")
        #expect(accepted.diagnostics.contains { $0.severity == .error }, "x is not a window")
    }
}
