/// A JSON Schema (draft-07) as data: the handful of keywords tierc's schemas need, each case one idea.
/// ``PolicySchema`` builds trees of these; ``SchemaNode/keywords`` turns one into JSON keywords in a fixed
/// order, and ``SchemaDocument/render()`` writes the whole document through ``JSONValue``, the project's one
/// deterministic JSON writer. No schema text is ever assembled by string concatenation.
indirect enum SchemaNode: Sendable {
    /// `{"$ref": "#/definitions/<name>"}`: a named definition of the document.
    case reference(String)
    /// A string, optionally matching an ECMA-262 regular expression and at most `maxLength` characters.
    case string(pattern: String?, maxLength: Int?)
    /// One of a fixed set of words (`"type": "string"` with `enum`).
    case word([String])
    /// Exactly this value (`const`).
    case constant(JSONValue)
    /// A whole number, at least `minimum`.
    case integer(minimum: Int?)
    /// Any number, at least `minimum`.
    case number(minimum: Int?)
    case boolean
    /// Any scalar: tierc reads text from a scalar's characters, so `name: 2024` is the text "2024", while a
    /// YAML 1.2 reader (editors, check-jsonschema) sees a number.
    case scalarText
    /// A mapping; see ``ObjectShape``.
    case object(ObjectShape)
    /// A list (or null, when `nullable`: `features:` with nothing after it).
    case list(of: SchemaNode, minItems: Int?, unique: Bool, nullable: Bool)
    /// Only `properties` (and `required` for the properties marked so), without a type or closing the object:
    /// for `if` conditions.
    case properties([Property])
    /// `{"required": [...]}`.
    case required([String])
    /// `{"contains": ...}`: some item of a list matches.
    case contains(SchemaNode)
    case not(SchemaNode)
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    /// Every one of the parts. Parts whose keywords do not overlap are merged into one schema object; the
    /// others become an `allOf`.
    case all([SchemaNode])
    /// `if`/`then`: when the first schema matches, the second must.
    case when(SchemaNode, then: SchemaNode)
    /// Editor-facing annotations: `title`, `description`, `default`, `examples`.
    case annotated(SchemaNode, Annotation)
}

/// A JSON object schema: named properties, and what other keys may be.
struct ObjectShape: Sendable {
    /// The documented keys, in documentation order (the order editors list them in).
    var properties: [Property] = []
    /// Closed objects reject keys that are neither a property nor matched by `values` (`additionalProperties:
    /// false`), as the checker reports unknown keys everywhere.
    var closed = true
    /// The schema every key must match (`propertyNames`), for maps keyed by identifiers.
    var keys: SchemaNode?
    /// The schema of the values of keys that are not properties: the entries of a map.
    var values: SchemaNode?
    /// At least this many keys (`minProperties`).
    var minProperties: Int?
    /// Also accept null (`features:` with nothing after it), where the checker reads null as an empty mapping.
    var nullable = false
}

/// A property of an ``ObjectShape``.
struct Property: Sendable {
    var name: String
    var schema: SchemaNode
    var required: Bool

    init(_ name: String, _ schema: SchemaNode, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.required = required
    }

    /// A key spelt once by its key enum (``TopLevelKey``, ``TierKey``, ``IdentificationKey``, ``MeterKey``...), as
    /// the decoder spells it.
    init<Key: RawRepresentable>(_ key: Key, _ schema: SchemaNode, required: Bool = false) where Key.RawValue == String {
        self.init(key.rawValue, schema, required: required)
    }
}

/// What editors show on hover and offer in completion.
struct Annotation: Sendable {
    var title: String?
    var description: String?
    var defaultValue: JSONValue?
    var examples: [JSONValue] = []
}

extension SchemaNode {
    /// A string matching `pattern`.
    static func string(_ pattern: String) -> SchemaNode { .string(pattern: pattern, maxLength: nil) }

