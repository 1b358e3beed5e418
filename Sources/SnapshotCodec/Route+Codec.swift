import PolicyModel

// The routes in declaration order (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body): per
// route its match pattern, optional feature, optional meter and cost (i64).

extension ByteWriter {
    mutating func routes(_ routes: [Route]) {
        count(routes.count)
        for route in routes {
            string(route.match)
            optionalString(route.feature)
            optionalString(route.meter)
            i64(route.cost)
        }
    }
}

extension CanonicalReader {
    /// The routes: features declared, meters declared counters, costs at least 0.
    mutating func routes() throws(SnapshotError) -> [Route] {
        let count = try reader.count("routes", minimumElementSize: 14)
        var routes: [Route] = []
        routes.reserveCapacity(count)
        for _ in 0..<count {
            let match = try reader.string("a route's match pattern")
            var at = reader.offset
            let feature = try reader.optionalString("the feature of route `\(match)`")
            if let feature, declaredFeatures.index[feature] == nil {
                throw malformed("route `\(match)` names feature `\(feature)`, which is not declared", at: at)
            }
            at = reader.offset
            let meter = try reader.optionalString("the meter of route `\(match)`")
            if let meter, kind(ofMeter: meter) != .counter {
                throw malformed("route `\(match)` names meter `\(meter)`, which is not a declared counter meter", at: at)
            }
            at = reader.offset
            let cost = try reader.i64("the cost of route `\(match)`")
            guard cost >= 0 else { throw malformed("route `\(match)` has cost \(cost); a cost is at least 0", at: at) }
            routes.append(Route(match: match, feature: feature, meter: meter, cost: cost))
        }
        return routes
    }
}
