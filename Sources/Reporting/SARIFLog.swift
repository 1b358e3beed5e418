public import Diagnostics

/// A SARIF 2.1.0 log of one run of tierc (OASIS Static Analysis Results Interchange Format), the format code
/// scanning services such as GitHub's ingest. Built from rules and results, rendered with keys in a fixed
/// order so equal input gives equal bytes. Columns count Unicode scalars (`columnKind: unicodeCodePoints`).
public struct SARIFLog: Sendable {
    /// A rule: one per diagnostic code (or kind of change), with its descriptions and default level.
    public struct Rule: Sendable, Hashable {
        public var id: String
        public var shortDescription: String
        public var fullDescription: String
        public var help: String
        public var level: Level

        public init(id: String, shortDescription: String, fullDescription: String, help: String, level: Level) {
            self.id = id
            self.shortDescription = shortDescription
            self.fullDescription = fullDescription
            self.help = help
            self.level = level
        }
    }

    /// `error`, `warning` or `note`.
    public enum Level: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    /// A place in a file.
    public struct Place: Sendable, Hashable {
        public var file: String
        public var range: SourceRange
        /// The place in a binary file (a snapshot), written as `byteOffset`/`byteLength` instead of ``range``.
        public var bytes: ByteSpan?
        /// Text attached to the place (a related location's message).
        public var message: String?

        public init(file: String, range: SourceRange, message: String? = nil) {
            self.file = file
            self.range = range
            self.message = message
        }

        /// A place in a binary file, which has no lines.
        public init(file: String, bytes: ByteSpan, message: String? = nil) {
            self.init(file: file, range: .fileStart, message: message)
            self.bytes = bytes
        }
    }

    /// A suggested edit: replace the text of `place` with `replacement`.
    public struct Fix: Sendable, Hashable {
        public var description: String
        public var place: Place
        public var replacement: String

        public init(description: String, place: Place, replacement: String) {
            self.description = description
            self.place = place
            self.replacement = replacement
        }
    }

    public struct Result: Sendable, Hashable {
        public var ruleID: String
        public var level: Level
        public var message: String
        public var place: Place?
        public var related: [Place]
        public var fixes: [Fix]

        public init(ruleID: String, level: Level, message: String, place: Place?, related: [Place] = [], fixes: [Fix] = []) {
            self.ruleID = ruleID
            self.level = level
            self.message = message
            self.place = place
            self.related = related
            self.fixes = fixes
        }
    }

    public var toolName: String
    public var toolVersion: String
    public var informationURI: String
    public var rules: [Rule]
    public var results: [Result]

    public init(toolName: String = "tierc", toolVersion: String, informationURI: String = "https://github.com/tierc/tierc",
                rules: [Rule], results: [Result]) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.rules = rules
        self.results = results
    }

    /// The log as pretty-printed JSON with a final newline.
    public func serialized() -> String {
        value().serialized() + "\n"
    }

    public func value() -> JSONValue {
        let ruleIndex = Dictionary(rules.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let driver: JSONValue = .object([
            ("name", .string(toolName)),
            ("version", .string(toolVersion)),
            ("informationUri", .string(informationURI)),
            ("rules", .array(rules.map(value(of:)))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results.map { value(of: $0, ruleIndex: ruleIndex[$0.ruleID]) })),
        ])
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
    }

    func value(of rule: Rule) -> JSONValue {
        .object([
            ("id", .string(rule.id)),
            ("shortDescription", .object([("text", .string(rule.shortDescription))])),
            ("fullDescription", .object([("text", .string(rule.fullDescription))])),
            ("help", .object([("text", .string(rule.help))])),
            ("defaultConfiguration", .object([("level", .string(rule.level.rawValue))])),
        ])
    }

    func value(of result: Result, ruleIndex: Int?) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("ruleId", .string(result.ruleID))]
        if let ruleIndex { pairs.append(("ruleIndex", .int(ruleIndex))) }
        pairs.append(("level", .string(result.level.rawValue)))
        pairs.append(("message", .object([("text", .string(result.message))])))
        pairs.append(("locations", .array(result.place.map { [location($0, id: nil)] } ?? [])))
        if !result.related.isEmpty {
            pairs.append(("relatedLocations", .array(result.related.enumerated().map { location($0.element, id: $0.offset + 1) })))
        }
        if !result.fixes.isEmpty {
            pairs.append(("fixes", .array(result.fixes.map { fix in
                .object([
                    ("description", .object([("text", .string(fix.description))])),
                    ("artifactChanges", .array([.object([
                        ("artifactLocation", .object([("uri", .string(Self.uri(fix.place.file)))])),
                        ("replacements", .array([.object([
                            ("deletedRegion", region(fix.place.range)),
                            ("insertedContent", .object([("text", .string(fix.replacement))])),
                        ])])),
                    ])])),
                ])
            })))
        }
        return .object(pairs)
    }

    func location(_ place: Place, id: Int?) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = []
        if let id { pairs.append(("id", .int(id))) }
        pairs.append(("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(Self.uri(place.file)))])),
            ("region", place.bytes.map(region(_:)) ?? region(place.range)),
        ])))
        if let message = place.message { pairs.append(("message", .object([("text", .string(message))]))) }
        return .object(pairs)
    }

    /// A binary file's region: SARIF 2.1.0 §3.30.13, `byteOffset` and `byteLength`.
    func region(_ bytes: ByteSpan) -> JSONValue {
        .object([("byteOffset", .int(bytes.offset)), ("byteLength", .int(bytes.length))])
    }

    func region(_ range: SourceRange) -> JSONValue {
        .object([
            ("startLine", .int(range.start.line)),
            ("startColumn", .int(range.start.column)),
            ("endLine", .int(range.end.line)),
            ("endColumn", .int(range.end.column)),
        ])
    }

    /// A file name as a relative URI reference: bytes outside RFC 3986's unreserved set and `/` are
    /// percent-encoded (so `<stdin>` or a space cannot make the URI invalid).
    static func uri(_ file: String) -> String {
        var result = ""
        for byte in file.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