    /// This schema with a description (and optionally a default and examples) for editors.
    func described(_ description: String, default defaultValue: JSONValue? = nil, examples: [JSONValue] = []) -> SchemaNode {
        .annotated(self, Annotation(description: description, defaultValue: defaultValue, examples: examples))
    }

    /// The schema as JSON keywords in ``SchemaNode/keywordOrder``.
    var keywords: [(key: String, value: JSONValue)] {
        Self.ordered(unorderedKeywords)
    }

    /// The schema as one JSON object.
    var json: JSONValue { .object(keywords) }

    /// Every definition name this schema refers to, for checking that the document defines each one.
    var references: [String] {
        switch self {
        case .reference(let name): [name]
        case .string, .word, .constant, .integer, .number, .boolean, .scalarText, .required: []
        case .object(let shape):
            shape.properties.flatMap(\.schema.references) + (shape.keys?.references ?? []) + (shape.values?.references ?? [])
        case .list(let item, _, _, _): item.references
        case .properties(let properties): properties.flatMap(\.schema.references)
        case .contains(let node), .not(let node), .annotated(let node, _): node.references
        case .anyOf(let nodes), .oneOf(let nodes), .all(let nodes): nodes.flatMap(\.references)
        case .when(let condition, let then): condition.references + then.references
        }
    }

    /// The order keywords are written in: annotations first (what a reader looks for), then the type and its
    /// rules, then combinators, then examples and definitions.
    static let keywordOrder = [
        "$schema", "$id", "title", "description", "$ref", "type", "const", "enum", "pattern", "minLength", "maxLength",
        "minimum", "properties", "propertyNames", "additionalProperties", "required", "minProperties", "items",
        "minItems", "uniqueItems", "contains", "not", "anyOf", "oneOf", "allOf", "if", "then", "default", "examples",
        "definitions",
    ]

    static func ordered(_ pairs: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
        func rank(_ key: String) -> Int { keywordOrder.firstIndex(of: key) ?? keywordOrder.count }
        return pairs.enumerated().sorted { a, b in
            rank(a.element.key) != rank(b.element.key) ? rank(a.element.key) < rank(b.element.key) : a.offset < b.offset
        }.map(\.element)
    }

    private var unorderedKeywords: [(key: String, value: JSONValue)] {
        switch self {
        case .reference(let name):
            return [("$ref", .string("#/definitions/\(name)"))]
        case .string(let pattern, let maxLength):
            var result: [(key: String, value: JSONValue)] = [("type", .string("string"))]
            if let pattern { result.append(("pattern", .string(pattern))) }
            if let maxLength { result.append(("maxLength", .int(maxLength))) }
            return result
        case .word(let words):
            return [("type", .string("string")), ("enum", .array(words.map(JSONValue.string)))]
        case .constant(let value):
            return [("const", value)]
        case .integer(let minimum):
            return [("type", .string("integer"))] + (minimum.map { [("minimum", .int($0))] } ?? [])
        case .number(let minimum):
            return [("type", .string("number"))] + (minimum.map { [("minimum", .int($0))] } ?? [])
        case .boolean:
            return [("type", .string("boolean"))]
        case .scalarText:
            return [("type", .array([.string("string"), .string("number"), .string("boolean")]))]
        case .object(let shape):
            return Self.objectKeywords(shape)
        case .list(let item, let minItems, let unique, let nullable):
            var result: [(key: String, value: JSONValue)] = [("type", Self.type("array", nullable: nullable)), ("items", item.json)]
            if let minItems { result.append(("minItems", .int(minItems))) }
            if unique { result.append(("uniqueItems", .bool(true))) }
            return result
        case .properties(let properties):
            return Self.propertyKeywords(properties)
        case .required(let names):
            return [("required", .array(names.map(JSONValue.string)))]
        case .contains(let node):
            return [("contains", node.json)]
        case .not(let node):
            return [("not", node.json)]
        case .anyOf(let nodes):
            return [("anyOf", .array(nodes.map(\.json)))]
        case .oneOf(let nodes):
            return [("oneOf", .array(nodes.map(\.json)))]
        case .all(let nodes):
            return Self.merged(nodes)
        case .when(let condition, let then):
            return [("if", condition.json), ("then", then.json)]
        case .annotated(let node, let annotation):
            var result = node.unorderedKeywords
            if let title = annotation.title { result.append(("title", .string(title))) }
            if let description = annotation.description { result.append(("description", .string(description))) }
            if let value = annotation.defaultValue { result.append(("default", value)) }
            if !annotation.examples.isEmpty { result.append(("examples", .array(annotation.examples))) }
            return result
        }
    }

