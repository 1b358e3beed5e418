/// Reads YAML text into a ``YAMLNode`` tree through libyaml's event API, enforcing the strict subset and the
/// budgets of ``YAMLBudget``. Never throws, never traps: every problem becomes a located ``Diagnostic``.
///
/// The strict subset: one document; keys are scalars, each at most once per mapping; no tags; no merge keys
/// (`<<`); anchors and aliases within budget. Scalars keep their text and style: nothing is typed here.
///
/// A fatal problem (encoding, syntax, a budget, a second document, an empty file) leaves `root` nil with exactly
/// one error, after any non-fatal ones found before it; non-fatal problems (duplicate keys, tags, merge keys,
/// non-scalar keys) keep the root, without the offending pairs (a duplicate's first value stays).
public enum YAMLReader {
    public static func read(_ source: SourceFile, budget: YAMLBudget = .default) -> YAMLDocument {
        var marks: MarkTable
        switch YAMLInputCheck.check(source, budget: budget) {
        case .rejected(let diagnostic):
            return YAMLDocument(source: source, root: nil, diagnostics: [diagnostic])
        case .text(let table):
            marks = table
        }
        guard !source.bytes.isEmpty else {
            return YAMLDocument(source: source, root: nil, diagnostics: [.noDocument(source)])
        }
        // A byte order mark is handed to libyaml as text when the encoding is set (as it is, to refuse anything but
        // UTF-8), and then a mapping's second key no longer lines up with its first. It is skipped here instead,
        // and the marks are shifted by its one character, so locations still count it as column 1 of line 1.
        let hasBOM = source.bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hasBOM { marks.leadingCharacters = 1 }
        var composer = YAMLComposer(source: source, budget: budget, marks: marks)
        source.bytes.withUnsafeBufferPointer { whole in
            let buffer = hasBOM ? UnsafeBufferPointer(rebasing: whole[3...]) : whole
            // The parser borrows `buffer`: it must not outlive this closure.
            let parser = LibYAMLParser(input: buffer, maxScalarBytes: budget.maxScalarBytes)
            reading: while !composer.isFinished {
                switch parser.next() {
                case .success(let event):
                    composer.consume(event)
                    if case .streamEnd = event { break reading }
                case .failure(let error):
                    composer.fail(with: error)
                    break reading
                }
            }
        }
        return composer.makeDocument()
    }
}
