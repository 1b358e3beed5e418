import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §1 and §7.1–§7.6: what a log line is.
@Suite("§1, §7.1–§7.6 log lines")
struct LogLineTests {
    /// 2025-11-02T21:45:00Z: 2025-01-01 is day 55 × 365 + 14 leap days = 20089; Jan–Oct have 304 days; the 2nd adds
    /// 1: day 20394. 20394 × 86400 + 21 × 3600 + 45 × 60 = 1762041600 + 78300.
    static let t2145: Int64 = 1_762_119_900

    static func isInvalid(_ line: String) -> Bool {
        if case .failure? = Spec.parse(line) { return true }
        return false
    }

    static func isInvalid(bytes: [UInt8]) -> Bool {
        if case .failure? = Spec.parse(bytes: bytes) { return true }
        return false
    }

    // MARK: §7.1 blank lines, line numbers, BOM

    @Test("§7.1 blank or whitespace-only lines are skipped: neither records nor invalid",
          arguments: ["", " ", "\t", "\r", "  \t \r", "\u{0B}", "\u{0C}"])
    func blankLines(line: String) {
        #expect(Spec.parse(line) == nil)
    }

    @Test("§7.1 line numbers are physical and 1-based; blank lines count as lines but not as records")
    func physicalLineNumbers() throws {
        let valid = Spec.pinned("acme", "2025-11-02T21:00:00Z")
        let report = try Spec.report(Spec.counterPolicy(), Spec.tenants(), [
            "", valid, "   ", "not json", "", "\t", #"{"ts":"2025-11-02T21:00:00Z""#, valid, "[]",
        ])
        #expect(report.records.requests == 2)
        #expect(report.records.invalid == 3)
        #expect(report.records.invalidLines == [4, 7, 9])
    }

