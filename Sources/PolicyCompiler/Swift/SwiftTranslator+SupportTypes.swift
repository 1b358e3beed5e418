import PolicyModel

/// The value types whose shape is the same for every policy: `PolicyDecimal`, `Tier.Limits`, `Tier.UsagePrice`,
/// `PolicyInfo.Rounding`, `PolicyInfo.Identification` and `PolicyInfo.Route`.
extension SwiftTranslator {
    /// A stored property of a generated struct.
    struct Field {
        var name: String
        var type: SwiftType
        var doc: String
    }

    /// `public struct Name: Sendable, Hashable, Codable` with `public let` fields and a public memberwise
    /// initialiser (optional fields default to nil when `optionalsDefaultToNil`).
    func valueStruct(_ name: String, doc: [String], fields: [Field], optionalsDefaultToNil: Bool = false,
                     extra: [SwiftDeclaration] = []) -> SwiftDeclaration {
        var members = fields.map { field in
            SwiftDeclaration(doc: [field.doc], .constant(SwiftConstant(isStatic: false, name: field.name, type: field.type, value: nil)))
        }
        let parameters = fields.map { field -> SwiftFunction.Parameter in
            var defaultValue: SwiftExpression?
            if optionalsDefaultToNil, case .optional = field.type { defaultValue = .nil }
            return SwiftFunction.Parameter(label: field.name, name: field.name, type: field.type, defaultValue: defaultValue)
        }
        let assignments = fields.map { field in
            SwiftStatement.expression(.infix(.member(.selfReference, field.name), "=", .identifier(field.name)))
        }
        members.append(SwiftDeclaration(.function(SwiftFunction(
            kind: .initializer(failable: false), parameters: parameters, returnType: nil, body: assignments))))
        return SwiftDeclaration(doc: doc, .type(SwiftTypeDeclaration(
            keyword: .struct, name: name, conformances: ["Sendable", "Hashable", "Codable"], members: members + extra)))
    }

    func decimalStruct() -> SwiftDeclaration {
        let significand = SwiftExpression.identifier("significand")
        let scale = SwiftExpression.identifier("scale")
        let digits = SwiftExpression.identifier("digits")
        let padded = SwiftExpression.identifier("padded")
        func call(_ name: String, _ arguments: [SwiftArgument]) -> SwiftExpression {
            .call(.identifier(name), arguments, multiline: false)
        }
        func method(_ base: SwiftExpression, _ name: String, _ argument: SwiftExpression) -> SwiftExpression {
            .call(.member(base, name), [SwiftArgument(nil, argument)], multiline: false)
        }
        // let digits = String(significand.magnitude)
        // let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        // let sign = significand < 0 ? "-" : ""
        // let fraction = scale > 0 ? "." + String(padded.suffix(scale)) : ""
        // return sign + String(padded.dropLast(max(0, scale))) + fraction
        let description: [SwiftStatement] = [
            .constant(name: "digits", value: call("String", [SwiftArgument(nil, .member(significand, "magnitude"))])),
            .constant(name: "padded", value: .infix(call("String", [
                SwiftArgument("repeating", .string("0")),
                SwiftArgument("count", call("max", [
                    SwiftArgument(nil, .integer(0)),
                    SwiftArgument(nil, .infix(.infix(scale, "+", .integer(1)), "-", .member(digits, "count"))),
                ])),
            ]), "+", digits)),
            .constant(name: "sign", value: .ternary(.infix(significand, "<", .integer(0)), .string("-"), .string(""))),
            .constant(name: "fraction", value: .ternary(
                .infix(scale, ">", .integer(0)),
                .infix(.string("."), "+", call("String", [SwiftArgument(nil, method(padded, "suffix", scale))])),
                .string(""))),
            .return(.infix(.infix(.identifier("sign"), "+", call("String", [SwiftArgument(nil, method(
                padded, "dropLast", call("max", [SwiftArgument(nil, .integer(0)), SwiftArgument(nil, scale)])))])),
                "+", .identifier("fraction"))),
        ]
        let fields = [
            Field(name: "significand", type: .named("Int64"), doc: "The digits as an integer: 8 for 0.008."),
            Field(name: "scale", type: .named("Int"), doc: "How many of the digits follow the decimal point (0 or more): 3 for 0.008."),
        ]
        var members = fields.map { field in
            SwiftDeclaration(doc: [field.doc], .constant(SwiftConstant(isStatic: false, name: field.name, type: field.type, value: nil)))
        }
        members.append(SwiftDeclaration(doc: ["`significand × 10^-scale`."], .function(SwiftFunction(
            kind: .initializer(failable: false),
            parameters: [
                SwiftFunction.Parameter(label: nil, name: "significand", type: .named("Int64"), defaultValue: nil),
                SwiftFunction.Parameter(label: "scale", name: "scale", type: .named("Int"), defaultValue: nil),
            ], returnType: nil, body: [
                .expression(.infix(.member(.selfReference, "significand"), "=", significand)),
                .expression(.infix(.member(.selfReference, "scale"), "=", scale)),
            ]))))
        members.append(SwiftDeclaration(doc: ["Plain decimal notation: `0.008`, `29`, `10.25`."],
                                        .computedProperty(name: "description", type: .named("String"), body: description)))
        return SwiftDeclaration(doc: [
            "An exact decimal number, `significand × 10^-scale`: `PolicyDecimal(8, scale: 3)` is 0.008. Money and",
            "levels never pass through binary floating point. Values in this file are normalised (no trailing",
            "fractional zeros), so equal amounts are equal values.",
        ], .type(SwiftTypeDeclaration(keyword: .struct, name: "PolicyDecimal",
                                      conformances: ["Sendable", "Hashable", "Codable", "CustomStringConvertible"],
                                      members: members)))
    }

