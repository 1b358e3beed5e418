// Compiled against tiers.Policy.swift (module GeneratedPolicy) by CompileReferenceTests; prints what it reads.
import Foundation
import GeneratedPolicy

// The issue's example, as written.
print(Tier.professional.features.contains(.aiIntelligence))
print(Tier.free.features.contains(.aiIntelligence), Tier.enterprise.features.contains(.prioritySupport))
print(Tier.allCases.map(\.rawValue).joined(separator: " "))
print(Tier.starter.name, Tier.starter.priceMinorUnits, PolicyInfo.currencyCode, PolicyInfo.currencyMinorUnits)
let limits = Tier.professional.limits(for: .apiCalls)
print(limits.hour ?? -1, limits.month ?? -1, limits.minute == nil, limits.day == nil)
print(Tier.enterprise.limits(for: .storageGb).level?.description ?? "unlimited")
print(Tier.enterprise.parent == .professional, Tier.free.parent == nil)
if case .flat(let price)? = Tier.free.usagePrice(for: .apiCalls)?.scheme {
    print(price, "per", Tier.free.usagePrice(for: .apiCalls)?.per ?? 0)
}
print(Meter.storageGb.kind, Meter.storageGb.unit ?? "-", PolicyInfo.defaultMeter == .apiCalls)
print(PolicyInfo.routes.map { "\($0.glob) \($0.feature?.rawValue ?? "-") \($0.meter?.rawValue ?? "-") \($0.cost)" }
    .joined(separator: "; "))
let identification = PolicyInfo.identification
print(identification.order.map(\.rawValue), identification.apiKeyScheme, identification.headerNames,
      identification.baseDomain ?? "-", identification.queryParameter, identification.requireTenant, identification.trustedHeader)
print(PolicyInfo.name, PolicyInfo.fingerprint, PolicyInfo.rounding)
// Codable: a tier is its key in JSON.
print(String(decoding: try JSONEncoder().encode([Tier.professional]), as: UTF8.self))
print(try JSONDecoder().decode([Tier].self, from: Data(#"["enterprise"]"#.utf8)) == [.enterprise])
print(Tier(rawValue: "professional") == .professional, Tier(rawValue: "Professional") == nil)