    private static func type(_ name: String, nullable: Bool) -> JSONValue {
        nullable ? .array([.string(name), .string("null")]) : .string(name)
    }

    private static func propertyKeywords(_ properties: [Property]) -> [(key: String, value: JSONValue)] {
        guard !properties.isEmpty else { return [] }
        var result: [(key: String, value: JSONValue)] = [("properties", .object(properties.map { ($0.name, $0.schema.json) }))]
        let required = properties.filter(\.required).map(\.name)
        if !required.isEmpty { result.append(("required", .array(required.map(JSONValue.string)))) }
        return result
    }

    private static func objectKeywords(_ shape: ObjectShape) -> [(key: String, value: JSONValue)] {
        var result: [(key: String, value: JSONValue)] = [("type", type("object", nullable: shape.nullable))]
        result += propertyKeywords(shape.properties)
        if let keys = shape.keys { result.append(("propertyNames", keys.json)) }
        if let values = shape.values {
            result.append(("additionalProperties", values.json))
        } else if shape.closed {
            result.append(("additionalProperties", .bool(false)))
        }
        if let minProperties = shape.minProperties { result.append(("minProperties", .int(minProperties))) }
        return result
    }

    /// The keywords of every part in one object, except parts that share a keyword with another part (two
    /// `if`/`then` conditions, say): those go into `allOf` whole, in order. Either way the meaning is the
    /// conjunction of the parts.
    private static func merged(_ nodes: [SchemaNode]) -> [(key: String, value: JSONValue)] {
        let parts = nodes.map(\.keywords)
        var uses: [String: Int] = [:]
        for keyword in parts.flatMap({ $0 }) { uses[keyword.key, default: 0] += 1 }
        var result: [(key: String, value: JSONValue)] = []
        var rest: [JSONValue] = []
        for keywords in parts {
            if keywords.allSatisfy({ uses[$0.key] == 1 && $0.key != "allOf" }) {
                result += keywords
            } else {
                rest.append(.object(keywords))
            }
        }
        if !rest.isEmpty { result.append(("allOf", .array(rest))) }
        return result
    }
}

/// A whole schema file: the root schema, its identity and its named definitions.
struct SchemaDocument: Sendable {
    /// The JSON Schema dialect. Draft-07 is the newest one that yaml-language-server (VS Code's YAML extension,
    /// and editors built on it) validates and completes with; every keyword used here exists in it.
    static let dialect = "http://json-schema.org/draft-07/schema#"

    var id: String
    var title: String
    var description: String
    var root: SchemaNode
    /// Named schemas referred to as `#/definitions/<name>`; written sorted by name.
    var definitions: [String: SchemaNode]

    /// The document as pretty-printed JSON with a trailing newline; the same bytes on every run.
    func render() -> String {
        var keywords: [(key: String, value: JSONValue)] = [
            ("$schema", .string(Self.dialect)), ("$id", .string(id)), ("title", .string(title)),
            ("description", .string(description)),
        ]
        keywords += root.keywords
        if !definitions.isEmpty {
            keywords.append(("definitions", .object(definitions.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })))
        }
        return JSONValue.object(SchemaNode.ordered(keywords)).serialized() + "\n"
    }

    /// Names referred to but not defined (empty in a correct document).
    var undefinedReferences: [String] {
        let all = root.references + definitions.values.flatMap(\.references)
        return Set(all).subtracting(definitions.keys).sorted()
    }
}
