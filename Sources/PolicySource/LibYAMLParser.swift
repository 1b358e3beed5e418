internal import CYAML

/// A libyaml position. Only `index` is kept: it counts characters (Unicode scalars, CRLF as two) from the start of
/// the input, and ``MarkTable`` turns it into a location. libyaml's own line and column are not used: they count
/// line breaks (lone CR, U+0085, U+2028, U+2029) that ``SourceFile`` does not.
struct LibYAMLMark: Hashable {
    var index: Int

    init(_ mark: yaml_mark_t) {
        index = mark.index
    }
}

/// The properties written before a node: `&anchor` and `!tag`.
struct LibYAMLProperties {
    var anchor: String?
    /// The tag as libyaml resolved it (`!!str` becomes `tag:yaml.org,2002:str`); nil when none was written.
    var tag: String?
}

/// One parsing event, copied out of libyaml's memory.
enum LibYAMLEvent {
    case streamStart
    case streamEnd
    case documentStart(start: LibYAMLMark, end: LibYAMLMark)
    case documentEnd
    /// `value` is nil when the scalar is longer than the parser's scalar limit; `byteCount` is its UTF-8 length.
    case scalar(
        value: String?, byteCount: Int, style: ScalarStyle, LibYAMLProperties, start: LibYAMLMark, end: LibYAMLMark)
    case alias(anchor: String, start: LibYAMLMark, end: LibYAMLMark)
    case sequenceStart(LibYAMLProperties, isFlow: Bool, start: LibYAMLMark, end: LibYAMLMark)
    case sequenceEnd(start: LibYAMLMark, end: LibYAMLMark)
    case mappingStart(LibYAMLProperties, isFlow: Bool, start: LibYAMLMark, end: LibYAMLMark)
    case mappingEnd(start: LibYAMLMark, end: LibYAMLMark)
}

/// The error libyaml reported, copied out of the parser.
struct LibYAMLError: Error {
    enum Kind { case memory, reader, scanner, parser, other }
    var kind: Kind
    /// libyaml's description, e.g. "mapping values are not allowed in this context".
    var problem: String
    var problemMark: LibYAMLMark
    /// For reader errors: the byte offset of the problem.
    var problemOffset: Int
    /// For reader errors: the offending byte or character, or -1.
    var problemValue: Int
    /// What libyaml was doing, e.g. "while parsing a block mapping", and where that started.
    var context: String?
    var contextMark: LibYAMLMark
}

/// Owns one libyaml parser over a borrowed UTF-8 buffer and turns its events into ``LibYAMLEvent`` values.
///
/// The only type that touches libyaml's pointers. The buffer must outlive the parser: create and drop it inside
/// `withUnsafeBufferPointer`. Resources are freed in `deinit`, whatever path the caller takes.
final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let maxScalarBytes: Int
    private var initialized: Bool

    /// - Parameter input: non-empty UTF-8 text, valid for the parser's lifetime.
    init(input: UnsafeBufferPointer<UInt8>, maxScalarBytes: Int) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        event.initialize(to: yaml_event_t())
        self.maxScalarBytes = maxScalarBytes
        initialized = yaml_parser_initialize(parser) == 1
        if initialized, let base = input.baseAddress {
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, base, input.count)
        } else if initialized {
            // An empty buffer has no address; libyaml asserts a non-null input. Nothing to read.
            yaml_parser_delete(parser)
            initialized = false
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        event.deinitialize(count: 1)
        event.deallocate()
        parser.deallocate()
    }

    /// The next event, or the error that stopped libyaml. After an error or `streamEnd`, do not call again.
    func next() -> Result<LibYAMLEvent, LibYAMLError> {
        guard initialized else {
            return .failure(LibYAMLError(
                kind: .memory, problem: "cannot start the YAML parser", problemMark: LibYAMLMark(yaml_mark_t()),
                problemOffset: 0, problemValue: -1, context: nil, contextMark: LibYAMLMark(yaml_mark_t())))
        }
        guard yaml_parser_parse(parser, event) == 1 else { return .failure(currentError()) }
        defer { yaml_event_delete(event) }
        return .success(copyEvent(event.pointee))
    }

    private func copyEvent(_ event: yaml_event_t) -> LibYAMLEvent {
        let start = LibYAMLMark(event.start_mark)
        let end = LibYAMLMark(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(start: start, end: end)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", start: start, end: end)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let count = data.length
            var value: String?
            if count <= maxScalarBytes {
                value = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) }
                    ?? ""
            }
            let properties = LibYAMLProperties(anchor: Self.string(data.anchor), tag: Self.string(data.tag))
            return .scalar(
                value: value, byteCount: count, style: Self.style(data.style), properties, start: start, end: end)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            let properties = LibYAMLProperties(anchor: Self.string(data.anchor), tag: Self.string(data.tag))
            return .sequenceStart(properties, isFlow: data.style == YAML_FLOW_SEQUENCE_STYLE, start: start, end: end)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(start: start, end: end)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            let properties = LibYAMLProperties(anchor: Self.string(data.anchor), tag: Self.string(data.tag))
            return .mappingStart(properties, isFlow: data.style == YAML_FLOW_MAPPING_STYLE, start: start, end: end)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(start: start, end: end)
        default:
            // YAML_STREAM_END_EVENT, and YAML_NO_EVENT which libyaml returns after the stream's end.
            return .streamEnd
        }
    }

    private func currentError() -> LibYAMLError {
        let state = parser.pointee
        let kind: LibYAMLError.Kind =
            switch state.error {
            case YAML_MEMORY_ERROR: .memory
            case YAML_READER_ERROR: .reader
            case YAML_SCANNER_ERROR: .scanner
            case YAML_PARSER_ERROR: .parser
            default: .other
            }
        let problem = state.problem.map { String(cString: $0) } ?? (kind == .memory ? "out of memory" : "unknown error")
        return LibYAMLError(
            kind: kind, problem: problem, problemMark: LibYAMLMark(state.problem_mark),
            problemOffset: state.problem_offset, problemValue: Int(state.problem_value),
            context: state.context.map { String(cString: $0) }, contextMark: LibYAMLMark(state.context_mark))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}
