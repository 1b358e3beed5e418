// Compiled against minimal.Policy.swift (module GeneratedPolicy) by CompileReferenceTests.
import Foundation
import GeneratedPolicy

// A policy without features still has a usable, empty Feature enum.
print(Feature.allCases.count, Feature(rawValue: "sso") == nil, Tier.solo.features.isEmpty)
print(try JSONDecoder().decode([Feature].self, from: Data("[]".utf8)).count)
print(Tier.solo.name, Tier.solo.priceMinorUnits, PolicyInfo.currencyCode, PolicyInfo.currencyMinorUnits)
print(PolicyInfo.routes.isEmpty, Tier.solo.limits(for: .apiCalls) == .unlimited, Tier.solo.usagePrice(for: .apiCalls) == nil)
let identification = PolicyInfo.identification
print(identification.order.map(\.rawValue), identification.apiKeyScheme, identification.headerNames,
      identification.baseDomain ?? "-", identification.queryParameter, identification.requireTenant)
