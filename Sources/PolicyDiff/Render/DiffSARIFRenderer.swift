public import PolicyCheck

/// The diff as SARIF 2.1.0, in Reporting's ``SARIFLog`` (the log of check's findings too): one rule per kind of
/// change (``ChangeCatalog``), one `error` result per breaking change, located on NEW's lines (safe and cosmetic
/// changes are not findings). A change written by `--set` or in a snapshot has no location (docs/diff.md#formats).
public struct DiffSARIFRenderer: Sendable {
    public var toolVersion: String

    public init(toolVersion: String) {
        self.toolVersion = toolVersion
    }

    public func render(_ report: PolicyDiffReport) -> String {
        log(report).serialized()
    }

    public func log(_ report: PolicyDiffReport) -> SARIFLog {
        let results = report.entries.filter { $0.change.impact == .breaking }.map { entry in
            var place: SARIFLog.Place?
            if let file = entry.file, file != PolicyEditor.argumentsFileName, let range = entry.range {
                place = SARIFLog.Place(file: file, range: range)
            }
            return SARIFLog.Result(ruleID: entry.change.kind.rawValue, level: .error,
                                   message: "\(entry.change.message) (`\(entry.change.path)`)", place: place)
        }
        return SARIFLog(toolVersion: toolVersion, rules: Self.rules, results: results)
    }

    static let rules: [SARIFLog.Rule] = ChangeCatalog.all.map { info in
        SARIFLog.Rule(
            id: info.kind.rawValue,
            shortDescription: info.summary,
            fullDescription: "\(info.summary) Reported by `tierc diff`; only breaking changes are results.",
            help: "See docs/diff.md#change-kinds. A breaking change takes something from existing customers: announce it, or keep the old terms for them.",
            level: .error
        )
    }
}
