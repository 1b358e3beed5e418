internal import HTTPTypes
internal import TiercHummingbird

/// Decision-only mode (no `--upstream`): an admitted request is answered `200` with
/// `{"tenant_id":…,"tier":…}` (both null for an anonymous request), for sidecars and load tests.
enum DecisionOnlyAnswer {
    static func answer(tenant: IdentifiedTenant?) -> TiercAnswer {
        var body = JSONObjectWriter()
        if let tenant {
            body.string("tenant_id", tenant.id)
            body.string("tier", tenant.tier)
        } else {
            body.null("tenant_id")
            body.null("tier")
        }
        return RefusalResponse.json(.ok, body)
    }
}