    func limitsStruct() -> SwiftDeclaration {
        let windows: [(String, String)] = [("minute", "minute"), ("hour", "hour"), ("day", "day"), ("month", "calendar month")]
        var fields = windows.map { name, window in
            Field(name: name, type: .optional(.named("Int64")), doc: "A counter's limit per UTC \(window); nil: no limit in this window.")
        }
        fields.append(Field(name: "level", type: .optional(.named("PolicyDecimal")),
                            doc: "A gauge's highest allowed level in the meter's unit; nil: no highest level."))
        let unlimited = SwiftDeclaration(doc: ["No limit at all."], .constant(SwiftConstant(
            isStatic: true, name: "unlimited", type: .named("Limits"),
            value: .call(.identifier("Limits"), [], multiline: false))))
        return valueStruct("Limits", doc: [
            "A tier's limits on one meter: per window for a counter, a highest level for a gauge. A limit of 0",
            "blocks the meter; nil is unlimited.",
        ], fields: fields, optionalsDefaultToNil: true, extra: [unlimited])
    }

    func usagePriceStruct() -> SwiftDeclaration {
        let code = policy.currency.code
        let band = valueStruct("Band", doc: ["One row of a graduated or volume price."], fields: [
            Field(name: "upTo", type: .optional(.named("PolicyDecimal")),
                  doc: "The band's inclusive upper bound in units; nil for the last band, `unlimited`."),
            Field(name: "price", type: .named("PolicyDecimal"), doc: "The price of `per` units in this band, in \(code)."),
            Field(name: "flat", type: .optional(.named("PolicyDecimal")),
                  doc: "The band's flat fee in \(code), not divided by `per`; nil: none."),
        ], optionalsDefaultToNil: true)
        let scheme = SwiftDeclaration(doc: ["How quantities are priced."], .type(SwiftTypeDeclaration(
            keyword: .enum, name: "Scheme", conformances: ["Sendable", "Hashable", "Codable"],
            members: UsagePrice.Scheme.Kind.allCases.map { $0.swift.schemeCase(currency: code) })))
        return valueStruct("UsagePrice", doc: [
            "A usage price: `quantity / per × price`, pro rata, in \(code); unit prices may be finer than a minor unit.",
        ], fields: [
            Field(name: "per", type: .named("Int64"), doc: "Units per priced block (a positive integer)."),
            Field(name: "scheme", type: .named("Scheme"), doc: "Flat, graduated, volume or package."),
            Field(name: "free", type: .optional(.named("PolicyDecimal")),
                  doc: "Units included each month before the scheme applies; nil: none."),
        ], optionalsDefaultToNil: true, extra: [scheme, band])
    }

