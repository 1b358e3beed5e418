// Compiled against every-construct.Policy.swift (module GeneratedPolicy) by CompileReferenceTests.
import Foundation
import GeneratedPolicy

print(Tier.allCases.map { "\($0.rawValue)=\($0.name)" }.joined(separator: " | "))
// Keywords and clashes: `default`, `pro_plus`/`pro-plus`, `name` (a member of Tier).
print(Tier.default.rawValue, Tier.proPlus.rawValue, Tier.proPlus_2.rawValue, Tier.name_2.rawValue)
print(Feature.`self`.rawValue, Feature.`import`.rawValue, Feature.aiIntelligence_2.rawValue, Feature.summary_2.rawValue)
print(Meter.kind_2.kind, Meter.kind_2.unit ?? "-", Meter.exports.unit == nil)
// Escaped text comes back exactly.
print(Feature.aiIntelligence.summary ?? "-")
print(Feature.summary_2.summary?.split(separator: "\n").count ?? 0, Feature.`self`.summary ?? "-")
print(Feature.aiIntelligence_2.summary?.unicodeScalars.last?.value ?? 0, Feature.`import`.summary == nil)
// Money in minor units of a 3-digit currency.
print(Tier.allCases.map { "\($0.priceMinorUnits)" }.joined(separator: " "), PolicyInfo.currencyCode,
      PolicyInfo.currencyMinorUnits, PolicyInfo.rounding)
print(Tier.proPlus_2.features.contains(.`self`), Tier.proPlus.features.contains(.`self`), Tier.default.features == [.ssoV2])
func describe(_ limits: Tier.Limits) -> String {
    if limits == .unlimited { return "unlimited" }
    let windows = [("minute", limits.minute), ("hour", limits.hour), ("day", limits.day), ("month", limits.month)]
    let counter = windows.compactMap { name, value in value.map { "\(name) \($0)" } }
    return (counter + (limits.level.map { ["level \($0)"] } ?? [])).joined(separator: ", ")
}
func describe(_ price: Tier.UsagePrice?) -> String {
    guard let price else { return "not billed" }
    func bands(_ bands: [Tier.UsagePrice.Band]) -> String {
        bands.map { "\($0.upTo?.description ?? "unlimited") at \($0.price)" + ($0.flat.map { " + \($0) flat" } ?? "") }
            .joined(separator: ", ")
    }
    let free = price.free.map { ", \($0) free" } ?? ""
    switch price.scheme {
    case .flat(let amount): return "\(amount) per \(price.per)" + free
    case .graduated(let rows): return "graduated per \(price.per): " + bands(rows) + free
    case .volume(let rows): return "volume per \(price.per): " + bands(rows) + free
    case .package(let size, let amount): return "\(amount) per package of \(size)" + free
    }
}
// Pricing v2: monthly minimums in minor units, nil without one.
print(Tier.allCases.map { $0.minimumMinorUnits.map(String.init) ?? "-" }.joined(separator: " "))
for tier in Tier.allCases {
    for meter in Meter.allCases {
        print(tier.rawValue, meter.rawValue, describe(tier.limits(for: meter)), "/", describe(tier.usagePrice(for: meter)))
    }
}
print(PolicyInfo.routes.map { "\($0.glob) \($0.feature?.rawValue ?? "-") \($0.meter?.rawValue ?? "-") \($0.cost)" }
    .joined(separator: "; "))
let identification = PolicyInfo.identification
print(identification.order.map(\.rawValue), identification.apiKeyScheme, identification.headerNames,
      identification.baseDomain ?? "-", identification.queryParameter, identification.requireTenant)
// PolicyDecimal's text, also for values the policy does not use.
print(PolicyDecimal(5, scale: 3), PolicyDecimal(-125, scale: 1), PolicyDecimal(Int64.min, scale: 2), PolicyDecimal(7, scale: 0))
// Codable round trip of a value with every kind of band.
guard let price = Tier.proPlus_2.usagePrice(for: .apiCalls) else { fatalError("pro-plus bills api_calls") }
print(try JSONDecoder().decode(Tier.UsagePrice.self, from: JSONEncoder().encode(price)) == price)
