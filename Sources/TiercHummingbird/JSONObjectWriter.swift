public import NIOCore
internal import PolicyModel

/// A compact JSON object written key by key, in the order given (docs/serve.md shows every body): response
/// bodies have a fixed key order, which an encoder of dictionaries would not promise. Strings are escaped by
/// the project's one JSON string writer (`JSONText`).
public struct JSONObjectWriter: Sendable {
    private var text = "{"
    /// No key has been written yet (the next one needs no comma).
    private var empty = true

    /// Room for a typical answer body is reserved at once, rather than grown step by step.
    public init() {
        text.reserveCapacity(192)
    }

    /// A nested object that writes into an enclosing object's text (``object(_:_:)``): it starts empty.
    private init(nested: Void) {
        text = ""
    }

    private mutating func key(_ name: String) {
        if empty { empty = false } else { text += "," }
        Self.writeString(name, to: &text)
        text += ":"
    }

    public mutating func string(_ name: String, _ value: String) {
        key(name)
        Self.writeString(value, to: &text)
    }

    /// `value` quoted as `JSONText` quotes it. Most keys and values need no escape at all: those are appended
    /// whole, the same bytes without `JSONText`'s per-scalar appends (every answer body of `tierc serve` is
    /// written here, docs/serve.md#performance).
    static func writeString(_ value: String, to text: inout String) {
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            JSONText.writeString(value, to: &text)
            return
        }
        text += "\""
        text += value
        text += "\""
    }

    /// `value` quoted as ``writeString(_:to:)`` quotes it, at the end of `buffer` (for a body written straight as
    /// bytes, docs/serve.md#performance).
    public static func writeQuoted(_ value: String, to buffer: inout ByteBuffer) {
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            buffer.writeString(JSONText.quoted(value))
            return
        }
        buffer.writeStaticString("\"")
        buffer.writeString(value)
        buffer.writeStaticString("\"")
    }

    public mutating func integer(_ name: String, _ value: Int64) {
        key(name)
        text += String(value)
    }

    public mutating func bool(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    public mutating func null(_ name: String) {
        key(name)
        text += "null"
    }

    /// A value that is already JSON text (a nested object or array, a decimal number).
    public mutating func raw(_ name: String, _ json: String) {
        key(name)
        text += json
    }

    /// A nested object, written by `build` straight into this object's text (no text of its own to copy).
    public mutating func object(_ name: String, _ build: (inout JSONObjectWriter) -> Void) {
        key(name)
        text += "{"
        var nested = JSONObjectWriter(nested: ())
        swap(&nested.text, &text)
        build(&nested)
        swap(&nested.text, &text)
        text += "}"
    }

    /// An array of strings.
    public mutating func strings(_ name: String, _ values: [String]) {
        raw(name, "[" + values.map(JSONText.quoted).joined(separator: ",") + "]")
    }

    /// The object's text.
    public var json: String { text + "}" }

    /// The object's text as the bytes of an answer body (the same bytes as ``json``, copied once).
    public var buffer: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(text.utf8.count + 1)
        buffer.writeString(text)
        buffer.writeStaticString("}")
        return buffer
    }
}