    func roundingEnum() -> SwiftDeclaration {
        SwiftDeclaration(doc: [
            "Ties when an invoice line is rounded to minor units: `halfUp` rounds 0.005 to 0.01, `halfEven` to 0.00.",
        ], .type(SwiftTypeDeclaration(keyword: .enum, name: "Rounding", conformances: Self.rawEnumConformances, members: [
            SwiftDeclaration(.enumCase(name: "halfUp", rawValue: .string("half_up"), payload: [])),
            SwiftDeclaration(.enumCase(name: "halfEven", rawValue: .string("half_even"), payload: [])),
        ])))
    }

    func identificationStruct() -> SwiftDeclaration {
        let method = SwiftDeclaration(doc: ["A way of finding a request's tenant."], .type(SwiftTypeDeclaration(
            keyword: .enum, name: "Method", conformances: Self.rawEnumConformances, members: [
                SwiftDeclaration(doc: ["`Authorization: <scheme> <key>`, the key's SHA-256 looked up among the tenants' keys."],
                                 .enumCase(name: "apiKey", rawValue: .string("api_key"), payload: [])),
                SwiftDeclaration(doc: ["A header carrying the tenant id."],
                                 .enumCase(name: "header", rawValue: .string("header"), payload: [])),
                SwiftDeclaration(doc: ["The host's label before the base domain."],
                                 .enumCase(name: "subdomain", rawValue: .string("subdomain"), payload: [])),
                SwiftDeclaration(doc: ["A query parameter carrying the tenant id."],
                                 .enumCase(name: "query", rawValue: .string("query"), payload: [])),
            ])))
        return valueStruct("Identification", doc: ["How requests are mapped to tenants."], fields: [
            Field(name: "order", type: .array(.named("Method")), doc: "The methods tried, in order; the first that finds something decides."),
            Field(name: "apiKeyScheme", type: .named("String"), doc: "The `Authorization` scheme, compared case-insensitively."),
            Field(name: "headerNames", type: .array(.named("String")), doc: "Header names tried in order, compared case-insensitively."),
            Field(name: "baseDomain", type: .optional(.named("String")), doc: "The domain under which subdomains name tenants."),
            Field(name: "queryParameter", type: .named("String"), doc: "The query parameter carrying the tenant id."),
            Field(name: "requireTenant", type: .named("Bool"), doc: "true: a request without a tenant is refused with 401."),
            Field(name: "trustedHeader", type: .named("Bool"), doc: "true: the policy declares that a trusted gateway sets the tenant header and strips client copies."),
        ], extra: [method])
    }

    func routeStruct() -> SwiftDeclaration {
        valueStruct("Route", doc: ["A route rule: what a request whose path matches `glob` needs and costs."], fields: [
            Field(name: "glob", type: .named("String"), doc: """
                The path pattern split on `/`: `**` is any number of segments (also none), `*` any run of characters \
                within a segment.
                """),
            Field(name: "feature", type: .optional(.named("Feature")), doc: "The feature the tier must grant, else 403."),
            Field(name: "meter", type: .optional(.named("Meter")), doc: "The counter meter the request is charged to; nil: none."),
            Field(name: "cost", type: .named("Int64"), doc: "Units added to the meter per allowed request; 0 is never limited or billed."),
        ])
    }
}