    @Test("§7.1 a UTF-8 BOM on line 1 is ignored (the caller strips it; the parser alone sees a non-object)")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let line = Array(Spec.pinned("acme", "2025-11-02T21:00:00Z").utf8)
        // LogLineParser is line-number blind: a BOM it is given is not JSON. The replay loop (tierc simulate,
        // Simulation.run here) drops it from line 1 only.
        #expect(Self.isInvalid(bytes: bom + line))
        let report = try Spec.report(Spec.counterPolicy(), Spec.tenants(), ["\u{FEFF}" + String(decoding: line, as: UTF8.self),
                                                                            "\u{FEFF}" + String(decoding: line, as: UTF8.self)])
        #expect(report.records.requests == 1)
        #expect(report.records.invalidLines == [2])
        // A BOM alone on line 1 leaves a blank line.
        let blank = try Spec.report(Spec.counterPolicy(), Spec.tenants(), ["\u{FEFF}", String(decoding: line, as: UTF8.self)])
        #expect(blank.records.requests == 1)
        #expect(blank.records.invalid == 0)
    }

    @Test("§1 JSON Lines with CRLF endings: the carriage return is white space")
    func crlf() {
        guard case .success(.request(_, let seconds))? = Spec.parse(#"{"ts":"2025-11-02T21:45:00Z"}"# + "\r") else {
            Issue.record("a CRLF line should parse")
            return
        }
        #expect(seconds == Self.t2145)
    }

    // MARK: §7.2–§7.3 timestamps

    @Test("§7.2 RFC 3339: T and Z in either case, offsets, fractions floored",
          arguments: [
              ("2025-11-02T21:45:00Z", LogLineTests.t2145), ("2025-11-02t21:45:00z", LogLineTests.t2145), ("2025-11-02t21:45:00Z", LogLineTests.t2145),
              ("2025-11-02T23:45:00+02:00", LogLineTests.t2145), ("2025-11-02T20:15:00-01:30", LogLineTests.t2145),
              ("2025-11-02T21:45:00+00:00", LogLineTests.t2145), ("2025-11-02T21:45:00-00:00", LogLineTests.t2145),
              ("2025-11-03T09:45:00+12:00", LogLineTests.t2145), ("2025-11-02T08:45:00-13:00", LogLineTests.t2145),
              ("2025-11-02T21:45:00.999999999Z", LogLineTests.t2145), ("2025-11-02T21:45:00.5+00:00", LogLineTests.t2145),
              ("2025-11-02T21:45:00.000000000000000000001Z", LogLineTests.t2145), ("2025-11-02T23:45:00.75+02:00", LogLineTests.t2145),
              ("1970-01-01T00:00:00Z", 0), ("1969-12-31T23:59:59.5Z", -1), ("1970-01-01T00:59:59.9+01:00", -1),
              // 0001-01-01 is 719162 days before 1970-01-01 (1969 years, 477 leap days).
              ("0001-01-01T00:00:00Z", -62_135_596_800),
              // 9999-12-31 is day 2932896.
              ("9999-12-31T23:59:59Z", 253_402_300_799),
              // 2024-02-29 (leap year) is day 19782; 2000-02-29 (divisible by 400) is day 11016.
              ("2024-02-29T00:00:00Z", 1_709_164_800), ("2000-02-29T12:00:00Z", 951_825_600),
          ])
    func rfc3339Valid(text: String, seconds: Int64) {
        #expect(Spec.seconds(ofTS: "\"\(text)\"") == seconds)
    }

    @Test("§7.2 RFC 3339 exactly: anything else is invalid",
          arguments: [
              "2025-11-02T21:45:60Z",  // :60
              "2025-11-02T21:60:00Z", "2025-11-02T24:00:00Z",
              "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-11-00T00:00:00Z",
              "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z",
              "0000-01-01T00:00:00Z",  // year 0000
              "2025-11-02T21:45:00",  // no offset
              "2025-11-02T21:45:00.5",  // no offset
              "2025-11-02 21:45:00Z", "2025-11-02_21:45:00Z", "2025-11-02T21:45Z", "2025-11-02T21:45:0Z",
              "2025-11-2T21:45:00Z", "25-11-02T21:45:00Z", "+2025-11-02T21:45:00Z", "12025-11-02T21:45:00Z",
              "2025-11-02T21:45:00.Z", "2025-11-02T21:45:00,5Z", "2025-11-02T21:45:00+0200", "2025-11-02T21:45:00+02",
              "2025-11-02T21:45:00+2:00", "2025-11-02T21:45:00+24:00", "2025-11-02T21:45:00+02:60",
              "2025-11-02T21:45:00ZZ", "2025-11-02T21:45:00Z ", " 2025-11-02T21:45:00Z", "2025-11-02T21:45:00UTC",
              "2025-11-02T21:45:00GMT", "2025-11-02", "21:45:00Z", "", "1700000000", "1700000000.5", "now",
              "２０２５-11-02T21:45:00Z",  // full-width digits
          ])
    func rfc3339Invalid(text: String) {
        #expect(Spec.seconds(ofTS: "\"\(text)\"") == nil)
    }

    @Test("Decision §7.2: the instant of a string ts must also lie in the years 0001–9999 in UTC",
          arguments: [
              ("0001-01-01T00:00:00-01:00", Int64(-62_135_596_800 + 3600)), ("0001-01-01T00:00:00+01:00", nil),
              ("9999-12-31T23:59:59+00:01", Int64(253_402_300_799 - 60)), ("9999-12-31T23:59:59-00:01", nil),
              ("9999-12-31T23:30:00-00:29", Int64(253_402_300_799 - 59)),
          ] as [(String, Int64?)])
    func rfc3339UTCRange(text: String, seconds: Int64?) {
        #expect(Spec.seconds(ofTS: "\"\(text)\"") == seconds)
    }

    @Test("§7.2 escapes in a ts string are decoded before parsing")
    func rfc3339Escaped() {
        #expect(Spec.seconds(ofTS: #""2025-11-02T21:45:00\u005A""#) == Self.t2145)
        #expect(Spec.seconds(ofTS: #""2025\u002d11-02T21:45:00Z""#) == Self.t2145)
    }

    @Test("§7.2–§7.3 a numeric ts is any JSON number, floored to the second",
          arguments: [
              ("1762119900", LogLineTests.t2145), ("1762119900.999", LogLineTests.t2145), ("1762119900.0", LogLineTests.t2145), ("1.7621199e9", LogLineTests.t2145),
              ("1.76211990075E+9", LogLineTests.t2145), ("176211990000e-2", LogLineTests.t2145), ("0", 0), ("-0", 0), ("0.999", 0), ("1e-400", 0),
              ("-0.5", -1), ("-1", -1), ("-1.5", -2), ("-1e-9", -1), ("1e3", 1000),
          ])
    func numericTS(number: String, seconds: Int64) {
        #expect(Spec.seconds(ofTS: number) == seconds)
    }

    @Test("§7.3 epoch -0.5 is 1969-12-31T23:59:59Z for windows and months")
    func negativeFractionMonth() throws {
        let report = try Spec.report(Spec.counterPolicy(limits: "{ minute: 1 }"), Spec.tenants(), [
            #"{"ts":-0.5,"tenant":"acme"}"#,
            #"{"ts":"1969-12-31T23:59:59Z","tenant":"acme"}"#,  // the same minute: refused
            #"{"ts":0,"tenant":"acme"}"#,  // the next minute, and the next month
        ])
        let acme = try report.tenant("acme")
        #expect(acme.status429 == 1)
        #expect(acme.first429 == -1)
        #expect(acme.invoices.map(\.month) == ["1969-12", "1970-01"])
    }

    @Test("§7.2 a boolean, null, string of digits, array or object ts is invalid; so is a missing ts",
          arguments: ["true", "false", "null", #""1762119900""#, "[1762119900]", #"{"s":1}"#, #""""#])
    func tsWrongType(value: String) {
        #expect(Self.isInvalid(#"{"ts":\#(value),"tenant":"acme"}"#))
    }

    @Test("§1 a line without ts is invalid")
    func tsMissing() {
        #expect(Self.isInvalid(#"{"tenant":"acme","path":"/"}"#))
        #expect(Self.isInvalid("{}"))
    }

    @Test("Decision: a numeric ts outside the years 0001–9999 is invalid, like a string one",
          arguments: ["253402300800", "-62135596801", "1e13", "-1e13", "1e400"])
    func numericTSOutOfRange(number: String) {
        #expect(Spec.seconds(ofTS: number) == nil)
    }

    // MARK: §7.4 JSON

    @Test("§7.4 JSON NaN and Infinity are invalid",
          arguments: [
              #"{"ts":NaN}"#, #"{"ts":Infinity}"#, #"{"ts":-Infinity}"#, #"{"ts":"2025-11-02T21:45:00Z","x":NaN}"#,
              #"{"ts":"2025-11-02T21:45:00Z","x":Infinity}"#, #"{"ts":"2025-11-02T21:45:00Z","tenant":"acme","meter":"storage_gb","value":NaN}"#,
              #"{"ts":"2025-11-02T21:45:00Z","x":[1,-Infinity]}"#,
          ])
    func nanAndInfinity(line: String) {
        #expect(Self.isInvalid(line))
    }

    @Test("§7.4 invalid UTF-8 makes a line invalid, wherever it is",
          arguments: [
              [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3],
              [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
          ] as [[UInt8]])
    func invalidUTF8(bad: [UInt8]) {
        let head = Array(#"{"ts":"2025-11-02T21:45:00Z","path":"/a"#.utf8)
        let tail = Array(#""}"#.utf8)
        #expect(Self.isInvalid(bytes: head + bad + tail))
        // In an ignored key's value and in a key too.
        #expect(Self.isInvalid(bytes: Array(#"{"ts":"2025-11-02T21:45:00Z","x":""#.utf8) + bad + tail))
        #expect(Self.isInvalid(bytes: Array(#"{"ts":"2025-11-02T21:45:00Z",""#.utf8) + bad + Array(#"":1}"#.utf8)))
    }

    @Test("§7.4 valid multi-byte UTF-8 is fine")
    func validUTF8() throws {
        let (request, _) = try Spec.request(#"{"ts":"2025-11-02T21:45:00Z","path":"/é/日本/🎉"}"#)
        #expect(request.path == "/é/日本/🎉")
    }

    @Test("§7.4 lines that are not JSON objects are invalid",
          arguments: [
              "[]", #"["ts"]"#, #""ts""#, "1762119900", "null", "true", "x", "{", "}",
              #"{"ts":"2025-11-02T21:45:00Z"} x"#, #"{"ts":"2025-11-02T21:45:00Z"}{"ts":"2025-11-02T21:45:00Z"}"#,
              #"{"ts":"2025-11-02T21:45:00Z",}"#, #"{"ts":"2025-11-02T21:45:00Z" "path":"/"}"#, #"{'ts':'2025-11-02T21:45:00Z'}"#,
              #"{ts:"2025-11-02T21:45:00Z"}"#, "{\"ts\":\"2025-11-02T21:45:00Z\",\"path\":\"/a\tb\"}",  // a raw tab in a string
              #"{"ts":"2025-11-02T21:45:00Z","x":01}"#, #"{"ts":"2025-11-02T21:45:00Z","x":1.}"#,
              #"{"ts":"2025-11-02T21:45:00Z","x":.5}"#, #"{"ts":"2025-11-02T21:45:00Z","x":+1}"#,
              #"{"ts":"2025-11-02T21:45:00Z","x":"\x"}"#, #"{"ts":"2025-11-02T21:45:00Z","x":tru}"#,
          ])
    func notAnObject(line: String) {
        #expect(Self.isInvalid(line))
    }

    @Test("§1 unknown keys are ignored, whatever their values")
    func unknownKeys() throws {
        let (request, seconds) = try Spec.request(
            #"{"method":"POST","ts":"2025-11-02T21:45:00Z","extra":{"a":[1,2.5e3,{"b":null}],"c":"\u00e9\n"},"flag":true}"#)
        #expect(seconds == Self.t2145)
        #expect(request.path == "/")
    }

    @Test("§7.4 keys are compared after unescaping")
    func escapedKeys() throws {
        let (request, seconds) = try Spec.request(#"{"t\u0073":"2025-11-02T21:45:00Z","p\u0061th":"/x","tenan\u0074":"acme"}"#)
        #expect(seconds == Self.t2145)
        #expect(request.path == "/x")
        #expect(request.tenant == .id("acme"))
    }

    @Test("§7.4 a duplicated key: the last one wins")
    func duplicateKeys() throws {
        #expect(Spec.seconds(ofTS: #""bad","ts":"2025-11-02T21:45:00Z""#) == Self.t2145)
        #expect(Self.isInvalid(#"{"ts":"2025-11-02T21:45:00Z","ts":"bad"}"#))
        #expect(Self.isInvalid(#"{"ts":"2025-11-02T21:45:00Z","ts":null}"#))
        let (request, _) = try Spec.request(
            #"{"ts":1,"tenant":"acme","path":"/a","tenant":"beta","path":"/b","host":"x","host":"y","query":"q=1","query":"q=2"}"#)
        #expect(request.tenant == .id("beta"))
        #expect(request.path == "/b")
        #expect(request.host == "y")
        #expect(request.query == "q=2")
        // A later non-string value replaces an earlier string.
        let (replaced, _) = try Spec.request(#"{"ts":1,"tenant":"acme","tenant":null,"path":"/a","path":5}"#)
        #expect(replaced.tenant == .absent)
        #expect(replaced.path == "/")
        // Duplicated headers objects: the last one is the headers.
        let (headers, _) = try Spec.request(#"{"ts":1,"headers":{"A":"1"},"headers":{"B":"2"}}"#)
        #expect(headers.header("A") == nil)
        #expect(headers.header("B") == "2")
    }

    @Test("§7.4 a duplicated header name inside headers: the last value wins")
    func duplicateHeader() throws {
        let (request, _) = try Spec.request(#"{"ts":1,"headers":{"X-Tenant-ID":"acme","X-Tenant-ID":"beta"}}"#)
        #expect(request.header("X-Tenant-ID") == "beta")
        let (dropped, _) = try Spec.request(#"{"ts":1,"headers":{"X-Tenant-ID":"acme","X-Tenant-ID":5}}"#)
        #expect(dropped.header("X-Tenant-ID") == nil)
    }

    // MARK: §7.6 malformed request fields

    @Test("§7.6 a non-object headers is ignored", arguments: [#""Authorization: Bearer key-acme""#, #"["Authorization","Bearer key-acme"]"#, "null", "5"])
    func nonObjectHeaders(value: String) throws {
        let (request, _) = try Spec.request(#"{"ts":1,"headers":\#(value)}"#)
        #expect(request.headers.isEmpty)
    }

    @Test("§7.6 header names compare case-insensitively; of two that differ only in case, the first in the object wins")
    func headerCase() throws {
        let (request, _) = try Spec.request(#"{"ts":1,"headers":{"x-tenant-id":"acme","X-TENANT-ID":"beta","X-Tenant-Id":"gamma"}}"#)
        #expect(request.header("X-Tenant-ID") == "acme")
        #expect(request.header("x-TENANT-id") == "acme")
        // A non-string first spelling is ignored: the next string one is the header.
        let (skipped, _) = try Spec.request(#"{"ts":1,"headers":{"x-tenant-id":[1],"X-TENANT-ID":"beta"}}"#)
        #expect(skipped.header("X-Tenant-ID") == "beta")
    }

    @Test("§7.6 non-string host, query and header values are ignored")
    func nonStringFields() throws {
        let (request, _) = try Spec.request(#"{"ts":1,"host":5,"query":{"a":1},"headers":{"A":1,"B":true,"C":null,"D":"d"}}"#)
        #expect(request.host == nil)
        #expect(request.query == nil)
        #expect(request.headers.map(\.name) == ["D"])
    }

    @Test("§7.6 tenant: null is absent, a string is an id, anything else is invalid (401)")
    func tenantClaims() throws {
        #expect(try Spec.request(#"{"ts":1,"tenant":null}"#).0.tenant == .absent)
        #expect(try Spec.request(#"{"ts":1}"#).0.tenant == .absent)
        #expect(try Spec.request(#"{"ts":1,"tenant":"acme"}"#).0.tenant == .id("acme"))
        #expect(try Spec.request(#"{"ts":1,"tenant":0}"#).0.tenant == .invalid)
        #expect(try Spec.request(#"{"ts":1,"tenant":{}}"#).0.tenant == .invalid)
    }

    @Test("§1 the first 20 invalid line numbers, ascending; all are counted")
    func first20InvalidLines() throws {
        // 30 lines: odd lines invalid (15 of them), plus 10 invalid lines at the end: 25 invalid in all.
        var lines: [String] = []
        for number in 1...30 { lines.append(number % 2 == 1 ? "invalid \(number)" : Spec.pinned("acme", "2025-11-02T21:00:00Z")) }
        lines += Array(repeating: #"{"ts":true}"#, count: 10)
        let report = try Spec.report(Spec.counterPolicy(), Spec.tenants(), lines)
        #expect(report.records.invalid == 25)
        #expect(report.records.requests == 15)
        // 1, 3, …, 29 (15 lines), then 31…35.
        #expect(report.records.invalidLines == Array(stride(from: 1, through: 29, by: 2)) + [31, 32, 33, 34, 35])
        #expect(report.json().contains(#""invalid_lines": [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 32, 33, 34, 35]"#))
    }
}
