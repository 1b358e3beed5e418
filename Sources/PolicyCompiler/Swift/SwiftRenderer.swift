/// Turns a ``SwiftFile`` into source text: 4-space indentation, one blank line between declarations (none between
/// consecutive undocumented enum cases), documentation wrapped at ``width`` columns, a signature that
/// would pass ``width`` with one parameter per line, `\n` line ends, no trailing spaces, one final newline. The
/// output depends only on the value rendered, so equal representations give equal bytes.
struct SwiftRenderer {
    static let indentUnit = "    "
    /// The column limit for documentation and signatures (string literals and calls are never broken).
    static let width = 120

    private var lines: [String] = []

    /// Renders a whole file.
    static func render(_ file: SwiftFile) -> String {
        var renderer = SwiftRenderer()
        for line in file.header { renderer.lines.append(line.isEmpty ? "//" : "// " + line) }
        for (index, declaration) in file.declarations.enumerated() {
            if index > 0 || !file.header.isEmpty { renderer.lines.append("") }
            renderer.declaration(declaration, depth: 0)
        }
        return renderer.lines.joined(separator: "\n") + "\n"
    }

    // MARK: Declarations

    private mutating func declaration(_ declaration: SwiftDeclaration, depth: Int) {
        let docWidth = Self.width - Self.indentUnit.count * depth - 4
        for line in declaration.doc.flatMap(Self.docLines).flatMap({ Self.wrap($0, width: docWidth) }) {
            emit(line.isEmpty ? "///" : "/// " + line, depth)
        }
        switch declaration.kind {
        case .type(let type):
            let conformances = type.conformances.isEmpty ? "" : ": " + type.conformances.joined(separator: ", ")
            let opening = "public \(type.keyword.rawValue) \(Self.identifier(type.name))\(conformances) {"
            guard !type.members.isEmpty else {
                emit(opening + "}", depth)
                return
            }
            emit(opening, depth)
            var previous: SwiftDeclaration?
            for member in type.members {
                if let previous, !(Self.isCase(previous) && previous.doc.isEmpty && Self.isCase(member) && member.doc.isEmpty) {
                    lines.append("")
                }
                self.declaration(member, depth: depth + 1)
                previous = member
            }
            emit("}", depth)
        case .enumCase(let name, let rawValue, let payload):
            var text = "case " + Self.identifier(name)
            if !payload.isEmpty { text += "(" + payload.map(Self.type).joined(separator: ", ") + ")" }
            if let rawValue { text += " = " + expression(rawValue, depth: depth) }
            emit(text, depth)
        case .constant(let constant):
            var text = "public " + (constant.isStatic ? "static " : "") + "let " + Self.identifier(constant.name)
            text += ": " + Self.type(constant.type)
            if let value = constant.value { text += " = " + expression(value, depth: depth) }
            emit(text, depth)
        case .computedProperty(let name, let type, let body):
            emit("public var \(Self.identifier(name)): \(Self.type(type)) {", depth)
            statements(body, depth: depth + 1)
            emit("}", depth)
        case .function(let function):
            for line in signature(function, depth: depth) { emit(line, depth) }
            statements(function.body, depth: depth + 1)
            emit("}", depth)
        case .compilerError(let message):
            emit("#error(" + Self.stringLiteral(message) + ")", depth)
        case .source(let text):
            for line in text { line.isEmpty ? lines.append("") : emit(line, depth) }
        }
    }

    private static func isCase(_ declaration: SwiftDeclaration) -> Bool {
        if case .enumCase = declaration.kind { return true }
        return false
    }

    /// The lines of `public func name(parameters) -> Result {`: one line, or one parameter per line when the
    /// single line would pass ``width``.
    private func signature(_ function: SwiftFunction, depth: Int) -> [String] {
        let parameters = function.parameters.map { parameter in
            var text: String
            switch parameter.label {
            case nil: text = "_ " + Self.identifier(parameter.name)
            case parameter.name?: text = Self.label(parameter.name)
            case let label?: text = Self.label(label) + " " + Self.identifier(parameter.name)
            }
            text += ": " + Self.type(parameter.type)
            if let value = parameter.defaultValue { text += " = " + expression(value, depth: depth + 1) }
            return text
        }
        let head: String
        switch function.kind {
        case .method(let name, let isStatic):
            head = "public " + (isStatic ? "static " : "") + "func " + Self.identifier(name) + "("
        case .initializer(let failable):
            head = "public init" + (failable ? "?" : "") + "("
        }
        let tail = ")" + (function.returnType.map { " -> " + Self.type($0) } ?? "") + " {"
        let line = head + parameters.joined(separator: ", ") + tail
        guard Self.indentUnit.count * depth + line.count > Self.width, !parameters.isEmpty else { return [line] }
        return [head] + parameters.enumerated().map { index, parameter in
            Self.indentUnit + parameter + (index == parameters.count - 1 ? "" : ",")
        } + [tail]
    }

    // MARK: Statements

    private mutating func statements(_ statements: [SwiftStatement], depth: Int) {
        for statement in statements { self.statement(statement, depth: depth) }
    }

