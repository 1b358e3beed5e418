public import PolicySource
public import PolicyCheck
import PolicyModel

/// Finds where a change shows in NEW's file: the declaration that now sets the value, which for an inherited
/// one is the ancestor's, looked up in the resolver's ``PolicyProvenance`` (docs/diff.md). A change whose
/// subject is gone from NEW (a removed tier, a withdrawn feature) points at the closest thing that remains (the
/// tier's key, or the start of the file).
public struct ChangeLocator: Sendable {
    public let document: PolicyDocument
    public let provenance: PolicyProvenance

    /// A locator for `document`; without `provenance`, the document's is worked out by its resolver.
    public init(document: PolicyDocument, provenance: PolicyProvenance? = nil) {
        self.document = document
        self.provenance = provenance ?? PolicyChecker.provenance(of: document, file: "")
    }

    /// The range of `change` in NEW's file.
    public func range(of change: PolicyChange) -> SourceRange {
        locate(change.subject) ?? document.range.atStart
    }

    func locate(_ path: PolicyPath) -> SourceRange? {
        switch path {
        case .policyName: return document.name?.range
        case .currency: return document.currency?.range
        case .rounding: return document.rounding?.range
        case .defaultMeter: return document.defaultMeter?.range ?? document.metersKey
        case .identification(let field): return identification(field)
        case .meter(let id, let field):
            guard let meter = document.meters.first(where: { $0.id.value == id }) else { return document.metersKey }
            switch field {
            case .kind?: return meter.kind?.range ?? meter.id.range
            case .unit?: return meter.unit?.range ?? meter.id.range
            case nil: return meter.id.range
            }
        case .feature(let id, let described):
            guard let feature = document.features.first(where: { $0.id.value == id }) else { return nil }
            return described ? feature.description?.range ?? feature.id.range : feature.id.range
        case .route(let match, let field):
            guard let route = document.routes.first(where: { $0.match?.value.unicodeScalars.elementsEqual(match.unicodeScalars) == true }) else { return nil }
            switch field {
            case .feature?: return route.feature?.range ?? route.match?.range
            case .meter?: return route.meter?.range ?? route.match?.range
            case .cost?: return route.cost?.range ?? route.match?.range
            case .match?, nil: return route.match?.range ?? route.range
            }
        case .usagePrice:
            // The differ compares usage prices per tier; a policy-wide path has no place of its own.
            return nil
        case .tier(let id, let field):
            return tier(id, field)
        }
    }

    func identification(_ key: IdentificationKey?) -> SourceRange? {
        let decl = document.identification
        let found: SourceRange? = switch key {
        case .order?: decl.order?.first?.range
        case .apiKey?: decl.apiKeyScheme?.range
        case .header?: decl.headerNames?.first?.range
        case .subdomain?: decl.baseDomain?.range ?? decl.subdomainKey
        case .query?: decl.queryParam?.range
        case .requireTenant?: decl.requireTenant?.range
        case .trustedHeader?: decl.trustedHeader?.range
        case nil: nil
        }
        return found ?? decl.range
    }

    /// Where tier `id`'s `field` is written (in the tier or the ancestor it inherits it from); the tier's key when
    /// nothing writes it; nil when NEW has no such tier.
    func tier(_ id: String, _ field: TierField) -> SourceRange? {
        guard let key = provenance.origin(tier: id, .key)?.range else { return nil }
        let found: ValueOrigin? = switch field {
        // A change of the minimum is placed at the tier's key, as the diff has always placed it.
        case .minimum: nil
        case .limits(let meter): provenance.origin(tier: id, .gauge(meter: meter)) ?? provenance.origin(tier: id, .limits(meter: meter))
        default: provenance.origin(tier: id, field)
        }
        return found?.range ?? key
    }
}
