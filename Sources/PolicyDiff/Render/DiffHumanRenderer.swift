public import PolicyCheck
import PolicySource
import ReportKit

/// Renders a diff for people, like swiftc's diagnostics: `NEW:LINE:COLUMN: IMPACT[KIND]: message`, the line of
/// NEW that now sets the value with a caret under it, a blank line, and a summary:
///
/// ```
/// tiers.new.yaml:56:26: breaking[limit-cut]: tier `starter` cuts `api_calls` per hour from 500 to 400
/// 55 |     limits:
/// 56 |       api_calls: { hour: 400, month: 10000 }
///    |                          ^~~
///
/// tiers.yaml → tiers.new.yaml: 1 change (1 breaking, no safe, no cosmetic)
/// ```
///
/// Without NEW's source (a snapshot) a change has no place and starts with `NEW: IMPACT[KIND]: message`.
/// Breaking changes are red, safe ones cyan, cosmetic ones plain; colours only when `colors` is true.
public struct DiffHumanRenderer: Sendable {
    public var style: TextStyle

    public init(colors: Bool = false) {
        self.style = TextStyle(colors: colors)
    }

    public func render(_ report: PolicyDiffReport) -> String {
        var output = ""
        let excerpts = HumanRenderer(colors: style.colors)
        for entry in report.entries {
            let change = entry.change
            let severity = Self.severity(change.impact)
            let label = "\(change.impact.rawValue)[\(change.kind.rawValue)]"
            var place = HumanRenderer.displayable(entry.file ?? report.newFile)
            if let range = entry.range { place += ":\(range.start.line):\(range.start.column)" }
            output += style.paint(place + ":", .location) + " "
                + (change.impact == .cosmetic ? label : style.paint(label, .severity(severity))) + ": "
                + style.paint(HumanRenderer.displayable(Grouping.prose(change.message)), .message) + "\n"
            if let range = entry.range, let source = report.sources.first(where: { $0.name == entry.file }) {
                for line in excerpts.excerpt(of: range, in: source, severity: severity) { output += line + "\n" }
            }
            output += "\n"
        }
        output += style.paint(summary(report), .summary) + "\n"
        return output
    }

    /// `old.yaml → new.yaml: 3 changes (1 breaking, 2 safe, no cosmetic)`, or `…: no changes`.
    public func summary(_ report: PolicyDiffReport) -> String {
        let files = HumanRenderer.displayable(report.oldFile == report.newFile ? report.oldFile : "\(report.oldFile) → \(report.newFile)")
        if report.entries.isEmpty { return "\(files): no changes" }
        let counts = ChangeImpact.allCases.map { impact in
            let n = report.count(impact)
            return n == 0 ? "no \(impact.rawValue)" : "\(n) \(impact.rawValue)"
        }
        let total = report.entries.count
        return "\(files): \(total) change\(total == 1 ? "" : "s") (\(counts.joined(separator: ", ")))"
    }

    static func severity(_ impact: ChangeImpact) -> Severity {
        switch impact {
        case .breaking: .error
        case .safe, .cosmetic: .note
        }
    }
}