    private mutating func statement(_ statement: SwiftStatement, depth: Int) {
        switch statement {
        case .constant(let name, let value):
            emit("let " + Self.identifier(name) + " = " + expression(value, depth: depth), depth)
        case .return(let value):
            emit("return " + expression(value, depth: depth), depth)
        case .expression(let value):
            emit(expression(value, depth: depth), depth)
        case .switch(let subject, let cases):
            let opening = "switch " + expression(subject, depth: depth) + " {"
            guard !cases.isEmpty else {
                emit(opening + "}", depth)
                return
            }
            emit(opening, depth)
            for switchCase in cases {
                let patterns = switchCase.patterns.map { expression($0, depth: depth) }.joined(separator: ", ")
                emit("case " + patterns + ":", depth)
                statements(switchCase.body, depth: depth + 1)
            }
            emit("}", depth)
        }
    }

    // MARK: Expressions

    /// The expression's text; lines after the first (multiline calls and arrays) carry their own indentation,
    /// relative to `depth`, the depth of the line the expression starts on.
    private func expression(_ expression: SwiftExpression, depth: Int) -> String {
        switch expression {
        case .identifier(let name): return Self.identifier(name)
        case .selfReference: return "self"
        case .string(let text): return Self.stringLiteral(text)
        case .integer(let value): return String(value)
        case .boolean(let value): return value ? "true" : "false"
        case .nil: return "nil"
        case .member(let base, let name): return self.expression(base, depth: depth) + "." + Self.identifier(name)
        case .implicitMember(let name): return "." + Self.identifier(name)
        case .infix(let lhs, let op, let rhs):
            return self.expression(lhs, depth: depth) + " " + op + " " + self.expression(rhs, depth: depth)
        case .ternary(let condition, let then, let otherwise):
            return self.expression(condition, depth: depth) + " ? " + self.expression(then, depth: depth) + " : "
                + self.expression(otherwise, depth: depth)
        case .call(let callee, let arguments, let multiline):
            let head = self.expression(callee, depth: depth)
            let inner = multiline ? depth + 1 : depth
            let parts = arguments.map { argument in
                (argument.label.map { Self.label($0) + ": " } ?? "") + self.expression(argument.value, depth: inner)
            }
            guard multiline, !parts.isEmpty else { return head + "(" + parts.joined(separator: ", ") + ")" }
            return head + "(\n" + parts.map { Self.indent(inner) + $0 }.joined(separator: ",\n") + "\n"
                + Self.indent(depth) + ")"
        case .array(let elements, let multiline):
            let inner = multiline ? depth + 1 : depth
            let parts = elements.map { self.expression($0, depth: inner) }
            guard multiline, !parts.isEmpty else { return "[" + parts.joined(separator: ", ") + "]" }
            return "[\n" + parts.map { Self.indent(inner) + $0 + ",\n" }.joined() + Self.indent(depth) + "]"
        }
    }

    private static func type(_ type: SwiftType) -> String {
        switch type {
        case .named(let name): name
        case .optional(let wrapped): Self.type(wrapped) + "?"
        case .array(let element): "[" + Self.type(element) + "]"
        case .set(let element): "Set<" + Self.type(element) + ">"
        }
    }

    // MARK: Text

    private mutating func emit(_ text: String, _ depth: Int) {
        lines.append(Self.indent(depth) + text)
    }

    private static func indent(_ depth: Int) -> String { String(repeating: indentUnit, count: depth) }

    /// An identifier as written in source (keywords in backticks).
    static func identifier(_ name: String) -> String { SwiftIdentifier.escaped(name) }

    /// An argument label: every keyword but `inout`, `var` and `let` may be one without backticks (`for meter`).
    static func label(_ name: String) -> String {
        ["inout", "var", "let"].contains(name) ? "`" + name + "`" : name
    }

    /// Splits a line at spaces so that each part has at most `width` characters (a longer word stays whole).
    static func wrap(_ line: String, width: Int) -> [String] {
        // A line of at most `width` bytes has at most `width` characters: counting characters is the slow part.
        guard line.utf8.count > width, line.count > width else { return [line] }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }

    /// A single-line string literal. `\`, `"`, line breaks, control characters and the invisible characters of
    /// ``isInvisible(_:)`` are escaped, so the literal's text is exactly `text` and nothing in it can end the
    /// literal, start an interpolation or reorder what a reviewer sees.
    static func stringLiteral(_ text: String) -> String {
        // Printable ASCII without `\` or `"` needs no escape.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + text + "\"" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if isInvisible(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Documentation text as comment lines: split at line breaks, invisible characters spelled as `\u{…}`.
    static func docLines(_ text: String) -> [String] {
        // Most text is printable ASCII on one line without trailing spaces: it is its own single line.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), text.utf8.last != 0x20 { return [text] }
        var lines: [String] = [""]
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n", previous == "\r" { continue }
            if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                lines.append("")
            } else if isInvisible(scalar) {
                lines[lines.count - 1] += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                lines[lines.count - 1].unicodeScalars.append(scalar)
            }
        }
        // Trailing spaces would be invisible in the file: drop them.
        return lines.map { line in
            var end = line.unicodeScalars.endIndex
            while end > line.unicodeScalars.startIndex, line.unicodeScalars[line.unicodeScalars.index(before: end)] == " " {
                end = line.unicodeScalars.index(before: end)
            }
            return String(line.unicodeScalars[..<end])
        }
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators, zero-width and bidirectional formatting
    /// characters and the byte-order mark: a fixed list, not the Unicode tables of the running system, so the
    /// output is the same on every machine.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF: true
        default: false
        }
    }
}
