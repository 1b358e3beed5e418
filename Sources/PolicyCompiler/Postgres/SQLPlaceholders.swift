/// Fills the `/*{{name}}*/` placeholders of the fixed SQL in `Postgres/SQL/` (docs/postgres.md#where-the-sql-lives):
/// the few places where a fragment shared by several files, or text that depends on the policy, goes. A placeholder
/// alone on its line (after spaces) becomes the value's lines, each indented like the placeholder; elsewhere in a
/// line it becomes the value as it is. Being a comment, a placeholder leaves the file parseable where it stands.
enum SQLPlaceholders {
    /// `text` with every placeholder replaced by its value in `values`. Every placeholder must have a value and every
    /// value a placeholder: the files and the emitter are written together, so a mismatch is a programming error.
    static func fill(_ text: String, _ values: KeyValuePairs<String, String>) -> String {
        var lines: [Substring] = []
        var used = Set<String>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.contains("/*{{") else {
                lines.append(line)
                continue
            }
            var filled = String(line)
            for (name, value) in values where line.contains(token(name)) {
                used.insert(name)
                let indentation = line.prefix { $0 == " " }
                if line.dropFirst(indentation.count) == token(name) {
                    filled = value.split(separator: "\n", omittingEmptySubsequences: false)
                        .map { $0.isEmpty ? "" : indentation + $0 }.joined(separator: "\n")
                } else {
                    filled = filled.replacing(token(name), with: value)
                }
            }
            precondition(!filled.contains("/*{{"), "an SQL placeholder without a value in: \(line)")
            lines.append(Substring(filled))
        }
        precondition(used.count == values.count, "SQL placeholder values without a placeholder: \(values.map(\.key))")
        return lines.joined(separator: "\n")
    }

    static func token(_ name: String) -> String { "/*{{" + name + "}}*/" }
}
