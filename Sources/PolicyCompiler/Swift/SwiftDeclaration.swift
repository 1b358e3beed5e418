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

/// A type reference.
indirect enum SwiftType: Sendable, Hashable {
    /// `Name` or `Outer.Name`.
    case named(String)
    /// `T?`.
    case optional(SwiftType)
    /// `[T]`.
    case array(SwiftType)
    /// `Set<T>`.
    case set(SwiftType)
}

/// A statement of a function or property body.
indirect enum SwiftStatement: Sendable, Hashable {
    /// `let name = value`.
    case constant(name: String, value: SwiftExpression)
    /// `return value`.
    case `return`(SwiftExpression)
    /// `switch subject { case patterns: body … }`; an empty case list renders `switch subject {}` (for an enum
    /// without cases).
    case `switch`(SwiftExpression, [SwiftSwitchCase])
    /// An expression used as a statement (an assignment is an infix `=`).
    case expression(SwiftExpression)
}

/// One `case p1, p2:` of a switch with its body.
struct SwiftSwitchCase: Sendable, Hashable {
    var patterns: [SwiftExpression]
    var body: [SwiftStatement]
}

/// An expression.
indirect enum SwiftExpression: Sendable, Hashable {
    /// A variable, parameter or type name, escaped when it is a keyword.
    case identifier(String)
    /// `self`.
    case selfReference
    /// A string literal; the renderer escapes it.
    case string(String)
    case integer(Int64)
    case boolean(Bool)
    case `nil`
    /// `base.member`.
    case member(SwiftExpression, String)
    /// `.member`: an implicit member (enum case or static member) of the contextual type.
    case implicitMember(String)
    /// `callee(label: argument, …)`; `multiline` puts each argument on its own line.
    case call(SwiftExpression, [SwiftArgument], multiline: Bool)
    /// `lhs op rhs`.
    case infix(SwiftExpression, String, SwiftExpression)
    /// `condition ? then : otherwise`.
    case ternary(SwiftExpression, SwiftExpression, SwiftExpression)
    /// `[a, b]`; `multiline` puts each element on its own line with a trailing comma.
    case array([SwiftExpression], multiline: Bool)
}

/// One argument of a call: `label: value`, or `value` when the label is nil.
struct SwiftArgument: Sendable, Hashable {
    var label: String?
    var value: SwiftExpression

    init(_ label: String?, _ value: SwiftExpression) {
        self.label = label
        self.value = value
    }
}
