extension String {
    /// This text with each Unicode scalar that `replacement` names replaced by its text, scalar by scalar. Every
    /// escaper of tierc's output goes through it (CSV, HTML, Markdown cells, SQL identifiers): a reader of those
    /// formats sees scalars, not Swift Characters, so a quote followed by a combining mark is still a quote to it
    /// (docs/cli.md#csv).
    public func escapingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if let text = replacement(scalar) { result.append(contentsOf: text.unicodeScalars) } else { result.append(scalar) }
        }
        return String(result)
    }
}
