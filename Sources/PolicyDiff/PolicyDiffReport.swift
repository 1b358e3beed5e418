public import PolicySource

/// The outcome of `tierc diff`: the changes, where each one shows in NEW's file, and the counts per impact.
public struct PolicyDiffReport: Sendable {
    /// A change with its place in NEW's file (nil when NEW has no source, e.g. a snapshot).
    public struct Entry: Sendable, Hashable {
        public var change: PolicyChange
        /// The file the range is in: NEW's, or the `--set` arguments for a value an edit wrote.
        public var file: String?
        public var range: SourceRange?
    }

    public var entries: [Entry]
    /// OLD's and NEW's names as shown to the user.
    public var oldFile: String
    public var newFile: String
    /// The sources the entries point into, for excerpts (empty for a snapshot).
    public var sources: [SourceFile]

    /// Compares `old` with `new` and locates each change in NEW's document: in the one of `sources` its range
    /// names (the `--set` arguments for a value an edit wrote), else in NEW's file.
    public init(old: DiffSide, new: DiffSide, sources: [SourceFile] = []) {
        let changes = PolicyDiffer.compare(old, new)
        let locator = new.document.map { ChangeLocator(document: $0, provenance: new.provenance) }
        self.entries = changes.map { change in
            guard let range = locator?.range(of: change) else { return Entry(change: change, file: nil, range: nil) }
            let file = sources.first { $0.id == range.file }?.name ?? new.file
            return Entry(change: change, file: file, range: range)
        }
        self.oldFile = old.file
        self.newFile = new.file
        self.sources = sources
    }

    public var changes: [PolicyChange] { entries.map(\.change) }

    public func count(_ impact: ChangeImpact) -> Int { entries.count { $0.change.impact == impact } }

    /// True when a change at least as serious as `threshold` exists (`--fail-on`).
    public func fails(on threshold: FailThreshold) -> Bool {
        switch threshold {
        case .breaking: count(.breaking) > 0
        case .any: !entries.isEmpty
        }
    }
}

/// `--fail-on`: which changes make `tierc diff` exit with status 1.
public enum FailThreshold: String, Sendable, Hashable, CaseIterable {
    /// Any breaking change.
    case breaking
    /// Any change at all, cosmetic included.
    case any
}
