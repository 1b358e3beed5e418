import Reporting
import Testing

/// Reporting's one CSV writer (docs/cli.md#csv): RFC 4180 quoting, CRLF records, the table's bytes.
@Suite("CSV table")
struct CSVTableTests {
    @Test func plainFieldsAreWrittenAsTheyAre() {
        #expect(CSVTable.field("tenant-a") == "tenant-a")
        #expect(CSVTable.field("") == "")
        #expect(CSVTable.field("0.01 per 1000") == "0.01 per 1000")
        #expect(CSVTable.field("total_2025-11") == "total_2025-11")
    }

    @Test func commasQuotesAndLineBreaksAreQuoted() {
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.field("\"") == "\"\"\"\"")
        #expect(CSVTable.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSVTable.field("carriage\rreturn") == "\"carriage\rreturn\"")
        // CR LF is one Character in Swift; it is quoted as CR or LF alone are.
        #expect(CSVTable.field("two\r\nlines") == "\"two\r\nlines\"")
    }

    @Test func aCommaOrQuoteUnderACombiningMarkIsStillQuoted() {
        // One Character each in Swift (the mark combines with the comma or quote), but a comma and a quote to a
        // CSV reader, which reads bytes.
        #expect(CSVTable.field("a,\u{301}b") == "\"a,\u{301}b\"")
        #expect(CSVTable.field("x\"\u{301}") == "\"x\"\"\u{301}\"")
        #expect(Array(CSVTable.field("x\"\u{301}").utf8.filter { $0 == UInt8(ascii: "\"") }).count == 4)
    }

    /// Today's writer has no guard against spreadsheet formulas: a leading `=`, `+`, `-` or `@` is written as it
    /// is (a negative amount such as `-11.60` must stay a number).
    @Test func leadingFormulaCharactersAreNotChanged() {
        for text in ["=SUM(A1:A2)", "+1", "-11.60", "@cmd"] {
            #expect(CSVTable.field(text) == text)
        }
        #expect(CSVTable.field("=1,2") == "\"=1,2\"", "quoted for its comma only")
    }

    @Test func aRecordEndsWithCRLF() {
        #expect(CSVTable.record(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
        #expect(CSVTable.record([]) == "\r\n")
        #expect(CSVTable.record([""]) == "\r\n")
    }

    @Test func aTableIsItsHeaderThenItsRows() {
        var table = CSVTable(header: ["tenant", "amount"])
        #expect(table.serialized() == "tenant,amount\r\n")
        table.rows.append(["tenant-a", "1256.67"])
        table.rows.append(["b \"quoted\"", "-0.50"])
        #expect(table.serialized() == "tenant,amount\r\ntenant-a,1256.67\r\n\"b \"\"quoted\"\"\",-0.50\r\n")
        #expect(table.serialized() == CSVTable.record(table.header) + table.rows.map(CSVTable.record).joined())
        #expect(CSVTable(header: ["x"], rows: [["1"]]) == CSVTable(header: ["x"], rows: [["1"]]))
    }
}
