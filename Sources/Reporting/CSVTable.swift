import PolicyModel

/// Rows of text as RFC 4180 CSV, the one CSV writer of every command (`simulate --format csv`,
/// `diff --replay … --format csv`, `table --format csv`; docs/cli.md#csv): a header row, CRLF after every row,
/// a field quoted (with `"` doubled) when it holds a comma, a quote, CR or LF. Same rows, same bytes.
///
/// The commands build the rows; a writer that streams its rows (simulate's tables) writes each with
/// ``record(_:)`` instead of holding the table.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The whole table: the header's record, then one record per row.
    public func serialized() -> String {
        ([header] + rows).map(Self.record).joined()
    }

    /// One row as a CSV record: each field as ``field(_:)`` writes it, separated by commas, ended by CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field: as it is, or between double quotes with every `"` doubled when it holds a comma, a quote,
    /// CR or LF. Looked for byte by byte, as a CSV reader reads them, not Character by Character: a comma or a
    /// quote followed by a combining mark is one Character in Swift but still a comma or a quote to the reader.
    /// Nothing else is changed: no guard against spreadsheet formulas (a leading `=`, `+`, `-`, `@` is written
    /// as it is; docs/cli.md#csv).
    public static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A })
        else { return text }
        return "\"" + text.escapingScalars { $0 == "\"" ? "\"\"" : nil } + "\""
    }
}
