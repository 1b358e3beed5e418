// Compiled against hostile-names.Policy.swift (module GeneratedPolicy) by CompileReferenceTests.
import GeneratedPolicy

// `none` and `some` are renamed (`none_2`, `some_2`), so nothing optional silently becomes nil.
print(Tier.allCases.map(\.rawValue).joined(separator: " "))
print(Tier.some_2.parent == Tier.none_2, Tier.`self`.parent == Tier.some_2, Tier.none_2.parent == nil)
print(PolicyInfo.defaultMeter == Meter.none_2)
for route in PolicyInfo.routes {
    print(route.glob, route.feature?.rawValue ?? "-", route.meter?.rawValue ?? "-", route.cost)
}
print(Tier.init_2.features.count, Tier.`nil`.features.contains(.map), Tier.none_2.features == [Feature.none_2])
print(Tier.`default`.limits(for: .none_2).hour ?? -1, Tier.init_2.limits(for: .none_2) == .unlimited,
      Tier.none_2.limits(for: .`self`).level?.description ?? "-", Tier.some_2.limits(for: .some_2).day ?? -1)
print(Meter.allCases.map { "\($0.rawValue):\($0.kind)" }.joined(separator: " "))
