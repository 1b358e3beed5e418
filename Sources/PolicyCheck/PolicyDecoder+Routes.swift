import PolicySource
import PolicyModel

/// `routes:`: which feature and meter a path needs, and what it costs (docs/policy-format.md#routes).
extension PolicyDecoder {
    mutating func decodeRoute(_ node: YAMLNode, index: Int) -> RouteDecl? {
        let place = "route \(index + 1)"
        guard let body = mapping(node, place) else { return nil }
        let f = fields(body, allowed: RouteKey.spellings, in: place)
        var route = RouteDecl(range: node.range)
        if let match = f[RouteKey.match.rawValue] {
            if let pattern = string(match.value, "the `match` of \(place)") {
                // The first Unicode scalar, not the first Character: `/` followed by a combining mark starts with `/`.
                if pattern.value.unicodeScalars.first == "/" {
                    route.match = pattern
                } else {
                    error(.invalidValue, "the `match` of \(place) must be a path glob starting with `/`, found `\(pattern.value)`",
                          at: pattern.range, fixIts: [FixIt("replace with `/\(pattern.value)`", range: pattern.range, replacement: "/" + pattern.value)])
                }
            }
        } else {
            missing(RouteKey.match.rawValue, in: place, at: node.range, example: "match: /api/**")
        }
        if let feature = f[RouteKey.feature.rawValue] { route.feature = string(feature.value, "the `feature` of \(place)") }
        if let meter = f[RouteKey.meter.rawValue] { route.meter = string(meter.value, "the `meter` of \(place)") }
        if let cost = f[RouteKey.cost.rawValue] { route.cost = integer(cost.value, "the `cost` of \(place)", minimum: 0) }
        return route
    }
}
