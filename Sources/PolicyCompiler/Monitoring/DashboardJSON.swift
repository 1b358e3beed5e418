import PolicyModel

/// A JSON value for the generated dashboard, written with two-space indentation and keys in the order given, so
/// that the same policy always gives the same bytes.
indirect enum DashboardJSON: Sendable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([DashboardJSON])
    case object([(String, DashboardJSON)])

    func write(to out: inout String, indent: String = "") {
        switch self {
        case .string(let text): JSONText.writeString(text, to: &out)
        case .number(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += indent + "  "
                item.write(to: &out, indent: indent + "  ")
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += indent + "  "
                JSONText.writeString(key, to: &out)
                out += ": "
                value.write(to: &out, indent: indent + "  ")
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}
