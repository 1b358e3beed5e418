extension Diagnostic {
    /// libyaml's error, located and made readable: its problem, a hint at the fix, and a note where its context
    /// (the collection or scalar being read) starts.
    static func syntax(_ error: LibYAMLError, source: SourceFile, marks: MarkTable) -> Diagnostic {
        var marks = marks
        if error.kind == .memory {
            return Diagnostic(
                .error, .yamlLimit, "the YAML parser ran out of memory; make the file smaller", file: source.name,
                range: source.startRange)
        }
        let start =
            error.kind == .reader
            ? source.location(ofOffset: error.problemOffset) : marks.location(ofCharacter: error.problemMark.index)
        let range = oneCharacter(at: start, in: source)
        let message = readableProblem(error, character: character(at: start.offset, in: source.bytes))
        var notes: [DiagnosticNote] = []
        if let context = error.context, error.kind != .reader, error.contextMark.index != error.problemMark.index,
            context.hasPrefix("while ")
        {
            let at = oneCharacter(at: marks.location(ofCharacter: error.contextMark.index), in: source)
            notes.append(DiagnosticNote("\(context) that starts here", file: source.name, range: at))
        }
        if error.problem == "did not find expected key" || error.problem == "did not find expected '-' indicator",
           let breaker = indentationBreak(before: start, in: source) {
            notes.append(breaker)
        }
        return .syntax(source, message, at: range, notes: notes)
    }

    /// When an entry at line L, column C cannot continue its block because an earlier line, indented less than
    /// C, closed that block (a dedented `limits:` after which the next tier is refused), a note at that earlier
    /// line: it is the line that broke the indentation, often several lines before the error. Nil when the
    /// block at column C never existed before (the entry itself is the mis-indented line).
    static func indentationBreak(before location: SourceLocation, in source: SourceFile) -> DiagnosticNote? {
        // Lines as (first byte offset, indentation in spaces, first content byte), skipping blank and comment lines.
        let bytes = source.bytes
        var lines: [(number: Int, start: Int, indent: Int)] = []
        var lineStart = 0
        var number = 1
        while lineStart <= bytes.count {
            var end = lineStart
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var first = lineStart
            while first < end, bytes[first] == UInt8(ascii: " ") { first += 1 }
            let content = first < end && bytes[first] != UInt8(ascii: "#") && bytes[first] != UInt8(ascii: "\r")
            if number >= location.line { break }
            if content { lines.append((number, lineStart, first - lineStart)) }
            lineStart = end + 1
            number += 1
        }
        // The entry must start its line (its indentation is its column - 1).
        let indent = location.column - 1
        guard location.offset - indent >= 0,
              bytes[(location.offset - indent)..<location.offset].allSatisfy({ $0 == UInt8(ascii: " ") }) else { return nil }
        var breaker: (number: Int, start: Int, indent: Int)?
        for line in lines.reversed() {
            if line.indent > indent { continue }
            if line.indent < indent {
                breaker = line  // the earliest shallower line after the last sibling
                continue
            }
            // A sibling at the entry's column before the shallower line: that line broke the block.
            guard let breaker else { return nil }
            let at = SourceLocation(offset: breaker.start + breaker.indent, line: breaker.number, column: breaker.indent + 1)
            return DiagnosticNote(
                "this line, at column \(breaker.indent + 1), closed the block whose entries start at column \(indent + 1) "
                    + "(line \(location.line) continues it); indent this line and the lines under it if it belongs to the entry above",
                file: source.name, range: oneCharacter(at: at, in: source))
        }
        return nil
    }

    /// libyaml's problem with a hint at what would be right.
    static func readableProblem(_ error: LibYAMLError, character: Unicode.Scalar?) -> String {
        let problem = error.problem
        let context = error.context ?? ""
        switch problem {
        case "found character that cannot start any token":
            if character == "\t" { return "a tab cannot start a token here; indent with spaces, not tabs" }
            if character == "`" { return "a backtick cannot start a value; put the value in quotes" }
            if let character, character.value > 0x20 {
                return "found character `\(display(String(character)))` that cannot start any token; put the value "
                    + "in quotes"
            }
            return problem
        case "mapping values are not allowed in this context":
            return problem + "; put the value in quotes if it contains `: `, or move a nested mapping to its own lines"
        case "could not find expected ':'":
            return problem + "; write `key: value`, or indent the line to continue the previous value"
        case "did not find expected key":
            return problem + "; line this entry up with the other keys of its mapping"
        case "did not find expected '-' indicator":
            return problem + "; line this item up with the other `-` items of its list"
        case "did not find expected ',' or ']'":
            return problem + "; separate list items with `,` and close the list with `]`"
        case "did not find expected ',' or '}'":
            return problem + "; separate entries with `,` and close the mapping with `}`"
        case "did not find expected node content":
            return problem + "; write a value here, in quotes if it starts with a special character"
        case "block sequence entries are not allowed in this context":
            return problem + "; start the list on a new line, indented under its key"
        case "did not find expected <document start>":
            return problem + "; nothing may follow the document's top-level value"
        case "found undefined tag handle":
            return problem + "; tags are not supported, remove it"
        case "found unknown escape character":
            return problem + "; in double quotes write `\\\\` for a backslash, or use single quotes"
        case "did not find expected alphabetic or numeric character":
            return problem + "; put the value in quotes if it starts with `&` or `*`"
        case "found a tab character that violates indentation",
            "found a tab character where an indentation space is expected":
            return problem + "; indent with spaces, not tabs"
        case "found incompatible YAML document":
            return problem + "; write `%YAML 1.1`, or remove the directive"
        case "did not find expected hexdecimal number":
            return problem + "; write `\\xHH`, `\\uHHHH` or `\\UHHHHHHHH` with hexadecimal digits"
        case "found unexpected end of stream" where context.contains("quoted scalar"):
            return problem + "; close the quoted text"
        default:
            return problem
        }
    }

    /// The character at `offset`, or nil at the end or on a line break.
    private static func character(at offset: Int, in bytes: [UInt8]) -> Unicode.Scalar? {
        guard offset < bytes.count else { return nil }
        let length = SourceFile.scalarLength(bytes, at: offset, limit: bytes.count)
        var decoder = UTF8()
        var iterator = bytes[offset..<(offset + length)].makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator), scalar != "\n", scalar != "\r" else {
            return nil
        }
        return scalar
    }

    /// A range over the character at `location`, or an empty range at a line's or the file's end.
    private static func oneCharacter(at location: SourceLocation, in source: SourceFile) -> SourceRange {
        let bytes = source.bytes
        guard location.offset < bytes.count, bytes[location.offset] != UInt8(ascii: "\n"),
            bytes[location.offset] != UInt8(ascii: "\r")
        else { return source.range(at: location) }
        let length = SourceFile.scalarLength(bytes, at: location.offset, limit: bytes.count)
        let end = SourceLocation(offset: location.offset + length, line: location.line, column: location.column + 1)
        return source.range(location, end)
    }
}
