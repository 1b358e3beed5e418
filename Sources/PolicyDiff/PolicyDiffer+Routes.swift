import PolicyModel
import PolicyCheck

extension PolicyDiffer {
    /// Routes are matched by their `match` glob, compared scalar by scalar (`/é` and `/e\u{301}` match different
    /// paths, though Swift's `==` calls them equal; a glob written twice pairs in order). Changes of feature,
    /// meter and cost are reported per route; an added or removed route by what it does to the paths it
    /// matches; two routes kept by both that swap order as a reorder.
    static func routes(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        var unmatchedNew = Array(new.routes.indices)
        var pairs: [(old: Int, new: Int)] = []
        var removed: [Int] = []
        for (index, route) in old.routes.enumerated() {
            if let position = unmatchedNew.firstIndex(where: { new.routes[$0].match.unicodeScalars.elementsEqual(route.match.unicodeScalars) }) {
                pairs.append((index, unmatchedNew.remove(at: position)))
            } else {
                removed.append(index)
            }
        }
        for index in removed {
            let route = old.routes[index]
            let madeFree = route.cost == 0 || route.meter == nil
            changes.append(PolicyChange(.route(match: route.match, nil), kind: .routeRemoved, impact: madeFree ? .breaking : .safe,
                                        old: describe(route), new: nil,
                                        message: madeFree ? "route `\(route.match)` is removed: the paths it left unmetered are charged again"
                                            : "route `\(route.match)` is removed"))
        }
        for pair in pairs {
            let (was, now) = (old.routes[pair.old], new.routes[pair.new])
            let match = was.match
            if was.feature != now.feature {
                let gated = now.feature != nil
                changes.append(PolicyChange(.route(match: match, .feature), kind: .routeFeatureChanged, impact: gated ? .breaking : .safe,
                                            old: was.feature, new: now.feature,
                                            message: gated ? "route `\(was.match)` is now gated by feature `\(now.feature ?? "")`"
                                                : "route `\(was.match)` is no longer gated by a feature"))
            }
            if was.meter != now.meter {
                changes.append(PolicyChange(.route(match: match, .meter), kind: .routeMeterChanged, impact: .breaking,
                                            old: was.meter, new: now.meter,
                                            message: "route `\(was.match)` charges \(quoted(now.meter)) instead of \(quoted(was.meter))"))
            }
            if was.cost != now.cost {
                let up = now.cost > was.cost
                changes.append(PolicyChange(.route(match: match, .cost), kind: up ? .routeCostIncreased : .routeCostDecreased,
                                            impact: up ? .breaking : .safe, old: String(was.cost), new: String(now.cost),
                                            message: "a request to `\(was.match)` costs \(now.cost) instead of \(was.cost)"))
            }
        }
        // Reorders: a kept route that now comes before a kept route it used to follow.
        let byNewPosition = pairs.sorted { $0.new < $1.new }
        var reported = Set<Int>()
        for (position, pair) in byNewPosition.enumerated() {
            for earlier in byNewPosition[..<position] where earlier.old > pair.old && !reported.contains(earlier.old) {
                reported.insert(earlier.old)
                let moved = old.routes[earlier.old]
                changes.append(PolicyChange(.route(match: moved.match, nil), kind: .routeReordered, impact: .breaking,
                                            old: String(earlier.old + 1), new: String(earlier.new + 1),
                                            message: "route `\(moved.match)` now comes before `\(old.routes[pair.old].match)`: it may match first"))
            }
        }
        for index in unmatchedNew {
            let route = new.routes[index]
            let takes = route.feature != nil || route.cost > 1
            changes.append(PolicyChange(.route(match: route.match, nil), kind: .routeAdded, impact: takes ? .breaking : .safe,
                                        old: nil, new: describe(route),
                                        message: takes ? "route `\(route.match)` is added and "
                                            + (route.feature.map { "gates its paths by feature `\($0)`" } ?? "costs \(route.cost) per request")
                                            : "route `\(route.match)` is added"))
        }
        return changes
    }

    /// `feature=x meter=y cost=n`, the parts a route has.
    static func describe(_ route: Route) -> String {
        var parts: [String] = []
        if let feature = route.feature { parts.append("feature=\(feature)") }
        parts.append("meter=\(route.meter ?? "none")")
        parts.append("cost=\(route.cost)")
        return parts.joined(separator: " ")
    }
}
