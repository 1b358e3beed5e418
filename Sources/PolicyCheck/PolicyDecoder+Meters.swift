import PolicySource
import PolicyModel

/// `meters:`: each meter's `kind` and `unit` (docs/policy-format.md#meters).
extension PolicyDecoder {
    mutating func decodeMeters(_ pair: YAMLPair) -> [MeterDecl] {
        guard let entries = mapping(pair.value, "`meters`") else { return [] }
        if entries.isEmpty {
            error(.missingKey, "`meters` is empty; declare at least one meter, e.g. `api_calls: { kind: counter }`",
                  at: pair.value.range)
        }
        var meters: [MeterDecl] = []
        for entry in entries {
            // An invalid id is reported, and its body is still checked.
            let valid = identifier(entry.key, "the meter name", rule: .snake)
            if valid == nil, let name = entry.key.scalar { rejectedNames.insert(name) }
            let id = valid ?? Located(entry.key.scalar ?? "", entry.key.range)
            var meter = MeterDecl(id: id)
            if let body = mapping(entry.value, "meter `\(id.value)`") {
                let fields = fields(body, allowed: MeterKey.spellings, in: "meter `\(id.value)`")
                if let kind = fields[MeterKey.kind.rawValue] {
                    if let value = choice(kind.value, "the kind of `\(id.value)`", MeterKind.allCases.map { ($0.rawValue, $0) }) {
                        meter.kind = Located(value, kind.value.range)
                        meterKinds[id.value] = value
                    }
                } else {
                    missing(MeterKey.kind.rawValue, in: "meter `\(id.value)`", at: entry.key.range, example: "kind: counter")
                }
                if let unit = fields[MeterKey.unit.rawValue] { meter.unit = string(unit.value, "the unit of `\(id.value)`") }
            }
            if valid != nil { meters.append(meter) } else { meterKinds[id.value] = nil }
        }
        return meters
    }
}
