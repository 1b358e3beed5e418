// The statement and expression half of the structured Swift representation (declarations are in
// SwiftDeclaration.swift); only ``SwiftRenderer`` turns these into text.

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
