/// A structured representation of the small part of Swift that generated files use: the translator builds these
/// values from a policy and ``SwiftRenderer`` alone turns them into text, so layout, escaping and indentation are
/// decided in one place. Names are stored bare (`default`, not `` `default` ``); the renderer escapes keywords.
struct SwiftFile: Sendable, Hashable {
    /// `//` comment lines at the top of the file (without the `// `).
    var header: [String]
    /// Top-level declarations, separated by a blank line.
    var declarations: [SwiftDeclaration]
}

/// A declaration with its documentation comment (`///` lines, without the `/// `).
struct SwiftDeclaration: Sendable, Hashable {
    var doc: [String]
    var kind: Kind

    indirect enum Kind: Sendable, Hashable {
        /// `public enum Name: Conformances { members }` or the same with `struct`.
        case type(SwiftTypeDeclaration)
        /// `case name = rawValue` or `case name(Payload)`.
        case enumCase(name: String, rawValue: SwiftExpression?, payload: [SwiftType])
        /// A stored or static constant: `public static let name: Type = value`, or `public let name: Type`.
        case constant(SwiftConstant)
        /// A read-only computed property: `public var name: Type { body }`.
        case computedProperty(name: String, type: SwiftType, body: [SwiftStatement])
        /// A method or initialiser.
        case function(SwiftFunction)
        /// A compile-time error: `#error("message")`.
        case compilerError(String)
        /// Swift written out as fixed lines, indented to the declaration's depth: code whose text is the same for
        /// every policy (the invoice procedure of SwiftTranslator+Invoice.swift), too long to spell as values.
        case source([String])
    }

    init(doc: [String] = [], _ kind: Kind) {
        self.doc = doc
        self.kind = kind
    }
}

/// An enum or struct, always `public`.
struct SwiftTypeDeclaration: Sendable, Hashable {
    enum Keyword: String, Sendable, Hashable {
        case `enum`
        case `struct`
    }

    var keyword: Keyword
    var name: String
    /// Raw type first, then protocols: `["String", "CaseIterable", "Sendable"]`.
    var conformances: [String]
    var members: [SwiftDeclaration]
}

/// `public [static] let name: Type [= value]`.
struct SwiftConstant: Sendable, Hashable {
    var isStatic: Bool
    var name: String
    var type: SwiftType
    var value: SwiftExpression?
}

/// `public [static] func name(label name: Type = default) -> Result { body }`, or `public init?(…) { body }`.
struct SwiftFunction: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case method(name: String, isStatic: Bool)
        case initializer(failable: Bool)
    }

    struct Parameter: Sendable, Hashable {
        /// The argument label; nil writes `_`; equal to `name` writes the name once.
        var label: String?
        var name: String
        var type: SwiftType
        var defaultValue: SwiftExpression?
    }

    var kind: Kind
    var parameters: [Parameter]
    var returnType: SwiftType?
    var body: [SwiftStatement]
}
