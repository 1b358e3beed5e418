@testable import PolicyCompiler
import Testing

/// The renderer alone decides layout and escaping: small representations and their exact text.
@Suite("Swift renderer")
struct SwiftRendererTests {
    @Test func rendersAnEnumWithCasesAPropertyAndANestedStruct() {
        let file = SwiftFile(header: ["Generated.", ""], declarations: [
            SwiftDeclaration(doc: ["Colours."], .type(SwiftTypeDeclaration(keyword: .enum, name: "Colour",
                                                                          conformances: ["String", "Sendable"], members: [
                SwiftDeclaration(.enumCase(name: "red", rawValue: .string("red"), payload: [])),
                SwiftDeclaration(.enumCase(name: "default", rawValue: .string("default"), payload: [])),
                SwiftDeclaration(doc: ["Documented."], .enumCase(name: "blue", rawValue: .string("blue"), payload: [])),
                SwiftDeclaration(.computedProperty(name: "warm", type: .named("Bool"), body: [
                    .switch(.selfReference, [
                        SwiftSwitchCase(patterns: [.implicitMember("red")], body: [.return(.boolean(true))]),
                        SwiftSwitchCase(patterns: [.implicitMember("default"), .implicitMember("blue")],
                                        body: [.return(.boolean(false))]),
                    ]),
                ])),
                SwiftDeclaration(.type(SwiftTypeDeclaration(keyword: .struct, name: "Empty", conformances: [], members: []))),
            ]))),
            SwiftDeclaration(.constant(SwiftConstant(isStatic: false, name: "in", type: .optional(.array(.named("Int"))),
                                                     value: .array([.integer(1), .integer(-2)], multiline: true)))),
        ])
        #expect(SwiftRenderer.render(file) == """
            // Generated.
            //

            /// Colours.
            public enum Colour: String, Sendable {
                case red = "red"
                case `default` = "default"

                /// Documented.
                case blue = "blue"

                public var warm: Bool {
                    switch self {
                    case .red:
                        return true
                    case .`default`, .blue:
                        return false
                    }
                }

                public struct Empty {}
            }

            public let `in`: [Int]? = [
                1,
                -2,
            ]

            """)
    }

    @Test func multilineCallsIndentTheirArgumentsAndNestedArrays() {
        let call = SwiftExpression.call(.identifier("Price"), [
            SwiftArgument("per", .integer(1000)),
            SwiftArgument("bands", .call(.implicitMember("graduated"), [
                SwiftArgument(nil, .array([.nil, .string("x")], multiline: true)),
            ], multiline: false)),
            SwiftArgument("empty", .array([], multiline: true)),
        ], multiline: true)
        let function = SwiftFunction(kind: .method(name: "price", isStatic: true), parameters: [
            SwiftFunction.Parameter(label: "for", name: "meter", type: .named("Meter"), defaultValue: nil),
            SwiftFunction.Parameter(label: nil, name: "count", type: .named("Int"), defaultValue: .integer(1)),
        ], returnType: .optional(.named("Price")), body: [.return(call)])
        let file = SwiftFile(header: [], declarations: [SwiftDeclaration(.function(function))])
        #expect(SwiftRenderer.render(file) == """
            public static func price(for meter: Meter, _ count: Int = 1) -> Price? {
                return Price(
                    per: 1000,
                    bands: .graduated([
                        nil,
                        "x",
                    ]),
                    empty: []
                )
            }

            """)
    }

    @Test func aLongSignatureTakesOneParameterPerLine() {
        let parameters = (1...8).map {
            SwiftFunction.Parameter(label: "parameter\($0)", name: "parameter\($0)", type: .named("Int64"), defaultValue: nil)
        }
        let file = SwiftFile(header: [], declarations: [
            SwiftDeclaration(.function(SwiftFunction(kind: .initializer(failable: true), parameters: parameters, returnType: nil,
                                                     body: [.return(.nil)]))),
        ])
        let text = SwiftRenderer.render(file)
        #expect(text.hasPrefix("public init?(\n    parameter1: Int64,\n"))
        #expect(text.contains("    parameter8: Int64\n) {\n    return nil\n}\n"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= SwiftRenderer.width })
    }

    @Test func documentationIsWrappedAndSplitAtLineBreaks() {
        let words = Array(repeating: "word", count: 40).joined(separator: " ")
        let file = SwiftFile(header: [], declarations: [
            SwiftDeclaration(doc: [words, "first\r\nsecond\rthird  "], .compilerError("stop")),
        ])
        let lines = SwiftRenderer.render(file).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= SwiftRenderer.width })
        let first = Array(repeating: "word", count: 23).joined(separator: " ")  // 114 characters: 116 fit after `/// `
        let second = Array(repeating: "word", count: 17).joined(separator: " ")
        #expect(lines.map(String.init) == ["/// " + first, "/// " + second, "/// first", "/// second", "/// third",
                                            #"#error("stop")"#, ""])
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"C:\path\(x)"#, #""C:\\path\\(x)""#),
        ("two\nlines\r\ttab\0", #""two\nlines\r\ttab\0""#),
        ("bell\u{7}del\u{7F}c1\u{85}", #""bell\u{7}del\u{7F}c1\u{85}""#),
        ("rtl\u{202E}iso\u{2066}zw\u{200B}bom\u{FEFF}ls\u{2028}", #""rtl\u{202E}iso\u{2066}zw\u{200B}bom\u{FEFF}ls\u{2028}""#),
        ("Résumé — naïve ✓ 日本", #""Résumé — naïve ✓ 日本""#),
    ])
    func stringLiteralsAreEscaped(_ text: String, _ literal: String) {
        #expect(SwiftRenderer.stringLiteral(text) == literal)
    }

    @Test func argumentLabelsOnlyEscapeInoutVarAndLet() {
        #expect(SwiftRenderer.label("for") == "for")
        #expect(SwiftRenderer.label("default") == "default")
        #expect(SwiftRenderer.label("inout") == "`inout`")
        #expect(SwiftRenderer.label("let") == "`let`")
    }
}
