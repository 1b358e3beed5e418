/// A generated SQL script as a list of statements, rendered by one small renderer: the emitters build
/// values, never SQL text with data spliced in.
struct SQLScript: Sendable {
    enum Statement: Sendable {
        /// `-- …` lines (the text is split on line breaks, each line prefixed).
        case comment(String)
        /// A statement written by tierc itself (DDL, function bodies): fixed text with no policy data in it.
        case fixed(String)
        /// `INSERT INTO table (columns) VALUES (…), …;` — nothing when there are no rows.
        case insert(SQLInsert)
        /// `SELECT function(arguments);`
        case call(function: String, arguments: [SQLValue])
        /// An empty line between sections.
        case blank
    }

    private(set) var statements: [Statement] = []

    mutating func append(_ statement: Statement) { statements.append(statement) }

    mutating func append(contentsOf more: [Statement]) { statements.append(contentsOf: more) }

    /// The script's text: statements in order, each ending with a line break.
    func rendered() -> String {
        var out = ""
        for statement in statements {
            switch statement {
            case .comment(let text):
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += line.isEmpty ? "--\n" : "-- " + line + "\n"
                }
            case .fixed(let text):
                out += text.hasSuffix("\n") ? text : text + "\n"
            case .insert(let insert):
                out += insert.rendered()
            case .call(let function, let arguments):
                out += "SELECT " + function + "(" + arguments.map(\.rendered).joined(separator: ", ") + ");\n"
            case .blank:
                out += "\n"
            }
        }
        return out
    }
}

/// Rows for one table, written as multi-row `INSERT` statements.
struct SQLInsert: Sendable {
    var table: String
    var columns: [String]
    var rows: [[SQLValue]]
    /// Text after the VALUES list, e.g. `ON CONFLICT DO NOTHING` (fixed text only).
    var suffix: String?

    init(table: String, columns: [String], rows: [[SQLValue]] = [], suffix: String? = nil) {
        self.table = table
        self.columns = columns
        self.rows = rows
        self.suffix = suffix
    }

    /// Rows per `INSERT` statement: large directories load in statements of bounded size.
    static let rowsPerStatement = 1_000

    func rendered() -> String {
        var out = ""
        let head = "INSERT INTO " + table + " (" + columns.map(SQLValue.identifier).joined(separator: ", ") + ") VALUES\n"
        var start = 0
        while start < rows.count {
            let end = min(start + Self.rowsPerStatement, rows.count)
            out += head
            out += rows[start..<end].map { row in "    (" + row.map(\.rendered).joined(separator: ", ") + ")" }
                .joined(separator: ",\n")
            if let suffix { out += "\n" + suffix }
            out += ";\n"
            start = end
        }
        return out
    }
}
