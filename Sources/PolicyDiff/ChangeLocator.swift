public import PolicySource
public import PolicyCheck
import PolicyModel

/// Finds where a change shows in NEW's file: the declaration that now sets the value, following `extends` to
/// the ancestor that sets an inherited one. A change whose subject is gone from NEW (a removed tier, a withdrawn
/// feature) points at the closest thing that remains (the tier's key, or the start of the file).
public struct ChangeLocator: Sendable {
    public let document: PolicyDocument

    public init(document: PolicyDocument) {
        self.document = document
    }

    /// The range of `change` in NEW's file.
    public func range(of change: PolicyChange) -> SourceRange {
        locate(change.components) ?? SourceRange(at: document.range.start)
    }

    func locate(_ path: [String]) -> SourceRange? {
        guard let head = path.first else { return nil }
        let rest = Array(path.dropFirst())
        switch head {
        case "policy": return document.name?.range
        case "currency": return document.currency?.range
        case "rounding": return document.rounding?.range
        case "default_meter": return document.defaultMeter?.range ?? document.metersKey
        case "identification": return identification(rest)
        case "meters":
            guard let id = rest.first, let meter = document.meters.first(where: { $0.id.value == id }) else { return document.metersKey }
            switch rest.dropFirst().first {
            case "kind": return meter.kind?.range ?? meter.id.range
            case "unit": return meter.unit?.range ?? meter.id.range
            default: return meter.id.range
            }
        case "features":
            guard let id = rest.first, let feature = document.features.first(where: { $0.id.value == id }) else { return nil }
            return rest.count > 1 ? feature.description?.range ?? feature.id.range : feature.id.range
        case "routes":
            guard let match = rest.first, let route = document.routes.first(where: { $0.match?.value.unicodeScalars.elementsEqual(match.unicodeScalars) == true }) else { return nil }
            switch rest.dropFirst().first {
            case "feature": return route.feature?.range ?? route.match?.range
            case "meter": return route.meter?.range ?? route.match?.range
            case "cost": return route.cost?.range ?? route.match?.range
            default: return route.match?.range ?? route.range
            }
        case "tiers":
            guard let id = rest.first else { return nil }
            return tier(id, Array(rest.dropFirst()))
        default:
            return nil
        }
    }

    func identification(_ path: [String]) -> SourceRange? {
        let decl = document.identification
        let found: SourceRange? = switch path.first {
        case "order": decl.order?.first?.range
        case "api_key": decl.apiKeyScheme?.range
        case "header": decl.headerNames?.first?.range
        case "subdomain": decl.baseDomain?.range ?? decl.subdomainKey
        case "query": decl.queryParam?.range
        case "require_tenant": decl.requireTenant?.range
        case "trusted_header": decl.trustedHeader?.range
        default: nil
        }
        return found ?? decl.range
    }

    /// The tier's declaration and its ancestors, nearest first (a cycle stops the walk).
    func chain(_ id: String) -> [TierDecl] {
        var result: [TierDecl] = []
        var current: String? = id
        var seen = Set<String>()
        while let next = current, seen.insert(next).inserted, let decl = document.tiers.first(where: { $0.id.value == next }) {
            result.append(decl)
            current = decl.extends?.value
        }
        return result
    }

    func tier(_ id: String, _ path: [String]) -> SourceRange? {
        let decls = chain(id)
        guard let own = decls.first else { return nil }
        let fallback = own.id.range
        switch path.first {
        case "name": return decls.lazy.compactMap { $0.name?.range }.first ?? fallback
        case "description": return decls.lazy.compactMap { $0.description?.range }.first ?? fallback
        case "price": return decls.lazy.compactMap { $0.price?.range }.first ?? fallback
        case "limits":
            guard path.count > 1 else { return fallback }
            let meter = path[1]
            for decl in decls {
                guard let limit = decl.limits.first(where: { $0.meter.value == meter }) else { continue }
                if path.count > 2, let window = Window(rawValue: path[2]) {
                    if let located = limit.limit(window) { return located.range }
                    continue
                }
                if case .gauge(let located)? = limit.value { return located.range }
                return limit.range
            }
            return fallback
        case "features":
            guard path.count > 1 else { return fallback }
            for decl in decls { if let feature = decl.features.first(where: { $0.value == path[1] }) { return feature.range } }
            return fallback
        case "usage_prices":
            guard path.count > 1 else { return fallback }
            for decl in decls { if let price = decl.usagePrices.first(where: { $0.meter.value == path[1] }) { return price.range } }
            return document.usagePrices.first(where: { $0.meter.value == path[1] })?.range ?? fallback
        default:
            return fallback
        }
    }
}
